/**
 * Seeded sampler of healthy and hypertrophic-cardiomyopathy (HCM) left ventricles, sized like LV
 * label maps as clinicians segment them.
 *
 * Sizes are calibrated to real ACDC segmentations measured through this project's own import
 * (../shared/realdata, docs/anatomy.md): normal hearts there have a median mass of 80 g (58–137 g),
 * EDV 113 mL (73–190 mL), EF 61–75 % and a maximal wall of 6.7–11.6 mm; HCM hearts 144 g (108–348 g),
 * EDV 130 mL, EF 63–92 % and a maximal wall of 13.5–31 mm. Segmented myocardium is lighter than the CMR
 * reference norms (REFERENCE §2) because trabeculae and papillary muscles lie in the cavity label and
 * the stack rarely covers the whole LV, so the norms are scaled: EDV 0.8 × (160 ± 29 mL men, 135 ± 26
 * mL women), scaled with body surface area; EF 68 ± 6 % (men), 70 ± 6 % (women).
 * Healthy: regional ED walls from a subject-level thickness (6.6 ± 1 mm men, 5.9 ± 1 mm women), the
 * septum ≈ 2 mm thicker (where a normal heart's maximal wall lies), all < 12 mm (ACDC normal), the apex
 * thinner. Length follows EDV^⅓ (body size) with 4 % scatter; the cavity fill (shape) varies.
 * HCM (ESC 2023 / AHA 2020: max ED wall ≥ 15 mm; ACDC: a normal cavity, normal-high EF): cavity as
 * large as a healthy one of the same body size (ACDC's HCM cavities were not smaller), non-hypertrophied
 * walls ≈ 7 mm, EF 65–80 %, less long-axis shortening, and one of three phenotypes: asymmetric septal
 * (septum 15–30 mm, septal/lateral ≥ 1.3), apical (apex ≥ 15 mm, a narrower, more pointed "spade"
 * cavity) or concentric (every wall 15–24 mm).
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

/**
 * Versions of the population. Each shipped model names the version it was trained on (its training
 * config's `population`, written to its manifest as `generatorVersion`), so its evaluation draws its
 * synthetic test hearts from the same population. 1: CMR reference sizes (REFERENCE §2) as published,
 * HCM walls 8–13 mm where not hypertrophied and a 15 % smaller cavity. 2: sized like segmented label
 * maps (the module comment).
 */
export type LvPopulationVersion = 1 | 2;
export const LV_POPULATION_VERSIONS: readonly LvPopulationVersion[] = [1, 2];
/** The version new cohorts are drawn from unless asked otherwise. */
export const LV_POPULATION_VERSION: LvPopulationVersion = 2;

type Range = readonly [sd: number, lo: number, hi: number];
interface SexNorms {
  edv: number;
  edvSd: number;
  ef: number;
  bsa: number;
  bsaSd: number;
  wall: number;
}

/** Every number that differs between the versions. */
interface PopulationCalibration {
  sex: Record<Sex, SexNorms>;
  healthy: {
    minEdvMl: number;
    /** Truncation of the subject-level wall, mm. */
    wallLo: number;
    wallHi: number;
    efHi: number;
    /** Septum: the subject wall drawn with (sd, lo, hi), plus `excessMm`. */
    septal: Range;
    septalExcessMm: number;
    anteriorLo: number;
    otherWallLo: number;
  };
  hcm: {
    /** Cavity relative to a healthy one of the same body size. */
    edvScale: number;
    /** The walls not hypertrophied: N(mean, sd) in [lo, hi], mm. */
    base: readonly [mean: number, sd: number, lo: number, hi: number];
    septal: readonly [mean: number, sd: number];
    /** The upper bound of the anterior and inferior walls, between the lateral wall and the septum. */
    septalReach: (lateralMm: number, septalMm: number) => number;
    apical: readonly [mean: number, sd: number];
    apicalOtherWalls: readonly [lo: number, hi: number];
    concentricAll: readonly [mean: number, sd: number, lo: number, hi: number];
    concentricWallHi: number;
    phenotypeWeights: readonly [HcmPhenotype, number][];
  };
}

/** Segmented volumes are smaller than the CMR norms (see the module comment). */
const SEGMENTED_EDV_SCALE = 0.8;

const CALIBRATIONS: Record<LvPopulationVersion, PopulationCalibration> = {
  1: {
    sex: {
      male: { edv: 160, edvSd: 29, ef: 71, bsa: 1.98, bsaSd: 0.17, wall: 9.5 },
      female: { edv: 135, edvSd: 26, ef: 73, bsa: 1.75, bsaSd: 0.14, wall: 8.3 },
    },
    healthy: {
      minEdvMl: 70,
      wallLo: 6.5,
      wallHi: 11,
      efHi: 85,
      septal: [0.6, 6, 11.8],
      septalExcessMm: 0,
      anteriorLo: 5.5,
      otherWallLo: 6,
    },
    hcm: {
      edvScale: 0.85,
      base: [10.5, 1.2, 8, 13],
      septal: [21, 4],
      septalReach: (l, s) => 0.5 * (s + l),
      apical: [19, 3],
      apicalOtherWalls: [7, 13.5],
      concentricAll: [18.5, 2.5, 15, 26],
      concentricWallHi: 28,
      phenotypeWeights: [
        ['septal', 0.6],
        ['apical', 0.15],
        ['concentric', 0.25],
      ],
    },
  },
  2: {
    sex: {
      male: {
        edv: SEGMENTED_EDV_SCALE * 160,
        edvSd: SEGMENTED_EDV_SCALE * 29,
        ef: 68,
        bsa: 1.98,
        bsaSd: 0.17,
        wall: 6.6,
      },
      female: {
        edv: SEGMENTED_EDV_SCALE * 135,
        edvSd: SEGMENTED_EDV_SCALE * 26,
        ef: 70,
        bsa: 1.75,
        bsaSd: 0.14,
        wall: 5.9,
      },
    },
    healthy: {
      minEdvMl: 60,
      wallLo: 4.5,
      wallHi: 9,
      efHi: 82,
      // The septum ≈ 2 mm thicker than the subject-level wall (where a normal heart's maximal wall lies).
      septal: [0.6, 4.5, 9.5],
      septalExcessMm: 2.2,
      anteriorLo: 4.5,
      otherWallLo: 4.5,
    },
    hcm: {
      edvScale: 1,
      base: [7, 1.2, 4.5, 9.5],
      septal: [18, 3.5],
      septalReach: (l, s) => l + 0.35 * (s - l),
      apical: [17.5, 3],
      apicalOtherWalls: [4.5, 12],
      concentricAll: [16.5, 2, 15, 22],
      concentricWallHi: 24,
      phenotypeWeights: [
        ['septal', 0.7],
        ['apical', 0.15],
        ['concentric', 0.15],
      ],
    },
  },
};

function pickPhenotype(rng: Rng, weights: readonly [HcmPhenotype, number][]): HcmPhenotype {
  let u = rng.next();
  for (const [ph, w] of weights) {
    if (u < w) return ph;
    u -= w;
  }
  return 'septal';
}

/** True for a population version this code draws (e.g. a manifest's `generatorVersion`). */
export function isLvPopulationVersion(v: unknown): v is LvPopulationVersion {
  return (LV_POPULATION_VERSIONS as readonly unknown[]).includes(v);
}

function checkVersion(version: number): asserts version is LvPopulationVersion {
  if (!isLvPopulationVersion(version))
    throw new RangeError(
      `unknown LV population version ${version}; known: ${LV_POPULATION_VERSIONS.join(', ')}`,
    );
}

/**
 * Samples one subject of class `cls` from population `version` (HCM phenotype drawn 70/15/15 %
 * septal/apical/concentric in version 2, 60/15/25 % in version 1, if not given).
 */
export function sampleLvSubject(
  rng: Rng,
  cls: LvClass,
  phenotype?: HcmPhenotype,
  version: LvPopulationVersion = LV_POPULATION_VERSION,
): LvSubject {
  checkVersion(version);
  const cal = CALIBRATIONS[version];
  const sex: Sex = rng.next() < 0.5 ? 'male' : 'female';
  const n = cal.sex[sex];
  const bsaM2 = rng.truncatedNormal(n.bsa, n.bsaSd, n.bsa - 2.5 * n.bsaSd, n.bsa + 2.5 * n.bsaSd);
  // Body size explains part of the EDV spread (EDV ∝ BSA); the rest is individual.
  const sizeSd = (n.edv * n.bsaSd) / n.bsa;
  const residSd = Math.sqrt(Math.max(1, n.edvSd * n.edvSd - sizeSd * sizeSd));
  const edvHealthy = n.edv * (bsaM2 / n.bsa) + rng.truncatedNormal(0, residSd, -2.5 * residSd, 2.5 * residSd);

  if (cls === 'healthy') {
    const h = cal.healthy;
    const edvMl = Math.max(h.minEdvMl, edvHealthy);
    const lengthMm = 88 * Math.cbrt(edvMl / 150) * rng.truncatedNormal(1, 0.04, 0.9, 1.1);
    const fill = rng.truncatedNormal(0.77, 0.04, LV_MIN_FILL + 0.05, LV_MAX_FILL - 0.02);
    const wall = rng.truncatedNormal(n.wall, 1, h.wallLo, h.wallHi);
    const w = (sd: number, lo: number, hi: number): number => rng.truncatedNormal(wall, sd, lo, hi);
    const params: LvParams = {
      edvMl,
      lengthMm,
      sphericity: sphericityFor(edvMl, lengthMm, fill),
      efPct: rng.truncatedNormal(n.ef, 6, 55, h.efHi),
      septalMm: Math.min(11.8, w(...h.septal) + h.septalExcessMm),
      anteriorMm: Math.min(11.8, Math.max(4, w(0.6, h.anteriorLo, 11.8) - 0.5)),
      lateralMm: w(0.7, h.otherWallLo, 11.8),
      inferiorMm: w(0.6, h.otherWallLo, 11.8),
      apicalMm: Math.max(4, Math.min(11.8, 0.75 * wall + rng.normal(0, 0.7))),
      longShorteningPct: rng.truncatedNormal(15, 2.5, 8, 22),
    };
    return { params: validateLvParams({ ...params }).params, cls, sex, bsaM2 };
  }

  const c = cal.hcm;
  const ph = phenotype ?? pickPhenotype(rng, c.phenotypeWeights);
  const edvMl = Math.max(60, c.edvScale * edvHealthy);
  let lengthMm = 86 * Math.cbrt(edvMl / 150) * rng.truncatedNormal(1, 0.04, 0.9, 1.1);
  let fill = rng.truncatedNormal(0.76, 0.04, LV_MIN_FILL + 0.05, LV_MAX_FILL - 0.02);
  const base = rng.truncatedNormal(...c.base);
  let septalMm: number;
  let lateralMm: number;
  let anteriorMm: number;
  let inferiorMm: number;
  let apicalMm: number;
  if (ph === 'septal') {
    septalMm = rng.truncatedNormal(c.septal[0], c.septal[1], 15, 30);
    lateralMm = Math.min(base, septalMm / 1.35);
    // The hypertrophy reaches into the anterior and inferior septum-adjacent walls, less than the septum.
    const reach = c.septalReach(lateralMm, septalMm);
    anteriorMm = rng.uniform(lateralMm, reach);
    inferiorMm = rng.uniform(lateralMm, reach);
    apicalMm = rng.truncatedNormal(8, 1.5, 5, 12);
  } else if (ph === 'apical') {
    apicalMm = rng.truncatedNormal(c.apical[0], c.apical[1], 15, 27);
    const [lo, hi] = c.apicalOtherWalls;
    septalMm = rng.truncatedNormal(base, 1, lo, hi);
    lateralMm = rng.truncatedNormal(base, 1, lo, hi);
    anteriorMm = rng.truncatedNormal(base, 1, lo, hi);
    inferiorMm = rng.truncatedNormal(base, 1, lo, hi);
    fill = rng.truncatedNormal(0.66, 0.03, LV_MIN_FILL + 0.02, 0.72); // pointed, spade-like cavity
    lengthMm = Math.min(lengthMm, 97 - apicalMm);
  } else {
    const all = rng.truncatedNormal(...c.concentricAll);
    const wall = (): number => rng.truncatedNormal(all, 1.2, 15, c.concentricWallHi);
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
export function sampleLvCohort(
  seed: number,
  n: number,
  hcmFraction = 0.5,
  version: LvPopulationVersion = LV_POPULATION_VERSION,
): LvSubject[] {
  checkVersion(version);
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
  return classes.map((cls) => sampleLvSubject(rng, cls, undefined, version));
}
