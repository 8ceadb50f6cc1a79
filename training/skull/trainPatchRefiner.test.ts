/**
 * The whole-patch refiner's training losses: the per-ray softmax cross-entropy and the outline-offset
 * loss, with their gradients against finite differences and known values.
 */
import { describe, expect, it } from 'vitest';
import { offsetLoss, softmaxCe } from './trainPatchRefiner';
import { Rng, adamWStep, shuffledOrder } from './trainRefiner';

describe('patch refiner losses', () => {
  const N = 3;
  const M = 6;
  const logits = Float32Array.from({ length: N * M }, (_, j) => Math.sin(1.3 * j) * 2);
  const mask = Uint8Array.from([1, 0, 1]);
  const pos = Float64Array.from([2.5, 0, 1.2]);

  it('cross-entropy: log M for flat logits against a one-hot target; gradient p − t', () => {
    const t = new Float32Array(N * M);
    t[1] = 1;
    t[2 * M + 4] = 1;
    const d = new Float32Array(N * M);
    const { loss, n } = softmaxCe(new Float32Array(N * M), t, mask, M, 1, d);
    expect(n).toBe(2);
    expect(loss).toBeCloseTo(2 * Math.log(M), 6);
    expect(d[0]).toBeCloseTo(1 / M, 6);
    expect(d[1]).toBeCloseTo(1 / M - 1, 6);
    expect(d[M]).toBe(0); // masked ray
  });

  it('offset loss: λ (mean expected bin − mean target)² and its gradient', () => {
    const f = (lg: Float32Array): number => offsetLoss(lg, pos, mask, M, 0.7, 1, new Float32Array(N * M));
    const flat = new Float32Array(N * M);
    // Flat softmax: expected bin 2.5 on each ray; targets 2.5 and 1.2 → mean difference 0.65.
    expect(f(flat)).toBeCloseTo(0.7 * 0.65 ** 2, 6);
    const d = new Float32Array(N * M);
    offsetLoss(logits, pos, mask, M, 0.7, 1, d);
    for (let j = 0; j < N * M; j++) {
      const h = 1e-2;
      const lp = Float32Array.from(logits);
      lp[j] = (lp[j] as number) + h;
      const lm = Float32Array.from(logits);
      lm[j] = (lm[j] as number) - h;
      expect(d[j]).toBeCloseTo((f(lp) - f(lm)) / (2 * h), 3);
    }
  });
});

describe('the trainers’ shared steps', () => {
  it('AdamW: the first step moves each parameter by lr × (sign of its gradient + wd × itself)', () => {
    const p = Float32Array.from([1, -2, 0.5]);
    const g = Float32Array.from([0.3, -4, 2e-3]);
    const m1 = new Float32Array(3);
    const m2 = new Float32Array(3);
    adamWStep(p, g, m1, m2, 0.01, 1, 0.1);
    expect(p[0]).toBeCloseTo(1 - 0.01 * (1 + 0.1 * 1), 5);
    expect(p[1]).toBeCloseTo(-2 - 0.01 * (-1 + 0.1 * -2), 5);
    expect(p[2]).toBeCloseTo(0.5 - 0.01 * (1 + 0.1 * 0.5), 4);
    expect(Array.from(m1)).toEqual(Array.from(g).map((v) => Math.fround(0.1 * v)));
  });

  it('a shuffled order is a permutation, the same for the same seed', () => {
    const a = shuffledOrder(50, new Rng(7));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledOrder(50, new Rng(7))).toEqual(a);
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
