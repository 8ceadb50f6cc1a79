/**
 * Seeded sampler of healthy and hypertrophic-cardiomyopathy (HCM) left ventricles.
 *
 * Healthy (REFERENCE §2, CMR): EDV 160 ± 29 mL (men), 135 ± 26 mL (women), scaled with body surface
 * area; EF 71 ± 6 % (men), 73 ± 6 % (women); regional ED walls from a subject-level thickness
 * (9.5 ± 1 mm men, 8.3 ± 1 mm women) with small regional offsets, all < 12 mm (ACDC normal); the apex
 * thinner. Length follows EDV^⅓ (body size) with 4 % scatter; the cavity fill (shape) varies.
 * HCM (ESC 2023 / AHA 2020: max ED wall ≥ 15 mm; ACDC: normal or small cavity, normal-high EF):
 * cavity ~15 % smaller, EF 65–80 %, less long-axis shortening, and one of three phenotypes:
 * asymmetric septal (septum 15–30 mm, septal/lateral ≥ 1.3), apical (apex ≥ 15 mm, a narrower,
 * more pointed "spade" cavity) or concentric (every wall ≥ 15 mm).
 */
import { type Rng, createRng } from './random';
import { type LvParams, LV_MAX_FILL, LV_MIN_FILL, validateLvParams } from './lvParams';

export type LvClass = 'healthy' | 'hcm';
export type HcmPhenotype = 'septal' | 'apical' | 'concentric';
export type Sex = 'male' | 'female';

/** One sampled subject. */
export interface LvSubject {
  params: LvParams;
  cls: LvClass;
  phenotype?: HcmPhenotype;
  sex: Sex;
  /** Body surface area, m². */
  bsaM2: number;
}

const SEX_NORMS = {
  male: { edv: 160, edvSd: 29, ef: 71, bsa: 1.98, bsaSd: 0.17, wall: 9.5 },
  female: { edv: 135, edvSd: 26, ef: 73, bsa: 1.75, bsaSd: 0.14, wall: 8.3 },
} as const;

/** Relative phenotype frequencies of HCM when none is asked for. */
const PHENOTYPE_WEIGHTS: readonly [HcmPhenotype, number][] = [
  ['septal', 0.6],
  ['apical', 0.15],
  ['concentric', 0.25],
];

function pickPhenotype(rng: Rng): HcmPhenotype {
  let u = rng.next();
  for (const [ph, w] of PHENOTYPE_WEIGHTS) {
    if (u < w) return ph;
    u -= w;
  }
  return 'septal';
}

/** Samples one subject of class `cls` (HCM phenotype drawn 60/15/25 % septal/apical/concentric if not given). */
export function sampleLvSubject(rng: Rng, cls: LvClass, phenotype?: HcmPhenotype): LvSubject {
  const sex: Sex = rng.next() < 0.5 ? 'male' : 'female';
  const n = SEX_NORMS[sex];
  const bsaM2 = rng.truncatedNormal(n.bsa, n.bsaSd, n.bsa - 2.5 * n.bsaSd, n.bsa + 2.5 * n.bsaSd);
  // Body size explains part of the EDV spread (EDV ∝ BSA); the rest is individual.
  const sizeSd = (n.edv * n.bsaSd) / n.bsa;
  const residSd = Math.sqrt(Math.max(1, n.edvSd * n.edvSd - sizeSd * sizeSd));
  const edvHealthy = n.edv * (bsaM2 / n.bsa) + rng.truncatedNormal(0, residSd, -2.5 * residSd, 2.5 * residSd);

  if (cls === 'healthy') {
    const edvMl = Math.max(70, edvHealthy);
    const lengthMm = 88 * Math.cbrt(edvMl / 150) * rng.truncatedNormal(1, 0.04, 0.9, 1.1);
    const fill = rng.truncatedNormal(0.77, 0.04, LV_MIN_FILL + 0.05, LV_MAX_FILL - 0.02);
    const wall = rng.truncatedNormal(n.wall, 1, 6.5, 11);
    const w = (sd: number, lo: number, hi: number): number => rng.truncatedNormal(wall, sd, lo, hi);
    const params: LvParams = {
      edvMl,
      lengthMm,
      sphericity: sphericityFor(edvMl, lengthMm, fill),
      efPct: rng.truncatedNormal(n.ef, 6, 55, 85),
      septalMm: w(0.6, 6, 11.8),
      anteriorMm: Math.min(11.8, w(0.6, 5.5, 11.8) - 0.5),
      lateralMm: w(0.7, 6, 11.8),
      inferiorMm: w(0.6, 6, 11.8),
      apicalMm: Math.max(4, Math.min(11.8, 0.75 * wall + rng.normal(0, 0.7))),
      longShorteningPct: rng.truncatedNormal(15, 2.5, 8, 22),
    };
    return { params: validateLvParams({ ...params }).params, cls, sex, bsaM2 };
  }

  const ph = phenotype ?? pickPhenotype(rng);
  const edvMl = Math.max(60, 0.85 * edvHealthy);
  let lengthMm = 86 * Math.cbrt(edvMl / 150) * rng.truncatedNormal(1, 0.04, 0.9, 1.1);
  let fill = rng.truncatedNormal(0.76, 0.04, LV_MIN_FILL + 0.05, LV_MAX_FILL - 0.02);
  const base = rng.truncatedNormal(10.5, 1.2, 8, 13);
  let septalMm: number;
  let lateralMm: number;
  let anteriorMm: number;
  let inferiorMm: number;
  let apicalMm: number;
  if (ph === 'septal') {
    septalMm = rng.truncatedNormal(21, 4, 15, 30);
    lateralMm = Math.min(base, septalMm / 1.35);
    anteriorMm = rng.uniform(lateralMm, 0.5 * (septalMm + lateralMm));
    inferiorMm = rng.uniform(lateralMm, 0.5 * (septalMm + lateralMm));
    apicalMm = rng.truncatedNormal(8, 1.5, 5, 12);
  } else if (ph === 'apical') {
    apicalMm = rng.truncatedNormal(19, 3, 15, 27);
    septalMm = rng.truncatedNormal(base, 1, 7, 13.5);
    lateralMm = rng.truncatedNormal(base, 1, 7, 13.5);
    anteriorMm = rng.truncatedNormal(base, 1, 7, 13.5);
    inferiorMm = rng.truncatedNormal(base, 1, 7, 13.5);
    fill = rng.truncatedNormal(0.66, 0.03, LV_MIN_FILL + 0.02, 0.72); // pointed, spade-like cavity
    lengthMm = Math.min(lengthMm, 97 - apicalMm);
  } else {
    const all = rng.truncatedNormal(18.5, 2.5, 15, 26);
    const wall = (): number => rng.truncatedNormal(all, 1.2, 15, 28);
    septalMm = wall();
    lateralMm = wall();
    anteriorMm = wall();
    inferiorMm = wall();
    apicalMm = rng.truncatedNormal(0.8 * all, 1.5, 10, 22);
  }
  const params: LvParams = {
    edvMl,
    lengthMm,
    sphericity: sphericityFor(edvMl, lengthMm, fill),
    efPct: rng.truncatedNormal(72, 4, 65, 80),
    septalMm,
    anteriorMm,
    lateralMm,
    inferiorMm,
    apicalMm,
    longShorteningPct: rng.truncatedNormal(12, 3, 5, 20),
  };
  return { params: validateLvParams({ ...params }).params, cls, phenotype: ph, sex, bsaM2 };
}

/** Sphericity 2R/L of a cavity with volume `edvMl`, length and fill k = V / (π R² L). */
function sphericityFor(edvMl: number, lengthMm: number, fill: number): number {
  const r = Math.sqrt((edvMl * 1000) / (Math.PI * lengthMm * fill));
  return (2 * r) / lengthMm;
}

/**
 * A seeded cohort of `n` subjects; subject i is HCM when i < round(n · hcmFraction), so the class
 * balance is exact, then the order is shuffled.
 */
export function sampleLvCohort(seed: number, n: number, hcmFraction = 0.5): LvSubject[] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`cohort size must be a non-negative integer; got ${n}`);
  if (!(hcmFraction >= 0 && hcmFraction <= 1))
    throw new RangeError(`hcmFraction must be in [0, 1]; got ${hcmFraction}`);
  const rng = createRng(seed);
  const nHcm = Math.round(n * hcmFraction);
  const classes: LvClass[] = Array.from({ length: n }, (_, i) => (i < nHcm ? 'hcm' : 'healthy'));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = classes[i] as LvClass;
    classes[i] = classes[j] as LvClass;
    classes[j] = a;
  }
  return classes.map((cls) => sampleLvSubject(rng, cls));
}
