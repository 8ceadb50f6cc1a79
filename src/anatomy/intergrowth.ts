/**
 * INTERGROWTH-21st fetal head size standards (Papageorghiou et al., Lancet 2014), GA in completed
 * weeks (fractional), results in mm. Medians are the published fractional polynomials; the SDs are
 * interpolated linearly in GA between the published 20 / 28 / 36-week values and extrapolated
 * linearly from the nearest pair (REFERENCE §2). BPD is outer-to-inner, OFD outer-to-outer, HC the
 * outer perimeter.
 */

export type HeadMeasure = 'hc' | 'bpd' | 'ofd';

/** Median head circumference, mm. */
export function hcMm(gaWeeks: number): number {
  const g2 = gaWeeks * gaWeeks;
  return -28.2849 + 1.69267 * g2 - 0.397485 * g2 * Math.log(gaWeeks);
}

/** Median biparietal diameter (outer-to-inner), mm. */
export function bpdMm(gaWeeks: number): number {
  const g2 = gaWeeks * gaWeeks;
  return 5.60878 + 0.158369 * g2 - 0.00256379 * g2 * gaWeeks;
}

/** Median occipito-frontal diameter (outer-to-outer), mm. */
export function ofdMm(gaWeeks: number): number {
  const g2 = gaWeeks * gaWeeks;
  return -12.4097 + 0.626342 * g2 - 0.148075 * g2 * Math.log(gaWeeks);
}

/** Published SDs (mm) at 20, 28 and 36 weeks. */
export const INTERGROWTH_SD: Readonly<Record<HeadMeasure, readonly [number, number, number]>> = {
  hc: [7.4, 8.9, 10.8],
  bpd: [2.3, 3.0, 3.5],
  ofd: [2.8, 3.7, 4.9],
};

/** Median of a measure, mm. */
export function medianMm(measure: HeadMeasure, gaWeeks: number): number {
  return measure === 'hc' ? hcMm(gaWeeks) : measure === 'bpd' ? bpdMm(gaWeeks) : ofdMm(gaWeeks);
}

/** SD of a measure at `gaWeeks`, mm: piecewise linear through 20/28/36 w, extrapolated linearly. */
export function sdMm(measure: HeadMeasure, gaWeeks: number): number {
  const [s20, s28, s36] = INTERGROWTH_SD[measure];
  if (gaWeeks <= 28) return s20 + ((s28 - s20) * (gaWeeks - 20)) / 8;
  return s28 + ((s36 - s28) * (gaWeeks - 28)) / 8;
}

/**
 * Gestational age (weeks) whose median HC equals `hcMmValue`, by bisection on 14–40 w (the median is
 * increasing there); values outside the range give 14 or 40, non-finite input gives NaN.
 */
export function gaFromHc(hcMmValue: number): number {
  if (!Number.isFinite(hcMmValue)) return NaN;
  let lo = 14;
  let hi = 40;
  if (hcMmValue <= hcMm(lo)) return lo;
  if (hcMmValue >= hcMm(hi)) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (hcMm(mid) < hcMmValue) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** z-score of a measured value against the INTERGROWTH median and SD at `gaWeeks`. */
export function zScore(measure: HeadMeasure, valueMm: number, gaWeeks: number): number {
  return (valueMm - medianMm(measure, gaWeeks)) / sdMm(measure, gaWeeks);
}

/** The value (mm) at a z-score. */
export function valueAtZ(measure: HeadMeasure, z: number, gaWeeks: number): number {
  return medianMm(measure, gaWeeks) + z * sdMm(measure, gaWeeks);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Centile (0–100) of a measured value at `gaWeeks`, assuming normality at each GA. */
export function centile(measure: HeadMeasure, valueMm: number, gaWeeks: number): number {
  return 100 * normalCdf(zScore(measure, valueMm, gaWeeks));
}
