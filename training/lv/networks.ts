/**
 * The cardiac networks as tfjs LayersModels, one per component so the explorer can load and run each
 * on its own: encoder, (Ladder VAE) top-down priors, decoder and classifier.
 *
 * - Encoder: 2× average pooling of the ED+ES normalised SDF (32³ × 2 → 16³ × 2), three stride-2
 *   3×3×3 conv3d (16, 32, 64 channels, ELU), flatten, dense 256. VAE head: [μ, logvar] of one level. Ladder head: deterministic MLPs
 *   96 → 48 → 24 (Biffi 2020) each emitting its level's bottom-up [μ̂, log σ̂²].
 * - Decoder: z → dense 256 → dense 256 → K shape coefficients → linear basis (initialised from the
 *   training cohort's principal components) → 32³ × 2 normalised SDF.
 * - Classifier: dense 64 (ELU) → one logit of HCM; p(HCM) = sigmoid(logit). Navigation follows the
 *   logit's gradient, which does not vanish far from the boundary as the probability's does.
 */
import * as tf from '@tensorflow/tfjs';

export interface LvNetworkSpec {
  /** Internal grid size (voxels per axis). */
  size: number;
  /** Latent sizes bottom → top: [32] for the VAE, e.g. [64, 32, 2] for the Ladder VAE. */
  latent: number[];
  /** Shape coefficients feeding the linear output basis. */
  basisK: number;
}

export interface LvNetworks {
  encoder: tf.LayersModel;
  /** Top-down prior networks: topDown[l] maps z_{l+1} → [μp_l, log σp_l²]; empty for the VAE. */
  topDown: tf.LayersModel[];
  decoder: tf.LayersModel;
  classifier: tf.LayersModel;
}

const LADDER_UNITS = [96, 48, 24];

export function buildEncoder(spec: LvNetworkSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.size, spec.size, spec.size, 2], name: 'sdf' });
  // The SDF is smooth: a 2× average pool keeps its information at a quarter of the convolution cost.
  let x: tf.SymbolicTensor = tf.layers
    .averagePooling3d({ poolSize: 2, strides: 2, name: 'pool' })
    .apply(input) as tf.SymbolicTensor;
  [16, 32, 64].forEach((filters, i) => {
    x = tf.layers
      .conv3d({
        filters,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'elu',
        name: `conv${i + 1}`,
      })
      .apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const h = tf.layers
    .dense({ units: 256, activation: 'elu', name: 'features' })
    .apply(x) as tf.SymbolicTensor;
  const outputs: tf.SymbolicTensor[] = [];
  if (spec.latent.length === 1) {
    outputs.push(
      tf.layers.dense({ units: 2 * (spec.latent[0] ?? 0), name: 'q_z1' }).apply(h) as tf.SymbolicTensor,
    );
  } else {
    let d = h;
    spec.latent.forEach((n, l) => {
      d = tf.layers
        .dense({ units: LADDER_UNITS[l] ?? 24, activation: 'elu', name: `ladder${l + 1}` })
        .apply(d) as tf.SymbolicTensor;
      outputs.push(tf.layers.dense({ units: 2 * n, name: `q_z${l + 1}` }).apply(d) as tf.SymbolicTensor);
    });
  }
  const out =
    outputs.length === 1
      ? outputs[0]
      : (tf.layers.concatenate({ name: 'q' }).apply(outputs) as tf.SymbolicTensor);
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor, name: 'encoder' });
}

export function buildTopDown(fromSize: number, toSize: number, level: number): tf.LayersModel {
  return tf.sequential({
    name: `prior_z${level}`,
    layers: [
      tf.layers.dense({ inputShape: [fromSize], units: LADDER_UNITS[level - 1] ?? 48, activation: 'elu' }),
      tf.layers.dense({ units: 2 * toSize }),
    ],
  });
}

export function buildDecoder(spec: LvNetworkSpec): tf.LayersModel {
  const voxels = spec.size ** 3 * 2;
  return tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [spec.latent[0] ?? 0], units: 256, activation: 'elu', name: 'dec1' }),
      tf.layers.dense({ units: 256, activation: 'elu', name: 'dec2' }),
      tf.layers.dense({ units: spec.basisK, name: 'coefficients' }),
      tf.layers.dense({ units: voxels, name: 'basis' }),
      tf.layers.reshape({ targetShape: [spec.size, spec.size, spec.size, 2], name: 'sdf' }),
    ],
  });
}

export function buildClassifier(inputSize: number): tf.LayersModel {
  return tf.sequential({
    name: 'classifier',
    layers: [
      tf.layers.dense({ inputShape: [inputSize], units: 64, activation: 'elu' }),
      tf.layers.dense({ units: 1, name: 'logit' }),
    ],
  });
}

export function buildLvNetworks(spec: LvNetworkSpec): LvNetworks {
  const top = spec.latent[spec.latent.length - 1] ?? 0;
  const topDown: tf.LayersModel[] = [];
  for (let l = 0; l < spec.latent.length - 1; l++) {
    topDown.push(buildTopDown(spec.latent[l + 1] ?? 0, spec.latent[l] ?? 0, l + 1));
  }
  return {
    encoder: buildEncoder(spec),
    topDown,
    decoder: buildDecoder(spec),
    classifier: buildClassifier(top),
  };
}

/** Sets the decoder's output basis to principal components: row a = √var_a · component_a; bias = mean. */
export function initDecoderBasis(
  decoder: tf.LayersModel,
  mean: Float32Array,
  components: Float32Array,
  variances: Float64Array,
  k: number,
): void {
  const basis = decoder.getLayer('basis');
  const d = mean.length;
  const kernel = new Float32Array(k * d);
  for (let a = 0; a < k; a++) {
    const s = Math.sqrt(Math.max(0, variances[a] ?? 0));
    for (let j = 0; j < d; j++) kernel[a * d + j] = (components[a * d + j] as number) * s;
  }
  basis.setWeights([tf.tensor2d(kernel, [k, d]), tf.tensor1d(mean)]);
}
