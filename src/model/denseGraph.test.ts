/**
 * The plain-JavaScript Dense-graph evaluator against tfjs on small models with known structure:
 * Dense layers with every supported activation, a residual Add and a Reshape give tfjs's output; a
 * picked channel equals every other output of the full run; unsupported layers are refused with the
 * reason; bad input sizes and picks throw specific errors.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDenseGraph, denseGraphUnsupported } from './denseGraph';

function mlp(): tf.LayersModel {
  const x = tf.input({ shape: [5] });
  const h1 = tf.layers.dense({ units: 7, activation: 'elu' }).apply(x) as tf.SymbolicTensor;
  const h2 = tf.layers.dense({ units: 7, activation: 'tanh' }).apply(h1) as tf.SymbolicTensor;
  const a = tf.layers.dense({ units: 4, activation: 'relu' }).apply(h2) as tf.SymbolicTensor;
  const b = tf.layers
    .dense({ units: 4, activation: 'sigmoid', useBias: false })
    .apply(h1) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 12 }).apply(sum) as tf.SymbolicTensor;
  const shaped = tf.layers.reshape({ targetShape: [2, 3, 2] }).apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: shaped });
}

describe('denseGraph', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches tfjs on a Dense/Add/Reshape model, whole and one channel at a time', async () => {
    const model = mlp();
    const g = await compileDenseGraph(model);
    expect(g).not.toBeNull();
    if (!g) return;
    expect(g.inputSize).toBe(5);
    expect(g.outputSize).toBe(12);
    for (const x of [
      [0, 0, 0, 0, 0],
      [1, -2, 0.5, 3, -0.25],
      [-3, 2, 1, -1, 4],
    ]) {
      const want = tf.tidy(() => (model.predict(tf.tensor2d(x, [1, 5])) as tf.Tensor).dataSync());
      const got = g.run(x);
      const worst = Math.max(...Array.from(got, (v, i) => Math.abs(v - (want[i] as number))));
      expect(worst).toBeLessThan(1e-5);
      const odd = g.run(x, { every: 2, offset: 1 });
      expect(odd).toHaveLength(6);
      odd.forEach((v, t) => expect(v).toBeCloseTo(got[2 * t + 1] as number, 6));
      // Two consecutive outputs of every four, from the third: 2, 3, 6, 7, 10, 11.
      const pair = g.run(x, { every: 4, offset: 2, count: 2 });
      expect(pair).toHaveLength(6);
      [2, 3, 6, 7, 10, 11].forEach((i, t) => expect(pair[t]).toBeCloseTo(got[i] as number, 6));
    }
    model.dispose();
  });

  it('gives the same outputs with the output rows stored grouped, whole and picked', async () => {
    const model = mlp();
    const plain = await compileDenseGraph(model);
    const grouped = await compileDenseGraph(model, { outputGroups: { every: 4, count: 2 } });
    // Groups that do not divide the 12 outputs leave the rows as they are.
    const odd = await compileDenseGraph(model, { outputGroups: { every: 5, count: 2 } });
    if (!plain || !grouped || !odd) throw new Error('not compiled');
    for (const x of [
      [1, -2, 0.5, 3, -0.25],
      [-3, 2, 1, -1, 4],
    ]) {
      const whole = plain.run(x);
      for (const g of [grouped, odd]) {
        g.run(x).forEach((v, i) => expect(v).toBeCloseTo(whole[i] as number, 6));
        for (const pick of [
          { every: 4, offset: 0, count: 2 },
          { every: 4, offset: 2, count: 2 },
          { every: 4, offset: 1, count: 2 },
          { every: 2, offset: 1 },
          { every: 3, offset: 2 },
        ]) {
          const want = plain.run(x, pick);
          const got = g.run(x, pick);
          expect(got).toHaveLength(want.length);
          got.forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 6));
        }
      }
    }
    model.dispose();
  });

  it('refuses layers it cannot evaluate, and bad inputs, with the reason', async () => {
    const x = tf.input({ shape: [4] });
    const y = tf.layers
      .dropout({ rate: 0.5 })
      .apply(tf.layers.dense({ units: 3 }).apply(x)) as tf.SymbolicTensor;
    const withDropout = tf.model({ inputs: x, outputs: y });
    expect(denseGraphUnsupported(withDropout)).toBe('layer Dropout');
    expect(await compileDenseGraph(withDropout)).toBeNull();
    const softmax = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })],
    });
    expect(denseGraphUnsupported(softmax)).toBe('activation softmax');
    const model = mlp();
    const g = await compileDenseGraph(model);
    expect(() => g?.run([1, 2])).toThrow(/input has 2 values; the model takes 5/);
    expect(() => g?.run([1, 2, 3, 4, 5], { every: 5, offset: 0 })).toThrow(/do not split into groups of 5/);
    expect(() => g?.run([1, 2, 3, 4, 5], { every: 2, offset: 2 })).toThrow(
      /cannot pick 1 of every 2 outputs from offset 2/,
    );
    expect(() => g?.run([1, 2, 3, 4, 5], { every: 4, offset: 3, count: 2 })).toThrow(
      /cannot pick 2 of every 4 outputs from offset 3/,
    );
    [withDropout, softmax, model].forEach((m) => m.dispose());
  });
});
