import { describe, expect, it } from 'vitest';
import { indexedBounds } from './bounds';

describe('indexedBounds', () => {
  it('bounds only the points named in the range', () => {
    const xyz = Float32Array.from([0, 0, 0, 5, -2, 1, -3, 4, 9, 100, 100, 100]);
    const out = indexedBounds(xyz, Int32Array.from([3, 1, 2, 0]), 1, 3, new Float64Array(6));
    expect(Array.from(out)).toEqual([-3, -2, 1, 5, 4, 9]);
  });
  it('an empty range gives inverted infinite bounds', () => {
    const out = indexedBounds(new Float32Array(3), Int32Array.from([0]), 0, 0, new Float64Array(6));
    expect(Array.from(out)).toEqual([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  });
});
