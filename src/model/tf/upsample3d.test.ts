import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initNodeBackend } from './nodeBackend';
import { UpSampling3D, upSampling3d, upsample3d } from './upsample3d';

function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe('upsample3d (cpu)', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('repeats each voxel into a 2×2×2 block', () => {
    const [b, d, h, w, c] = [2, 2, 3, 4, 3];
    const x = values(b * d * h * w * c, 1);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => Array.from(upsample3d(tf.tensor5d(x, [b, d, h, w, c])).dataSync()));
    expect(tf.memory().numTensors).toBe(before);
    expect(y.length).toBe(8 * x.length);
    let mismatches = 0;
    for (let n = 0; n < b; n++)
      for (let z = 0; z < 2 * d; z++)
        for (let yy = 0; yy < 2 * h; yy++)
          for (let xx = 0; xx < 2 * w; xx++)
            for (let k = 0; k < c; k++) {
              const out = y[(((n * 2 * d + z) * 2 * h + yy) * 2 * w + xx) * c + k];
              const src = x[(((n * d + (z >> 1)) * h + (yy >> 1)) * w + (xx >> 1)) * c + k];
              if (out !== Math.fround(src ?? NaN)) mismatches++;
            }
    expect(mismatches).toBe(0);
  });

  it('has the gradient of its numeric definition', () => {
    const shape: [number, number, number, number, number] = [1, 2, 2, 3, 2];
    const x = values(24, 2);
    const r = values(8 * 24, 3);
    const loss = (v: number[]) =>
      tf.tidy(() => {
        const y = upsample3d(tf.tensor5d(v, shape)).dataSync();
        let l = 0;
        for (let i = 0; i < y.length; i++) l += (r[i] ?? 0) * (y[i] ?? 0) + 0.5 * (y[i] ?? 0) ** 2;
        return l;
      });
    const g = tf.tidy(() =>
      Array.from(
        tf
          .grad((a: tf.Tensor) => {
            const y = upsample3d(a as tf.Tensor5D);
            return y.mul(tf.tensor(r, y.shape)).sum().add(y.square().sum().mul(0.5));
          })(tf.tensor5d(x, shape))
          .dataSync(),
      ),
    );
    // Quadratic loss: central differences are exact up to float32 rounding of y (inputs are |x| < 1),
    // ≲ 1e-7 per term × 8 terms / 2e-2 → 1e-4; tolerance 1e-3.
    const h = 1e-2;
    for (let i = 0; i < x.length; i++) {
      const p = x.slice();
      const m = x.slice();
      p[i] = (p[i] ?? 0) + h;
      m[i] = (m[i] ?? 0) - h;
      const num = (loss(p) - loss(m)) / (2 * h);
      expect(Math.abs(num - (g[i] ?? NaN))).toBeLessThan(1e-3);
    }
    expect(g.some((v) => Math.abs(v) > 1)).toBe(true);
  });

  it('works as a LayersModel layer and survives save → load', async () => {
    const input = tf.input({ shape: [2, 2, 2, 3] });
    const up = upSampling3d({ size: 2 }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers
      .conv3d({
        filters: 2,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      })
      .apply(up) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(model.outputs[0]?.shape).toEqual([null, 4, 4, 4, 2]);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(JSON.stringify(artifacts)).toContain('"class_name":"UpSampling3D"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
    expect(loaded.layers.some((l) => l instanceof UpSampling3D)).toBe(true);
    const x = tf.tensor5d(values(2 * 8 * 3, 4), [2, 2, 2, 2, 3]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('trains inside a model (gradient flows through the layer)', async () => {
    const model = tf.sequential({
      layers: [
        upSampling3d({ inputShape: [2, 2, 2, 1] }),
        tf.layers.conv3d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = tf.tensor5d(values(16, 5), [2, 2, 2, 2, 1]);
    const y = tf.tidy(() => upsample3d(x).mul(0.5));
    const hist = await model.fit(x, y, { epochs: 20, batchSize: 2, verbose: 0, shuffle: false });
    const loss = hist.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(0.3 * (loss[0] ?? 0));
    tf.dispose([x, y]);
    model.dispose();
  });
});
