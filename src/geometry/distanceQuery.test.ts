import { describe, expect, it } from 'vitest';
import { createSurfaceDistance, pointTriangleDistanceSquared, SurfaceDistance } from './distanceQuery';
import { gridCenter, sphereField } from './fields';
import { marchingCubes } from './marchingCubes';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('point-to-triangle distance', () => {
  it('matches closed forms in each Voronoi region', () => {
    const t = [0, 0, 0, 2, 0, 0, 0, 2, 0] as const;
    const d2 = (x: number, y: number, z: number): number => pointTriangleDistanceSquared(x, y, z, ...t);
    expect(d2(0.5, 0.5, 3)).toBeCloseTo(9, 12); // face
    expect(d2(-1, -1, 0)).toBeCloseTo(2, 12); // vertex a
    expect(d2(3, -1, 0)).toBeCloseTo(2, 12); // vertex b
    expect(d2(1, -2, 0)).toBeCloseTo(4, 12); // edge ab
    expect(d2(2, 2, 0)).toBeCloseTo(2, 12); // edge bc: distance √2
  });
});

describe('SurfaceDistance', () => {
  const dims: [number, number, number] = [32, 32, 32];
  const c = gridCenter(dims, [1, 1, 1]);
  const mesh = marchingCubes(sphereField(dims, [1, 1, 1], c, 10));

  it('agrees with brute force on random points inside, outside and far away', () => {
    const sd = new SurfaceDistance(mesh.positions, mesh.indices);
    const rand = lcg(7);
    const P = mesh.positions;
    const T = mesh.indices;
    for (let q = 0; q < 150; q++) {
      const scale = q < 100 ? 30 : 300;
      const x = c[0] + (rand() - 0.5) * scale;
      const y = c[1] + (rand() - 0.5) * scale;
      const z = c[2] + (rand() - 0.5) * scale;
      let best = Infinity;
      for (let t = 0; t < T.length; t += 3) {
        const [a, b, d] = [3 * T[t]!, 3 * T[t + 1]!, 3 * T[t + 2]!];
        best = Math.min(
          best,
          pointTriangleDistanceSquared(
            x,
            y,
            z,
            P[a]!,
            P[a + 1]!,
            P[a + 2]!,
            P[b]!,
            P[b + 1]!,
            P[b + 2]!,
            P[d]!,
            P[d + 1]!,
            P[d + 2]!,
          ),
        );
      }
      expect(sd.distanceSquared(x, y, z)).toBeCloseTo(best, 6);
    }
  });

  it('approximates the distance to the analytic sphere and handles points as degenerate triangles', () => {
    const dist = createSurfaceDistance(mesh.positions, mesh.indices);
    expect(dist(c[0], c[1], c[2])).toBeGreaterThan(9.8);
    expect(dist(c[0], c[1], c[2])).toBeLessThanOrEqual(10.01);
    expect(dist(c[0] + 25, c[1], c[2])).toBeCloseTo(15, 1);
    const pts = new Float32Array([0, 0, 0, 3, 4, 0]);
    const cloud = new SurfaceDistance(pts, new Uint32Array([0, 0, 0, 1, 1, 1]));
    expect(cloud.distance(3, 4, 12)).toBeCloseTo(12, 10);
    expect(cloud.distance(-1, 0, 0)).toBeCloseTo(1, 10);
    expect(new SurfaceDistance(pts, new Uint32Array(0)).distance(0, 0, 0)).toBe(Infinity);
  });
});
