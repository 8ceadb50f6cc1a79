import { describe, expect, it } from 'vitest';
import { ellipsoidField, gridCenter, sampleField, shellField, sphereField } from './fields';
import { isoSurfaceVolume, marchingCubes } from './marchingCubes';
import { MC_TABLE } from './marchingCubesTable';
import { connectedComponents, eulerCharacteristic, isWatertight, meshArea, meshVolume } from './meshTopology';
import type { Mesh, Vec3, Volume } from './types';

const SPACINGS: Vec3[] = [
  [1, 1, 1],
  [0.7, 0.7, 0.7],
  [1, 1, 2.5],
  [0.8, 1.3, 1.1],
];

/** Grid of about `extentMm` per side at `spacing`. */
function dimsFor(extentMm: number, spacing: Vec3): Vec3 {
  return [
    Math.ceil(extentMm / spacing[0]),
    Math.ceil(extentMm / spacing[1]),
    Math.ceil(extentMm / spacing[2]),
  ];
}

/** Number of grid edges (virtual outside padding included) whose ends differ in sign. */
function cutEdgeCount(vol: Volume, iso = 0): number {
  const [nx, ny, nz] = vol.dims;
  const inside = (i: number, j: number, k: number): boolean =>
    i >= 0 &&
    j >= 0 &&
    k >= 0 &&
    i < nx &&
    j < ny &&
    k < nz &&
    (vol.data[i + nx * (j + ny * k)] as number) < iso;
  let n = 0;
  for (let k = -1; k <= nz; k++)
    for (let j = -1; j <= ny; j++)
      for (let i = -1; i <= nx; i++) {
        const a = inside(i, j, k);
        if (a !== inside(i + 1, j, k)) n++;
        if (a !== inside(i, j + 1, k)) n++;
        if (a !== inside(i, j, k + 1)) n++;
      }
  return n;
}

function expectClosed(mesh: Mesh, components: number): void {
  expect(isWatertight(mesh)).toBe(true);
  expect(connectedComponents(mesh)).toBe(components);
  expect(eulerCharacteristic(mesh)).toBe(2 * components);
}

describe('marching-cubes case table', () => {
  it('covers 256 cases, empty only for all-out and all-in, at most 5 triangles and 4 loops', () => {
    for (let c = 0; c < 256; c++) {
      const tris = ((MC_TABLE.triOffsets[c + 1] as number) - (MC_TABLE.triOffsets[c] as number)) / 3;
      expect(tris === 0).toBe(c === 0 || c === 255);
      expect(tris).toBeLessThanOrEqual(5);
      expect(MC_TABLE.loopCount[c]).toBeLessThanOrEqual(4);
    }
    // A single inside corner is cut off by one triangle on its three edges.
    expect([...MC_TABLE.triEdges.subarray(MC_TABLE.triOffsets[1], MC_TABLE.triOffsets[2])].sort()).toEqual([
      0, 4, 8,
    ]);
  });

  it('gives complementary cases the same cut edges', () => {
    for (let c = 0; c < 256; c++) {
      const cut = (k: number): number[] => [
        ...MC_TABLE.cutEdges.subarray(MC_TABLE.cutOffsets[k], MC_TABLE.cutOffsets[k + 1]),
      ];
      expect(cut(c)).toEqual(cut(255 - c));
    }
  });
});

describe('marchingCubes', () => {
  it.each(SPACINGS)(
    'sphere r = 15 mm at spacing %s × %s × %s: closed, χ = 2, volume within 1 percent',
    (...s) => {
      const spacing: Vec3 = [s[0], s[1], s[2]];
      const dims = dimsFor(40, spacing);
      const r = 15;
      const mesh = marchingCubes(sphereField(dims, spacing, gridCenter(dims, spacing), r));
      expectClosed(mesh, 1);
      const v = (4 / 3) * Math.PI * r ** 3;
      expect(Math.abs(meshVolume(mesh) / v - 1)).toBeLessThan(0.01);
      expect(Math.abs(meshArea(mesh) / (4 * Math.PI * r * r) - 1)).toBeLessThan(0.03);
    },
  );

  it.each(SPACINGS)(
    'ellipsoid 16 × 11 × 13 mm at spacing %s × %s × %s: closed, volume within 1 percent',
    (...s) => {
      const spacing: Vec3 = [s[0], s[1], s[2]];
      const dims = dimsFor(40, spacing);
      const radii: Vec3 = [16, 11, 13];
      const mesh = marchingCubes(ellipsoidField(dims, spacing, gridCenter(dims, spacing), radii));
      expectClosed(mesh, 1);
      expect(Math.abs(meshVolume(mesh) / ((4 / 3) * Math.PI * 16 * 11 * 13) - 1)).toBeLessThan(0.01);
    },
  );

  it.each(SPACINGS)(
    'shell 10–16 mm at spacing %s × %s × %s: two surfaces, χ = 4, volume within 1 percent',
    (...s) => {
      const spacing: Vec3 = [s[0], s[1], s[2]];
      const dims = dimsFor(40, spacing);
      const mesh = marchingCubes(shellField(dims, spacing, gridCenter(dims, spacing), 10, 16));
      expectClosed(mesh, 2);
      const v = (4 / 3) * Math.PI * (16 ** 3 - 10 ** 3);
      expect(Math.abs(meshVolume(mesh) / v - 1)).toBeLessThan(0.01);
    },
  );

  it('makes exactly one vertex per cut grid edge, with unit outward normals', () => {
    const spacing: Vec3 = [1, 1, 2.5];
    const dims: Vec3 = [30, 30, 12];
    const c = gridCenter(dims, spacing);
    const vol = sphereField(dims, spacing, c, 11);
    const mesh = marchingCubes(vol);
    expect(mesh.positions.length / 3).toBe(cutEdgeCount(vol));
    for (let v = 0; v < mesh.positions.length / 3; v++) {
      const n = [mesh.normals[3 * v], mesh.normals[3 * v + 1], mesh.normals[3 * v + 2]] as Vec3;
      const d = [0, 1, 2].map((a) => (mesh.positions[3 * v + a] as number) - c[a]!) as Vec3;
      const len = Math.hypot(...d);
      expect(Math.hypot(...n)).toBeCloseTo(1, 5);
      expect((n[0] * d[0] + n[1] * d[1] + n[2] * d[2]) / len).toBeGreaterThan(0.97);
      expect(Math.abs(len - 11)).toBeLessThan(0.1);
    }
  });

  it('triangles are counter-clockwise seen from outside (face normals agree with vertex normals)', () => {
    const dims: Vec3 = [24, 24, 24];
    const mesh = marchingCubes(sphereField(dims, [1, 1, 1], gridCenter(dims, [1, 1, 1]), 8));
    let agree = 0;
    const p = mesh.positions;
    const t = mesh.indices;
    for (let f = 0; f < t.length; f += 3) {
      const [a, b, c] = [3 * t[f]!, 3 * t[f + 1]!, 3 * t[f + 2]!];
      const u = [p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!];
      const w = [p[c]! - p[a]!, p[c + 1]! - p[a + 1]!, p[c + 2]! - p[a + 2]!];
      const fn = [
        u[1]! * w[2]! - u[2]! * w[1]!,
        u[2]! * w[0]! - u[0]! * w[2]!,
        u[0]! * w[1]! - u[1]! * w[0]!,
      ];
      const vn = [mesh.normals[a]!, mesh.normals[a + 1]!, mesh.normals[a + 2]!];
      if (fn[0]! * vn[0]! + fn[1]! * vn[1]! + fn[2]! * vn[2]! > 0) agree++;
    }
    expect(agree).toBe(t.length / 3);
  });

  it('closes objects that touch or cross the grid border', () => {
    const dims: Vec3 = [20, 20, 20];
    // Sphere centred on voxel 0: only an octant is in the grid, capped at the grid boundary.
    const mesh = marchingCubes(sphereField(dims, [1, 1, 1], [0, 0, 0], 12));
    expectClosed(mesh, 1);
    // Caps sit half a voxel beyond the outer voxel centres: the octant of a sphere of radius 12,
    // shifted by 0.5 mm on each cut axis, is within 3% of (12.5)³·π/6 plus the slabs.
    const v = meshVolume(mesh);
    expect(v).toBeGreaterThan((Math.PI / 6) * 12 ** 3);
    expect(v).toBeLessThan((Math.PI / 6) * 13 ** 3);
    // A field negative everywhere gives the grid's box (half a voxel beyond the outer centres) with
    // edges chamfered by the corner cubes: 5 × 12 × 21 mm³ less at most (s_a·s_b / 8)·length per edge.
    const full = marchingCubes(sampleField([5, 6, 7], [1, 2, 3], () => -1));
    expectClosed(full, 1);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    full.positions.forEach((x, i) => {
      lo[i % 3] = Math.min(lo[i % 3]!, x);
      hi[i % 3] = Math.max(hi[i % 3]!, x);
    });
    expect(lo).toEqual([-0.5, -1, -1.5]);
    expect(hi).toEqual([4.5, 11, 19.5]);
    const chamfer = 4 * ((2 * 3) / 8) * 5 + 4 * ((1 * 3) / 8) * 12 + 4 * ((1 * 2) / 8) * 21;
    expect(meshVolume(full)).toBeGreaterThanOrEqual(5 * 12 * 21 - chamfer - 1e-6);
    expect(meshVolume(full)).toBeLessThan(5 * 12 * 21);
  });

  it('is watertight and consistently oriented on a random field (all ambiguous cases)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const vol = sampleField([17, 15, 13], [1, 1, 1], () => rand() - 0.5);
    const mesh = marchingCubes(vol);
    expect(isWatertight(mesh)).toBe(true);
    expect(mesh.positions.length / 3).toBe(cutEdgeCount(vol));
    expect(meshVolume(mesh)).toBeGreaterThan(0);
  });

  it('handles a torus (χ = 0) and a non-zero iso level', () => {
    const dims: Vec3 = [80, 80, 40];
    const c = gridCenter(dims, [0.5, 0.5, 0.5]);
    const torus = sampleField(dims, [0.5, 0.5, 0.5], (x, y, z) => {
      const q = Math.hypot(x - c[0], y - c[1]) - 12;
      return Math.hypot(q, z - c[2]) - 4;
    });
    const mesh = marchingCubes(torus);
    expect(isWatertight(mesh)).toBe(true);
    expect(eulerCharacteristic(mesh)).toBe(0);
    expect(Math.abs(meshVolume(mesh) / (2 * Math.PI ** 2 * 12 * 16) - 1)).toBeLessThan(0.01);
    // iso = 2 on a sphere of radius 8 is the sphere of radius 10.
    const sphere = marchingCubes(
      sphereField([30, 30, 30], [1, 1, 1], gridCenter([30, 30, 30], [1, 1, 1]), 8),
      2,
    );
    expect(Math.abs(meshVolume(sphere) / ((4 / 3) * Math.PI * 1000) - 1)).toBeLessThan(0.01);
  });

  it('returns an empty mesh when nothing is inside', () => {
    const mesh = marchingCubes(sampleField([4, 4, 4], [1, 1, 1], () => 1));
    expect(mesh.positions.length).toBe(0);
    expect(mesh.indices.length).toBe(0);
  });
});

describe('isoSurfaceVolume', () => {
  it.each(SPACINGS)(
    'equals meshVolume(marchingCubes) bit for bit at %s × %s × %s (sphere, shell, border-cut ellipsoid, iso ≠ 0)',
    (...s) => {
      const spacing: Vec3 = [s[0], s[1], s[2]];
      const dims: Vec3 = [Math.ceil(40 / s[0]), Math.ceil(40 / s[1]), Math.ceil(40 / s[2])];
      const c = gridCenter(dims, spacing);
      const fields: [Volume, number][] = [
        [sphereField(dims, spacing, c, 12), 0],
        [shellField(dims, spacing, c, 8, 14), 0],
        // Larger than the grid along x: closed by the virtual outside border.
        [ellipsoidField(dims, spacing, c, [30, 12, 9]), 0],
        [sphereField(dims, spacing, c, 12), -2.5],
      ];
      for (const [f, iso] of fields) {
        expect(isoSurfaceVolume(f, iso)).toBe(meshVolume(marchingCubes(f, iso)));
      }
      const r = 12 - 2.5;
      expect(Math.abs(isoSurfaceVolume(fields[3]![0], -2.5) / ((4 / 3) * Math.PI * r ** 3) - 1)).toBeLessThan(
        0.02,
      );
    },
  );

  it('is 0 for an empty field', () => {
    expect(isoSurfaceVolume(sampleField([8, 8, 8], [1, 1, 1], () => 1))).toBe(0);
  });
});
