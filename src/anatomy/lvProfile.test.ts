import { describe, expect, it } from 'vitest';
import { buildMeridianLut, makeProfile, profileRadius, sampleMeridianLut } from './lvProfile';

/** Brute-force distance from (ρ, z) to the polyline and nearest-point height. */
function bruteForce(prof: ReturnType<typeof makeProfile>, pr: number, pz: number): [number, number] {
  let best = Infinity;
  let bh = 0;
  for (let i = 0; i + 1 < prof.rho.length; i++) {
    const ar = prof.rho[i] as number;
    const az = prof.z[i] as number;
    const dr = (prof.rho[i + 1] as number) - ar;
    const dz = (prof.z[i + 1] as number) - az;
    let t = ((pr - ar) * dr + (pz - az) * dz) / (dr * dr + dz * dz);
    t = Math.max(0, Math.min(1, t));
    const d = Math.hypot(ar + t * dr - pr, az + t * dz - pz);
    if (d < best) {
      best = d;
      bh = (prof.h[i] as number) + t * ((prof.h[i + 1] as number) - (prof.h[i] as number));
    }
  }
  return [best, bh];
}

describe('meridian profile and distance table', () => {
  it('has the closed-form volume π R² L p/(p+1)', () => {
    const R = 26;
    const L = 88;
    const p = 3;
    const prof = makeProfile(R, L, p, 49, 4001);
    let v = 0;
    for (let i = 0; i + 1 < prof.rho.length; i++) {
      const r0 = prof.rho[i] as number;
      const r1 = prof.rho[i + 1] as number;
      v +=
        (Math.PI / 3) * ((prof.z[i + 1] as number) - (prof.z[i] as number)) * (r0 * r0 + r0 * r1 + r1 * r1);
    }
    expect(v / (Math.PI * R * R * L * (p / (p + 1)))).toBeCloseTo(1, 4);
    expect(profileRadius(R, p, 1)).toBe(R);
    expect(profileRadius(R, p, 0)).toBe(0);
  });

  it('matches brute-force distances and nearest heights, inside and outside', () => {
    for (const [R, L, p] of [
      [26.4, 88, 3.5],
      [15, 70, 1.22],
      [30, 90, 7],
    ] as const) {
      const prof = makeProfile(R, L, p, 49);
      const lut = buildMeridianLut(prof, 72, -50, 50);
      let maxErr = 0;
      let maxH = 0;
      for (let iz = 0; iz < lut.nZ; iz += 7) {
        for (let ir = 0; ir < lut.nRho; ir += 7) {
          const pr = ir * lut.step;
          const pz = lut.z0 + iz * lut.step;
          const [d, h] = bruteForce(prof, pr, pz);
          const c = ir + lut.nRho * iz;
          maxErr = Math.max(maxErr, Math.abs(Math.abs(lut.dist[c] as number) - d));
          if ((lut.dist[c] as number) > 0) maxH = Math.max(maxH, Math.abs((lut.height[c] as number) - h));
        }
      }
      expect(maxErr).toBeLessThan(1e-4);
      expect(maxH).toBeLessThan(1e-4);
    }
  });

  it('interpolates the signed distance between cells (negative inside)', () => {
    const prof = makeProfile(25, 80, 3, 49);
    const lut = buildMeridianLut(prof, 60, -40, 50);
    const out = new Float64Array(2);
    const zMid = 49 - 40;
    const rMid = profileRadius(25, 3, 0.5);
    sampleMeridianLut(lut, rMid + 5.13, zMid, out);
    expect(out[0]).toBeGreaterThan(4.9);
    expect(out[0]).toBeLessThan(5.14);
    sampleMeridianLut(lut, 0, zMid, out);
    expect(out[0]).toBeLessThan(-rMid + 1);
  });
});
