import { describe, expect, it } from 'vitest';
import type { Mesh } from '../geometry/types.ts';
import { UserInputError } from './errors.ts';
import { meshToObj, meshToPly, meshToStl } from './meshExport.ts';
import { parseObj, parsePly, parseStl } from '../../test/fixtures/parseMesh.ts';

/** Unit cube [0,1]³ scaled by `s`, 8 shared vertices, 12 outward CCW triangles, corner normals. */
function cube(s = 2): Mesh {
  const positions = new Float32Array(24);
  const normals = new Float32Array(24);
  for (let v = 0; v < 8; v++) {
    const x = v & 1;
    const y = (v >> 1) & 1;
    const z = (v >> 2) & 1;
    positions.set([x * s, y * s, z * s], 3 * v);
    const n = [x - 0.5, y - 0.5, z - 0.5].map((c) => c / Math.sqrt(0.75));
    normals.set(n, 3 * v);
  }
  // prettier-ignore
  const indices = new Uint32Array([
    0, 2, 3, 0, 3, 1, // z = 0 (−z)
    4, 5, 7, 4, 7, 6, // z = 1 (+z)
    0, 1, 5, 0, 5, 4, // y = 0 (−y)
    2, 6, 7, 2, 7, 3, // y = 1 (+y)
    0, 4, 6, 0, 6, 2, // x = 0 (−x)
    1, 3, 7, 1, 7, 5, // x = 1 (+x)
  ]);
  return { positions, normals, indices };
}

/** Volume enclosed by a closed triangle mesh (divergence theorem). */
function signedVolume(tris: number[][][]): number {
  let vol = 0;
  for (const [a, b, c] of tris) {
    const [ax = 0, ay = 0, az = 0] = a ?? [];
    const [bx = 0, by = 0, bz = 0] = b ?? [];
    const [cx = 0, cy = 0, cz = 0] = c ?? [];
    vol += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
  }
  return vol;
}

describe('meshToPly', () => {
  const mesh = cube();
  const colors = new Uint8Array(24).map((_, i) => (i * 37) % 256);
  const thickness = new Float32Array(8).map((_, i) => 1.5 + i * 0.25);

  for (const binary of [true, false]) {
    it(`${binary ? 'binary' : 'ascii'}: counts, positions, normals, colours and a scalar survive`, () => {
      const ply = parsePly(
        meshToPly(mesh, { colors, scalars: { name: 'thickness', values: thickness }, binary }),
      );
      expect(ply.format).toBe(binary ? 'binary_little_endian' : 'ascii');
      expect(ply.vertexCount).toBe(8);
      expect(ply.faceCount).toBe(12);
      expect(ply.vertexProps).toEqual(['x', 'y', 'z', 'nx', 'ny', 'nz', 'red', 'green', 'blue', 'thickness']);
      for (let v = 0; v < 8; v++) {
        expect(ply.vertex.x![v]).toBe(mesh.positions[3 * v]);
        expect(ply.vertex.z![v]).toBe(mesh.positions[3 * v + 2]);
        expect(ply.vertex.ny![v]).toBeCloseTo(mesh.normals[3 * v + 1]!, 6);
        expect([ply.vertex.red![v], ply.vertex.green![v], ply.vertex.blue![v]]).toEqual(
          Array.from(colors.subarray(3 * v, 3 * v + 3)),
        );
        expect(ply.vertex.thickness![v]).toBeCloseTo(thickness[v]!, 6);
      }
      expect(ply.faces.flat()).toEqual(Array.from(mesh.indices));
    });
  }

  for (const binary of [true, false]) {
    it(`${binary ? 'binary' : 'ascii'}: an integer label per vertex (uchar) follows the scalar`, () => {
      const labels = Uint8Array.from([1, 2, 3, 4, 5, 9, 10, 255]);
      const ply = parsePly(
        meshToPly(mesh, {
          scalars: { name: 'uncertainty_mm', values: thickness },
          labels: { name: 'bone_label', values: labels },
          binary,
        }),
      );
      expect(ply.vertexProps).toEqual(['x', 'y', 'z', 'nx', 'ny', 'nz', 'uncertainty_mm', 'bone_label']);
      expect(Array.from(ply.vertex.bone_label ?? [])).toEqual(Array.from(labels));
      expect(ply.vertex.uncertainty_mm![7]).toBeCloseTo(thickness[7]!, 6);
      expect(ply.faces.flat()).toEqual(Array.from(mesh.indices));
    });
  }

  it('rejects labels of the wrong length or name', () => {
    expect(() => meshToPly(mesh, { labels: { name: 'bone_label', values: new Uint8Array(3) } })).toThrow(
      /expected 8 values, got 3/,
    );
    expect(() => meshToPly(mesh, { labels: { name: 'bone label', values: new Uint8Array(8) } })).toThrow(
      UserInputError,
    );
  });

  it('without colours or scalars writes only positions and normals', () => {
    const ply = parsePly(meshToPly(mesh));
    expect(ply.vertexProps).toEqual(['x', 'y', 'z', 'nx', 'ny', 'nz']);
    expect(ply.faces).toHaveLength(12);
  });

  it('rejects colour and scalar arrays of the wrong length', () => {
    expect(() => meshToPly(mesh, { colors: new Uint8Array(5) })).toThrow(/expected 24 bytes/);
    expect(() => meshToPly(mesh, { scalars: { name: 't', values: new Float32Array(3) } })).toThrow(
      UserInputError,
    );
    expect(() => meshToPly(mesh, { scalars: { name: 'bad name', values: thickness } })).toThrow(
      /plain identifier/,
    );
  });
});

describe('meshToObj', () => {
  it('writes v, vn and 1-based v//vn faces', () => {
    const mesh = cube(3);
    const text = meshToObj(mesh);
    expect(text).toMatch(/^f 1\/\/1 3\/\/3 4\/\/4$/m);
    const obj = parseObj(text);
    expect(obj.v).toHaveLength(8);
    expect(obj.vn).toHaveLength(8);
    expect(obj.f).toHaveLength(12);
    expect(obj.v[7]).toEqual([3, 3, 3]);
    expect(obj.f.flatMap((f) => f.v)).toEqual(Array.from(mesh.indices));
    expect(obj.f.every((f) => f.v.join() === f.vn.join())).toBe(true);
    const tris = obj.f.map((f) => f.v.map((i) => obj.v[i] ?? []));
    expect(signedVolume(tris)).toBeCloseTo(27, 6);
  });
});

describe('meshToStl', () => {
  it('writes one facet per triangle with outward unit normals', () => {
    const stl = parseStl(meshToStl(cube(2), 'solid cube'));
    expect(stl.header.startsWith('solid')).toBe(false);
    expect(stl.tris).toHaveLength(12);
    expect(signedVolume(stl.tris)).toBeCloseTo(8, 6);
    for (const [f, tri] of stl.tris.entries()) {
      const n = stl.normals[f] ?? [];
      expect(Math.hypot(...n)).toBeCloseTo(1, 6);
      // Outward: the normal points away from the cube centre (1,1,1).
      const c = [0, 1, 2].map((k) => tri.reduce((s, p) => s + (p[k] ?? 0), 0) / 3 - 1);
      expect(n.reduce((s, x, k) => s + x * (c[k] ?? 0), 0)).toBeGreaterThan(0);
    }
  });

  it('rejects meshes with out-of-range indices', () => {
    const bad = cube();
    bad.indices[0] = 99;
    expect(() => meshToStl(bad)).toThrow(/index 99 out of range/);
  });
});
