/**
 * The cardiac networks as tfjs LayersModels, one per component so the explorer can load and run each
 * on its own: encoder, (Ladder VAE) top-down priors, decoder and classifier.
 *
 * - Encoder: 2× average pooling of the ED+ES normalised SDF (32³ × 2 → 16³ × 2), three stride-2
 *   3×3×3 conv3d (16, 32, 64 channels, ELU), flatten, dense 256. VAE head: [μ, logvar] of one level. Ladder head: deterministic MLPs
 *   96 → 48 → 24 (Biffi 2020) each emitting its level's bottom-up [μ̂, log σ̂²].
 * - Decoder: z → dense 256 → dense 256 → K shape coefficients → linear basis (initialised from the
 *   training cohort's principal components) → 24³ × 4: the epicardial solid and the cavity at ED and
 *   ES as normalised signed distances (the myocardium is composed from them: geometry/lvComposition.ts).
 * - Classifier: dense 64 (ELU) → one logit of HCM; p(HCM) = sigmoid(logit). Navigation follows the
 *   logit's gradient, which does not vanish far from the boundary as the probability's does.
 */
import * as tf from '@tensorflow/tfjs';
import { LV_DECODER_GRID, LV_MODEL_GRID } from '../../src/model/lvModelGrid';

export interface LvNetworkSpec {
  /** Internal grid size (voxels per axis). */
  size: number;
  /** Latent sizes bottom → top: [32] for the VAE, e.g. [64, 32, 2] for the Ladder VAE. */
  latent: number[];
  /** Shape coefficients feeding the linear output basis. */
  basisK: number;
  /** Decoder output grid size (voxels per axis) and channels per voxel. */
  decoderSize: number;
  decoderChannels: number;
}

/** The networks' spec for a latent layout and basis size: encoder on 32³ × 2, decoder on 24³ × 4. */
export function lvNetworkSpec(latent: number[], basisK: number): LvNetworkSpec {
  return {
    size: LV_MODEL_GRID.dims[0],
    latent,
    basisK,
    decoderSize: LV_DECODER_GRID.dims[0],
    decoderChannels: 4,
  };
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
  const pooled = tf.layers
    .averagePooling3d({ poolSize: 2, strides: 2, name: 'pool' })
    .apply(input) as tf.SymbolicTensor;
  // Linear shortcut: the pooled field projected on the cohort's shape basis (initialised by ridge
  // regression onto the whitened principal-component coefficients, see initShapeShortcuts).
  const shape = tf.layers
    .dense({ units: spec.basisK, name: 'shape_proj', trainable: false })
    .apply(tf.layers.flatten({ name: 'pool_flat' }).apply(pooled)) as tf.SymbolicTensor;
  let x: tf.SymbolicTensor = pooled;
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
  const withShape = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.concatenate({ name: 'q_z1_in' }).apply([t, shape]) as tf.SymbolicTensor;
  if (spec.latent.length === 1) {
    outputs.push(
      tf.layers
        .dense({ units: 2 * (spec.latent[0] ?? 0), name: 'q_z1' })
        .apply(withShape(h)) as tf.SymbolicTensor,
    );
  } else {
    // The ladder also sees the shape coefficients, so every level (and the classifier on the 2-D
    // top) starts from features that already describe the shape.
    let d = tf.layers.concatenate({ name: 'ladder_in' }).apply([h, shape]) as tf.SymbolicTensor;
    spec.latent.forEach((n, l) => {
      d = tf.layers
        .dense({ units: LADDER_UNITS[l] ?? 24, activation: 'elu', name: `ladder${l + 1}` })
        .apply(d) as tf.SymbolicTensor;
      // z1 and the 2-D top level also read the shape coefficients directly.
      const head =
        l === 0
          ? withShape(d)
          : l === spec.latent.length - 1
            ? (tf.layers.concatenate({ name: 'q_top_in' }).apply([d, shape]) as tf.SymbolicTensor)
            : d;
      outputs.push(tf.layers.dense({ units: 2 * n, name: `q_z${l + 1}` }).apply(head) as tf.SymbolicTensor);
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
  const voxels = spec.decoderSize ** 3 * spec.decoderChannels;
  const z = tf.input({ shape: [spec.latent[0] ?? 0], name: 'z1' });
  let h = tf.layers.dense({ units: 256, activation: 'elu', name: 'dec1' }).apply(z) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 256, activation: 'elu', name: 'dec2' }).apply(h) as tf.SymbolicTensor;
  const nonlinear = tf.layers
    .dense({ units: spec.basisK, name: 'coefficients' })
    .apply(h) as tf.SymbolicTensor;
  // Linear shortcut z → coefficients (initialised to the identity on the first basisK dimensions).
  const linear = tf.layers
    .dense({ units: spec.basisK, useBias: false, name: 'coef_skip' })
    .apply(z) as tf.SymbolicTensor;
  const coefficients = tf.layers.add({ name: 'coef_sum' }).apply([nonlinear, linear]) as tf.SymbolicTensor;
  const flat = tf.layers.dense({ units: voxels, name: 'basis' }).apply(coefficients) as tf.SymbolicTensor;
  const out = tf.layers
    .reshape({
      targetShape: [spec.decoderSize, spec.decoderSize, spec.decoderSize, spec.decoderChannels],
      name: 'sdf',
    })
    .apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: z, outputs: out, name: 'decoder' });
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

/** Solves (A + λI) X = B for symmetric positive definite A (n × n) by Cholesky; B is n × m. */
function choleskySolve(a: Float64Array, n: number, b: Float64Array, m: number, lambda: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * n + j] as number) + (i === j ? lambda : 0);
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let sum = x[i * m + c] as number;
      for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (x[k * m + c] as number);
      x[i * m + c] = sum / (l[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x[i * m + c] as number;
      for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k * m + c] as number);
      x[i * m + c] = sum / (l[i * n + i] as number);
    }
  }
  return x;
}

/**
 * Starts the networks as a linear shape model, so training refines a good autoencoder instead of
 * discovering one: the encoder's `shape_proj` regresses (ridge) the pooled input onto the whitened
 * principal-component coefficients, `q_z1` passes them to the first latent means (small initial
 * variances), and the decoder's `coef_skip` passes z back to the coefficients (its nonlinear branch
 * starts at zero).
 *
 * @param x - training inputs [n][size³ × 2] (the cohort's encoder input), t - decoder targets
 *   [n][decoderSize³ × channels], mean/components/variances: the PCA of t
 */
export function initShapeShortcuts(
  nets: LvNetworks,
  spec: LvNetworkSpec,
  x: Float32Array,
  t: Float32Array,
  n: number,
  p: { mean: Float32Array; components: Float32Array; variances: Float64Array },
  labels?: Uint8Array,
): void {
  const k = spec.basisK;
  const s = spec.size;
  const h = s / 2;
  const d = s * s * s * 2;
  const dt = p.mean.length;
  const pd = h * h * h * 2;
  // Whitened coefficients and pooled inputs (layout of tf flatten over [h, h, h, 2]).
  const coef = new Float64Array(n * k);
  const pooled = new Float64Array(n * pd);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const to = i * dt;
    for (let a = 0; a < k; a++) {
      let c = 0;
      const co = a * dt;
      for (let j = 0; j < dt; j++)
        c += ((t[to + j] as number) - (p.mean[j] as number)) * (p.components[co + j] as number);
      coef[i * k + a] = c / Math.sqrt(Math.max(p.variances[a] ?? 1, 1e-12));
    }
    for (let zz = 0; zz < s; zz++)
      for (let yy = 0; yy < s; yy++)
        for (let xx = 0; xx < s; xx++)
          for (let ch = 0; ch < 2; ch++) {
            const q = ((((zz >> 1) * h + (yy >> 1)) * h + (xx >> 1)) * 2 + ch) as number;
            pooled[i * pd + q] =
              (pooled[i * pd + q] as number) + (x[xo + ((zz * s + yy) * s + xx) * 2 + ch] as number) / 8;
          }
  }
  const pm = new Float64Array(pd);
  for (let i = 0; i < n; i++)
    for (let q = 0; q < pd; q++) pm[q] = (pm[q] as number) + (pooled[i * pd + q] as number) / n;
  for (let i = 0; i < n; i++)
    for (let q = 0; q < pd; q++) pooled[i * pd + q] = (pooled[i * pd + q] as number) - (pm[q] as number);
  const gram = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let g = 0;
      for (let q = 0; q < pd; q++) g += (pooled[i * pd + q] as number) * (pooled[j * pd + q] as number);
      gram[i * n + j] = g;
      gram[j * n + i] = g;
      if (i === j) trace += g;
    }
  const alpha = choleskySolve(gram, n, coef, k, (1e-4 * trace) / n);
  const w = new Float32Array(pd * k);
  for (let i = 0; i < n; i++)
    for (let q = 0; q < pd; q++) {
      const pv = pooled[i * pd + q] as number;
      if (pv === 0) continue;
      for (let a = 0; a < k; a++) w[q * k + a] = (w[q * k + a] as number) + pv * (alpha[i * k + a] as number);
    }
  const bias = new Float32Array(k);
  for (let a = 0; a < k; a++) {
    let b = 0;
    for (let q = 0; q < pd; q++) b -= (pm[q] as number) * (w[q * k + a] as number);
    bias[a] = b;
  }
  nets.encoder.getLayer('shape_proj').setWeights([tf.tensor2d(w, [pd, k]), tf.tensor1d(bias)]);

  // q_z1: identity from the shape coefficients to the first k latent means; small variances.
  const head = nets.encoder.getLayer('q_z1');
  // getWeights() returns the variables' own values: read them, never dispose them.
  const [kernel] = head.getWeights() as [tf.Tensor2D];
  const [rows, cols] = kernel.shape;
  const latent = cols / 2;
  const kv = (kernel.dataSync() as Float32Array).map((v) => v * 0.1);
  for (let a = 0; a < k; a++)
    for (let c = 0; c < cols; c++) kv[(rows - k + a) * cols + c] = c === a && a < latent ? 1 : 0;
  const bv = new Float32Array(cols);
  for (let c = latent; c < cols; c++) bv[c] = -4;
  head.setWeights([tf.tensor2d(kv, [rows, cols]), tf.tensor1d(bv)]);

  if (spec.latent.length > 1 && labels) initTopPlane(nets, spec, coef, n, k, labels);

  // Decoder: z → coefficients through the identity; the nonlinear branch starts silent.
  const skip = nets.decoder.getLayer('coef_skip');
  const sk = new Float32Array((spec.latent[0] ?? 0) * k);
  for (let a = 0; a < Math.min(k, spec.latent[0] ?? 0); a++) sk[a * k + a] = 1;
  skip.setWeights([tf.tensor2d(sk, [spec.latent[0] ?? 0, k])]);
  const coefLayer = nets.decoder.getLayer('coefficients');
  const [ck, cb] = coefLayer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  coefLayer.setWeights([tf.zerosLike(ck), tf.zerosLike(cb)]);
}

/**
 * Ladder VAE: starts the 2-D top level on the Fisher discriminant plane of the shape coefficients —
 * axis 1 the discriminant direction Sw⁻¹(m_hcm − m_healthy), axis 2 the leading coefficient made
 * orthogonal to it, both scaled to unit spread — so the classifier on the top level has class
 * information from the first step (training then reshapes the plane freely).
 */
function initTopPlane(
  nets: LvNetworks,
  spec: LvNetworkSpec,
  coef: Float64Array,
  n: number,
  k: number,
  labels: Uint8Array,
): void {
  const m = [new Float64Array(k), new Float64Array(k)];
  const cnt = [0, 0];
  for (let i = 0; i < n; i++) {
    const c = labels[i] === 1 ? 1 : 0;
    cnt[c] = (cnt[c] as number) + 1;
    for (let a = 0; a < k; a++)
      (m[c] as Float64Array)[a] = ((m[c] as Float64Array)[a] as number) + (coef[i * k + a] as number);
  }
  for (let c = 0; c < 2; c++)
    for (let a = 0; a < k; a++)
      (m[c] as Float64Array)[a] = ((m[c] as Float64Array)[a] as number) / Math.max(1, cnt[c] as number);
  const sw = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    const mc = m[labels[i] === 1 ? 1 : 0] as Float64Array;
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++)
        sw[a * k + b] =
          (sw[a * k + b] as number) +
          ((coef[i * k + a] as number) - (mc[a] as number)) *
            ((coef[i * k + b] as number) - (mc[b] as number));
  }
  const diff = new Float64Array(k);
  for (let a = 0; a < k; a++)
    diff[a] = ((m[1] as Float64Array)[a] as number) - ((m[0] as Float64Array)[a] as number);
  let trace = 0;
  for (let a = 0; a < k; a++) trace += sw[a * k + a] as number;
  const w = choleskySolve(sw, k, diff, 1, (1e-3 * trace) / k);
  const axis2 = new Float64Array(k);
  axis2[0] = 1;
  // Orthogonalise axis 2 against w, then scale both so projections of the cohort have unit SD.
  let dot = 0;
  let ww = 0;
  for (let a = 0; a < k; a++) {
    dot += (axis2[a] as number) * (w[a] as number);
    ww += (w[a] as number) ** 2;
  }
  for (let a = 0; a < k; a++) axis2[a] = (axis2[a] as number) - (dot / ww) * (w[a] as number);
  const overall = new Float64Array(k);
  for (let a = 0; a < k; a++)
    overall[a] =
      (((m[0] as Float64Array)[a] as number) * (cnt[0] as number) +
        ((m[1] as Float64Array)[a] as number) * (cnt[1] as number)) /
      n;
  const axes = [w, axis2].map((dir) => {
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      let pr = 0;
      for (let a = 0; a < k; a++)
        pr += ((coef[i * k + a] as number) - (overall[a] as number)) * (dir[a] as number);
      s2 += pr * pr;
    }
    const sd = Math.sqrt(s2 / Math.max(1, n - 1)) || 1;
    return {
      dir: dir.map((v) => v / sd),
      offset: overall.reduce((acc, v, a) => acc + v * (dir[a] as number), 0) / sd,
    };
  });
  const head = nets.encoder.getLayer(`q_z${spec.latent.length}`);
  const [kernel] = head.getWeights() as [tf.Tensor2D];
  const [rows, cols] = kernel.shape;
  const kv = (kernel.dataSync() as Float32Array).map((v) => v * 0.1);
  for (let a = 0; a < k; a++)
    for (let c = 0; c < cols; c++)
      kv[(rows - k + a) * cols + c] = c < 2 ? ((axes[c]?.dir[a] as number) ?? 0) : 0;
  const bv = new Float32Array(cols);
  bv[0] = -(axes[0]?.offset ?? 0);
  bv[1] = -(axes[1]?.offset ?? 0);
  for (let c = cols / 2; c < cols; c++) bv[c] = -2;
  head.setWeights([tf.tensor2d(kv, [rows, cols]), tf.tensor1d(bv)]);
}
