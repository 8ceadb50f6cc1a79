import { describe, expect, it } from 'vitest';
import { basisError, basisSystem, reweightedSystem } from './codeFit';

/** A 3-vector basis over 40 outputs with a known answer: target = b + c·W exactly. */
function problem(): { w: Float32Array; b: Float32Array; c: number[]; target: Float32Array } {
  const k = 3;
  const d = 40;
  const w = new Float32Array(k * d);
  for (let a = 0; a < k; a++)
    for (let j = 0; j < d; j++) w[a * d + j] = Math.sin((a + 1) * (j + 0.5) * 0.37) * 0.3;
  const b = new Float32Array(d).map((_, j) => 0.1 * Math.cos(j));
  const c = [0.5, -0.8, 0.3];
  const target = new Float32Array(d);
  for (let j = 0; j < d; j++)
    target[j] = (b[j] as number) + c.reduce((s, ca, a) => s + ca * (w[a * d + j] as number), 0);
  return { w, b, c, target };
}

describe('basisSystem', () => {
  it('reduces the squared output error to a quadratic in the coefficients (zero at the true ones)', () => {
    const { w, b, c, target } = problem();
    const sys = basisSystem(w, b, 3, target, { band: 10, farWeight: 1 });
    expect(basisError(sys, c)).toBeCloseTo(0, 6);
    // At any other c the quadratic equals the directly summed squared error.
    const other = [0.1, 0.2, -0.4];
    let direct = 0;
    for (let j = 0; j < b.length; j++) {
      const y = (b[j] as number) + other.reduce((s, ca, a) => s + ca * (w[a * b.length + j] as number), 0);
      direct += (y - (target[j] as number)) ** 2;
    }
    expect(basisError(sys, other)).toBeCloseTo(direct, 5);
    // G c_true = r: the true coefficients solve the normal equations.
    for (let a = 0; a < 3; a++) {
      const gc = c.reduce((s, cb, bb) => s + (sys.g[a * 3 + bb] as number) * cb, 0);
      expect(gc).toBeCloseTo(sys.r[a] as number, 6);
    }
  });

  it('weighs values far from the surface by farWeight', () => {
    const { w, b, target } = problem();
    const far = target.map(() => 0.9);
    const one = basisError(basisSystem(w, b, 3, far, { band: 0.5, farWeight: 1 }), [0, 0, 0]);
    const fifth = basisError(basisSystem(w, b, 3, far, { band: 0.5, farWeight: 0.2 }), [0, 0, 0]);
    expect(fifth).toBeCloseTo(0.2 * one, 5);
  });

  it('refuses a basis and target of different sizes', () => {
    const { w, b } = problem();
    expect(() => basisSystem(w, b, 3, new Float32Array(7))).toThrow(/target has 7 values/);
    expect(() => basisSystem(w, b, 4, new Float32Array(40))).toThrow(/basis has 120 values/);
  });
});

describe('reweightedSystem', () => {
  it('weighs the values on the wrong side of the target surface `factor` times, the rest as before', () => {
    const { w, b, c, target } = problem();
    const weights = { band: 0.05, farWeight: 0.2 };
    const base = basisSystem(w, b, 3, target, weights);
    const at = [0.2, -0.3, 0.6];
    const d = b.length;
    const pred = (cc: number[], j: number): number =>
      (b[j] as number) + cc.reduce((s, ca, a) => s + ca * (w[a * d + j] as number), 0);
    let wrongDirect = 0;
    for (let j = 0; j < d; j++) if (pred(at, j) < 0 !== (target[j] as number) < 0) wrongDirect++;
    expect(wrongDirect).toBeGreaterThan(0);
    const { sys, wrong } = reweightedSystem(base, w, b, target, at, 5, weights);
    expect(wrong).toBe(wrongDirect);
    // Its error at any c is the directly summed error with those weights.
    for (const probe of [c, [0, 0, 0], [1, 1, -1]]) {
      let direct = 0;
      for (let j = 0; j < d; j++) {
        const t = target[j] as number;
        const wt = (Math.abs(t) < weights.band ? 1 : weights.farWeight) * (pred(at, j) < 0 !== t < 0 ? 5 : 1);
        direct += wt * (pred(probe, j) - t) ** 2;
      }
      expect(basisError(sys, probe)).toBeCloseTo(direct, 5);
    }
    // The true coefficients still fit exactly; the base system is left as it was.
    expect(basisError(sys, c)).toBeCloseTo(0, 6);
    expect(basisError(base, [1, 1, -1])).toBeCloseTo(
      basisError(basisSystem(w, b, 3, target, weights), [1, 1, -1]),
      9,
    );
  });
});
