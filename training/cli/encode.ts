/**
 * `latent-anatomy encode lv-lvae|lv-vae --ed ED.nii.gz [--es ES.nii.gz] [--models DIR] [--json] [--out FILE]`
 *
 * Brings a user's LV label maps into the canonical frame (training/lv/importLv.ts), encodes them with a
 * shipped model and reports the latent means per level, p(HCM), indexes of the reconstruction and of
 * the imported shape, their Dice, and how the import went.
 */
import { checkLvIndexes } from '../../src/geometry/lvIndexValidity.ts';
import { initNodeBackend } from '../../src/model/tf/nodeBackend.ts';
import { writeNifti } from '../../src/io/nifti.ts';
import { encodeHeart, type HeartIndexes } from '../../src/pipeline/lv/encodeHeart.ts';
import { loadLvModel } from '../lv/loadModel.ts';
import { parseArgs, UsageError, type FlagSpec } from './args.ts';
import {
  checkOutputTargets,
  fmt,
  readNiftiFile,
  warn,
  writeOutputsAtomically,
  type CliIO,
} from './common.ts';

export const ENCODE_SPEC: FlagSpec = {
  values: ['ed', 'es', 'models', 'out'],
  booleans: ['json', 'force'],
  positionals: [1, 1],
  positionalName: 'model id (lv-lvae or lv-vae)',
};

export const ENCODE_HELP = `latent-anatomy encode lv-lvae|lv-vae --ed ED.nii.gz [--es ES.nii.gz] [--models DIR] [--json] [--out FILE]

Encodes your own LV label maps with a shipped model. Input: ACDC-style label maps (0 background,
1 RV cavity, 2 myocardium, 3 LV cavity) or binary myocardium masks, any orientation and voxel size
(e.g. short-axis stacks of 1.5 × 1.5 × 10 mm). The LV is aligned to the canonical frame (long axis,
septum from the RV, or searched by the model when there is none), resampled by shape-based
(signed-distance) interpolation, encoded and decoded.

Options:
  --ed FILE        end-diastolic label map (required)
  --es FILE        end-systolic label map on the same grid (without it ED fills both channels and
                   the ES outputs are flagged as not meaningful)
  --models DIR     model folder (default public/models)
  --json           one JSON object on stdout
  --out FILE       write the reconstruction as FILE_ED / FILE_ES (.nii or .nii.gz, float32 signed
                   distance in mm on the canonical 64³ × 1.6 mm grid); never over an input file
  --force          overwrite existing output files

The JSON's "quality" says whether the numbers may be trusted: not ok when the reconstruction's Dice
against the imported shape is below 0.75 at either phase, the code lies beyond 3 SD of the model's
training codes, or the reconstruction's indexes are impossible or outside real hearts' range. An index
that is physically impossible is given as null, with the reason under "withheld".

Indexes: "reconstruction" is the model's shape; "imported" your shape in the model's frame (cut at the
valve plane the model aligns hearts to, what the reconstruction is compared with); "file" your labels'
own volumes by voxel count (label 3 and label 2 × voxel volume, mass at 1.05 g/mL, as CMR software
sums slices; the maximal wall from "imported").`;

function phasePath(out: string, phase: 'ED' | 'ES'): string {
  const m = /^(.*?)(\.nii(?:\.gz)?)$/i.exec(out);
  return m ? `${m[1]}_${phase}${m[2]}` : `${out}_${phase}`;
}

/** Indexes with impossible values replaced by null, and the reasons. */
function shown(i: HeartIndexes): { values: HeartIndexes; withheld: Record<string, string> } {
  const checked = checkLvIndexes(i);
  const values = { ...i };
  const withheld: Record<string, string> = {};
  for (const [k, c] of Object.entries(checked) as [
    keyof HeartIndexes,
    { value: number | null; why: string | null },
  ][]) {
    if (i[k] === null) continue;
    values[k] = c.value as number;
    if (c.why) withheld[k] = c.why;
  }
  return { values, withheld };
}

function indexLine(name: string, i: HeartIndexes): string {
  const n = (v: number | null, d = 1): string => (v === null ? '—' : fmt(v, d));
  return `${name.padEnd(20)} EDV ${n(i.edvMl)} mL  ESV ${n(i.esvMl)} mL  EF ${n(i.efPct)} %  mass ${n(i.massG)} g  max wall ${n(i.maxWallThicknessMm)} mm`;
}

export async function runEncode(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ENCODE_SPEC, 'encode');
  const id = args.positionals[0] ?? '';
  if (id !== 'lv-vae' && id !== 'lv-lvae')
    throw new UsageError(`encode: unknown model '${id}'; expected lv-lvae or lv-vae`);
  const edPath = args.values.get('ed');
  if (!edPath) throw new UsageError('encode: --ed <label map .nii/.nii.gz> is required');
  const esPath = args.values.get('es');
  const out = args.values.get('out');
  if (out !== undefined && !/\.nii(\.gz)?$/i.test(out))
    throw new UsageError(`encode: --out must end in .nii or .nii.gz; got '${out}'`);
  const modelsDir = args.values.get('models') ?? 'public/models';

  const force = args.booleans.has('force');
  const targets = out ? (['ED', 'ES'] as const).map((phase) => phasePath(out, phase)) : [];
  const inputs = [edPath, ...(esPath ? [esPath] : [])];
  checkOutputTargets(targets, inputs, force);

  const ed = readNiftiFile(edPath);
  const es = esPath ? readNiftiFile(esPath) : undefined;
  await initNodeBackend('cpu');
  const model = await loadLvModel(modelsDir, id);
  let enc;
  try {
    enc = await encodeHeart(model.session, ed, es);
  } finally {
    model.session.dispose();
  }
  const r = enc.imported.report;
  for (const w of new Set([...ed.header.warnings, ...(es?.header.warnings ?? []), ...r.warnings]))
    warn(io, w);
  for (const reason of enc.quality.reasons) warn(io, `quality: ${reason}`);
  const rec = shown(enc.indexes.reconstruction);
  const imp = shown(enc.indexes.imported);
  const own = shown(enc.indexes.file);

  const written: string[] = [];
  if (out) {
    const gzip = /\.gz$/i.test(out);
    writeOutputsAtomically(
      [
        {
          path: targets[0]!,
          bytes: writeNifti(enc.fields.ed, { gzip, description: 'latent-anatomy lv ED field' }),
        },
        {
          path: targets[1]!,
          bytes: writeNifti(enc.fields.es, { gzip, description: 'latent-anatomy lv ES field' }),
        },
      ],
      inputs,
      force,
    );
    written.push(...targets);
  }
  const levelInfo = model.manifest.latent.levels;
  const levels = enc.levels.map((mean, l) => ({
    name: levelInfo[l]?.name ?? `z${l + 1}`,
    size: mean.length,
    mean,
  }));
  const predictedClass = enc.pHcm >= 0.5 ? 'hcm' : 'healthy';

  if (args.booleans.has('json')) {
    io.out(
      JSON.stringify(
        {
          model: { id, dir: model.dir, title: model.manifest.title },
          input: { ed: edPath, es: esPath ?? null },
          latent: levels,
          classification: { logit: enc.logit, pHcm: enc.pHcm, predictedClass },
          indexes: { reconstruction: rec.values, imported: imp.values, file: own.values },
          withheld: { reconstruction: rec.withheld, imported: imp.withheld, file: own.withheld },
          dice: enc.dice,
          fit: enc.fit,
          esMeaningful: enc.esMeaningful,
          quality: enc.quality,
          import: { ...r, transformWorldToCanonical: Array.from(enc.imported.transform) },
          written,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(`model ${id} (${model.dir})`);
  io.out(
    `import: ${r.convention} labels ${r.labelsFound.join(',')}, voxels ${r.spacingMm.map((s) => fmt(s, 2)).join('×')} mm, long axis (${r.longAxisWorld.map((v) => fmt(v, 3)).join(', ')}), septum from ${r.septumFrom}, cavity ${r.cavityFrom}`,
  );
  io.out(`       ${r.apexBase}`);
  for (const l of levels)
    io.out(`latent ${l.name} (${l.size}): ${l.mean.map((v) => v.toFixed(3)).join(' ')}`);
  io.out(`p(HCM) ${enc.pHcm.toFixed(3)} → ${predictedClass}`);
  io.out(indexLine('reconstruction', rec.values));
  io.out(indexLine('imported', imp.values));
  io.out(indexLine('file (voxel counts)', own.values));
  for (const [k, why] of Object.entries({ ...rec.withheld })) io.out(`  — ${k}: ${why}`);
  io.out(
    enc.fit.method === 'fitted'
      ? `code: fitted to the imported shape from the encoder's mean (whose Dice is ED ${enc.fit.encoderDice.ED.toFixed(3)}${enc.fit.encoderDice.ES === null ? '' : `  ES ${enc.fit.encoderDice.ES.toFixed(3)}`})`
      : "code: the encoder's mean (a code fitted to the shape did not overlap it better)",
  );
  io.out(
    `Dice(reconstruction, imported) ED ${enc.dice.ED.toFixed(3)}${enc.dice.ES === null ? '' : `  ES ${enc.dice.ES.toFixed(3)}`}${enc.esMeaningful ? '' : '  (ED only: ES outputs not meaningful)'}`,
  );
  io.out(enc.quality.ok ? 'quality: ok' : `quality: NOT ok — ${enc.quality.reasons.length} reason(s) above`);
  if (written.length) io.out(`wrote ${written.join(' and ')}`);
  return 0;
}
