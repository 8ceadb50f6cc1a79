import { describe, expect, it } from 'vitest';
import { PointGrid } from './pointGrid';

describe('PointGrid', () => {
  it('finds the nearest point of each label as a scan does, for queries inside and outside the grid', () => {
    let s = 7;
    const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
    const n = 400;
    const positions = new Float32Array(3 * n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      positions[3 * i] = rnd() * 40;
      positions[3 * i + 1] = rnd() * 30;
      positions[3 * i + 2] = rnd() * 20;
      labels[i] = rnd() < 0.3 ? 1 : 0;
    }
    const ids = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i); // every other point is indexed
    const grid = new PointGrid(positions, ids, labels, 2.5);
    expect(grid.size).toBe(n / 2);
    const out = new Float64Array(2);
    for (let q = 0; q < 300; q++) {
      const x = rnd() * 60 - 10;
      const y = rnd() * 50 - 10;
      const z = rnd() * 40 - 10;
      const best = [Infinity, Infinity];
      for (const i of ids) {
        const d =
          (positions[3 * i]! - x) ** 2 + (positions[3 * i + 1]! - y) ** 2 + (positions[3 * i + 2]! - z) ** 2;
        best[labels[i]!] = Math.min(best[labels[i]!]!, d);
      }
      grid.nearestSquaredByLabel(x, y, z, out);
      const near = best[0]! < best[1]! ? 0 : 1;
      expect(out[near]).toBeCloseTo(best[near]!, 6);
      // The farther label is exact or reported no nearer than the nearer one.
      expect(out[1 - near]!).toBeGreaterThanOrEqual(best[near]!);
      expect(out[1 - near]!).toBeGreaterThanOrEqual(best[1 - near]! - 1e-6);
    }
  });

  it('reports Infinity for an empty set and rejects a cell size of 0', () => {
    const out = new Float64Array(2);
    new PointGrid(new Float32Array(3), new Int32Array(0), new Uint8Array(1), 1).nearestSquaredByLabel(
      0,
      0,
      0,
      out,
    );
    expect(Array.from(out)).toEqual([Infinity, Infinity]);
    expect(() => new PointGrid(new Float32Array(3), new Int32Array(1), new Uint8Array(1), 0)).toThrow(
      /cell size must be > 0 mm; got 0/,
    );
  });
});
