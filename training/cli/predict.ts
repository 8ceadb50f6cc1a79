/**
 * `latent-anatomy predict skull-hcvae|skull-cvae --axial a.png [--sagittal s.png] [--coronal c.png]
 *  --pixel-mm 0.2 [--ga-weeks 24] [--k 16] [--json] [--out mesh.ply]`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { centile, gaFromHc } from '../../src/anatomy/intergrowth.ts';
import { radialSkullBiometry } from '../../src/anatomy/radialSkullBiometry.ts';
import { headShapeOf } from '../../src/anatomy/skullPopulation.ts';
import { applyColormap } from '../../src/geometry/colormap.ts';
import { radialMesh } from '../../src/geometry/radialSurface.ts';
import { decodeImage } from '../../src/imaging/decodeImage.ts';
import { detectHeadOutline, type HeadOutline } from '../../src/imaging/headOutline.ts';
import { UserInputError } from '../../src/io/errors.ts';
import { meshToObj, meshToPly, meshToStl } from '../../src/io/meshExport.ts';
import { boneLabelCodes } from '../../src/anatomy/skullBones.ts';
import { skullBonesOf } from '../../src/pipeline/skullBones.ts';
import { initNodeBackend } from '../../src/model/tf/nodeBackend.ts';
import { predictSkull } from '../../src/model/skullModel.ts';
import { headSizeNote } from '../../src/pipeline/skullSize.ts';
import { loadSkullModelFromDir } from '../skull/loadModel.ts';
import { readRefinerFile, refinerPathIn } from '../skull/refinerFile.ts';
import { intFlag, numberFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import {
  checkOutputTargets,
  fmt,
  readFileOrThrow,
  warn,
  writeOutputsAtomically,
  type CliIO,
} from './common.ts';

export const PREDICT_SPEC: FlagSpec = {
  values: [
    'axial',
    'sagittal',
    'coronal',
    'pixelMm',
    'pixelMmSagittal',
    'pixelMmCoronal',
    'gaWeeks',
    'k',
    'out',
    'models',
  ],
  booleans: ['json', 'force'],
  positionals: [1, 1],
  positionalName: 'model id (skull-hcvae or skull-cvae)',
};

export const PREDICT_HELP = `latent-anatomy predict skull-hcvae|skull-cvae --axial A.png [--sagittal S.png] [--coronal C.png]
        --pixel-mm MM [--pixel-mm-sagittal MM] [--pixel-mm-coronal MM] [--ga-weeks W] [--k 16]
        [--json] [--out mesh.ply|.obj|.stl] [--force] [--models DIR]

Predicts the 3-D fetal skull from 2-D ultrasound standard planes (PNG or JPEG; 8- or 16-bit grayscale or
colour): finds the head in each plane, normalises its scale (pixel size) and orientation, runs the model
and prints the biometry of the prediction (BPD, OFD, HC, cephalic index, head shape) and its uncertainty
(per-vertex SD over K samples of the conditional prior, mm). skull-hcvae accepts the axial plane alone or
with the sagittal and/or coronal plane; skull-cvae expects all three (missing ones are filled with the
training mean, and it says so). Orientation: the sagittal plane with the forehead to the right of the
image, sagittal and coronal with the vertex up or down (found automatically); the axial plane in any
orientation. --out writes the predicted surface (PLY with per-vertex uncertainty as colour and as a
scalar 'uncertainty_mm'); it refuses to replace an existing file unless --force is given. --models DIR
is the models folder (default public/models). Heads outside the 20–36 weeks the models were trained on: the outline's HC, BPD and OFD with a
message naming the size, and no 3-D prediction (an extrapolated one, marked so, near the range).
The per-vertex uncertainty includes the head detector's own (a doubtful outline is warned).`;

const PLANES = ['axial', 'sagittal', 'coronal'] as const;

function checkPixelMm(v: number | undefined, flag: string): number {
  if (v === undefined) {
    throw new UsageError(
      `predict: --${flag} is required: the image's pixel size in mm (e.g. 0.2; HC18 lists one per image in its CSV)`,
    );
  }
  if (!Number.isFinite(v) || v < 0.01 || v > 2) {
    throw new UsageError(
      `predict: --${flag} must be a pixel size in mm that ultrasound scanners use, 0.01–2 (e.g. 0.2); got ${v}`,
    );
  }
  return v;
}

/** Refuse a models folder without this model's manifest, before any image is decoded. */
function checkModelFolder(modelsDir: string, id: string): void {
  const manifest = join(modelsDir, id, 'manifest.json');
  if (!existsSync(manifest)) {
    throw new UserInputError(
      `cannot read model '${id}' (${manifest}): no such file; pass --models DIR with the folder holding ${id}/, or train it with 'latent-anatomy train ${id}'`,
    );
  }
}

/** Load a skull model; an unreadable or invalid manifest or network is the user's to fix (exit 1). */
async function loadModel(
  modelsDir: string,
  id: 'skull-hcvae' | 'skull-cvae',
): ReturnType<typeof loadSkullModelFromDir> {
  try {
    return await loadSkullModelFromDir(modelsDir, id);
  } catch (e) {
    if (e instanceof UserInputError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UserInputError(
      `cannot load model '${id}' from ${join(modelsDir, id)}: ${msg}; re-export it with 'latent-anatomy train ${id}'`,
    );
  }
}

export async function runPredict(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, PREDICT_SPEC, 'predict');
  const id = args.positionals[0] ?? '';
  if (id !== 'skull-hcvae' && id !== 'skull-cvae') {
    throw new UsageError(`predict: unknown model '${id}'; expected skull-hcvae or skull-cvae`);
  }
  if (!args.values.has('axial'))
    throw new UsageError('predict: --axial IMAGE is required (the transventricular plane)');
  const basePx = checkPixelMm(numberFlag(args, 'pixelMm', 'predict'), 'pixel-mm');
  const pxOf: Record<(typeof PLANES)[number], number> = {
    axial: basePx,
    sagittal: args.values.has('pixelMmSagittal')
      ? checkPixelMm(numberFlag(args, 'pixelMmSagittal', 'predict'), 'pixel-mm-sagittal')
      : basePx,
    coronal: args.values.has('pixelMmCoronal')
      ? checkPixelMm(numberFlag(args, 'pixelMmCoronal', 'predict'), 'pixel-mm-coronal')
      : basePx,
  };
  const gaGiven = numberFlag(args, 'gaWeeks', 'predict');
  if (gaGiven !== undefined && (!Number.isFinite(gaGiven) || gaGiven < 10 || gaGiven > 45)) {
    throw new UsageError(`predict: --ga-weeks must be a gestational age in weeks (10–45); got ${gaGiven}`);
  }
  const k = intFlag(args, 'k', 'predict', 2, 256) ?? 16;
  const out = args.values.get('out');
  if (out !== undefined && !/\.(ply|obj|stl)$/i.test(out)) {
    throw new UsageError(`predict: --out must end in .ply, .obj or .stl; got '${out}'`);
  }
  const force = args.booleans.has('force');
  const inputs = PLANES.flatMap((p) => args.values.get(p) ?? []);
  if (out !== undefined) checkOutputTargets([out], inputs, force);
  const modelsDir = args.values.get('models') ?? 'public/models';
  checkModelFolder(modelsDir, id);

  const warnings: string[] = [];
  // The learned boundary refiner of the axial outline (classical outline, with a warning, without it).
  const refiner = readRefinerFile(refinerPathIn(modelsDir));
  const detected: Record<string, ReturnType<typeof detectHeadOutline>> = {};
  for (const kind of PLANES) {
    const file = args.values.get(kind);
    if (file === undefined) continue;
    const bytes = readFileOrThrow(file);
    try {
      const img = decodeImage(bytes);
      detected[kind] = detectHeadOutline(img, pxOf[kind], kind, refiner);
    } catch (e) {
      if (e instanceof UserInputError) throw new UserInputError(`${kind} plane '${file}': ${e.message}`);
      throw e;
    }
    for (const w of detected[kind]?.warnings ?? []) warnings.push(`${kind} plane: ${w}`);
  }

  const axial = detected.axial as HeadOutline;
  const detectedSummary = Object.fromEntries(
    Object.entries(detected).map(([kind, d]) => [
      kind,
      {
        hcMm: +d.hcMm.toFixed(1),
        ofdMm: +d.ofdMm.toFixed(1),
        bpdMm: +d.bpdMm.toFixed(1),
        confidence: +d.confidence.toFixed(2),
        hcSdMm: +d.uncertainty.hcSdMm.toFixed(1),
        doubtful: d.uncertainty.doubtful,
      },
    ]),
  );
  // Heads outside 20–36 weeks by size: the 2-D measurements and a message naming the size; no 3-D
  // prediction far outside the models' sizes, an extrapolated one near them.
  const size = headSizeNote(axial.hcMm);
  if (size.prediction === 'no') {
    const message = size.message ?? '';
    for (const w of warnings) warn(io, w);
    if (args.booleans.has('json')) {
      io.out(
        JSON.stringify(
          { model: id, prediction: null, reason: message, detected: detectedSummary, warnings },
          null,
          2,
        ),
      );
    } else {
      io.out(
        `axial plane: HC ${fmt(axial.hcMm)} mm (± ${fmt(axial.uncertainty.hcSdMm)}), BPD ${fmt(axial.bpdMm)} mm, OFD ${fmt(axial.ofdMm)} mm — ${message}`,
      );
    }
    return 0;
  }
  if (size.message) warnings.push(size.message);

  await initNodeBackend('cpu');
  const model = await loadModel(modelsDir, id);
  try {
    const pred = await predictSkull(
      model,
      {
        axial: (detected.axial as NonNullable<(typeof detected)['axial']>).profileMm,
        sagittal: detected.sagittal?.profileMm ?? null,
        coronal: detected.coronal?.profileMm ?? null,
      },
      k,
      1,
      { relSd: axial.uncertainty.relSd },
    );
    if (pred.planesFilled.length) {
      warnings.push(
        `${id} expects all three planes; ${pred.planesFilled.join(' and ')} filled with the training mean`,
      );
    }
    const bio = radialSkullBiometry(pred.radii, model.manifest.surface.sphere);
    const ga = gaGiven ?? gaFromHc(bio.hcMm);
    const gaSource = gaGiven !== undefined ? 'given' : 'estimated from HC (INTERGROWTH-21st)';
    if (gaGiven !== undefined && (gaGiven < 20 || gaGiven > 36)) {
      warnings.push(`gestational age ${gaGiven} w is outside the 20–36-week range the model was trained on`);
    }
    // Bones, sutures and fontanelles at the GA used (the page's own function, pipeline/skullBones.ts).
    const sphere = model.manifest.surface.sphere;
    const mesh = radialMesh(pred.radii, sphere);
    const bones = skullBonesOf(pred.radii, sphere, mesh.positions, gaFromHc(bio.hcMm), gaGiven ?? null);
    const result = {
      model: id,
      planes: pred.planesUsed,
      detected: detectedSummary,
      extrapolated: size.prediction === 'extrapolated',
      biometry: {
        hcMm: +bio.hcMm.toFixed(1),
        bpdMm: +bio.bpdMm.toFixed(1),
        ofdMm: +bio.ofdMm.toFixed(1),
        cephalicIndex: +bio.cephalicIndex.toFixed(1),
        headShape: headShapeOf(bio.cephalicIndex),
        gaWeeks: +ga.toFixed(1),
        gaSource,
        hcCentile: gaGiven !== undefined ? +centile('hc', bio.hcMm, gaGiven).toFixed(1) : null,
      },
      uncertainty: {
        k,
        meanMm: +pred.uncertainty.meanMm.toFixed(3),
        p95Mm: +pred.uncertainty.p95Mm.toFixed(3),
      },
      bones: {
        gaWeeks: +ga.toFixed(1),
        thicknessMm: +bones.thicknessMm.toFixed(2),
        widthsMm: Object.fromEntries(Object.entries(bones.widths).map(([k2, v]) => [k2, +v.toFixed(2)])),
        labelCodes: boneLabelCodes(),
        areaFractions: bones.areaFractions.map((v) => +v.toFixed(4)),
      },
      warnings,
    };
    if (out !== undefined) {
      const bytes = /\.ply$/i.test(out)
        ? meshToPly(mesh, {
            colors: applyColormap(pred.stdMm, 0, Math.max(1e-6, result.uncertainty.p95Mm), 'viridis'),
            scalars: { name: 'uncertainty_mm', values: pred.stdMm },
            labels: { name: 'bone_label', values: bones.vertexLabels },
            comments: [
              `latent-anatomy predict ${id}: outer skull surface (mm), colour = uncertainty 0..p95`,
              `bone_label at ${ga.toFixed(1)} weeks = ${boneLabelCodes()}`,
            ],
          })
        : /\.obj$/i.test(out)
          ? meshToObj(mesh, id)
          : meshToStl(mesh, `latent-anatomy ${id} prediction`);
      writeOutputsAtomically([{ path: out, bytes }], inputs, force);
    }
    for (const w of warnings) warn(io, w);
    if (args.booleans.has('json')) io.out(JSON.stringify(result, null, 2));
    else {
      const b = result.biometry;
      io.out(
        `${id} from ${pred.planesUsed.join(' + ')}: HC ${fmt(b.hcMm)} mm, BPD ${fmt(b.bpdMm)} mm, OFD ${fmt(b.ofdMm)} mm, cephalic index ${fmt(b.cephalicIndex)} (${b.headShape}); GA ${fmt(b.gaWeeks)} w (${gaSource})${b.hcCentile !== null ? `, HC centile ${fmt(b.hcCentile)}` : ''}; uncertainty mean ${fmt(result.uncertainty.meanMm, 2)} mm, 95th pct ${fmt(result.uncertainty.p95Mm, 2)} mm (K = ${k})${out ? `; wrote ${out}` : ''}`,
      );
    }
  } finally {
    model.dispose();
  }
  return 0;
}
