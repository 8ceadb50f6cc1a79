import { describe, expect, it } from 'vitest';
import { eulerCharacteristic, isWatertight, meshVolume } from './meshTopology';
import { radialMesh, sphereDirections, sphereVertexCount } from './radialSurface';
import { plateMesh } from './radialShell';

const g = { nLat: 60, nLon: 120 };
const n = sphereVertexCount(g);
const outer = radialMesh(new Float32Array(n).fill(50), g);
const inner = radialMesh(new Float32Array(n).fill(48), g);
const dirs = sphereDirections(g);
/** Per-triangle labels: `label(z)` at the triangle's mean direction z. */
const triLabels = (label: (z: number) => number): Uint8Array => {
  const t = outer.indices;
  const out = new Uint8Array(t.length / 3);
  for (let f = 0; f < t.length; f += 3) {
    const z = [0, 1, 2].reduce((s, k) => s + (dirs[3 * (t[f + k] as number) + 2] as number), 0) / 3;
    out[f / 3] = label(z);
  }
  return out;
};

describe('plate mesh under a radial surface', () => {
  it('without gaps: two closed spheres, the volume between them', () => {
    const p = plateMesh(
      outer,
      dirs,
      new Float32Array(n).fill(48),
      triLabels(() => 1),
      (l) => l === 1,
    );
    expect(isWatertight(p)).toBe(true);
    expect(eulerCharacteristic(p)).toBe(4);
    expect(meshVolume(p)).toBeCloseTo(meshVolume(outer) - meshVolume(inner), 3);
  });

  it('with a gap (a polar cap): one closed surface with a hole through the plate', () => {
    const labels = triLabels((z) => (z > 0.9 ? 9 : 1));
    const p = plateMesh(outer, dirs, new Float32Array(n).fill(48), labels, (l) => l === 1);
    expect(isWatertight(p)).toBe(true);
    // A sphere with a cap cut out, thickened: topologically one sphere.
    expect(eulerCharacteristic(p)).toBe(2);
    const full = meshVolume(outer) - meshVolume(inner);
    expect(meshVolume(p)).toBeLessThan(full);
    // The cap above z = 0.9 holds 5 % of the sphere's area; the plate loses about that share.
    expect(meshVolume(p) / full).toBeGreaterThan(0.94);
    expect(meshVolume(p) / full).toBeLessThan(0.96);
    expect(new Set(p.labels)).toEqual(new Set([1]));
  });
});
