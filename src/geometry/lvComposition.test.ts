import { describe, expect, it } from 'vitest';
import { LV_FRAME } from '../anatomy/lvParams';
import { lvGrid } from '../anatomy/lvPhantom';
import { composeMyocardium, composeMyocardiumAt, keepOneHeart, LV_COMPOSITION } from './lvComposition';
import { enclosedInSlices } from './lvCavity';
import { marchingCubes } from './marchingCubes';
import { dice } from './metrics';
import { connectedComponents, eulerCharacteristic } from './meshTopology';
import type { Vec3 } from './types';

const rule = { minWallMm: 3, baseZMm: 20 };
const grid = lvGrid({ size: 40, spacingMm: 1.6 });

/** A field on `grid` from a function of (x, y, z) in mm. */
function fieldOf(f: (x: number, y: number, z: number) => number): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const out = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        out[i + nx * (j + ny * k)] = f(
          grid.origin[0] + i * grid.spacing[0],
          grid.origin[1] + j * grid.spacing[1],
          grid.origin[2] + k * grid.spacing[2],
        );
      }
  return out;
}

const sphere = (c: Vec3, r: number) => (x: number, y: number, z: number) =>
  Math.hypot(x - c[0], y - c[1], z - c[2]) - r;

/** A field on the test grid as a Volume. */
const onGrid = (data: Float32Array) => ({
  dims: grid.dims,
  spacing: grid.spacing,
  origin: grid.origin,
  data,
});

function topology(data: Float32Array): { components: number; euler: number } {
  const m = marchingCubes({ dims: grid.dims, spacing: grid.spacing, origin: grid.origin, data }, 0);
  return { components: connectedComponents(m), euler: eulerCharacteristic(m) };
}

describe('composeMyocardiumAt', () => {
  it('keeps a wall thicker than the least wall as max(solid, −cavity, z − z_base)', () => {
    // 8 mm into a 10 mm wall: solid −8, cavity +2 (2 mm outside the cavity).
    expect(composeMyocardiumAt(-8, 2, 0, rule)).toBe(-2);
    // In the cavity: outside the myocardium by the distance to the endocardium.
    expect(composeMyocardiumAt(-20, -5, 0, rule)).toBe(5);
  });
  it('pushes a cavity that comes within the least wall of the epicardium back inside', () => {
    // 1 mm under the epicardium and "in the cavity" (a 1 mm wall): still myocardium.
    expect(composeMyocardiumAt(-1, -4, 0, rule)).toBeLessThan(0);
    // 4 mm under the epicardium in the cavity: cavity (the wall ends at 3 mm).
    expect(composeMyocardiumAt(-4, -4, 0, rule)).toBe(1);
  });
  it('cuts at the base plane', () => {
    expect(composeMyocardiumAt(-8, 2, rule.baseZMm + 1, rule)).toBe(1);
  });
  it('uses the base plane of the canonical LV frame', () => {
    expect(LV_COMPOSITION.baseZMm).toBe(LV_FRAME.baseZMm);
  });
});

describe('composeMyocardium', () => {
  it('closes the apex of a cavity that runs through the bottom of the solid and opens the base', () => {
    // Solid: a sphere of 25 mm; cavity: a cylinder of 15 mm that pierces it from bottom to top.
    const solid = fieldOf(sphere([0, 0, 0], 25));
    const cavity = fieldOf((x, y) => Math.hypot(x, y) - 15);
    const myo = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length));
    // On the axis below the centre: myocardium within 3 mm of the bottom of the sphere only.
    const [nx, ny] = grid.dims;
    const at = (z: number) => {
      const k = Math.round((z - grid.origin[2]) / grid.spacing[2]);
      const c = (nx - 1) / 2;
      return myo[Math.floor(c) + nx * (Math.floor(c) + ny * k)] as number;
    };
    expect(at(-24)).toBeLessThan(0);
    expect(at(-15)).toBeGreaterThan(0);
    // A cup: one closed surface of genus 0 (apex closed, base open).
    expect(topology(myo)).toEqual({ components: 1, euler: 2 });
  });
  it('gives a cup, not a closed shell, when the cavity ends just under the base plane', () => {
    // Cavity sphere whose top (z = 19) lies 1 mm under the base plane (z = 20).
    const solid = fieldOf(sphere([0, 0, 5], 25));
    const cavity = fieldOf(sphere([0, 0, 5], 14));
    const myo = composeMyocardium(solid, cavity, grid, rule, solid);
    expect(topology(myo)).toEqual({ components: 1, euler: 2 });
  });
});

describe('keepOneHeart', () => {
  it('drops a loose piece and fills a sealed pocket', () => {
    const solid = fieldOf(sphere([0, 0, 5], 26));
    const cavity = fieldOf(sphere([0, 0, 5], 14));
    const myo = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length));
    const loose = fieldOf(sphere([-26, -26, -20], 3));
    const pocket = fieldOf(sphere([0, 15, -6], 2));
    for (let v = 0; v < myo.length; v++) {
      myo[v] = Math.max(Math.min(myo[v] as number, loose[v] as number), -(pocket[v] as number));
    }
    expect(topology(myo).components).toBe(3);
    expect(keepOneHeart(myo, grid)).toBeGreaterThan(0);
    expect(topology(myo)).toEqual({ components: 1, euler: 2 });
  });
  it('opens the cavity of a heart that ends below the base plane (an end-systolic heart)', () => {
    // Solid ends at z = 17, 3 mm under the base plane; the cavity would be sealed by a lid there.
    const solid = fieldOf(sphere([0, 0, -5], 22));
    const cavity = fieldOf(sphere([0, 0, -5], 12));
    const myo = composeMyocardium(solid, cavity, grid, rule, solid);
    expect(topology(myo)).toEqual({ components: 1, euler: 2 });
    expect(keepOneHeart(myo, grid)).toBe(0);
  });
  it('keeps a small cavity that ends far under the base open through the top, not a pocket to fill', () => {
    // An end-systolic HCM-like shape: the cavity (r 10 mm, top at z = 8) ends 9 mm under z_c = 17.
    const solid = fieldOf(sphere([0, 0, 5], 26));
    const cavity = fieldOf(sphere([0, 0, -2], 10));
    const myo = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length), {
      exactWall: true,
    });
    expect(keepOneHeart(myo, grid)).toBe(0);
    expect(topology(myo)).toEqual({ components: 1, euler: 2 });
    const enclosed = enclosedInSlices(onGrid(myo));
    let n = 0;
    for (const e of enclosed) n += e;
    const ml = (n * grid.spacing[0] * grid.spacing[1] * grid.spacing[2]) / 1000;
    const ball = ((4 / 3) * Math.PI * 1000) / 1000;
    expect(ml).toBeGreaterThan(0.9 * ball); // the cavity, and a narrow channel above it
    expect(ml).toBeLessThan(ball + 0.8);
  });
  it('leaves one heart unchanged', () => {
    const solid = fieldOf(sphere([0, 0, 5], 26));
    const cavity = fieldOf(sphere([0, 0, 5], 14));
    const myo = composeMyocardium(solid, cavity, grid, rule, solid);
    const before = Float32Array.from(myo);
    expect(keepOneHeart(myo, grid)).toBe(0);
    expect(myo).toEqual(before);
  });
});

describe('composeMyocardium with exactWall', () => {
  // A decoded solid is a distance near its surface only: deeper it levels out around −minWallMm.
  // Here: a sphere of radius 22 mm whose inside values below −3 mm are replaced by a ripple around
  // −3 mm, and a concentric cavity of radius 15 mm (a 7 mm wall).
  const c: Vec3 = [0, 0, 0];
  const ripple = (x: number, y: number, z: number): number => {
    const d = sphere(c, 22)(x, y, z);
    return d < -3 ? -3 + 0.4 * Math.sin(0.9 * x) * Math.sin(0.9 * y) * Math.sin(0.9 * z) : d;
  };
  const solid = fieldOf(ripple);
  const cavity = fieldOf(sphere(c, 15));

  it('keeps the wall whole where the solid is not a distance deep inside (a cup, Euler 2)', () => {
    const exact = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length), {
      exactWall: true,
    });
    expect(topology(exact)).toEqual({ components: 1, euler: 2 });
    // The same wall as from the true distance of the sphere.
    const truth = composeMyocardium(
      fieldOf(sphere(c, 22)),
      cavity,
      grid,
      rule,
      new Float32Array(solid.length),
    );
    expect(dice(onGrid(exact), onGrid(truth))).toBeGreaterThan(0.97);
  });

  it('without it, the rippled depth punches the wall (the defect it removes)', () => {
    const plain = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length));
    expect(topology(plain)).not.toEqual({ components: 1, euler: 2 });
  });
});

describe('composeMyocardium: the opening at the top', () => {
  it('opens one piece of a cavity whose cross-section under the cut is in two (no bridge, χ = 2)', () => {
    // A U-shaped cavity in a sphere: two vertical tubes (x = ±8 mm, radius 4.5) joined low down.
    const tube = (x: number, y: number, z: number): number => {
      const up = Math.min(Math.hypot(x - 8, y) - 4.5, Math.hypot(x + 8.5, y) - 3.5);
      const vertical = Math.max(up, -12 - z);
      const across = Math.max(Math.hypot(y, z + 12) - 4.5, Math.abs(x) - 10);
      return Math.min(vertical, across);
    };
    const solid = fieldOf(sphere([0, 0, 0], 25));
    const cavity = fieldOf(tube);
    const out = composeMyocardium(solid, cavity, grid, rule, new Float32Array(solid.length), {
      exactWall: true,
    });
    expect(topology(out)).toEqual({ components: 1, euler: 2 });
    // The sphere's cross-section halves at z ≈ 17.7 mm (z_cut), so z_c ≈ 14.7: between them the larger
    // tube (x = +8) still opens through the top, the smaller one is closed over.
    const [nx, ny] = grid.dims;
    const at = (x: number, z: number): number => {
      const i = Math.round((x - grid.origin[0]) / grid.spacing[0]);
      const j = Math.round((0 - grid.origin[1]) / grid.spacing[1]);
      const k = Math.round((z - grid.origin[2]) / grid.spacing[2]);
      return out[i + nx * (j + ny * k)] as number;
    };
    expect(at(8, 16.5)).toBeGreaterThan(0);
    expect(at(-8.5, 16.5)).toBeLessThan(0);
  });
});

describe('composeMyocardium with exactWall on a phantom heart (the model grid, base plane 2 mm under its top)', () => {
  it('gives the same myocardium as the solid’s own distance: the cavity stays open at the base', async () => {
    const { sampleLvCohort } = await import('../anatomy/lvPopulation');
    const { lvSolidFields } = await import('../anatomy/lvPhantom');
    const g = lvGrid();
    for (const s of sampleLvCohort(3, 2)) {
      for (const phase of ['ED', 'ES'] as const) {
        const f = lvSolidFields(s.params, phase, g);
        const plain = composeMyocardium(
          f.solid,
          f.cavity,
          g,
          LV_COMPOSITION,
          new Float32Array(f.solid.length),
        );
        const exact = composeMyocardium(
          f.solid,
          f.cavity,
          g,
          LV_COMPOSITION,
          new Float32Array(f.solid.length),
          {
            exactWall: true,
          },
        );
        keepOneHeart(plain, g);
        keepOneHeart(exact, g);
        expect(dice({ ...g, data: plain }, { ...g, data: exact })).toBeGreaterThan(0.97);
      }
    }
  });
});
