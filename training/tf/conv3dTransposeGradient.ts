/**
 * The gradient tfjs 4.22 lacks for kernel `Conv3DBackpropInputV2` (the kernel behind
 * `tf.conv3dTranspose`, tfjs issue #6323). Without it a model with a conv3dTranspose layer cannot train.
 *
 * conv3dTranspose(dy, W) is the adjoint of the linear map x ↦ conv3d(x, W), so for an upstream gradient
 * `ddx` (shape of the transpose's output):
 *   ∂/∂dy = conv3d(ddx, W, strides, pad)
 *   ∂/∂W  = Conv3DBackpropFilterV2(x = ddx, dy = dy, filterShape = W.shape)
 * Runs on every backend, but note that the wasm backend computes both backprop kernels wrongly
 * (REFERENCE §4): do not use conv3dTranspose on wasm at all; for conv3d on wasm see
 * `registerWasmSafeConv3dGradient` in conv3dGradientViaForward.ts.
 */
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'Conv3DBackpropInputV2';

interface Conv3DBackpropInputAttrs {
  strides: [number, number, number] | number;
  pad: 'valid' | 'same';
  inputShape: [number, number, number, number, number];
}

function gradFunc(ddx: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: tf.NamedAttrMap) {
  const [dy, filter] = saved as [tf.Tensor5D, tf.Tensor5D];
  const upstream = (Array.isArray(ddx) ? ddx[0] : ddx) as tf.Tensor5D;
  const { strides, pad } = attrs as unknown as Conv3DBackpropInputAttrs;
  return {
    dy: () => tf.conv3d(upstream, filter, strides, pad),
    filter: () =>
      tf.engine().runKernel(
        'Conv3DBackpropFilterV2',
        { x: upstream, dy } as unknown as tf.NamedTensorMap,
        {
          strides,
          pad,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor5D,
  };
}

let registered = false;

/**
 * Registers the gradient of `Conv3DBackpropInputV2` once per process (later calls do nothing, and a
 * gradient some other code already registered is left in place).
 * @returns true if this call registered it.
 */
export function registerConv3dTransposeGradient(): boolean {
  if (registered) return false;
  registered = true;
  if (tf.getGradient(KERNEL) != null) return false;
  tf.registerGradient({ kernelName: KERNEL, inputsToSave: ['dy', 'filter'], gradFunc });
  return true;
}
