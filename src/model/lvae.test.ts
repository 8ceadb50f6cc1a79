import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianKl, precisionMerge, priorChainToBottom } from './lvae';

describe('Gaussian latent arithmetic', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('merges two Gaussians by precision (known answer)', () => {
    // σe² = 1, σp² = 4: σ² = 1 / (1 + 0.25) = 0.8; μ = (2·1 + 7·0.25) · 0.8 = 3.
    const { mu, logvar } = precisionMerge(
      tf.tensor2d([[2]]),
      tf.tensor2d([[0]]),
      tf.tensor2d([[7]]),
      tf.tensor2d([[Math.log(4)]]),
    );
    expect(mu.dataSync()[0]).toBeCloseTo(3, 5);
    expect(Math.exp(logvar.dataSync()[0] ?? NaN)).toBeCloseTo(0.8, 5);
  });

  it('KL of a Gaussian to itself is 0 and to N(0,1) matches the closed form', () => {
    const mu = tf.tensor2d([[1, -2]]);
    const lv = tf.tensor2d([[Math.log(0.25), 0]]);
    expect(gaussianKl(mu, lv, mu, lv).dataSync()[0]).toBeCloseTo(0, 6);
    // ½ Σ (σ² + μ² − 1 − log σ²) = ½[(0.25 + 1 − 1 − log 0.25) + (1 + 4 − 1 − 0)]
    const expected = 0.5 * (0.25 - Math.log(0.25) + 4);
    expect(gaussianKl(mu, lv).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('follows the top-down prior means to the bottom level (known linear priors)', () => {
    // Level sizes bottom → top: [3, 2, 1]. prior_z2: z3 ↦ [μ = (2 z3, −z3), logvar = (0, 0)];
    // prior_z1: z2 ↦ [μ = (z2a + z2b, z2a, z2b), logvar = 0].
    const dense = (kernel: number[][], inputs: number) => {
      const m = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [inputs], units: kernel[0]?.length ?? 0, useBias: false })],
      });
      m.layers[0]?.setWeights([tf.tensor2d(kernel)]);
      return m;
    };
    const p2 = dense([[2, -1, 0, 0]], 1);
    const p1 = dense(
      [
        [1, 1, 0, 0, 0, 0],
        [1, 0, 1, 0, 0, 0],
      ],
      2,
    );
    const z1 = priorChainToBottom([p1, p2], [3, 2, 1], tf.tensor2d([[1.5]]));
    expect(Array.from(z1.dataSync())).toEqual([1.5, 3, -1.5]);
    const same = priorChainToBottom([], [4], tf.tensor2d([[1, 2, 3, 4]]));
    expect(Array.from(same.dataSync())).toEqual([1, 2, 3, 4]);
  });
});
