/**
 * "Your own heart" in the worker: NIfTI label maps (ED, optional ES) → validated and aligned to the
 * canonical LV frame (src/io/lvImport.ts, the code the CLI `encode` runs) → when there is no RV, the
 * septum direction chosen by the model (8 rolls, best encode → decode Dice) → posterior means of every
 * level → the reconstruction meshed and measured, beside the imported shape's own indexes.
 */
import { lvIndexesFromMeasures, lvPhaseMeasures } from '../geometry/lvIndexes';
import { dice } from '../geometry/metrics';
import { UserInputError } from '../io/errors';
import { canonicaliseLv, prepareLvImport, type ImportedLv } from '../io/lvImport';
import { readNifti } from '../io/nifti';
import type { LvSession } from '../model/lvSession';
import { fieldsOf, measureFields, type LvFields } from './modelJob';
import type { LvEncodeJob, LvOutcome } from './protocol';
import { codeKl } from '../model/lvSession';

/** Rolls about the long axis tried when the labels have no RV: 8 × 45° (as the CLI). */
export const SEPTUM_SEARCH_ROLLS_DEG = [0, 45, 90, 135, 180, 225, 270, 315];

/** Dice of the regions < 0 of channel `c` of two interleaved 2-channel arrays. */
export function channelDice(a: ArrayLike<number>, b: ArrayLike<number>, c: number): number {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = c; i < a.length; i += 2) {
    const ia = (a[i] as number) < 0;
    const ib = (b[i] as number) < 0;
    if (ia) na++;
    if (ib) nb++;
    if (ia && ib) both++;
  }
  return na + nb === 0 ? 1 : (2 * both) / (na + nb);
}

function readLabelMap(file: { name: string; bytes: ArrayBuffer }, phase: string) {
  try {
    return readNifti(file.bytes);
  } catch (err) {
    throw new UserInputError(`${phase} file "${file.name}": ${(err as Error).message}`);
  }
}

async function chooseRoll(
  session: LvSession,
  prepared: ReturnType<typeof prepareLvImport>,
): Promise<ImportedLv> {
  const first = canonicaliseLv(prepared, 0);
  if (first.report.septumFrom === 'rv') return first;
  const candidates = SEPTUM_SEARCH_ROLLS_DEG.map((deg, i) =>
    i === 0 ? first : canonicaliseLv(prepared, (deg * Math.PI) / 180, true),
  );
  const per = first.modelInput.length;
  const batch = new Float32Array(per * candidates.length);
  candidates.forEach((c, i) => batch.set(c.modelInput, i * per));
  const posts = await session.encode(batch, candidates.length);
  const clip = session.manifest.representation.clipMm;
  const scores: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const rec = await session.decode(posts[i]?.mu[0] ?? []);
    const inter = new Float32Array(per);
    for (let v = 0; v < rec.ed.length; v++) {
      inter[2 * v] = (rec.ed[v] as number) / clip;
      inter[2 * v + 1] = (rec.es[v] as number) / clip;
    }
    const c = candidates[i] as ImportedLv;
    scores.push(
      prepared.es
        ? (channelDice(c.modelInput, inter, 0) + channelDice(c.modelInput, inter, 1)) / 2
        : channelDice(c.modelInput, inter, 0),
    );
  }
  const best = scores.indexOf(Math.max(...scores));
  const chosen = canonicaliseLv(prepared, ((SEPTUM_SEARCH_ROLLS_DEG[best] ?? 0) * Math.PI) / 180, true);
  chosen.report.warnings = chosen.report.warnings.filter((w) => !w.startsWith('no RV'));
  chosen.report.warnings.push(
    `no RV (label 1): the septum direction was chosen by the model (best of ${candidates.length} rolls, ${SEPTUM_SEARCH_ROLLS_DEG[best]}°, model-grid Dice ${scores[best]?.toFixed(3)})`,
  );
  return chosen;
}

/** Runs a dropped-file job; returns the outcome and the reconstruction's full-quality fields. */
export async function runEncodeJob(
  session: LvSession,
  job: LvEncodeJob,
): Promise<{ outcome: LvOutcome; fields: LvFields }> {
  if (session.manifest.id !== job.modelId)
    throw new Error(`model ${job.modelId} is not loaded (the worker holds ${session.manifest.id})`);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const ed = readLabelMap(job.ed, 'ED');
  const es = job.es ? readLabelMap(job.es, 'ES') : undefined;
  const prepared = prepareLvImport(ed, es);
  const imported = await chooseRoll(session, prepared);
  timings.import = performance.now() - t;
  t = performance.now();
  const post = (await session.encode(imported.modelInput, 1))[0];
  if (!post) throw new Error('the encoder returned no code');
  const levels = post.mu;
  const top = session.topIndex;
  const logit = await session.logit(levels[top] as number[]);
  const raw = await session.decode(levels[0] as number[]);
  timings.encodeDecode = performance.now() - t;
  t = performance.now();
  const fields = fieldsOf(raw);
  const measured = measureFields(fields, ['ED'], null);
  const impEd = lvPhaseMeasures(imported.canonicalEd);
  const impEs = imported.canonicalEs ? lvPhaseMeasures(imported.canonicalEs, { thickness: false }) : null;
  const imp = lvIndexesFromMeasures(impEd, impEs ?? impEd);
  timings.measure = performance.now() - t;
  const priors: ({ mu: number[]; logvar: number[] } | null)[] = levels.map(() => null);
  for (let l = levels.length - 2; l >= 0; l--)
    priors[l] = await session.priorOf(l, levels[l + 1] as number[]);
  return {
    outcome: {
      kind: 'lv',
      ...measured,
      asked: null,
      params: {},
      messages: imported.report.warnings,
      timings,
      model: {
        modelId: job.modelId,
        levels,
        lowerMode: 'free',
        logit,
        pHcm: 1 / (1 + Math.exp(-logit)),
        klPerLevel: codeKl(levels, priors, post.logvar),
        klComplete: true,
        quality: 'full',
        logvarQ: post.logvar,
      },
      encoded: {
        edName: job.ed.name,
        esName: job.es?.name ?? null,
        report: imported.report,
        imported: {
          edvMl: imp.edvMl,
          esvMl: impEs ? imp.esvMl : null,
          efPct: impEs ? imp.efPct : null,
          massG: imp.massG,
          maxWallThicknessMm: imp.maxWallThicknessMm,
        },
        dice: {
          ED: dice(fields.ed, imported.canonicalEd),
          ES: imported.canonicalEs ? dice(fields.es, imported.canonicalEs) : null,
        },
      },
    },
    fields,
  };
}
