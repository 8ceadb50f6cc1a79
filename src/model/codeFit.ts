/**
 * Fitting a code to a given shape (test-time refinement of an encoding). An encoder's posterior mean
 * is one amortised guess; on shapes unlike its training set (an unseen patient) the decoder can
 * usually reproduce the shape better at a nearby code than at that mean. The solid–cavity decoders end
 * in a linear output basis (decoder output = c(z)·W + b, c = K shape coefficients), so the weighted
 * squared error to a target over all D output values is a quadratic in c alone:
 *
 *   Σ_v w_v (c·W_v + b_v − t_v)² = cᵀ G c − 2 cᵀ r + const,  G = W diag(w) Wᵀ (K × K),  r = W diag(w) (t − b),
 *
 * computed once per target here (O(K² D)); the code is then fitted through the small z → c network
 * only (lvSession.ts). Values near the target's surfaces (|t| < band) weigh 1, the rest `farWeight`:
 * the zero levels of the two solids are what the composed myocardium and its Dice depend on.
 *
 * Pure typed-array code.
 */

/** The quadratic of the output basis for one target. */
export interface BasisSystem {
  /** K × K, row-major, symmetric. */
  g: Float64Array;
  /** K. */
  r: Float64Array;
  /** The weighted error at c = 0 (the basis mean alone): Σ w (b − t)². */
  c0: number;
  k: number;
}

/** Weights of the fit: values within `band` of the surface (normalised units) and the rest. */
export interface CodeFitWeights {
  band: number;
  farWeight: number;
}

/** Set on the development set's trained-on hearts (docs/models.md, "Fitting the code"). */
export const CODE_FIT_WEIGHTS: Readonly<CodeFitWeights> = { band: 0.5, farWeight: 0.2 };

/**
 * The basis quadratic of `target` (length D) for a basis `w` (K × D row-major, as a Dense kernel
 * [K, D]) and bias `b` (D).
 */
export function basisSystem(
  w: Float32Array,
  b: Float32Array,
  k: number,
  target: Float32Array,
  weights: CodeFitWeights = CODE_FIT_WEIGHTS,
): BasisSystem {
  const d = b.length;
  if (w.length !== k * d) throw new RangeError(`basis has ${w.length} values, expected ${k} × ${d}`);
  if (target.length !== d) throw new RangeError(`target has ${target.length} values, the basis gives ${d}`);
  const wt = new Float32Array(d);
  const e = new Float32Array(d);
  let c0 = 0;
  for (let j = 0; j < d; j++) {
    const t = target[j] as number;
    const wj = Math.abs(t) < weights.band ? 1 : weights.farWeight;
    const ej = t - (b[j] as number);
    wt[j] = wj;
    e[j] = wj * ej;
    c0 += wj * ej * ej;
  }
  const g = new Float64Array(k * k);
  const r = new Float64Array(k);
  const row = new Float32Array(d);
  for (let a = 0; a < k; a++) {
    const oa = a * d;
    let ra = 0;
    for (let j = 0; j < d; j++) {
      const v = w[oa + j] as number;
      ra += v * (e[j] as number);
      row[j] = v * (wt[j] as number);
    }
    r[a] = ra;
    for (let c = a; c < k; c++) {
      const oc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (row[j] as number) * (w[oc + j] as number);
      g[a * k + c] = s;
      g[c * k + a] = s;
    }
  }
  return { g, r, c0, k };
}

/** The weighted squared error of coefficients `c` under a system: cᵀGc − 2cᵀr + c0. */
export function basisError(sys: BasisSystem, c: ArrayLike<number>): number {
  const { g, r, k } = sys;
  let q = 0;
  let l = 0;
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += (g[a * k + b] as number) * (c[b] as number);
    q += (c[a] as number) * s;
    l += (c[a] as number) * (r[a] as number);
  }
  return q - 2 * l + sys.c0;
}

/**
 * The system of `base` with the values that coefficients `c` put on the wrong side of the target's
 * surface (sign of c·W + b ≠ sign of t) weighing `factor` times as much: G + (factor − 1) Σ w_j W_j W_jᵀ
 * over those values, r and c0 likewise. The squared error is only a stand-in for the overlap that Dice
 * counts; re-weighting the values the fit still gets wrong moves the surfaces, not the far field.
 * O(K·D) for the prediction and O(K²) per wrong value.
 */
export function reweightedSystem(
  base: BasisSystem,
  w: Float32Array,
  b: Float32Array,
  target: Float32Array,
  c: ArrayLike<number>,
  factor: number,
  weights: CodeFitWeights = CODE_FIT_WEIGHTS,
): { sys: BasisSystem; wrong: number } {
  const { k } = base;
  const d = b.length;
  if (w.length !== k * d) throw new RangeError(`basis has ${w.length} values, expected ${k} × ${d}`);
  if (target.length !== d || c.length !== k) throw new RangeError('reweightedSystem: sizes disagree');
  const pred = Float32Array.from(b);
  for (let a = 0; a < k; a++) {
    const ca = c[a] as number;
    const oa = a * d;
    for (let j = 0; j < d; j++) pred[j] = (pred[j] as number) + ca * (w[oa + j] as number);
  }
  const g = Float64Array.from(base.g);
  const r = Float64Array.from(base.r);
  let c0 = base.c0;
  const col = new Float64Array(k);
  let wrong = 0;
  for (let j = 0; j < d; j++) {
    const t = target[j] as number;
    if ((pred[j] as number) < 0 === t < 0) continue;
    wrong++;
    const extra = (factor - 1) * (Math.abs(t) < weights.band ? 1 : weights.farWeight);
    const e = t - (b[j] as number);
    c0 += extra * e * e;
    for (let a = 0; a < k; a++) col[a] = w[a * d + j] as number;
    for (let a = 0; a < k; a++) {
      const va = extra * (col[a] as number);
      r[a] = (r[a] as number) + va * e;
      for (let q = a; q < k; q++) g[a * k + q] = (g[a * k + q] as number) + va * (col[q] as number);
    }
  }
  for (let a = 0; a < k; a++) for (let q = 0; q < a; q++) g[a * k + q] = g[q * k + a] as number;
  return { sys: { g, r, c0, k }, wrong };
}
