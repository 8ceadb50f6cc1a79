/**
 * Parameters of the synthetic left ventricle (LV), their ranges and their validation.
 *
 * The cavity is a surface of revolution with profile r(h) = R·(1 − (1−h)^p)^½ (h = 0 apex, 1 base),
 * whose volume is π R² L · k with the "fill" k = p / (p + 1) (fraction of the circumscribed
 * cylinder). EDV, length L and sphericity (2R / L) fix R and p; the fill must stay in
 * [LV_MIN_FILL, LV_MAX_FILL] (p from 1.2 to 7: from a pointed bullet to a blunt cylinder), and the
 * whole heart, at ED and ES, must fit the default 64³ × 1.6 mm grid (see `LV_FRAME`).
 */
import { type ParamSpec, fmt, readParam, unknownKeys } from './paramSpec';

/** What the LV phantom is asked to be. Volumes in mL, lengths in mm, percentages 0–100. */
export interface LvParams {
  /** End-diastolic cavity volume, mL. */
  edvMl: number;
  /** ED endocardial base-to-apex length, mm. */
  lengthMm: number;
  /** ED endocardial short-axis diameter at the widest level (the base) / lengthMm. */
  sphericity: number;
  /** Ejection fraction, %. */
  efPct: number;
  /** ED wall thickness of the septum (−x), mm. */
  septalMm: number;
  /** ED wall thickness of the anterior wall (+y), mm. */
  anteriorMm: number;
  /** ED wall thickness of the lateral wall (+x), mm. */
  lateralMm: number;
  /** ED wall thickness of the inferior wall (−y), mm. */
  inferiorMm: number;
  /** ED wall thickness at the apex, mm. */
  apicalMm: number;
  /** Base-to-apex shortening of the cavity from ED to ES, %. */
  longShorteningPct: number;
}

export type LvParamKey = keyof LvParams;

/** Slider ranges and defaults (a healthy adult heart). Sources in docs/anatomy.md. */
export const LV_PARAM_SPECS: Readonly<Record<LvParamKey, ParamSpec>> = {
  edvMl: { label: 'End-diastolic volume', unit: 'mL', min: 40, max: 250, default: 150, step: 1 },
  lengthMm: { label: 'Length (base to apex, ED)', unit: 'mm', min: 50, max: 95, default: 88, step: 0.5 },
  sphericity: {
    label: 'Sphericity (diameter / length)',
    unit: '',
    min: 0.4,
    max: 0.9,
    default: 0.6,
    step: 0.01,
  },
  efPct: { label: 'Ejection fraction', unit: '%', min: 10, max: 85, default: 70, step: 1 },
  septalMm: { label: 'Septal wall', unit: 'mm', min: 3, max: 30, default: 9, step: 0.5 },
  anteriorMm: { label: 'Anterior wall', unit: 'mm', min: 3, max: 30, default: 8, step: 0.5 },
  lateralMm: { label: 'Lateral wall', unit: 'mm', min: 3, max: 30, default: 9, step: 0.5 },
  inferiorMm: { label: 'Inferior wall', unit: 'mm', min: 3, max: 30, default: 9, step: 0.5 },
  apicalMm: { label: 'Apical wall', unit: 'mm', min: 3, max: 30, default: 7, step: 0.5 },
  longShorteningPct: { label: 'Long-axis shortening', unit: '%', min: 0, max: 25, default: 15, step: 0.5 },
};

export const LV_PARAM_KEYS = Object.keys(LV_PARAM_SPECS) as LvParamKey[];

/**
 * The canonical LV frame (mm): long axis = z through x = y = 0, apex at low z, the open valve plane
 * fixed at z = baseZMm. Every allowed heart stays within |x|, |y| ≤ maxOuterRadiusMm and
 * z ≥ baseZMm − maxOuterLengthMm at ED and ES, which keeps at least one voxel of background around it
 * in the default grid (64 voxels × 1.6 mm, voxel centres at ±50.4 mm).
 */
export const LV_FRAME = {
  baseZMm: 49,
  maxOuterRadiusMm: 48.5,
  maxOuterLengthMm: 97.5,
} as const;

/** Fill k = V / (π R² L) limits; profile exponent p = k / (1 − k) from 1.2 to 7. */
export const LV_MIN_FILL = 0.55;
export const LV_MAX_FILL = 0.875;

/** Profile exponent p of the cavity profile for fill k. */
export function exponentFromFill(k: number): number {
  return k / (1 - k);
}

/** Defaults of every parameter (a healthy adult heart). */
export function defaultLvParams(): LvParams {
  const out = {} as LvParams;
  for (const key of LV_PARAM_KEYS) out[key] = LV_PARAM_SPECS[key].default;
  return out;
}

/** Largest ED cavity radius R for which the ED and ES outer walls stay inside the frame. */
export function maxFittingRadius(maxWallMm: number, efPct: number, lsPct: number): number {
  const lim = LV_FRAME.maxOuterRadiusMm;
  const t = maxWallMm;
  const rEd = lim - t;
  // ES outer radius² at the base ≈ [R²(1 − EF) + 2Rt + t²] / (1 − LS) (per-slab incompressibility).
  const e = 1 - efPct / 100;
  const s = 1 - lsPct / 100;
  const c = t * t - lim * lim * s;
  const rEs = e > 1e-9 ? (-t + Math.sqrt(Math.max(0, t * t - e * c))) / e : -c / (2 * t);
  return Math.min(rEd, rEs);
}

interface ShapeChoice {
  v: number;
  l: number;
  r: number;
}

/** The (V, L, R) closest to what was asked that satisfies every shape and fit constraint, or null. */
function resolveShape(v0: number, l0: number, s0: number, rFit: number, lCap: number): ShapeChoice | null {
  const sv = LV_PARAM_SPECS.edvMl;
  const sl = LV_PARAM_SPECS.lengthMm;
  const ss = LV_PARAM_SPECS.sphericity;
  let best: ShapeChoice | null = null;
  let bestCost = Infinity;
  const nSteps = Math.max(0, Math.round((lCap - sl.min) / 0.25));
  for (let i = 0; i <= nSteps; i++) {
    const l = i === nSteps ? lCap : sl.min + i * 0.25;
    const rLo = (ss.min * l) / 2;
    const rHi = Math.min((ss.max * l) / 2, rFit);
    if (rLo > rHi) continue;
    const vLo = Math.max(sv.min * 1000, LV_MIN_FILL * Math.PI * rLo * rLo * l);
    const vHi = Math.min(sv.max * 1000, LV_MAX_FILL * Math.PI * rHi * rHi * l);
    if (vLo > vHi) continue;
    const v = Math.min(vHi, Math.max(vLo, v0));
    const cost = (Math.abs(v - v0) / v0) * 1e4 + Math.abs(l - l0) / l0;
    if (cost < bestCost) {
      bestCost = cost;
      const rvLo = Math.max(rLo, Math.sqrt(v / (Math.PI * l * LV_MAX_FILL)));
      const rvHi = Math.min(rHi, Math.sqrt(v / (Math.PI * l * LV_MIN_FILL)));
      const r = Math.min(rvHi, Math.max(rvLo, (s0 * l) / 2));
      best = { v, l, r };
    }
  }
  return best;
}

/**
 * Validates and completes LV parameters. Missing keys take their defaults; NaN, infinite and
 * out-of-range values are replaced or clamped with one message each; then inconsistent combinations
 * are resolved, each with a message: long-axis shortening above EF (the cavity would widen in
 * systole); an EDV / length / sphericity combination that the profile family cannot make (sphericity
 * is adjusted first, then length, then EDV); a heart that would not fit the default grid.
 */
export function validateLvParams(p: Partial<Record<string, unknown>>): {
  params: LvParams;
  messages: string[];
} {
  const messages: string[] = [];
  unknownKeys(p, LV_PARAM_KEYS, messages);
  const q = {} as LvParams;
  for (const key of LV_PARAM_KEYS) q[key] = readParam(key, p[key], LV_PARAM_SPECS[key], messages);

  if (q.longShorteningPct > q.efPct) {
    messages.push(
      `longShorteningPct ${fmt(q.longShorteningPct)} is above efPct ${fmt(q.efPct)} (the cavity would widen in systole); using ${fmt(q.efPct)}`,
    );
    q.longShorteningPct = q.efPct;
  }

  for (;;) {
    const lCap = Math.min(LV_PARAM_SPECS.lengthMm.max, LV_FRAME.maxOuterLengthMm - q.apicalMm);
    const maxWall = Math.max(q.septalMm, q.anteriorMm, q.lateralMm, q.inferiorMm);
    const rFit = maxFittingRadius(maxWall, q.efPct, q.longShorteningPct);
    const choice = resolveShape(q.edvMl * 1000, q.lengthMm, q.sphericity, rFit, lCap);
    if (choice) {
      const v = choice.v / 1000;
      const s = (2 * choice.r) / choice.l;
      if (Math.abs(v - q.edvMl) > 1e-6 * q.edvMl) {
        messages.push(
          `edvMl ${fmt(q.edvMl)} cannot be made with lengthMm ≤ ${fmt(lCap)}, sphericity ${LV_PARAM_SPECS.sphericity.min}–${LV_PARAM_SPECS.sphericity.max}` +
            ` and walls up to ${fmt(maxWall)} mm inside the ${2 * LV_FRAME.maxOuterRadiusMm} mm frame; using ${fmt(v)} mL`,
        );
      }
      if (Math.abs(choice.l - q.lengthMm) > 1e-6) {
        messages.push(
          `lengthMm ${fmt(q.lengthMm)} is inconsistent with edvMl ${fmt(v)}, the walls and the frame (apex + apical wall must stay within ${LV_FRAME.maxOuterLengthMm} mm of the base); using ${fmt(choice.l)} mm`,
        );
      }
      if (Math.abs(s - q.sphericity) > 1e-6) {
        messages.push(
          `sphericity ${fmt(q.sphericity, 3)} is inconsistent with edvMl ${fmt(v)} and lengthMm ${fmt(choice.l)} ` +
            `(the cavity profile needs a fill of ${LV_MIN_FILL}–${LV_MAX_FILL} of its cylinder and must fit the frame); using ${fmt(s, 3)}`,
        );
      }
      q.edvMl = v;
      q.lengthMm = choice.l;
      q.sphericity = s;
      break;
    }
    // Nothing fits: give up long-axis shortening first (it pushes the ES wall outwards), then wall.
    if (q.longShorteningPct > 0) {
      const ls = Math.max(0, q.longShorteningPct - 2.5);
      messages.push(
        `longShorteningPct ${fmt(q.longShorteningPct)} makes the ES wall leave the frame; using ${fmt(ls)}`,
      );
      q.longShorteningPct = ls;
    } else {
      for (const key of ['septalMm', 'anteriorMm', 'lateralMm', 'inferiorMm', 'apicalMm'] as const) {
        const t = Math.max(LV_PARAM_SPECS[key].min, q[key] * 0.95);
        if (t !== q[key])
          messages.push(`${key} ${fmt(q[key])} does not fit the frame with this cavity; using ${fmt(t)}`);
        q[key] = t;
      }
    }
  }
  return { params: q, messages };
}
