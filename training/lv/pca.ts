/**
 * Principal components of a data matrix with many more columns than rows (n subjects × d voxels),
 * through the n × n Gram matrix and orthogonal (subspace) iteration. Used to initialise the cardiac
 * decoders' output basis, so training starts from the best linear shape model of the cohort.
 */

export interface Pca {
  /** Column means, length d. */
  mean: Float32Array;
  /** k unit components, row-major [k][d]. */
  components: Float32Array;
  /** Variance of the data along each component (descending). */
  variances: Float64Array;
  k: number;
  d: number;
}

function orthonormalise(v: Float64Array, n: number, k: number): void {
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (v[i * k + a] as number) * (v[i * k + b] as number);
      for (let i = 0; i < n; i++) v[i * k + a] = (v[i * k + a] as number) - dot * (v[i * k + b] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (v[i * k + a] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) v[i * k + a] = (v[i * k + a] as number) / norm;
  }
}

/**
 * Top-k principal components of `data` ([n][d] row-major).
 * @param iterations - subspace iterations (convergence is geometric in λ_{k+1}/λ_k)
 */
export function pca(data: Float32Array, n: number, d: number, k: number, iterations = 60): Pca {
  if (k > n) throw new RangeError(`asked for ${k} components from ${n} samples`);
  const mean = new Float32Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number) / n;
  // Gram matrix of the centred rows.
  const c = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) c[i * d + j] = (data[i * d + j] as number) - (mean[j] as number);
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      const oa = a * d;
      const ob = b * d;
      for (let j = 0; j < d; j++) s += (c[oa + j] as number) * (c[ob + j] as number);
      g[a * n + b] = s;
      g[b * n + a] = s;
    }
  }
  // Orthogonal iteration on G (n × n) for its top-k eigenvectors V (n × k).
  let v = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++)
    v[i] =
      Math.sin(i * 12.9898 + 78.233) * 43758.5453 -
      Math.floor(Math.sin(i * 12.9898 + 78.233) * 43758.5453) -
      0.5;
  orthonormalise(v, n, k);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n * k);
    for (let i = 0; i < n; i++)
      for (let m = 0; m < n; m++) {
        const gim = g[i * n + m] as number;
        if (gim === 0) continue;
        for (let a = 0; a < k; a++)
          next[i * k + a] = (next[i * k + a] as number) + gim * (v[m * k + a] as number);
      }
    orthonormalise(next, n, k);
    v = next;
  }
  // Eigenvalues (Rayleigh quotients) and components U = Cᵀ V / sqrt(λ).
  const variances = new Float64Array(k);
  const components = new Float32Array(k * d);
  for (let a = 0; a < k; a++) {
    let lambda = 0;
    for (let i = 0; i < n; i++) {
      let gv = 0;
      for (let m = 0; m < n; m++) gv += (g[i * n + m] as number) * (v[m * k + a] as number);
      lambda += (v[i * k + a] as number) * gv;
    }
    variances[a] = lambda / n;
    const inv = lambda > 0 ? 1 / Math.sqrt(lambda) : 0;
    for (let i = 0; i < n; i++) {
      const w = (v[i * k + a] as number) * inv;
      if (w === 0) continue;
      const oi = i * d;
      const oa = a * d;
      for (let j = 0; j < d; j++)
        components[oa + j] = (components[oa + j] as number) + w * (c[oi + j] as number);
    }
  }
  return { mean, components, variances, k, d };
}
