import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import {
  conv3dFilterGradient,
  conv3dInputGradient,
  registerWasmSafeConv3dGradient,
} from './conv3dGradientViaForward';
import { initNodeBackend } from './nodeBackend';

const X_SHAPE: [number, number, number, number, number] = [2, 5, 6, 4, 2]; // odd and even sizes
const F_SHAPE: [number, number, number, number, number] = [3, 3, 3, 2, 3];
const xs = Array.from({ length: 2 * 5 * 6 * 4 * 2 }, (_, i) => Math.sin(i * 1.3));
const fs = Array.from({ length: 162 }, (_, i) => Math.cos(i * 0.7));

function maxDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))));
}

/** Gradients of Σ conv3d(x, W)² w.r.t. x and W on the current backend. */
function grads(stride: number, pad: 'same' | 'valid'): number[][] {
  return tf.tidy(() => {
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv3d(a as tf.Tensor5D, b as tf.Tensor5D, stride, pad)
        .square()
        .sum(),
    );
    return g([tf.tensor5d(xs, X_SHAPE), tf.tensor5d(fs, F_SHAPE)]).map((t) => Array.from(t.dataSync()));
  });
}

const CASES = [
  [1, 'same'],
  [2, 'same'],
  [1, 'valid'],
  [2, 'valid'],
] as const;

describe('Conv3D gradient from forward convolutions', () => {
  it('equals tfjs cpu gradients (cpu, direct call)', async () => {
    await initNodeBackend('cpu');
    for (const [s, pad] of CASES) {
      const [gx, gf] = grads(s, pad);
      const [mx, mf] = tf.tidy(() => {
        const x = tf.tensor5d(xs, X_SHAPE);
        const f = tf.tensor5d(fs, F_SHAPE);
        const dy = tf.conv3d(x, f, s, pad).mul(2) as tf.Tensor5D;
        return [
          Array.from(conv3dInputGradient(dy, f, X_SHAPE, s, pad).dataSync()),
          Array.from(conv3dFilterGradient(x, dy, F_SHAPE, s, pad).dataSync()),
        ];
      });
      // float32 sums of ≤ 54·2·… terms of size ≲ 30: agreement to ~1e-5 relative.
      expect(maxDiff(mx ?? [], gx ?? []), `dx stride ${s} ${pad}`).toBeLessThan(
        1e-4 * Math.max(...(gx ?? []).map(Math.abs)),
      );
      expect(maxDiff(mf ?? [], gf ?? []), `dW stride ${s} ${pad}`).toBeLessThan(
        1e-4 * Math.max(...(gf ?? []).map(Math.abs)),
      );
    }
  });

  it('makes wasm training gradients match cpu', async () => {
    registerWasmSafeConv3dGradient();
    expect(registerWasmSafeConv3dGradient()).toBe(false);
    await initNodeBackend('cpu');
    const cpu = CASES.map(([s, pad]) => grads(s, pad));
    // The wasm binaries ship in node_modules: failing to start wasm is a failure, not a skip.
    await initNodeBackend('wasm');
    const wasm = CASES.map(([s, pad]) => grads(s, pad));
    await initNodeBackend('cpu');
    CASES.forEach(([s, pad], i) => {
      const [cx, cf] = cpu[i] ?? [];
      const [wx, wf] = wasm[i] ?? [];
      expect(maxDiff(wx ?? [], cx ?? []), `dx stride ${s} ${pad}`).toBeLessThan(
        1e-4 * Math.max(...(cx ?? []).map(Math.abs)),
      );
      expect(maxDiff(wf ?? [], cf ?? []), `dW stride ${s} ${pad}`).toBeLessThan(
        1e-4 * Math.max(...(cf ?? []).map(Math.abs)),
      );
    });
  });
});
