/**
 * Synthetic short-axis stacks for testing and evaluating the import of users' label maps: a phantom
 * cut into 1.5 × 1.5 × 10 mm slices (7–14) at a random orientation, labelled by nearest neighbour from
 * a 0.8 mm canonical label map, placed in world by a random rotation and translation, and round-tripped
 * through NIfTI like a real file.
 */
import { lvGrid, lvLabelMap } from '../../src/anatomy/lvPhantom';
import type { Rng } from '../../src/anatomy/random';
import type { LvSubject } from '../../src/anatomy/lvPopulation';
import type { Vec3, Volume } from '../../src/geometry/types';
import { readNifti, writeNifti, type NiftiVolume } from '../../src/io/nifti';

export type M3 = [Vec3, Vec3, Vec3];

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
/** Columns c0, c1, c2 applied to v: M v. */
export const apply = (m: M3, v: Vec3): Vec3 => [
  m[0][0] * v[0] + m[1][0] * v[1] + m[2][0] * v[2],
  m[0][1] * v[0] + m[1][1] * v[1] + m[2][1] * v[2],
  m[0][2] * v[0] + m[1][2] * v[1] + m[2][2] * v[2],
];

/** A uniformly random rotation as its three columns (images of x, y, z). */
export function randomRotation(rng: Rng): M3 {
  const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  const [a, b, c, d] = q.map((v) => v / n) as [number, number, number, number];
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c)],
    [2 * (b * c - a * d), a * a - b * b + c * c - d * d, 2 * (c * d + a * b)],
    [2 * (b * d + a * c), 2 * (c * d - a * b), a * a - b * b - c * c + d * d],
  ];
}

/** Any unit vector ⟂ n. */
function perpTo(n: Vec3): Vec3 {
  const t: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  return unit(cross(n, t));
}

export interface ShortAxisStack {
  ed: NiftiVolume;
  es: NiftiVolume;
  /** Canonical → world rotation (columns: world images of canonical x, y, z). */
  rot: M3;
  slices: number;
}

const FINE = lvGrid({ size: 128, spacingMm: 0.8 });

/**
 * Cuts a subject into a short-axis stack: slice normal within `maxTiltDeg` of the long axis (either
 * sense; 90 = any orientation), random in-plane rotation, the whole stack placed in world by a random
 * rotation and translation. Labels by nearest neighbour from a 0.8 mm canonical label map.
 */
export function makeShortAxisStack(
  s: LvSubject,
  rng: Rng,
  maxTiltDeg: number,
  opts: { dropRv?: boolean } = {},
): ShortAxisStack {
  const fine = { ED: lvLabelMap(s.params, 'ED', FINE), ES: lvLabelMap(s.params, 'ES', FINE) };
  const rot = randomRotation(rng);
  const tw: Vec3 = [rng.uniform(-60, 60), rng.uniform(-60, 60), rng.uniform(-60, 60)];
  // Slice normal in canonical coordinates.
  const tilt = (rng.uniform(0, maxTiltDeg) * Math.PI) / 180;
  const az = rng.uniform(0, 2 * Math.PI);
  const sgn = rng.next() < 0.5 ? -1 : 1;
  const n: Vec3 = unit([Math.sin(tilt) * Math.cos(az), Math.sin(tilt) * Math.sin(az), sgn * Math.cos(tilt)]);
  const u0 = perpTo(n);
  const phi = rng.uniform(0, 2 * Math.PI);
  const u = unit(apply([u0, cross(n, u0), n], [Math.cos(phi), Math.sin(phi), 0]));
  const v = cross(n, u);
  // Extent of the labelled heart along u, v, n.
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  const [fx, fy] = FINE.dims;
  fine.ED.data.forEach((l, idx) => {
    if (l === 0) return;
    const p: Vec3 = [
      FINE.origin[0] + (idx % fx) * FINE.spacing[0],
      FINE.origin[1] + (Math.floor(idx / fx) % fy) * FINE.spacing[1],
      FINE.origin[2] + Math.floor(idx / (fx * fy)) * FINE.spacing[2],
    ];
    [u, v, n].forEach((a, c) => {
      const t = dot(p, a);
      if (t < lo[c]!) lo[c] = t;
      if (t > hi[c]!) hi[c] = t;
    });
  });
  const h: Vec3 = [1.5, 1.5, 10];
  const slices = Math.max(7, Math.min(14, Math.ceil((hi[2] - lo[2]) / 10)));
  const dims: Vec3 = [Math.ceil((hi[0] - lo[0] + 30) / h[0]), Math.ceil((hi[1] - lo[1] + 30) / h[1]), slices];
  const mid = (hi[2] + lo[2]) / 2 + rng.uniform(-3, 3);
  const start: Vec3 = [lo[0] - 15, lo[1] - 15, mid - ((slices - 1) / 2) * h[2]];
  const p0: Vec3 = [0, 1, 2].map((c) => u[c]! * start[0] + v[c]! * start[1] + n[c]! * start[2]) as Vec3;
  const sample = (src: Volume<Uint8Array>): Uint8Array => {
    const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
    let o = 0;
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++, o++) {
          const p = [0, 1, 2].map((c) => p0[c]! + i * h[0] * u[c]! + j * h[1] * v[c]! + k * h[2] * n[c]!);
          const idx = p.map((x, c) => Math.round((x - FINE.origin[c]!) / FINE.spacing[c]!));
          if (idx.some((q, c) => q < 0 || q >= FINE.dims[c]!)) continue;
          let l = src.data[idx[0]! + fx * (idx[1]! + fy * idx[2]!)]!;
          if (opts.dropRv && l === 1) l = 0;
          out[o] = l;
        }
    return out;
  };
  // Voxel → world: world = rot · (p0 + i h0 u + j h1 v + k h2 n) + tw.
  const cols = [u, v, n].map((a, c) => apply(rot, a).map((x) => x * h[c]!)) as M3;
  const o = apply(rot, p0);
  const affine = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) affine[4 * r + c] = cols[c]![r]!;
    affine[4 * r + 3] = o[r]! + tw[r]!;
  }
  affine[15] = 1;
  const write = (data: Uint8Array): NiftiVolume =>
    readNifti(
      writeNifti(
        { dims, spacing: h, origin: [affine[3]!, affine[7]!, affine[11]!], data, affine },
        { gzip: true },
      ),
    );
  return { ed: write(sample(fine.ED)), es: write(sample(fine.ES)), rot, slices };
}
