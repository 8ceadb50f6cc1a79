import { describe, expect, it } from 'vitest';
import { gridCenter, shellField } from './fields';
import { cupShape } from './lvTestShapes';
import { marchingCubes } from './marchingCubes';
import type { Vec3 } from './types';
import { lvWallThickness, maxWallThickness } from './wallThickness';

const SPACINGS: Vec3[] = [
  [1, 1, 1],
  [1.6, 1.6, 1.6],
  [1, 1, 2.5],
];

describe('lvWallThickness', () => {
  it.each(SPACINGS)('closed shell 15–22 mm at %s × %s × %s: 7 mm everywhere within half a voxel', (...s) => {
    const spacing: Vec3 = [s[0], s[1], s[2]];
    const dims: Vec3 = [Math.ceil(56 / s[0]), Math.ceil(56 / s[1]), Math.ceil(56 / s[2])];
    const c = gridCenter(dims, spacing);
    const field = shellField(dims, spacing, c, 15, 22);
    const mesh = marchingCubes(field);
    const { thickness, isEndo } = lvWallThickness(mesh, field);
    const halfVoxel = Math.min(...spacing) / 2;
    for (let v = 0; v < thickness.length; v++) {
      const r = Math.hypot(
        mesh.positions[3 * v]! - c[0],
        mesh.positions[3 * v + 1]! - c[1],
        mesh.positions[3 * v + 2]! - c[2],
      );
      expect(isEndo[v]).toBe(r < 18.5 ? 1 : 0);
      expect(Math.abs(thickness[v]! - 7)).toBeLessThan(halfVoxel);
    }
    expect(Math.abs(maxWallThickness({ thickness, isEndo }) - 7)).toBeLessThan(halfVoxel);
  });

  it.each(SPACINGS)('cup at %s × %s × %s: 7 mm away from the rim, rim split between the classes', (...s) => {
    const spacing: Vec3 = [s[0], s[1], s[2]];
    const dims: Vec3 = [Math.ceil(64 / s[0]), Math.ceil(64 / s[1]), Math.ceil(64 / s[2])];
    const cup = cupShape(dims, spacing, 18, 25, 8);
    const c = gridCenter(dims, spacing);
    const mesh = marchingCubes(cup.field);
    const wt = lvWallThickness(mesh, cup.field);
    const halfVoxel = Math.min(...spacing) / 2;
    let rimEndo = 0;
    let rimEpi = 0;
    for (let v = 0; v < wt.thickness.length; v++) {
      const z = mesh.positions[3 * v + 2]!;
      const r = Math.hypot(mesh.positions[3 * v]! - c[0], mesh.positions[3 * v + 1]! - c[1], z - c[2]);
      if (z > cup.zCutMm - 1e-3) {
        // Flat top: inner half joins the endocardium, outer half the epicardium.
        if (wt.isEndo[v]) rimEndo++;
        else rimEpi++;
        const rxy = Math.hypot(mesh.positions[3 * v]! - c[0], mesh.positions[3 * v + 1]! - c[1]);
        const innerXY = Math.sqrt(18 ** 2 - (cup.zCutMm - c[2]) ** 2);
        const outerXY = Math.sqrt(25 ** 2 - (cup.zCutMm - c[2]) ** 2);
        if (rxy < innerXY + 0.3 * (outerXY - innerXY)) expect(wt.isEndo[v]).toBe(1);
        if (rxy > innerXY + 0.7 * (outerXY - innerXY)) expect(wt.isEndo[v]).toBe(0);
        continue;
      }
      expect(wt.isEndo[v]).toBe(r < 21.5 ? 1 : 0);
      if (z < cup.zCutMm - 8) expect(Math.abs(wt.thickness[v]! - 7)).toBeLessThan(halfVoxel);
    }
    expect(rimEndo).toBeGreaterThan(0);
    expect(rimEpi).toBeGreaterThan(0);
    expect(Math.abs(maxWallThickness(wt) - 7)).toBeLessThan(halfVoxel);
  });

  it("method 'exact' (hierarchy) and the default walk agree on a cup; an unknown method is rejected", () => {
    const cup = cupShape([45, 45, 45], [1.6, 1.6, 1.6], 18, 25, 8);
    const mesh = marchingCubes(cup.field);
    const walk = lvWallThickness(mesh, cup.field);
    const exact = lvWallThickness(mesh, cup.field, { method: 'exact' });
    expect(Array.from(walk.isEndo)).toEqual(Array.from(exact.isEndo));
    let sum = 0;
    for (let v = 0; v < walk.thickness.length; v++) {
      const d = walk.thickness[v]! - exact.thickness[v]!;
      expect(d).toBeGreaterThan(-1e-4); // the walk ends on the surface: never below the exact distance
      expect(d).toBeLessThan(0.5); // near-equal minima along the staircase class border at the rim
      sum += d;
    }
    expect(sum / walk.thickness.length).toBeLessThan(0.002);
    expect(() => lvWallThickness(mesh, cup.field, { method: 'bvh' as 'exact' })).toThrow(
      /method must be 'walk' or 'exact'; got 'bvh'/,
    );
  });
});
