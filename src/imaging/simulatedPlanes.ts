/**
 * Simulated planes with their geometric truth, for measuring the head detector: a synthetic skull,
 * a standard plane moved by the augmentation of Cerrolaza et al. (rotation ±10°, shift ±7 px; no
 * scaling, so image mm = anatomy mm), a B-mode image of it and the exact outer outline of the same
 * plane (with the simulator's 2 mm slice thickness). Shared by the accuracy tests and
 * `training/skull/reportDetectorSim.ts`.
 */
import { type Rng, createRng } from '../anatomy/random';
import type { SkullParams } from '../anatomy/skullParams';
import { type SkullSection, skullSectionProfile } from '../anatomy/skullSection';
import { skullShape } from '../anatomy/skullShape';
import { augmentPlane, type PlaneAugmentation } from '../anatomy/ultrasound/augment';
import { simulateBMode } from '../anatomy/ultrasound/bmode';
import { headScene } from '../anatomy/ultrasound/headScene';
import { type Plane, standardPlane } from '../anatomy/ultrasound/planes';
import type { PlaneKind } from './canonicalFrame';
import type { HeadOutline } from './headOutline';
import type { GrayImage } from './types';

/** One simulated plane and its truth. */
export interface SimulatedPlane {
  kind: PlaneKind;
  image: GrayImage;
  pixelMm: number;
  plane: Plane;
  aug: PlaneAugmentation;
  truth: SkullSection;
}

/** Options of {@link simulatePlane}. */
export interface SimulatePlaneOptions {
  /** Image size, pixels. Default 400 × 270 (HC18's 800 × 540 at half resolution). */
  width?: number;
  height?: number;
  /** Pixel size, mm. Default: 0.32 mm at 20 w to 0.52 mm at 36 w (the head fills the frame as in HC18). */
  pixelMm?: number;
  /** Seed of the augmentation, scene and speckle. */
  seed: number;
  /** Extra shift of the image content, pixels (e.g. to cut the head off). Default none. */
  extraShiftPx?: [number, number];
}

/** Pixel size (mm) that makes a head of `gaWeeks` fill a 400 × 270 frame as HC18 heads do. */
export function defaultSimPixelMm(gaWeeks: number): number {
  return 0.32 + (0.2 * (Math.min(36, Math.max(20, gaWeeks)) - 20)) / 16;
}

/** A simulated, augmented plane of the skull `params` and its geometric outline. */
export function simulatePlane(
  params: SkullParams,
  kind: PlaneKind,
  opts: SimulatePlaneOptions,
): SimulatedPlane {
  const W = opts.width ?? 400;
  const H = opts.height ?? 270;
  const px = opts.pixelMm ?? defaultSimPixelMm(params.gaWeeks);
  const rng: Rng = createRng(opts.seed * 7919 + kind.length);
  const { plane: p0, aug } = augmentPlane(rng, standardPlane(kind), { pixelMm: px, scaleRange: [1, 1] });
  let plane = p0;
  if (opts.extraShiftPx) {
    const [sx, sy] = opts.extraShiftPx;
    const o = p0.origin;
    plane = {
      ...p0,
      origin: [
        o[0] - (sx * p0.u[0] + sy * p0.v[0]) * px,
        o[1] - (sx * p0.u[1] + sy * p0.v[1]) * px,
        o[2] - (sx * p0.u[2] + sy * p0.v[2]) * px,
      ],
    };
  }
  const b = simulateBMode(headScene(params, { seed: opts.seed }), plane, {
    width: W,
    height: H,
    pixelMm: px,
    seed: opts.seed * 31 + kind.length,
  });
  const image: GrayImage = { width: W, height: H, data: Float32Array.from(b.data, (v) => v / 255) };
  const truth = skullSectionProfile(skullShape(params), plane, 64, { kind, sliceThicknessMm: 2 });
  return { kind, image, pixelMm: px, plane, aug, truth };
}

/** Errors of a detection against the truth of its simulated plane. */
export interface DetectionError {
  /** Mean |r_detected − r_true| over the profile, mm. */
  maeMm: number;
  /** Mean r_detected − r_true, mm. */
  biasMm: number;
  /** Largest |r_detected − r_true|, mm. */
  maxMm: number;
  /** (HC of the detected ellipse − perimeter of the true outline) / perimeter, %. */
  hcErrorPct: number;
  /** Canonical +s angle in the image minus the augmentation rotation, degrees (wrapped to ±180). */
  rotationErrorDeg: number;
}

/** Compares a detection with the truth of its simulated plane. */
export function detectionError(sim: SimulatedPlane, det: HeadOutline): DetectionError {
  const n = det.profileMm.length;
  let abs = 0;
  let sum = 0;
  let mx = 0;
  for (let k = 0; k < n; k++) {
    const d = (det.profileMm[k] as number) - (sim.truth.profile[k] as number);
    abs += Math.abs(d);
    sum += d;
    mx = Math.max(mx, Math.abs(d));
  }
  let rot = (det.rotationRad * 180) / Math.PI - sim.aug.rotationDeg;
  rot = ((((rot + 180) % 360) + 360) % 360) - 180;
  return {
    maeMm: abs / n,
    biasMm: sum / n,
    maxMm: mx,
    hcErrorPct: (100 * (det.hcMm - sim.truth.perimeterMm)) / sim.truth.perimeterMm,
    rotationErrorDeg: rot,
  };
}
