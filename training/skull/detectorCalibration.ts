/**
 * How the head detector errs on simulated planes, per plane kind: the mean profile difference
 * (detected − exact, mm, per angle), the spread of the overall scale and the residual outline error.
 * The skull models are trained with profile perturbations drawn from these statistics, so they learn
 * how far to trust each plane as the detector actually delivers it. Measured on skulls of a
 * calibration seed (never the test seed). Regenerate: `npx tsx training/skull/detectorCalibration.ts`
 * (writes training/skull/detector-calibration.json).
 */
import { writeFileSync } from 'node:fs';
import { createRng } from '../../src/anatomy/random';
import { augmentPlane } from '../../src/anatomy/ultrasound/augment';
import { simulateBMode } from '../../src/anatomy/ultrasound/bmode';
import { headScene } from '../../src/anatomy/ultrasound/headScene';
import { standardPlane } from '../../src/anatomy/ultrasound/planes';
import { sampleSkullCohort } from '../../src/anatomy/skullPopulation';
import { skullShape } from '../../src/anatomy/skullShape';
import { skullSectionProfile } from '../../src/anatomy/skullSection';
import { SIMULATED_EDGE_LEVELS } from '../../src/imaging/edgeScan';
import { detectHeadOutline } from '../../src/imaging/headOutline';
import { PLANE_KINDS } from './cohort';
import { SIM_IMAGE, simPixelMm } from './imageProfiles';

export const CALIBRATION_SEED = 4242;

export interface KindCalibration {
  /** Mean detected − exact profile, mm, per angle. */
  meanDiffMm: number[];
  /** SD of the detected/exact mean-radius ratio. */
  scaleSd: number;
  /** RMS of the remaining per-angle error after removing the mean difference and scale, mm. */
  residualMm: number;
  /** Planes measured and detector failures. */
  n: number;
  failures: number;
}

export function calibrateDetector(n: number, profileN = 64): Record<string, KindCalibration> {
  const subjects = sampleSkullCohort(CALIBRATION_SEED, n);
  const rng = createRng(CALIBRATION_SEED);
  const out: Record<string, KindCalibration> = {};
  for (const kind of PLANE_KINDS) {
    const diffs: Float64Array[] = [];
    const ratios: number[] = [];
    let failures = 0;
    subjects.forEach((s, i) => {
      const px = simPixelMm(s.params.gaWeeks);
      const { plane } = augmentPlane(rng, standardPlane(kind), { pixelMm: px, scaleRange: [1, 1] });
      const img = simulateBMode(headScene(s.params, { seed: i }), plane, {
        ...SIM_IMAGE,
        pixelMm: px,
        seed: 31 * i + 7,
      });
      const truth = skullSectionProfile(skullShape(s.params), standardPlane(kind), profileN, {
        kind,
      }).profile;
      try {
        const gray = {
          width: img.width,
          height: img.height,
          data: Float32Array.from(img.data, (v) => v / 255),
        };
        const d = detectHeadOutline(gray, px, kind, { edgeLevels: SIMULATED_EDGE_LEVELS }).profileMm;
        const diff = new Float64Array(profileN);
        let sd = 0;
        let st = 0;
        for (let k = 0; k < profileN; k++) {
          diff[k] = (d[k] as number) - (truth[k] as number);
          sd += d[k] as number;
          st += truth[k] as number;
        }
        diffs.push(diff);
        ratios.push(sd / st);
      } catch {
        failures++;
      }
    });
    const m = diffs.length;
    const meanDiff = new Float64Array(profileN);
    for (const d of diffs)
      for (let k = 0; k < profileN; k++) meanDiff[k] = (meanDiff[k] as number) + (d[k] as number) / m;
    const meanRatio = ratios.reduce((a, b) => a + b, 0) / m;
    const scaleSd = Math.sqrt(ratios.reduce((a, r) => a + (r - meanRatio) ** 2, 0) / m);
    let ss = 0;
    diffs.forEach((d) => {
      let b = 0;
      for (let k = 0; k < profileN; k++) b += ((d[k] as number) - (meanDiff[k] as number)) / profileN;
      for (let k = 0; k < profileN; k++) ss += ((d[k] as number) - (meanDiff[k] as number) - b) ** 2;
    });
    out[kind] = {
      meanDiffMm: Array.from(meanDiff, (v) => +v.toFixed(3)),
      scaleSd: +scaleSd.toFixed(5),
      residualMm: +Math.sqrt(ss / (m * profileN)).toFixed(3),
      n: m,
      failures,
    };
  }
  return out;
}

if (process.argv[1]?.endsWith('detectorCalibration.ts')) {
  const cal = calibrateDetector(Number(process.argv[2] ?? 40));
  writeFileSync(
    new URL('./detector-calibration.json', import.meta.url),
    JSON.stringify({ seed: CALIBRATION_SEED, ...cal }, null, 1) + '\n',
  );
  for (const [k, v] of Object.entries(cal)) console.log(k, v.scaleSd, v.residualMm, v.failures, '/', v.n);
}
