import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import {
  float32ToFloat16Bits,
  loadLayersModelFromDir,
  quantiseUint8,
  saveLayersModel,
} from './saveLayersModel';

function makeModel(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv3d({
        inputShape: [8, 8, 8, 2],
        filters: 8,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.conv3d({
        filters: 16,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 16,
        activation: 'tanh',
        kernelInitializer: init(3),
        biasInitializer: tf.initializers.randomNormal({ seed: 4, stddev: 0.1 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: init(5) }),
    ],
  });
}

describe('saveLayersModel / loadLayersModelFromDir', () => {
  let root = '';
  beforeAll(async () => {
    await initNodeBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'save-layers-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('encodes float16 bits like IEEE 754 (round to nearest even)', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16Bits(1e-9)).toBe(0);
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
  });

  it('round-trips exactly at float32 and within 2⁻¹¹ relative per weight at float16', async () => {
    const model = makeModel();
    const x = tf.randomUniform([2, 8, 8, 8, 2], 0, 1, 'float32', 7);
    const y = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
    const w32 = model.getWeights().map((w) => w.dataSync().slice());

    const info32 = await saveLayersModel(model, path.join(root, 'f32'));
    const info16 = await saveLayersModel(model, path.join(root, 'f16'), { float16: true });
    const json = JSON.parse(await readFile(info16.modelJsonPath, 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]?.weights.every((s) => s.quantization?.dtype === 'float16')).toBe(true);
    const nParams = model.countParams();
    expect(info32.weightsBytes).toBe(4 * nParams);
    expect(info16.weightsBytes).toBe(2 * nParams);
    expect((await stat(info16.weightsPath)).size).toBe(info16.weightsBytes);
    console.log(
      `saveLayersModel sizes for ${nParams} parameters: float32 ${info32.weightsBytes} B + ${info32.modelJsonBytes} B json; ` +
        `float16 ${info16.weightsBytes} B + ${info16.modelJsonBytes} B json`,
    );

    const m32 = await loadLayersModelFromDir(info32.dir);
    const m16 = await loadLayersModelFromDir(info16.dir);
    const y32 = (await (m32.predict(x) as tf.Tensor).data()) as Float32Array;
    const y16 = (await (m16.predict(x) as tf.Tensor).data()) as Float32Array;
    expect(Array.from(y32)).toEqual(Array.from(y));
    m32.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(w32[i] ?? [])));
    let worstRel = 0;
    m16.getWeights().forEach((w, i) => {
      const a = w.dataSync();
      const b = w32[i] ?? new Float32Array(0);
      for (let k = 0; k < a.length; k++) {
        const ref = b[k] ?? NaN;
        if (Math.abs(ref) >= 2 ** -14)
          worstRel = Math.max(worstRel, Math.abs((a[k] ?? NaN) - ref) / Math.abs(ref));
        else expect(Math.abs((a[k] ?? NaN) - ref)).toBeLessThanOrEqual(2 ** -25);
      }
    });
    expect(worstRel).toBeLessThanOrEqual(2 ** -11);
    expect(worstRel).toBeGreaterThan(0); // it really was quantised
    const outDiff = Math.max(...Array.from(y16, (v, i) => Math.abs(v - (y[i] ?? NaN))));
    const outScale = Math.max(...Array.from(y, Math.abs));
    // Each weight moves by ≤ 2⁻¹¹ relative; through 4 layers the output moves by a few × 1e-3 relative.
    expect(outDiff).toBeLessThan(1e-2 * outScale);
    tf.dispose([x]);
    [model, m32, m16].forEach((m) => m.dispose());
  });

  it('fails with the path when the folder holds no model', async () => {
    await expect(loadLayersModelFromDir(path.join(root, 'missing'))).rejects.toThrow(
      /missing.*model\.json|model\.json/,
    );
  });
  it('stores large weights as 8-bit codes that the tfjs loader reads back within half a step', async () => {
    const model = makeModel();
    const w32 = model.getWeights().map((w) => w.dataSync().slice());
    const info = await saveLayersModel(model, path.join(root, 'u8'), {
      float16: true,
      uint8MinElements: 1000,
    });
    const json = JSON.parse(await readFile(info.modelJsonPath, 'utf8')) as tf.io.ModelJSON;
    const specs = json.weightsManifest[0]?.weights ?? [];
    const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
    // conv2 kernel (3·3·3·8·16 = 3456) and dense kernel (128·16 = 2048) are large; the rest small.
    expect(specs.map((s) => s.quantization?.dtype)).toEqual(
      sizes.map((n) => (n >= 1000 ? 'uint8' : 'float16')),
    );
    expect(info.weightsBytes).toBe(sizes.reduce((a, n) => a + (n >= 1000 ? n : 2 * n), 0));
    const loaded = await loadLayersModelFromDir(info.dir);
    loaded.getWeights().forEach((w, i) => {
      const spec = specs[i]!;
      const a = w.dataSync();
      const b = w32[i]!;
      const step = spec.quantization?.dtype === 'uint8' ? (spec.quantization.scale ?? NaN) : 0;
      for (let k = 0; k < a.length; k++) {
        const tol = step > 0 ? step / 2 + 1e-7 : Math.abs(b[k]!) * 2 ** -11 + 2 ** -25;
        expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(tol);
      }
    });
    loaded.dispose();
    model.dispose();
  });

  it('keeps the weights named in uint8Except as float16 whatever their size', async () => {
    const model = makeModel();
    const info = await saveLayersModel(model, path.join(root, 'u8except'), {
      float16: true,
      uint8MinElements: 1000,
      uint8Except: [
        model.weights.find((w) => w.shape.reduce<number>((a, b) => a * (b ?? 0), 1) >= 1000)!.name,
      ],
    });
    const json = JSON.parse(await readFile(info.modelJsonPath, 'utf8')) as tf.io.ModelJSON;
    const specs = json.weightsManifest[0]?.weights ?? [];
    const large = specs.filter((s) => s.shape.reduce((a, b) => a * b, 1) >= 1000);
    expect(large.length).toBeGreaterThanOrEqual(2);
    // The first large weight was excepted; every other large one is 8-bit.
    expect(large.map((s) => s.quantization?.dtype)).toEqual([
      'float16',
      ...large.slice(1).map(() => 'uint8'),
    ]);
    model.dispose();
  });

  it('quantiseUint8 maps the range onto 0…255 exactly at its ends', () => {
    const q = quantiseUint8(new Float32Array([-1, 0, 0.5, 3]));
    expect(q.min).toBe(-1);
    expect(q.scale).toBeCloseTo(4 / 255, 7);
    expect(Array.from(q.codes)).toEqual([0, 64, 96, 255]);
    expect(quantiseUint8(new Float32Array([2, 2])).codes).toEqual(new Uint8Array([0, 0]));
    expect(() => quantiseUint8(new Float32Array([0, NaN]))).toThrow(/NaN/);
  });
});
