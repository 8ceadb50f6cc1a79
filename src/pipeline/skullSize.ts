/**
 * Is a head the size the 3-D skull models know? The models were trained on 20–36-week skulls
 * (INTERGROWTH-21st HC medians ±3 SD: 150–352 mm). Smaller and larger heads still get their 2-D
 * measurements (HC, BPD, OFD of the outline); this names their size in weeks and says whether a 3-D
 * prediction is given ('yes'), given but marked extrapolated (a size the models saw only as an unusually
 * small or large head of 20–36 weeks), or not given ('no'). Shared by the CLI's `predict` and the
 * skull worker.
 */
import { hcMm as medianHc, valueAtZ } from '../anatomy/intergrowth';

/** Gestational ages the 3-D skull models were trained on, weeks. */
export const SKULL_MODEL_WEEKS: readonly [number, number] = [20, 36];

/** HC range of the training skulls: the 20-week median −3 SD to the 36-week median +3 SD, mm. */
export const SKULL_MODEL_HC_MM: readonly [number, number] = [valueAtZ('hc', -3, 20), valueAtZ('hc', 3, 36)];

/** What to do with a head of a given size. */
export interface HeadSizeNote {
  hcMm: number;
  /** Gestational age whose INTERGROWTH-21st median HC this is, weeks (extrapolated below 14 / above 40). */
  gaWeeks: number;
  /** 'yes': inside 20–36 weeks; 'extrapolated': outside by age but inside the trained HC range; 'no'. */
  prediction: 'yes' | 'extrapolated' | 'no';
  /** A sentence naming the size, or null when the head is inside 20–36 weeks. */
  message: string | null;
}

/**
 * GA (weeks) whose INTERGROWTH-21st median HC equals `hc` (mm), by bisection on 8–44 weeks (the
 * polynomial increases there; outside its published 14–40 weeks it is an extrapolation).
 */
export function gaOfHc(hc: number): number {
  if (!Number.isFinite(hc)) return NaN;
  let lo = 8;
  let hi = 44;
  if (hc <= medianHc(lo)) return lo;
  if (hc >= medianHc(hi)) return hi;
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    if (medianHc(mid) < hc) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The size note of a head of circumference `hc` mm (the detected outline's HC). */
export function headSizeNote(hc: number): HeadSizeNote {
  const ga = gaOfHc(hc);
  const [w0, w1] = SKULL_MODEL_WEEKS;
  const [h0, h1] = SKULL_MODEL_HC_MM;
  // Half a week of slack: the HC18 annotations' spread at one age is ±1 SD ≈ ±1 week.
  if (ga >= w0 - 0.5 && ga <= w1 + 0.5) return { hcMm: hc, gaWeeks: ga, prediction: 'yes', message: null };
  const weeks = ga <= 8 ? '8 weeks or less' : ga > 40 ? '40 weeks or more (term)' : `${Math.round(ga)} weeks`;
  const base = `HC ${hc.toFixed(1)} mm ≈ ${weeks}: the 3-D models cover ${w0}–${w1} weeks`;
  if (hc >= h0 && hc <= h1)
    return {
      hcMm: hc,
      gaWeeks: ga,
      prediction: 'extrapolated',
      message: `${base}; the 3-D prediction is extrapolated (the models saw this size only as an unusually ${ga < w0 ? 'small' : 'large'} head)`,
    };
  return {
    hcMm: hc,
    gaWeeks: ga,
    prediction: 'no',
    message: `${base}, so no 3-D prediction is made; the 2-D measurements of the outline are shown`,
  };
}

/** Perimeter of a radial profile (r_k at θ_k = 2πk/n about its centroid, mm): the outline's length. */
export function profilePerimeterMm(profile: ArrayLike<number>): number {
  const n = profile.length;
  let p = 0;
  for (let k = 0; k < n; k++) {
    const t0 = (2 * Math.PI * k) / n;
    const t1 = (2 * Math.PI * (k + 1)) / n;
    const r0 = profile[k] as number;
    const r1 = profile[(k + 1) % n] as number;
    p += Math.hypot(r1 * Math.cos(t1) - r0 * Math.cos(t0), r1 * Math.sin(t1) - r0 * Math.sin(t0));
  }
  return p;
}

/** True when two profiles are the same outline (a detection not edited by hand). */
export function sameProfile(
  a: ArrayLike<number> | null | undefined,
  b: ArrayLike<number> | null | undefined,
): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs((a[i] as number) - (b[i] as number)) > 1e-4) return false;
  return true;
}
