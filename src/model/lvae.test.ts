import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianKl, precisionMerge } from './lvae';

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
});
