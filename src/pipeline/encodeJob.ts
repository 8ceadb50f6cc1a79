/**
 * "Your own heart" in the worker: NIfTI label maps (ED, optional ES) read from the dropped bytes, then
 * the one encode path the CLI runs too (./lv/encodeHeart.ts); the reconstruction is meshed here for
 * the page.
 */
import { UserInputError } from '../io/errors';
import { readNifti } from '../io/nifti';
import type { LvSession } from '../model/lvSession';
import { codeKl } from '../model/lvSession';
import { encodeHeart, type HeartIndexes } from './lv/encodeHeart';
import { measureFields, shapeCheckOf, type LvFields } from './modelJob';
import type { LvEncodeIndexes, LvEncodeJob, LvOutcome } from './protocol';

function readLabelMap(file: { name: string; bytes: ArrayBuffer }, phase: string) {
  try {
    return readNifti(file.bytes);
  } catch (err) {
    throw new UserInputError(`${phase} file "${file.name}": ${(err as Error).message}`);
  }
}

const encodeIndexes = (i: HeartIndexes): LvEncodeIndexes => ({
  edvMl: i.edvMl,
  esvMl: i.esvMl,
  efPct: i.efPct,
  massG: i.massG,
  maxWallThicknessMm: i.maxWallThicknessMm,
});

/** Runs a dropped-file job; returns the outcome and the reconstruction's full-quality fields. */
export async function runEncodeJob(
  session: LvSession,
  job: LvEncodeJob,
): Promise<{ outcome: LvOutcome; fields: LvFields }> {
  if (session.manifest.id !== job.modelId)
    throw new Error(`model ${job.modelId} is not loaded (the worker holds ${session.manifest.id})`);
  const t = performance.now();
  const ed = readLabelMap(job.ed, 'ED');
  const es = job.es ? readLabelMap(job.es, 'ES') : undefined;
  const headerWarnings = [...ed.header.warnings, ...(es?.header.warnings ?? [])];
  const readMs = performance.now() - t;
  let measured: ReturnType<typeof measureFields> | undefined;
  const enc = await encodeHeart(session, ed, es, {
    measure: (f) => {
      measured = measureFields(f, ['ED'], null);
      return measured.indexes;
    },
  });
  if (!measured) throw new Error('the reconstruction was not measured');
  const levels = enc.levels;
  const priors: ({ mu: number[]; logvar: number[] } | null)[] = levels.map(() => null);
  for (let l = levels.length - 2; l >= 0; l--)
    priors[l] = await session.priorOf(l, levels[l + 1] as number[]);
  return {
    outcome: {
      kind: 'lv',
      ...measured,
      asked: null,
      shapeCheck: shapeCheckOf(measured),
      params: {},
      messages: [...new Set([...headerWarnings, ...enc.imported.report.warnings])],
      timings: { ...enc.timings, import: (enc.timings.import ?? 0) + readMs },
      model: {
        modelId: job.modelId,
        levels,
        lowerMode: 'free',
        logit: enc.logit,
        pHcm: enc.pHcm,
        pHcmShape: enc.pHcmShape,
        klPerLevel: codeKl(levels, priors, enc.logvar),
        klComplete: true,
        quality: 'full',
        logvarQ: enc.logvar,
      },
      encoded: {
        edName: job.ed.name,
        esName: job.es?.name ?? null,
        report: enc.imported.report,
        imported: encodeIndexes(enc.indexes.imported),
        file: encodeIndexes(enc.indexes.file),
        dice: enc.dice,
        fit: { method: enc.fit.method, encoderDice: enc.fit.encoderDice },
        quality: { ok: enc.quality.ok, reasons: enc.quality.reasons },
      },
    },
    fields: enc.fields,
  };
}
