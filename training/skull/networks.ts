/**
 * Builds the skull models' component networks (src/model/skullCvae.ts) as tfjs LayersModels and
 * initialises the fixed output basis from a PCA of the training radii.
 */
import * as tf from '@tensorflow/tfjs';
import { condSize, priorInputSize, type SkullModelSpec, type SkullNets } from '../../src/model/skullCvae';
import type { Pca } from '../lv/pca';

function mlp(
  name: string,
  inputN: number,
  hidden: number[],
  outputN: number,
  outName: string,
): tf.LayersModel {
  const input = tf.input({ shape: [inputN], name: `${name}_in` });
  let x: tf.SymbolicTensor = input;
  hidden.forEach((h, i) => {
    x = tf.layers
      .dense({ units: h, activation: 'elu', name: `${name}_h${i + 1}` })
      .apply(x) as tf.SymbolicTensor;
  });
  const out = tf.layers
    .dense({ units: outputN, name: `${name}_${outName}`, kernelInitializer: 'glorotUniform' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name });
}

/** Fresh networks for `spec` with MLP width `hidden`. */
export function buildSkullNetworks(spec: SkullModelSpec, hidden: number): SkullNets {
  const D = spec.latent.reduce((a, b) => a + b, 0);
  const C = condSize(spec);
  const planes = ['axial', 'sagittal', 'coronal'].map((k) =>
    mlp(`plane_${k}`, spec.profileN, [hidden], spec.featureN, 'feature'),
  );
  const priors = spec.latent.map((d, l) =>
    mlp(`prior_z${l + 1}`, priorInputSize(spec, l), [hidden], 2 * d, 'gauss'),
  );
  const generator = mlp('generator', D + C, [hidden, hidden], spec.basisK, 'coefficients');
  const posterior = mlp('posterior', spec.basisK + C, [hidden, hidden], 2 * D, 'gauss');
  const bIn = tf.input({ shape: [spec.basisK], name: 'basis_in' });
  const bOut = tf.layers
    .dense({ units: spec.vertices, name: 'basis_radii', trainable: false })
    .apply(bIn) as tf.SymbolicTensor;
  const basis = tf.model({ inputs: bIn, outputs: bOut, name: 'basis' });
  basis.trainable = false;
  return { planes, priors, generator, posterior, basis };
}

/** Sets the basis to radii = mean + Σ_k w_k·√var_k·component_k (whitened coefficients w). */
export function initSkullBasis(nets: SkullNets, p: Pca, k: number): void {
  const V = p.d;
  const kernel = new Float32Array(k * V);
  for (let i = 0; i < k; i++) {
    const s = Math.sqrt(Math.max(p.variances[i] as number, 1e-12));
    for (let j = 0; j < V; j++) kernel[i * V + j] = s * (p.components[i * V + j] as number);
  }
  const layer = nets.basis.getLayer('basis_radii');
  tf.tidy(() => layer.setWeights([tf.tensor2d(kernel, [k, V]), tf.tensor1d(p.mean)]));
}

/** Whitened coefficients of radii rows: w_k = (r − mean)·component_k / √var_k. */
export function whitenedCoefficients(radii: Float32Array, n: number, p: Pca, k: number): Float32Array {
  const V = p.d;
  const out = new Float32Array(n * k);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < k; i++) {
      let dot = 0;
      for (let j = 0; j < V; j++)
        dot += ((radii[s * V + j] as number) - (p.mean[j] as number)) * (p.components[i * V + j] as number);
      out[s * k + i] = dot / Math.sqrt(Math.max(p.variances[i] as number, 1e-12));
    }
  }
  return out;
}
