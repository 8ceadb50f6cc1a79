/**
 * Plane profiles of a cohort measured the way a user's images are: each standard plane is simulated
 * as a B-mode image (src/anatomy/ultrasound) with the seed's rigid augmentation (rotation ±10°,
 * translation ±7 px; no scaling, so sizes stay true), and the head detector
 * (src/imaging/headOutline.ts) finds the outline and its profile.
 */
import { createRng } from '../../src/anatomy/random';
import { augmentPlane } from '../../src/anatomy/ultrasound/augment';
import { simulateBMode } from '../../src/anatomy/ultrasound/bmode';
import { headScene } from '../../src/anatomy/ultrasound/headScene';
import { standardPlane } from '../../src/anatomy/ultrasound/planes';
import { SIMULATED_EDGE_LEVELS } from '../../src/imaging/edgeScan';
import { detectHeadOutline } from '../../src/imaging/headOutline';
import type { SkullCohort } from './cohort';
import { PLANE_KINDS } from './cohort';

/** Image size of the simulated planes (px) — half of HC18's 800 × 540, at twice its pixel size. */
export const SIM_IMAGE = { width: 400, height: 270 };

/** Pixel size (mm) that makes the head fill the frame as in HC18 (0.16–0.26 mm at 800 px, doubled). */
export function simPixelMm(gaWeeks: number): number {
  const t = Math.min(1, Math.max(0, (gaWeeks - 20) / 16));
  return 2 * (0.16 + 0.1 * t);
}

export interface ImageProfiles {
  profiles: { axial: Float32Array; sagittal: Float32Array; coronal: Float32Array }[];
  /** Subjects × planes where detection failed and the exact profile was used instead. */
  failures: string[];
  description: string;
}

export async function imageProfilesForCohort(
  c: SkullCohort,
  seed: number,
  log: (s: string) => void,
): Promise<ImageProfiles> {
  const rng = createRng(seed ^ 0x1a6e);
  const failures: string[] = [];
  const n = c.profileN;
  const t0 = Date.now();
  const profiles = c.subjects.map((subj, i) => {
    const scene = headScene(subj.params, { seed: seed + i });
    const pixelMm = simPixelMm(subj.params.gaWeeks);
    const out: Float32Array[] = PLANE_KINDS.map((kind, k) => {
      const { plane } = augmentPlane(rng, standardPlane(kind), { pixelMm, scaleRange: [1, 1] });
      const img = simulateBMode(scene, plane, { ...SIM_IMAGE, pixelMm, seed: seed * 3 + i * 7 + k });
      const gray = {
        width: img.width,
        height: img.height,
        data: Float32Array.from(img.data, (v) => v / 255),
      };
      try {
        return detectHeadOutline(gray, pixelMm, kind, { edgeLevels: SIMULATED_EDGE_LEVELS }).profileMm;
      } catch (e) {
        failures.push(`subject ${i} ${kind}: ${(e as Error).message}`);
        return c.profiles.slice((i * 3 + k) * n, (i * 3 + k + 1) * n);
      }
    });
    if ((i + 1) % 20 === 0)
      log(`simulated and detected ${i + 1}/${c.n} subjects (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return {
      axial: out[0] as Float32Array,
      sagittal: out[1] as Float32Array,
      coronal: out[2] as Float32Array,
    };
  });
  await Promise.resolve();
  return {
    profiles,
    failures,
    description:
      `Each standard plane simulated as a ${SIM_IMAGE.width} × ${SIM_IMAGE.height} B-mode image (speckle, shadowing, fan, maternal wall; ` +
      'rotation ±10°, translation ±7 px), the head found by the detector (src/imaging/headOutline.ts) and its profile fed to the model. ' +
      `Detection failed on ${failures.length} of ${c.n * 3} planes (the exact profile was used for those).`,
  };
}
