import { describe, expect, it } from 'vitest';
import { lvGrid } from '../anatomy/lvPhantom';
import { composeMyocardium, keepOneHeart } from './lvComposition';
import { oneRingPerSlice } from './lvSliceTopology';
import { marchingCubes } from './marchingCubes';
import { connectedComponents, eulerCharacteristic } from './meshTopology';

const grid = lvGrid({ size: 40, spacingMm: 1.6 });
const [nx, ny, nz] = grid.dims;
const at = (i: number, j: number, k: number): [number, number, number] => [
  grid.origin[0] + i * grid.spacing[0],
  grid.origin[1] + j * grid.spacing[1],
  grid.origin[2] + k * grid.spacing[2],
];

function fieldOf(f: (x: number, y: number, z: number) => number): Float32Array {
  const out = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[i + nx * (j + ny * k)] = f(...at(i, j, k));
  return out;
}

/** A cup: an epicardial sphere (r 25 mm) with a cavity (r 14 mm) inside, open at the base (z = 20 mm). */
function cup(): Float32Array {
  const solid = fieldOf((x, y, z) => Math.hypot(x, y, z - 5) - 25);
  const cavity = fieldOf((x, y, z) => Math.hypot(x, y, z - 5) - 14);
  return composeMyocardium(
    solid,
    cavity,
    grid,
    { minWallMm: 3, baseZMm: 20 },
    new Float32Array(solid.length),
  );
}

function topology(data: Float32Array): { components: number; euler: number } {
  const m = marchingCubes({ ...grid, data }, 0);
  return { components: connectedComponents(m), euler: eulerCharacteristic(m) };
}

describe('oneRingPerSlice', () => {
  it('leaves a heart-shaped cup untouched', () => {
    const f = cup();
    expect(topology(f)).toEqual({ components: 1, euler: 2 });
    const copy = f.slice();
    expect(oneRingPerSlice(copy, grid)).toBe(0);
    expect(copy).toEqual(f);
  });

  it('removes a bar of myocardium across the cavity (a handle: Euler 0 → 2)', () => {
    const f = cup();
    // A bar 5 mm thick along x through the cavity at z = 5 mm, its ends inside the wall (|x| ≤ 19 mm).
    const bar = fieldOf((x, y, z) => Math.max(Math.hypot(y, z - 5) - 2.5, Math.abs(x) - 19));
    for (let v = 0; v < f.length; v++) f[v] = Math.min(f[v] as number, bar[v] as number);
    keepOneHeart(f, grid);
    expect(topology(f).euler).toBeLessThan(2);
    const changed = oneRingPerSlice(f, grid);
    keepOneHeart(f, grid);
    expect(changed).toBeGreaterThan(0);
    expect(topology(f)).toEqual({ components: 1, euler: 2 });
  });

  it('turns a piece of myocardium inside the cavity of a slice into cavity, and fills a second hole', () => {
    // One slice by hand (z index 10): a ring of radius 6–10 voxels, an island at the centre, and a
    // second small hole in the ring's wall.
    const f = new Float32Array(nx * ny * nz).fill(1);
    const k = 10;
    const c = (nx - 1) / 2;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r = Math.hypot(i - c, j - c);
        const v = i + nx * (j + ny * k);
        if ((r >= 6 && r <= 10) || r <= 1.5) f[v] = -1;
        if (Math.hypot(i - (c + 8), j - c) <= 0.8) f[v] = 1;
      }
    const island = Math.round(c) + nx * (Math.round(c) + ny * k);
    const pinhole = Math.round(c + 8) + nx * (Math.round(c) + ny * k);
    const centreOfRing = Math.round(c + 4) + nx * (Math.round(c) + ny * k);
    expect(f[island]).toBeLessThan(0);
    expect(f[pinhole]).toBeGreaterThan(0);
    expect(oneRingPerSlice(f, grid)).toBeGreaterThan(0);
    expect(f[island]).toBeGreaterThan(0);
    expect(f[pinhole]).toBeLessThan(0);
    expect(f[centreOfRing]).toBeGreaterThan(0);
  });
});
