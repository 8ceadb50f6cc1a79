import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import { splitGaussian } from '../../src/model/lvae';
import { lvForward, lvLoss } from './model';
import { buildLvNetworks, lvNetworkSpec, type LvNetworks } from './networks';

/**
 * The Ladder VAE's prior-path reconstruction (lvForward with `priorPath`): the shape decoded from the
 * top level's mean through the top-down prior means, a term that trains the priors and the decoder but
 * never the encoder.
 */
describe('prior-path reconstruction', () => {
  const latent = [8, 4, 2];
  let nets: LvNetworks;
  let x: tf.Tensor5D;
  beforeAll(async () => {
    await initNodeBackend('cpu');
    tf.setBackend('cpu');
    nets = buildLvNetworks(lvNetworkSpec(latent, 8));
    const v = new Float32Array(2 * 2 * 32 ** 3).map((_, i) => Math.sin(i * 0.37));
    x = tf.tensor5d(v, [2, 32, 32, 32, 2]);
  });

  it('is the decoder applied to the top-level mean carried down by the prior means', () => {
    const f = lvForward(nets, latent, x, false, true);
    expect(f.priorRecon).toBeDefined();
    const expected = tf.tidy(() => {
      let z = f.means[2] as tf.Tensor2D;
      for (let l = 1; l >= 0; l--)
        z = splitGaussian(nets.topDown[l]!.apply(z) as tf.Tensor2D, latent[l] as number).mu;
      return nets.decoder.apply(z) as tf.Tensor;
    });
    const diff = tf.max(tf.abs(tf.sub(f.priorRecon as tf.Tensor, expected))).dataSync()[0];
    expect(diff).toBeLessThan(1e-6);
    // Without the flag, and for a one-level VAE, there is no prior path.
    expect(lvForward(nets, latent, x, false).priorRecon).toBeUndefined();
  });

  it('adds its weighted likelihood to the loss, and its gradient reaches the priors but not the encoder', () => {
    const t = tf.zeros([2, 24, 24, 24, 4]) as tf.Tensor5D;
    const y = tf.tensor1d([0, 1]);
    const w = { sigma: 0.05, klWeights: [1, 1, 1], warmup: 1, ceWeight: 1 };
    const base = lvLoss(lvForward(nets, latent, x, false, true), t, y, w);
    const withPath = lvLoss(lvForward(nets, latent, x, false, true), t, y, { ...w, priorPathWeight: 0.5 });
    const perSample = t.size / 2;
    const path = withPath.parts.priorPath.dataSync()[0] as number;
    expect(path).toBeGreaterThan(0);
    expect((withPath.loss.dataSync()[0] as number) - (base.loss.dataSync()[0] as number)).toBeCloseTo(
      (0.5 * path) / perSample,
      5,
    );
    // Gradients of the prior-path term alone.
    const vars = (m: tf.LayersModel) =>
      m.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const encVars = vars(nets.encoder);
    const priorVars = nets.topDown.flatMap(vars);
    const { grads } = tf.variableGrads(() => {
      const f = lvForward(nets, latent, x, false, true);
      return tf.sum(tf.square(f.priorRecon as tf.Tensor)) as tf.Scalar;
    }, [...encVars, ...priorVars]);
    const norm = (vs: tf.Variable[]) =>
      vs.reduce(
        (s, v) => s + (grads[v.name] ? (tf.sum(tf.abs(grads[v.name]!)).dataSync()[0] as number) : 0),
        0,
      );
    expect(norm(encVars)).toBe(0);
    expect(norm(priorVars)).toBeGreaterThan(0);
  });
});
