/**
 * Nearest-neighbour 3-D upsampling (tfjs has no UpSampling3D layer, and `tile` has no gradient above
 * rank 4). Built from rank-3 reshape + concat, whose gradients (reshape, slice) exist on every backend,
 * so it trains on cpu and wasm and runs on webgl/webgpu.
 *
 * Import this module before `tf.loadLayersModel` of a model that uses the layer: importing registers the
 * class with `tf.serialization` under the name `UpSampling3D`.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Repeats every voxel `size` times along depth, height and width.
 * @param x channels-last volume [batch, d, h, w, c]
 * @returns [batch, size·d, size·h, size·w, c]
 */
export function upsample3d(x: tf.Tensor5D, size = 2): tf.Tensor5D {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`upsample3d: size must be a positive integer, got ${size}`);
  const [b, d, h, w, c] = x.shape;
  if (size === 1) return x.clone();
  return tf.tidy(() => {
    const repeat = (t: tf.Tensor3D) =>
      tf.concat(
        Array.from({ length: size }, () => t),
        1,
      );
    const xw = repeat(x.reshape([b * d * h * w, 1, c])); // [bdhw, s, c] = [b, d, h, s·w, c]
    const xh = repeat(xw.reshape([b * d * h, 1, size * w * c])); // [b, d, s·h, s·w, c]
    const xd = repeat(xh.reshape([b * d, 1, size * h * size * w * c])); // [b, s·d, s·h, s·w, c]
    return xd.reshape([b, size * d, size * h, size * w, c]);
  });
}

export interface UpSampling3DArgs {
  /** Integer factor applied to depth, height and width (default 2). */
  size?: number;
  name?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  trainable?: boolean;
}

/** Keras-style `UpSampling3D` layer (channels-last, nearest neighbour, one factor for all three axes). */
export class UpSampling3D extends tf.layers.Layer {
  static className = 'UpSampling3D';
  readonly size: number;

  constructor(args: UpSampling3DArgs = {}) {
    super(args);
    const size = args.size ?? 2;
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`UpSampling3D: size must be a positive integer, got ${size}`);
    }
    this.size = size;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (s.length !== 5)
      throw new Error(`UpSampling3D expects [batch, d, h, w, c] input; got rank ${s.length}`);
    return s.map((v, i) => (i >= 1 && i <= 3 && v != null ? v * this.size : v));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || x.rank !== 5) throw new Error(`UpSampling3D expects a rank-5 tensor; got rank ${x?.rank}`);
    return upsample3d(x as tf.Tensor5D, this.size);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}

tf.serialization.registerClass(UpSampling3D);

/** Factory in the style of `tf.layers.*`. */
export function upSampling3d(args: UpSampling3DArgs = {}): UpSampling3D {
  return new UpSampling3D(args);
}
