import { describe, expect, it } from 'vitest';
import { affineFromParts, identityAffine } from './affine4';
import { sampleThroughAffine } from './sampleThroughAffine';
import type { Vec3 } from './types';

describe('sampleThroughAffine', () => {
  // A linear field f = x + 2y + 3z (world mm) stored on an oblique 1.5 × 1.5 × 10 mm grid.
  const c = Math.cos(0.4);
  const s = Math.sin(0.4);
  const srcAffine = affineFromParts([1.5 * c, 0, 10 * s, 0, 1.5, 0, -1.5 * s, 0, 10 * c], [-30, -30, -20]);
  const dims: Vec3 = [40, 40, 7];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const world = (i: number, j: number, k: number): Vec3 => [
    1.5 * c * i + 10 * s * k - 30,
    1.5 * j - 30,
    -1.5 * s * i + 10 * c * k - 20,
  ];
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const [x, y, z] = world(i, j, k);
        data[i + dims[0] * (j + dims[1] * k)] = x + 2 * y + 3 * z;
      }

  it('reproduces a linear field inside the source grid (trilinear is exact)', () => {
    // Target: 5³ grid of 2 mm in a frame rotated 90° about z and shifted by (5, 0, 10).
    const toWorld = affineFromParts([0, -1, 0, 1, 0, 0, 0, 0, 1], [5, 0, 10]);
    const grid = { dims: [5, 5, 5] as Vec3, spacing: [2, 2, 2] as Vec3, origin: [-4, -4, -4] as Vec3 };
    const out = sampleThroughAffine({ dims, data }, srcAffine, grid, toWorld);
    let v = 0;
    for (let k = 0; k < 5; k++)
      for (let j = 0; j < 5; j++)
        for (let i = 0; i < 5; i++, v++) {
          const p: Vec3 = [-4 + 2 * i, -4 + 2 * j, -4 + 2 * k];
          const w: Vec3 = [-p[1] + 5, p[0], p[2] + 10];
          expect(out[v]).toBeCloseTo(w[0] + 2 * w[1] + 3 * w[2], 3);
        }
  });

  it('continues outside the grid as edge value + distance beyond it', () => {
    const grid = { dims: [1, 1, 1] as Vec3, spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3 };
    // 7 mm beyond the last slice centre, along the slice normal from voxel (0, 0, 6).
    const [x, y, z] = world(0, 0, 6);
    const p: Vec3 = [x + 7 * s, y, z + 7 * c];
    const t = identityAffine();
    t[3] = p[0];
    t[7] = p[1];
    t[11] = p[2];
    const out = sampleThroughAffine({ dims, data }, srcAffine, grid, t);
    expect(out[0]).toBeCloseTo(x + 2 * y + 3 * z + 7, 3);
  });
});
