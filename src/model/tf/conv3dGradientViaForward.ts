/**
 * A `Conv3D` gradient built only from forward `conv3d` (plus pad / reshape / concat / transpose), for
 * the wasm backend, whose `Conv3DBackpropInputV2` / `Conv3DBackpropFilterV2` kernels are wrong
 * (see docs/training-infra.md) while its forward `Conv3D` is right.
 *
 * Per axis, with input size n, kernel k, stride s, output o and leading pad p ('same' or 'valid'):
 *   ∂x = conv3d_valid(pad(dilate_s(dy), k−1−p before, n+p−L after), flip(W)ᵀ)   L = (o−1)s+1
 *   ∂W = conv3d_valid(xᵀ, dyᵀ, dilation s)  with x padded to k+(o−1)s, batch ↔ channels swapped.
 */
import * as tf from '@tensorflow/tfjs';

type Triple = [number, number, number];

function triple(v: number | number[]): Triple {
  return typeof v === 'number' ? [v, v, v] : [v[0] ?? 1, v[1] ?? 1, v[2] ?? 1];
}

/** Leading pad tfjs uses for `pad` along one axis. */
function leadingPad(n: number, k: number, s: number, o: number, pad: 'same' | 'valid'): number {
  return pad === 'valid' ? 0 : Math.floor(Math.max((o - 1) * s + k - n, 0) / 2);
}

/** Inserts s−1 zeros between elements along spatial axis `axis` (1..3) of a rank-5 tensor; length (o−1)s+1. */
function dilateAxis(t: tf.Tensor5D, axis: 1 | 2 | 3, s: number): tf.Tensor5D {
  if (s === 1) return t;
  const shape = t.shape;
  const outer = shape.slice(0, axis + 1).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const r = t.reshape([outer, 1, inner]) as tf.Tensor3D;
  const z = tf.zeros([outer, s - 1, inner]) as tf.Tensor3D;
  const o = shape[axis] as number;
  const full = tf.concat([r, z], 1).reshape([...shape.slice(0, axis), o * s, ...shape.slice(axis + 1)]);
  const size = shape.slice() as number[];
  size[axis] = (o - 1) * s + 1;
  return tf.slice(full, [0, 0, 0, 0, 0], size) as tf.Tensor5D;
}

/** ∂L/∂x of y = conv3d(x, W, strides, pad) from upstream dy, using forward conv3d only. */
export function conv3dInputGradient(
  dy: tf.Tensor5D,
  filter: tf.Tensor5D,
  xShape: [number, number, number, number, number],
  strides: number | number[],
  pad: 'same' | 'valid',
): tf.Tensor5D {
  return tf.tidy(() => {
    const s = triple(strides);
    let z = dy;
    const pads: [number, number][] = [[0, 0]];
    for (const ax of [1, 2, 3] as const) {
      const n = xShape[ax];
      const k = filter.shape[ax - 1] as number;
      const o = dy.shape[ax];
      const st = s[ax - 1] as number;
      const p = leadingPad(n, k, st, o, pad);
      z = dilateAxis(z, ax, st);
      const L = (o - 1) * st + 1;
      pads.push([k - 1 - p, n + p - L]);
    }
    pads.push([0, 0]);
    const zp = tf.pad(z, pads) as tf.Tensor5D;
    const wFlip = tf.reverse(filter, [0, 1, 2]).transpose([0, 1, 2, 4, 3]) as tf.Tensor5D;
    return tf.conv3d(zp, wFlip, 1, 'valid');
  });
}

/** ∂L/∂W of y = conv3d(x, W, strides, pad) from upstream dy, using forward conv3d only. */
export function conv3dFilterGradient(
  x: tf.Tensor5D,
  dy: tf.Tensor5D,
  filterShape: [number, number, number, number, number],
  strides: number | number[],
  pad: 'same' | 'valid',
): tf.Tensor5D {
  return tf.tidy(() => {
    const s = triple(strides);
    const pads: [number, number][] = [[0, 0]];
    const crop: number[] = [x.shape[0]];
    for (const ax of [1, 2, 3] as const) {
      const n = x.shape[ax];
      const k = filterShape[ax - 1] as number;
      const o = dy.shape[ax];
      const st = s[ax - 1] as number;
      const p = leadingPad(n, k, st, o, pad);
      const need = k + (o - 1) * st;
      pads.push([p, Math.max(need - n - p, 0)]);
      crop.push(need);
    }
    pads.push([0, 0]);
    crop.push(x.shape[4]);
    const xp = tf.slice(tf.pad(x, pads), [0, 0, 0, 0, 0], crop) as tf.Tensor5D;
    const xT = xp.transpose([4, 1, 2, 3, 0]) as tf.Tensor5D; // [Ci, D, H, W, B]
    const dyT = dy.transpose([1, 2, 3, 0, 4]) as tf.Tensor5D; // [od, oh, ow, B, Co]
    const g = tf.conv3d(xT, dyT, 1, 'valid', 'NDHWC', s); // [Ci, kd, kh, kw, Co]
    return g.transpose([1, 2, 3, 0, 4]) as tf.Tensor5D;
  });
}

let installed = false;

/**
 * Replaces tfjs's `Conv3D` gradient with one that, on the wasm backend only, uses
 * {@link conv3dInputGradient} / {@link conv3dFilterGradient}; other backends keep the original.
 * Idempotent. @returns true if this call installed it.
 */
export function registerWasmSafeConv3dGradient(): boolean {
  if (installed) return false;
  const original = tf.getGradient('Conv3D');
  if (!original) throw new Error('tfjs registered no Conv3D gradient to wrap');
  installed = true;
  tf.registerGradient({
    kernelName: 'Conv3D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      if (tf.getBackend() !== 'wasm') return original.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [tf.Tensor5D, tf.Tensor5D];
      const up = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor5D;
      const { strides, pad, dilations } = attrs as unknown as {
        strides: number | number[];
        pad: 'same' | 'valid';
        dilations?: number | number[];
      };
      if (triple(dilations ?? 1).some((d) => d !== 1)) return original.gradFunc(dy, saved, attrs);
      return {
        x: () => conv3dInputGradient(up, filter, x.shape, strides, pad),
        filter: () => conv3dFilterGradient(x, up, filter.shape, strides, pad),
      };
    },
  });
  return true;
}
