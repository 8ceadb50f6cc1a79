/**
 * Plane augmentation as in Cerrolaza et al. 2018: random anisotropic scaling, in-plane rotation
 * (±10°) and translation (±7 px), applied to the plane geometry before sampling so images stay sharp.
 */
import type { Vec3 } from '../../geometry/types';
import type { Rng } from '../random';
import type { Plane } from './planes';

/** Limits of `augmentPlane`. */
export interface AugmentOptions {
  /** Pixel size of the image the plane will be sampled at, mm (translations are in pixels). Default 0.25. */
  pixelMm?: number;
  /** Maximum in-plane rotation, degrees. Default 10. */
  maxRotationDeg?: number;
  /** Maximum translation along each image axis, pixels. Default 7. */
  maxShiftPx?: number;
  /** Scale range of each image axis independently (anisotropic). Default [0.9, 1.1]. */
  scaleRange?: [number, number];
}

/** What `augmentPlane` drew. */
export interface PlaneAugmentation {
  rotationDeg: number;
  shiftPx: [number, number];
  /** Scale of the anatomy along image x and y (> 1 = larger in the image). */
  scale: [number, number];
}

const add = (a: Vec3, b: Vec3, s: number): Vec3 => [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]];
const lin = (a: Vec3, sa: number, b: Vec3, sb: number): Vec3 => [
  sa * a[0] + sb * b[0],
  sa * a[1] + sb * b[1],
  sa * a[2] + sb * b[2],
];

/**
 * A randomly rotated, shifted and anisotropically scaled copy of `plane`: the anatomy appears
 * rotated by `rotationDeg` (from image +x towards image +y, i.e. clockwise on screen), shifted by `shiftPx` and scaled by
 * `scale` about the image centre. The returned axes are no longer unit: their length is 1/scale.
 */
export function augmentPlane(
  rng: Rng,
  plane: Plane,
  opts: AugmentOptions = {},
): { plane: Plane; aug: PlaneAugmentation } {
  const px = opts.pixelMm ?? 0.25;
  const maxRot = opts.maxRotationDeg ?? 10;
  const maxShift = opts.maxShiftPx ?? 7;
  const [s0, s1] = opts.scaleRange ?? [0.9, 1.1];
  const rotationDeg = rng.uniform(-maxRot, maxRot);
  const shiftPx: [number, number] = [rng.uniform(-maxShift, maxShift), rng.uniform(-maxShift, maxShift)];
  const scale: [number, number] = [rng.uniform(s0, s1), rng.uniform(s0, s1)];
  const t = (rotationDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  // Image = S·R(t)·A + shift for anatomy A in the old plane's axes, so A = R(−t)·S⁻¹·(image − shift).
  const u1 = lin(plane.u, c / scale[0], plane.v, -s / scale[0]);
  const v1 = lin(plane.u, s / scale[1], plane.v, c / scale[1]);
  let origin = plane.origin;
  // The new origin is the anatomy point that lands at the image centre: −shift in the new axes.
  origin = add(origin, u1, -shiftPx[0] * px);
  origin = add(origin, v1, -shiftPx[1] * px);
  return { plane: { origin, u: u1, v: v1 }, aug: { rotationDeg, shiftPx, scale } };
}
