/**
 * Seeded sampler of fetal skulls: GA uniform on 20–36 w unless given; head size z ~ N(0, 1) within
 * ±3; cephalic index from a mixture, 90 % N(78.3, 4) (Hadlock 1981) with 5 % dolichocephalic
 * N(70, 2.5) and 5 % brachycephalic N(87, 2.5) tails, all within 65–95; bone thickness around the GA
 * default (± 0.15 mm); suture width scale N(1, 0.15) within 0.6–1.4. Vault shapes the axial plane
 * cannot see (illustrative spreads, not from a published table): vault height ratio N(0.88, 0.06),
 * base depth ratio N(0.6, 0.05), vertex shift N(0, 0.12), parietal bossing N(0, 0.06), each truncated
 * to its parameter range.
 */
import { type Rng, createRng } from './random';
import {
  type SkullParams,
  SKULL_PARAM_SPECS,
  defaultBoneThicknessMm,
  validateSkullParams,
} from './skullParams';

export type HeadShape = 'dolichocephalic' | 'mesocephalic' | 'brachycephalic';

export interface SkullSubject {
  params: SkullParams;
  /** Shape class by cephalic index: < 74 dolicho-, > 83 brachycephalic (mean ± ~1 SD, REFERENCE §2). */
  headShape: HeadShape;
}

/** Head shape class of a cephalic index. */
export function headShapeOf(cephalicIndex: number): HeadShape {
  return cephalicIndex < 74 ? 'dolichocephalic' : cephalicIndex > 83 ? 'brachycephalic' : 'mesocephalic';
}

/** Samples one skull; `gaWeeks` (clamped to 20–36 by validation) fixes the age when given. */
export function sampleSkullSubject(rng: Rng, gaWeeks?: number): SkullSubject {
  const S = SKULL_PARAM_SPECS;
  const ga = gaWeeks ?? rng.uniform(S.gaWeeks.min, S.gaWeeks.max);
  const hcZ = rng.truncatedNormal(0, 1, -3, 3);
  const u = rng.next();
  const ci =
    u < 0.05
      ? rng.truncatedNormal(70, 2.5, S.cephalicIndex.min, 76)
      : u < 0.1
        ? rng.truncatedNormal(87, 2.5, 81, S.cephalicIndex.max)
        : rng.truncatedNormal(78.3, 4, S.cephalicIndex.min, S.cephalicIndex.max);
  const t0 = defaultBoneThicknessMm(Math.min(36, Math.max(20, ga)));
  const params = validateSkullParams({
    gaWeeks: ga,
    hcZ,
    cephalicIndex: ci,
    boneThicknessMm: rng.truncatedNormal(t0, 0.15, S.boneThicknessMm.min, S.boneThicknessMm.max),
    sutureScale: rng.truncatedNormal(1, 0.15, 0.6, 1.4),
    vaultRatio: rng.truncatedNormal(0.88, 0.06, S.vaultRatio.min, S.vaultRatio.max),
    baseRatio: rng.truncatedNormal(0.6, 0.05, S.baseRatio.min, S.baseRatio.max),
    vertexShift: rng.truncatedNormal(0, 0.12, S.vertexShift.min, S.vertexShift.max),
    parietalBossing: rng.truncatedNormal(0, 0.06, S.parietalBossing.min, S.parietalBossing.max),
  }).params;
  return { params, headShape: headShapeOf(params.cephalicIndex) };
}

/** A seeded cohort of `n` skulls with GA uniform on 20–36 w. */
export function sampleSkullCohort(seed: number, n: number): SkullSubject[] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`cohort size must be a non-negative integer; got ${n}`);
  const rng = createRng(seed);
  return Array.from({ length: n }, () => sampleSkullSubject(rng));
}
