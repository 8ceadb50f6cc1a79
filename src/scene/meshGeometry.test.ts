import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import type { MeshPayload } from '../pipeline/protocol';
import { buildGeometry, colorsFor, fitsGeometry, robustRange, updateGeometry } from './meshGeometry';

/** A strip of `n` triangles along x with a scalar equal to the vertex's x (mm). */
function strip(n: number, z = 0): MeshPayload {
  const nv = n + 2;
  const positions = new Float32Array(nv * 3);
  const normals = new Float32Array(nv * 3);
  const scalar = new Float32Array(nv);
  for (let i = 0; i < nv; i++) {
    positions.set([i, i % 2, z], i * 3);
    normals.set([0, 0, 1], i * 3);
    scalar[i] = i;
  }
  const indices = new Uint32Array(n * 3);
  for (let t = 0; t < n; t++) indices.set([t, t + 1, t + 2], t * 3);
  return { positions, normals, indices, scalar };
}

const thickness = { by: 'thickness', loMm: 0, hiMm: 10 } as const;

describe('buildGeometry / updateGeometry', () => {
  it('copies the mesh and limits drawing to it, with headroom for larger meshes', () => {
    const m = strip(10);
    const g = buildGeometry(m, thickness);
    const pos = g.getAttribute('position') as THREE.BufferAttribute;
    expect(pos.array.length).toBeGreaterThan(m.positions.length);
    expect(Array.from(pos.array.slice(0, m.positions.length))).toEqual(Array.from(m.positions));
    expect(g.drawRange).toEqual({ start: 0, count: 30 });
    expect(Array.from(g.getIndex()?.array.slice(0, 30) ?? [])).toEqual(Array.from(m.indices));
    // Box x 0..11, y 0..1 → centre (5.5, 0.5, 0); farthest vertex at distance √(5.5² + 0.5²).
    expect(g.boundingSphere?.center.toArray()).toEqual([5.5, 0.5, 0]);
    expect(g.boundingSphere?.radius).toBeCloseTo(Math.hypot(5.5, 0.5), 5);
  });

  it('reuses the same buffers for a mesh that fits and uploads only its range', () => {
    const g = buildGeometry(strip(10), thickness);
    const pos = g.getAttribute('position') as THREE.BufferAttribute;
    const index = g.getIndex();
    const versionBefore = pos.version;
    const smaller = strip(6, 2);
    expect(fitsGeometry(g, smaller)).toBe(true);
    updateGeometry(g, smaller, thickness);
    expect(g.getAttribute('position')).toBe(pos);
    expect(g.getIndex()).toBe(index);
    expect(pos.version).toBe(versionBefore + 1);
    expect(pos.updateRanges).toEqual([{ start: 0, count: smaller.positions.length }]);
    expect(g.drawRange.count).toBe(18);
    expect(pos.array[2]).toBe(2);
    expect(g.boundingSphere?.center.z).toBe(2);
  });

  it('says when a mesh does not fit, and refuses to write it', () => {
    const g = buildGeometry(strip(10), thickness);
    const larger = strip(40);
    expect(fitsGeometry(g, larger)).toBe(false);
    expect(() => updateGeometry(g, larger, thickness)).toThrow(RangeError);
    expect(fitsGeometry(new THREE.BufferGeometry(), strip(1))).toBe(false);
  });
});

describe('colorsFor', () => {
  it('gives the same linear colours as three.js sRGB conversion of the colour-map bytes', () => {
    const m = strip(10);
    const c = colorsFor(m, thickness);
    const expected = new THREE.Color();
    // Vertex 0: thickness 0 mm = the bottom of viridis (68, 1, 84).
    expected.setRGB(68 / 255, 1 / 255, 84 / 255, THREE.SRGBColorSpace);
    expect(c[0]).toBeCloseTo(expected.r, 6);
    expect(c[1]).toBeCloseTo(expected.g, 6);
    expect(c[2]).toBeCloseTo(expected.b, 6);
  });
});

describe('robustRange', () => {
  it('gives the 2nd and 98th percentiles of the finite values', () => {
    const v = Float32Array.from({ length: 101 }, (_, i) => i);
    expect(robustRange(v)).toEqual([2, 98]);
    const withBad = Float32Array.from([...v, NaN, Infinity, -Infinity]);
    expect(robustRange(withBad)).toEqual([2, 98]);
  });

  it('falls back to [0, 1] without finite values and widens a flat range', () => {
    expect(robustRange(Float32Array.from([NaN, NaN]))).toEqual([0, 1]);
    expect(robustRange(Float32Array.from([3, 3, 3]))).toEqual([3, 4]);
  });
});
