/**
 * Physical ranges of the LV indexes: which values may be shown as numbers at all, and which shapes
 * count as plausible hearts (the models' plausibility check, docs/results/).
 *
 * Pure. A value outside its physical range (a volume ≤ 0, an EF outside 0–100 %, anything not
 * finite) is never a measurement of a heart: callers show "—" with {@link LvIndexCheck.why} instead.
 */
import type { LvIndexes } from './lvIndexes';

/** One index, checked: `value` is null when it must not be shown as a number. */
export interface LvIndexCheck {
  value: number | null;
  /** Why the value is withheld (null when it is shown). */
  why: string | null;
}

/** Names of the checked indexes. */
export type LvIndexName = keyof LvIndexes;

const LABEL: Record<LvIndexName, string> = {
  edvMl: 'EDV',
  esvMl: 'ESV',
  svMl: 'SV',
  efPct: 'EF',
  massG: 'mass',
  maxWallThicknessMm: 'maximal wall thickness',
};

/**
 * Whether one index value is physically possible: volumes and mass > 0, SV ≥ 0 is not required
 * (ESV > EDV is impossible in a beating heart, so SV < 0 is withheld), EF in [0, 100] %, wall > 0 mm.
 */
export function checkLvIndex(name: LvIndexName, value: number | null | undefined): LvIndexCheck {
  if (value === null || value === undefined) return { value: null, why: `${LABEL[name]} not measured` };
  if (!Number.isFinite(value))
    return { value: null, why: `${LABEL[name]} could not be measured (no closed shape)` };
  switch (name) {
    case 'edvMl':
    case 'esvMl':
      if (value <= 0) return { value: null, why: `${LABEL[name]} ≤ 0 mL: the cavity is not closed` };
      break;
    case 'massG':
      if (value <= 0) return { value: null, why: 'mass ≤ 0 g: no myocardium' };
      break;
    case 'svMl':
      if (value < 0) return { value: null, why: 'SV < 0: the ES cavity is larger than the ED cavity' };
      break;
    case 'efPct':
      if (value < 0 || value > 100)
        return {
          value: null,
          why: `EF outside 0–100 % (${value.toFixed(0)} %): the ED and ES shapes do not match`,
        };
      break;
    case 'maxWallThicknessMm':
      if (value <= 0) return { value: null, why: 'wall thickness ≤ 0 mm: no wall found' };
      break;
  }
  return { value, why: null };
}

/** Every index of `i`, checked; SV and EF are withheld as soon as EDV or ESV is. */
export function checkLvIndexes(
  i: Partial<Record<LvIndexName, number | null>>,
): Record<LvIndexName, LvIndexCheck> {
  const out = {} as Record<LvIndexName, LvIndexCheck>;
  for (const k of Object.keys(LABEL) as LvIndexName[]) out[k] = checkLvIndex(k, i[k]);
  const volumeWhy = out.edvMl.why ?? out.esvMl.why;
  if (volumeWhy && i.esvMl !== null && i.esvMl !== undefined) {
    for (const k of ['svMl', 'efPct'] as const)
      if (out[k].value !== null) out[k] = { value: null, why: volumeWhy };
  }
  return out;
}

/** Ranges a decoded shape must meet to count as a plausible heart (issue: plausibility check). */
export const PLAUSIBLE_HEART = {
  massG: [40, 400],
  edvMl: [40, 350],
  efPct: [20, 85],
  maxWallThicknessMm: [4, 35],
} as const;

/** Topology of one phase's myocardium surface. */
export interface SurfaceTopology {
  /** Connected pieces of the surface (0: no myocardium). */
  components: number;
  /** Euler characteristic V − E + F (2 for one closed surface with no hole or handle). */
  euler: number;
}

/**
 * Why a decoded shape is not a plausible heart (empty when it is): its myocardium is not one piece
 * with a closed surface (Euler characteristic 2) at ED or ES, or its indexes fall outside
 * {@link PLAUSIBLE_HEART}. The one definition behind `eval`'s plausibility block and the page's notice.
 */
export function implausibleHeartReasons(
  i: Pick<LvIndexes, 'massG' | 'edvMl' | 'efPct' | 'maxWallThicknessMm'>,
  topology: { ED: SurfaceTopology; ES: SurfaceTopology | null },
): string[] {
  const out: string[] = [];
  for (const phase of ['ED', 'ES'] as const) {
    const t = topology[phase];
    if (!t) continue;
    if (t.components === 0) out.push(`${phase}: no myocardium`);
    else {
      if (t.components !== 1) out.push(`${phase}: myocardium in pieces`);
      if (t.euler !== 2) out.push(`${phase}: surface not closed (Euler ≠ 2)`);
    }
  }
  const range = (name: string, v: number, [lo, hi]: readonly [number, number]): void => {
    if (!(v >= lo && v <= hi)) out.push(`${name} outside ${lo}–${hi}`);
  };
  range('mass', i.massG, PLAUSIBLE_HEART.massG);
  range('EDV', i.edvMl, PLAUSIBLE_HEART.edvMl);
  range('EF', i.efPct, PLAUSIBLE_HEART.efPct);
  range('max wall', i.maxWallThicknessMm, PLAUSIBLE_HEART.maxWallThicknessMm);
  return out;
}
