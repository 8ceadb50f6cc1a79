/**
 * `latent-anatomy encode lv-lvae|lv-vae --ed ED.nii.gz [--es ES.nii.gz] [--models DIR] [--json] [--out FILE]`
 *
 * Brings a user's LV label maps into the canonical frame (training/lv/importLv.ts), encodes them with a
 * shipped model and reports the latent means per level, p(HCM), indexes of the reconstruction and of
 * the imported shape, their Dice, and how the import went.
 */
import { initNodeBackend } from '../../src/model/tf/nodeBackend.ts';
import { writeNifti } from '../../src/io/nifti.ts';
import { encodeLv, importLvWithModel, type LvShapeIndexes } from '../lv/encodeLv.ts';
import { loadLvModel } from '../lv/loadModel.ts';
import { parseArgs, UsageError, type FlagSpec } from './args.ts';
import { fmt, readNiftiFile, warn, writeFileOrThrow, type CliIO } from './common.ts';

export const ENCODE_SPEC: FlagSpec = {
  values: ['ed', 'es', 'models', 'out'],
  booleans: ['json'],
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
                   distance in mm on the canonical 64³ × 1.6 mm grid)`;

function phasePath(out: string, phase: 'ED' | 'ES'): string {
  const m = /^(.*?)(\.nii(?:\.gz)?)$/i.exec(out);
  return m ? `${m[1]}_${phase}${m[2]}` : `${out}_${phase}`;
}

function indexLine(name: string, i: LvShapeIndexes): string {
  const n = (v: number | null, d = 1): string => (v === null ? '—' : fmt(v, d));
  return `${name.padEnd(15)} EDV ${n(i.edvMl)} mL  ESV ${n(i.esvMl)} mL  EF ${n(i.efPct)} %  mass ${n(i.massG)} g  max wall ${n(i.maxWallThicknessMm)} mm`;
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

  const ed = readNiftiFile(edPath);
  const es = esPath ? readNiftiFile(esPath) : undefined;
  await initNodeBackend('cpu');
  const model = await loadLvModel(modelsDir, id);
  const imported = importLvWithModel(model, ed, es);
  const enc = encodeLv(model, imported);
  const r = imported.report;
  for (const w of r.warnings) warn(io, w);

  const written: string[] = [];
  if (out) {
    const gzip = /\.gz$/i.test(out);
    for (const [phase, vol] of [
      ['ED', enc.reconstruction.ed],
      ['ES', enc.reconstruction.es],
    ] as const) {
      const path = phasePath(out, phase);
      writeFileOrThrow(path, writeNifti(vol, { gzip, description: `latent-anatomy lv ${phase} field` }));
      written.push(path);
    }
  }

  if (args.booleans.has('json')) {
    io.out(
      JSON.stringify(
        {
          model: { id, dir: model.dir, title: model.manifest.title },
          input: { ed: edPath, es: esPath ?? null },
          latent: enc.levels,
          classification: { logit: enc.logit, pHcm: enc.pHcm, predictedClass: enc.predictedClass },
          indexes: enc.indexes,
          dice: enc.dice,
          esMeaningful: enc.esMeaningful,
          import: { ...r, transformWorldToCanonical: Array.from(imported.transform) },
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
  for (const l of enc.levels)
    io.out(`latent ${l.name} (${l.size}): ${l.mean.map((v) => v.toFixed(3)).join(' ')}`);
  io.out(`p(HCM) ${enc.pHcm.toFixed(3)} → ${enc.predictedClass}`);
  io.out(indexLine('reconstruction', enc.indexes.reconstruction));
  io.out(indexLine('imported', enc.indexes.imported));
  io.out(
    `Dice(reconstruction, imported) ED ${enc.dice.ED.toFixed(3)}${enc.dice.ES === null ? '' : `  ES ${enc.dice.ES.toFixed(3)}`}${enc.esMeaningful ? '' : '  (ED only: ES outputs not meaningful)'}`,
  );
  if (written.length) io.out(`wrote ${written.join(' and ')}`);
  return 0;
}
