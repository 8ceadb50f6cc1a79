/**
 * "Encode a heart": the one function behind the page's dropped files (compute worker) and the CLI's
 * `encode`. LV label maps (ED, optional ES) → validated and aligned to the canonical LV frame
 * (./importLv.ts) → when there is no RV, the septum direction chosen by the model (8 rolls, best
 * encode → decode Dice) → posterior means of every level → p(HCM) → the reconstruction on the 64³ ×
 * 1.6 mm grid → indexes of both shapes, their Dice, and a quality gate that says when the numbers
 * must not be trusted.
 */
import {
  lvIndexesFromMeasures,
  lvPhaseMeasures,
  MYOCARDIUM_DENSITY_G_PER_ML,
  type LvIndexes,
} from '../../geometry/lvIndexes';
import { checkLvIndexes, PLAUSIBLE_HEART } from '../../geometry/lvIndexValidity';
import { dice } from '../../geometry/metrics';
import type { LatentLevels, LvSession } from '../../model/lvSession';
import { encoderInputOf, fieldsOf, reEncodedLogit, type LvFields } from '../modelJob';
import {
  canonicaliseLv,
  prepareLvImport,
  type ImportedLv,
  type LabelVolume,
  type LvImportReport,
} from './importLv';
import {
  closestPopulation,
  OUTSIDE_POPULATION_SD,
  populationDistance,
  type LevelDistance,
} from './population';

/** Rolls about the long axis tried when the labels have no RV: 8 × 45°. */
export const SEPTUM_SEARCH_ROLLS_DEG = [0, 45, 90, 135, 180, 225, 270, 315];

/** Reconstructions with a Dice below this against the imported shape (either phase) are poor fits. */
export const MIN_RECONSTRUCTION_DICE = 0.75;

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

/** Whether the encoding may be trusted, and why not. */
export interface EncodingQuality {
  ok: boolean;
  reasons: string[];
  /** Each level's distance from the training codes. */
  population: LevelDistance[];
}

/** Indexes of a shape; ES-dependent values are null when there is no real ES. */
export type HeartIndexes = Omit<LvIndexes, 'esvMl' | 'svMl' | 'efPct'> & {
  esvMl: number | null;
  svMl: number | null;
  efPct: number | null;
};

/** What a model says about a user's heart. */
export interface HeartEncoding {
  imported: ImportedLv;
  /** Posterior means and log-variances per level, bottom → top. */
  levels: LatentLevels;
  logvar: LatentLevels;
  logit: number;
  pHcm: number;
  /** Ladder models: p(HCM) of the reconstruction re-encoded (the shape shown); null for one level. */
  pHcmShape: number | null;
  /** The reconstruction on the 64³ × 1.6 mm output grid (mm, < 0 in the myocardium). */
  fields: LvFields;
  /**
   * `reconstruction`: the shown shape; `imported`: the file's shape in the model's frame (cut at the
   * base plane the model aligns hearts to, composed like decoded shapes: what the reconstruction is
   * compared with); `file`: the file's own volumes by voxel count (label 3 and label 2 × voxel volume,
   * mass at 1.05 g/mL, as CMR software sums slices), with the maximal wall of `imported`.
   */
  indexes: { reconstruction: HeartIndexes; imported: HeartIndexes; file: HeartIndexes };
  dice: { ED: number; ES: number | null };
  /** False when only ED was given: ES outputs are not meaningful. */
  esMeaningful: boolean;
  /** Whether the code shown is the encoder's mean or fitted to the imported shape, and both fits. */
  fit: CodeFitReport;
  quality: EncodingQuality;
  timings: Record<string, number>;
}

/** How the code was found. */
export interface CodeFitReport {
  /**
   * 'encoder': the encoder's posterior mean; 'fitted': the decoder's input code fitted to the imported
   * shape from that mean (kept only when its Dice is higher).
   */
  method: 'encoder' | 'fitted';
  /** Dice of the encoder mean's reconstruction against the imported shape. */
  encoderDice: { ED: number; ES: number | null };
  /** Fitted / starting weighted squared error of the decoder output; null when no fit was run. */
  errorRatio: number | null;
}

/** Options for {@link encodeHeart}. */
export interface EncodeHeartOptions {
  /**
   * Measures the reconstruction (default: `lvPhaseMeasures` of both phases). The worker passes its
   * own, which also builds the meshes it sends to the page, so nothing is measured twice.
   */
  measure?: (fields: LvFields) => LvIndexes;
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
    const inter = encoderInputOf(await session.decode(posts[i]?.mu[0] ?? []), clip);
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
    `no RV (label 1): the septum direction was chosen by the model (best of ${candidates.length} rolls, ${SEPTUM_SEARCH_ROLLS_DEG[best]}°, model-grid Dice ${scores[best]?.toFixed(3)} vs worst ${Math.min(...scores).toFixed(3)})`,
  );
  return chosen;
}

function withoutEs(i: LvIndexes, esMeaningful: boolean): HeartIndexes {
  return esMeaningful ? i : { ...i, esvMl: null, svMl: null, efPct: null };
}

const fmt = (v: number, d = 1): string => v.toFixed(d);

/**
 * A file's own indexes by voxel count (ImportedLv's report), ES values null without an ES map; the
 * maximal wall (which no voxel count gives) from the shape in the model's frame.
 */
export function fileIndexes(
  report: Pick<LvImportReport, 'cavityMl' | 'myocardiumMl'>,
  maxWallThicknessMm: number,
): HeartIndexes {
  const edv = report.cavityMl.ED;
  const esv = report.cavityMl.ES ?? null;
  const sv = esv === null ? null : edv - esv;
  return {
    edvMl: edv,
    esvMl: esv,
    svMl: sv,
    efPct: sv === null || !(edv > 0) ? null : (100 * sv) / edv,
    massG: report.myocardiumMl.ED * MYOCARDIUM_DENSITY_G_PER_ML,
    maxWallThicknessMm,
  };
}

/**
 * How far a reconstructed index may lie from the file's own and still follow it: EF 5 points, wall
 * 2 mm, mass and EDV 10 %.
 */
export const FOLLOWS_FILE = { efPoints: 5, wallMm: 2, relative: 0.1 } as const;

/**
 * The quality gate: poor fit, a code outside the population, or reconstructed indexes no heart has.
 *
 * A reconstructed index outside the range of real hearts (PLAUSIBLE_HEART) is a reason only when the
 * model put it there: when the file's own index (`imported`) is given and the reconstruction follows
 * it ({@link FOLLOWS_FILE}), or lies beyond the range on the same side, the heart itself is atypical
 * (a dilated heart with EF 13 %, a hyperdynamic one at 86 %) and its reconstruction is right.
 */
export function judgeEncoding(
  d: { ED: number; ES: number | null },
  rec: HeartIndexes,
  population: LevelDistance[],
  imported: HeartIndexes | null = null,
): EncodingQuality {
  const reasons: string[] = [];
  for (const [phase, v] of [
    ['ED', d.ED],
    ['ES', d.ES],
  ] as const) {
    if (v !== null && v < MIN_RECONSTRUCTION_DICE) {
      reasons.push(
        `poor fit at ${phase}: the model's reconstruction overlaps the imported shape with Dice ${fmt(v, 2)} (below ${MIN_RECONSTRUCTION_DICE}); its indexes and p(HCM) describe another shape`,
      );
    }
  }
  for (const p of population) {
    if (p.equivalentSd > OUTSIDE_POPULATION_SD) {
      reasons.push(
        `outside the model's population: level ${p.name} lies ${fmt(p.equivalentSd)} SD from the training codes (Mahalanobis ${fmt(p.mahalanobis)}; beyond ${OUTSIDE_POPULATION_SD} SD the model extrapolates)`,
      );
    }
  }
  const checked = checkLvIndexes(rec);
  // An index not measured (ES outputs of an ED-only file) is no fault of the reconstruction.
  for (const [k, c] of Object.entries(checked))
    if (c.why && rec[k as keyof HeartIndexes] !== null) reasons.push(`reconstruction: ${c.why}`);
  const range = (
    name: string,
    key: 'massG' | 'edvMl' | 'efPct' | 'maxWallThicknessMm',
    [lo, hi]: readonly [number, number],
    unit: string,
  ): void => {
    const v = rec[key];
    if (v === null || !Number.isFinite(v) || (v >= lo && v <= hi)) return;
    const own = imported?.[key] ?? null;
    if (own !== null && Number.isFinite(own)) {
      const tol =
        key === 'efPct'
          ? FOLLOWS_FILE.efPoints
          : key === 'maxWallThicknessMm'
            ? FOLLOWS_FILE.wallMm
            : FOLLOWS_FILE.relative * Math.abs(own);
      const sameSide = (v < lo && own < lo) || (v > hi && own > hi);
      if (sameSide || Math.abs(v - own) <= tol) return;
    }
    reasons.push(
      `reconstruction: ${name} ${fmt(v)} ${unit} lies outside the range of real hearts (${lo}–${hi} ${unit})${
        own !== null && Number.isFinite(own) ? `, while the file's own is ${fmt(own)} ${unit}` : ''
      }`,
    );
  };
  range('mass', 'massG', PLAUSIBLE_HEART.massG, 'g');
  range('EDV', 'edvMl', PLAUSIBLE_HEART.edvMl, 'mL');
  if (checked.efPct.value !== null) range('EF', 'efPct', PLAUSIBLE_HEART.efPct, '%');
  range('maximal wall thickness', 'maxWallThicknessMm', PLAUSIBLE_HEART.maxWallThicknessMm, 'mm');
  return { ok: reasons.length === 0, reasons, population };
}

/**
 * Encodes LV label maps with a loaded model (see the module comment).
 *
 * @throws UserInputError for input that is not an LV label map (from the import's checks).
 */
export async function encodeHeart(
  session: LvSession,
  ed: LabelVolume,
  es?: LabelVolume,
  opts: EncodeHeartOptions = {},
): Promise<HeartEncoding> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const prepared = prepareLvImport(ed, es);
  const imported = await chooseRoll(session, prepared);
  timings.import = performance.now() - t;
  t = performance.now();
  const post = (await session.encode(imported.modelInput, 1))[0];
  if (!post) throw new Error('the encoder returned no code');
  const levels = post.mu.map((l) => [...l]);
  const encoderRaw = await session.decode(levels[0] as number[]);
  const encoderFields = fieldsOf(encoderRaw);
  const diceOf = (f: LvFields): { ED: number; ES: number | null } => ({
    ED: dice(f.ed, imported.canonicalEd),
    ES: imported.canonicalEs ? dice(f.es, imported.canonicalEs) : null,
  });
  const encoderDice = diceOf(encoderFields);
  timings.encodeDecode = performance.now() - t;
  t = performance.now();
  // The encoder's mean is an amortised guess: the decoder's input code is fitted to the imported
  // shape (codeFit.ts), and the fitted code kept when its shape overlaps the imported one better.
  let raw = encoderRaw;
  let fields = encoderFields;
  let d = encoderDice;
  let fit: CodeFitReport = { method: 'encoder', encoderDice, errorRatio: null };
  const anchor = closestPopulation(levels[0] as number[], session.manifest.latent.stats?.[0]);
  const fitted =
    session.canFitCode && anchor
      ? await session.fitCode(levels[0] as number[], anchor, imported.solidTarget)
      : null;
  if (fitted) {
    const fRaw = await session.decode(fitted.z);
    const fFields = fieldsOf(fRaw);
    const fd = diceOf(fFields);
    const mean = (x: { ED: number; ES: number | null }): number => (x.ES === null ? x.ED : (x.ED + x.ES) / 2);
    const errorRatio = fitted.errorBefore > 0 ? fitted.errorAfter / fitted.errorBefore : null;
    if (mean(fd) > mean(encoderDice)) {
      levels[0] = fitted.z;
      raw = fRaw;
      fields = fFields;
      d = fd;
      fit = { method: 'fitted', encoderDice, errorRatio };
    } else fit = { method: 'encoder', encoderDice, errorRatio };
  }
  timings.fit = performance.now() - t;
  t = performance.now();
  const logit = await session.logit(levels[session.topIndex] as number[]);
  const shapeLogit = levels.length > 1 ? await reEncodedLogit(session, raw) : null;
  timings.classify = performance.now() - t;
  t = performance.now();
  const esMeaningful = !imported.report.esFromEd;
  const measure =
    opts.measure ??
    ((f: LvFields) =>
      lvIndexesFromMeasures(lvPhaseMeasures(f.ed), lvPhaseMeasures(f.es, { thickness: false })));
  const rec = withoutEs(measure(fields), esMeaningful);
  const impEd = lvPhaseMeasures(imported.canonicalEd);
  const impEs = imported.canonicalEs ? lvPhaseMeasures(imported.canonicalEs, { thickness: false }) : impEd;
  const imp = withoutEs(lvIndexesFromMeasures(impEd, impEs), esMeaningful);
  const file = fileIndexes(imported.report, imp.maxWallThicknessMm);
  timings.measure = performance.now() - t;
  const population = populationDistance(levels, session.manifest.latent.stats ?? []);
  return {
    imported,
    levels,
    logvar: post.logvar,
    logit,
    pHcm: 1 / (1 + Math.exp(-logit)),
    pHcmShape: shapeLogit === null ? null : 1 / (1 + Math.exp(-shapeLogit)),
    fields,
    indexes: { reconstruction: rec, imported: imp, file },
    dice: d,
    esMeaningful,
    fit,
    quality: judgeEncoding(d, rec, population, imp),
    timings,
  };
}
