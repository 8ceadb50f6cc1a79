/**
 * Parameters of the synthetic fetal skull and their validation.
 *
 * HC comes from the INTERGROWTH-21st median and SD at the gestational age and a size z-score; the
 * cephalic index (BPD outer-to-inner / OFD outer-to-outer × 100) sets the shape. When cephalicIndex
 * or boneThicknessMm is not given it follows the GA: the index of the INTERGROWTH medians
 * (≈ 79.8 at 20 w, 80.0 at 28 w, 81.7 at 36 w), so the default skull reproduces all three medians;
 * bone thickness 1.0 mm at 20 w growing linearly to 2.0 mm at 36 w (memory: fetal calvarium ~1–2 mm).
 */
import { bpdMm, ofdMm } from './intergrowth';
import { type ParamSpec, readParam, unknownKeys } from './paramSpec';

export interface SkullParams {
  /** Gestational age, weeks (20–36). */
  gaWeeks: number;
  /** Head-size z-score against INTERGROWTH HC at this GA (−3..3). */
  hcZ: number;
  /** Cephalic index BPD/OFD × 100 (65–95). */
  cephalicIndex: number;
  /** Calvarial bone thickness, mm. */
  boneThicknessMm: number;
  /** Scale of suture and fontanelle widths; 1 = typical for the GA, 0 = closed. */
  sutureScale: number;
  /** Vault height above the transventricular plane / widest outer half-width (0.88 typical). */
  vaultRatio: number;
  /** Skull-base depth below the plane / vault height (0.6 typical). */
  baseRatio: number;
  /** Forward (+) or backward (−) shift of the vertex, × the half-OFD, growing as height² (0 = none). */
  vertexShift: number;
  /** Parietal bossing: relative widening (+) or narrowing (−) of the vault at mid-height (0 = none). */
  parietalBossing: number;
}

export type SkullParamKey = keyof SkullParams;

/** Default cephalic index at `gaWeeks`: that of the INTERGROWTH median BPD and OFD. */
export function defaultCephalicIndex(gaWeeks: number): number {
  return (100 * bpdMm(gaWeeks)) / ofdMm(gaWeeks);
}

/** Default bone thickness (mm) at `gaWeeks`: 1.0 at 20 w to 2.0 at 36 w, linear. */
export function defaultBoneThicknessMm(gaWeeks: number): number {
  return Math.min(2.5, Math.max(0.8, 1 + (gaWeeks - 20) / 16));
}

export const SKULL_PARAM_SPECS: Readonly<Record<SkullParamKey, ParamSpec>> = {
  gaWeeks: { label: 'Gestational age', unit: 'w', min: 20, max: 36, default: 28, step: 0.1 },
  hcZ: { label: 'Head size (HC z-score)', unit: '', min: -3, max: 3, default: 0, step: 0.1 },
  cephalicIndex: {
    label: 'Cephalic index (BPD/OFD)',
    unit: '',
    min: 65,
    max: 95,
    default: Math.round(defaultCephalicIndex(28) * 10) / 10,
    step: 0.1,
  },
  boneThicknessMm: { label: 'Bone thickness', unit: 'mm', min: 0.8, max: 2.5, default: 1.5, step: 0.05 },
  sutureScale: { label: 'Suture width (× typical)', unit: '', min: 0, max: 1.5, default: 1, step: 0.05 },
  vaultRatio: {
    label: 'Vault height (× half-width)',
    unit: '',
    min: 0.7,
    max: 1.1,
    default: 0.88,
    step: 0.01,
  },
  baseRatio: { label: 'Skull-base depth (× vault)', unit: '', min: 0.4, max: 0.8, default: 0.6, step: 0.01 },
  vertexShift: { label: 'Vertex shift (front +)', unit: '', min: -0.35, max: 0.35, default: 0, step: 0.01 },
  parietalBossing: { label: 'Parietal bossing', unit: '', min: -0.2, max: 0.2, default: 0, step: 0.01 },
};

export const SKULL_PARAM_KEYS = Object.keys(SKULL_PARAM_SPECS) as SkullParamKey[];

/** Default parameters at a GA (28 w if not given). */
export function defaultSkullParams(gaWeeks = 28): SkullParams {
  return validateSkullParams({ gaWeeks }).params;
}

/**
 * Validates and completes skull parameters: NaN, infinite and out-of-range values are replaced or
 * clamped with one message each; missing cephalicIndex and boneThicknessMm follow the GA.
 */
export function validateSkullParams(p: Partial<Record<string, unknown>>): {
  params: SkullParams;
  messages: string[];
} {
  const messages: string[] = [];
  unknownKeys(p, SKULL_PARAM_KEYS, messages);
  const S = SKULL_PARAM_SPECS;
  const gaWeeks = readParam('gaWeeks', p.gaWeeks, S.gaWeeks, messages);
  return {
    params: {
      gaWeeks,
      hcZ: readParam('hcZ', p.hcZ, S.hcZ, messages),
      cephalicIndex: readParam(
        'cephalicIndex',
        p.cephalicIndex,
        S.cephalicIndex,
        messages,
        defaultCephalicIndex(gaWeeks),
      ),
      boneThicknessMm: readParam(
        'boneThicknessMm',
        p.boneThicknessMm,
        S.boneThicknessMm,
        messages,
        defaultBoneThicknessMm(gaWeeks),
      ),
      sutureScale: readParam('sutureScale', p.sutureScale, S.sutureScale, messages),
      vaultRatio: readParam('vaultRatio', p.vaultRatio, S.vaultRatio, messages),
      baseRatio: readParam('baseRatio', p.baseRatio, S.baseRatio, messages),
      vertexShift: readParam('vertexShift', p.vertexShift, S.vertexShift, messages),
      parietalBossing: readParam('parietalBossing', p.parietalBossing, S.parietalBossing, messages),
    },
    messages,
  };
}
