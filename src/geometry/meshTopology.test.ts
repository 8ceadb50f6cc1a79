import { describe, expect, it } from 'vitest';
import {
  connectedComponents,
  eulerCharacteristic,
  isWatertight,
  meshArea,
  meshVolume,
  triangleComponents,
} from './meshTopology';

/** Unit cube [0,1]³ as 12 triangles, counter-clockwise from outside. */
function unitCube(offset = 0): { positions: Float32Array; indices: Uint32Array } {
  const positions = new Float32Array(24);
  for (let c = 0; c < 8; c++) {
    positions[3 * c] = (c & 1) + offset;
    positions[3 * c + 1] = (c >> 1) & 1;
    positions[3 * c + 2] = (c >> 2) & 1;
  }
  // Faces as quads (CCW from outside), split into two triangles each.
  const quads = [
    [0, 4, 6, 2],
    [1, 3, 7, 5],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 2, 3, 1],
    [4, 5, 7, 6],
  ];
  const indices = new Uint32Array(quads.flatMap(([a, b, c, d]) => [a!, b!, c!, a!, c!, d!]));
  return { positions, indices };
}

describe('mesh topology', () => {
  it('unit cube: watertight, χ = 2, one component, volume 1, area 6', () => {
    const cube = unitCube();
    expect(isWatertight(cube)).toBe(true);
    expect(eulerCharacteristic(cube)).toBe(2);
    expect(connectedComponents(cube)).toBe(1);
    expect(meshVolume(cube)).toBeCloseTo(1, 12);
    expect(meshArea(cube)).toBeCloseTo(6, 12);
  });

  it('reversed orientation gives negative volume and stays watertight', () => {
    const cube = unitCube();
    const flipped = { positions: cube.positions, indices: cube.indices.slice() };
    for (let t = 0; t < flipped.indices.length; t += 3) {
      const a = flipped.indices[t + 1]!;
      flipped.indices[t + 1] = flipped.indices[t + 2]!;
      flipped.indices[t + 2] = a;
    }
    expect(isWatertight(flipped)).toBe(true);
    expect(meshVolume(flipped)).toBeCloseTo(-1, 12);
  });

  it('detects holes, inconsistent orientation and non-manifold edges', () => {
    const cube = unitCube();
    const holed = { positions: cube.positions, indices: cube.indices.slice(3) };
    expect(isWatertight(holed)).toBe(false);
    expect(eulerCharacteristic(holed)).toBe(1);
    const oneFlipped = { positions: cube.positions, indices: cube.indices.slice() };
    oneFlipped.indices[1] = cube.indices[2]!;
    oneFlipped.indices[2] = cube.indices[1]!;
    expect(isWatertight(oneFlipped)).toBe(false);
    const doubled = {
      positions: cube.positions,
      indices: new Uint32Array([...cube.indices, ...cube.indices]),
    };
    expect(isWatertight(doubled)).toBe(false);
  });

  it('counts components of disjoint cubes', () => {
    const a = unitCube();
    const b = unitCube(3);
    const positions = new Float32Array([...a.positions, ...b.positions]);
    const indices = new Uint32Array([...a.indices, ...b.indices.map((i) => i + 8)]);
    const both = { positions, indices };
    expect(connectedComponents(both)).toBe(2);
    expect(eulerCharacteristic(both)).toBe(4);
    expect(meshVolume(both)).toBeCloseTo(2, 10);
    const { labels, count } = triangleComponents(both);
    expect(count).toBe(2);
    expect(labels[0]).not.toBe(labels[12]);
  });
});
