import { describe, expect, it } from 'vitest';
import { defaultSkullParams } from '../anatomy/skullParams';
import { skullOuterRadii } from '../anatomy/skullRadii';
import { skullShape } from '../anatomy/skullShape';
import { dice } from './metrics';
import { eulerCharacteristic, isWatertight, meshVolume } from './meshTopology';
import { radialBiometry } from './radialBiometry';
import { radialMesh, radialVolume, radiusAt, sphereDirections, sphereVertexCount } from './radialSurface';

const g = { nLat: 40, nLon: 80 };

/** Radii of an axis-aligned ellipsoid with semi-axes (A, B, C). */
function ellipsoidRadii(A: number, B: number, C: number): Float32Array {
  const d = sphereDirections(g);
  const out = new Float32Array(sphereVertexCount(g));
  for (let k = 0; k < out.length; k++) {
    const x = d[3 * k] as number;
    const y = d[3 * k + 1] as number;
    const z = d[3 * k + 2] as number;
    out[k] = 1 / Math.sqrt((x / A) ** 2 + (y / B) ** 2 + (z / C) ** 2);
  }
  return out;
}

describe('radial surfaces', () => {
  it('meshes a sphere watertight with χ = 2 and the right volume', () => {
    const m = radialMesh(new Float32Array(sphereVertexCount(g)).fill(30), g);
    expect(isWatertight(m)).toBe(true);
    expect(eulerCharacteristic(m)).toBe(2);
    const v = (4 / 3) * Math.PI * 30 ** 3;
    expect(meshVolume(m) / v).toBeGreaterThan(0.99);
    expect(meshVolume(m) / v).toBeLessThan(1.0001);
  });

  it('interpolates radii between grid directions and at the poles', () => {
    const r = ellipsoidRadii(50, 40, 35);
    expect(radiusAt(r, g, Math.PI / 2, 1.234)).toBeCloseTo(35, 3);
    expect(radiusAt(r, g, -Math.PI / 2, 0)).toBeCloseTo(35, 3);
    expect(radiusAt(r, g, 0, 0)).toBeCloseTo(50, 0);
    expect(radiusAt(r, g, 0, Math.PI / 2)).toBeCloseTo(40, 0);
  });

  it('rasterises to a volume whose Dice with the analytic ellipsoid is ≈ 1', () => {
    const r = ellipsoidRadii(50, 40, 35);
    const grid = {
      dims: [48, 48, 48] as [number, number, number],
      spacing: [2.5, 2.5, 2.5] as [number, number, number],
      origin: [-58.75, -58.75, -58.75] as [number, number, number],
    };
    const vol = radialVolume(r, g, grid);
    const truth = { ...vol, data: new Float32Array(vol.data.length) };
    let idx = 0;
    for (let k = 0; k < 48; k++)
      for (let j = 0; j < 48; j++)
        for (let i = 0; i < 48; i++, idx++) {
          const x = -58.75 + 2.5 * i;
          const y = -58.75 + 2.5 * j;
          const z = -58.75 + 2.5 * k;
          truth.data[idx] = Math.sqrt((x / 50) ** 2 + (y / 40) ** 2 + (z / 35) ** 2) - 1;
        }
    expect(dice(vol, truth)).toBeGreaterThan(0.995);
  });

  it('measures the synthetic skull’s biometry within 1 % of what it was built with', () => {
    for (const ga of [20, 28, 36]) {
      const p = defaultSkullParams(ga);
      const s = skullShape(p);
      const b = radialBiometry(skullOuterRadii(s, g), g, p.boneThicknessMm);
      expect(Math.abs(b.hcMm / s.hcMm - 1)).toBeLessThan(0.01);
      expect(Math.abs(b.ofdMm / s.ofdMm - 1)).toBeLessThan(0.01);
      expect(Math.abs(b.bpdMm / s.bpdMm - 1)).toBeLessThan(0.01);
    }
  });
});
