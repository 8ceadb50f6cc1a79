/**
 * A loaded cardiac model as the explorer's worker uses it: the top-down chain from the classifier's
 * level to the decoder's input (prior means or samples), the classifier's logit and its gradient for
 * navigation, decoding to ED/ES fields, the KL of a code, and (lazily) the encoder for dropped files.
 *
 * Codes cross this interface as plain `number[]` per level, bottom → top; tensors never leave a call
 * (synchronous maths in `tf.tidy`, anything crossing an `await` disposed in `finally`).
 */
import * as tf from '@tensorflow/tfjs';
import { basisError, basisSystem, CODE_FIT_WEIGHTS, reweightedSystem } from './codeFit';
import { compileDenseGraph, denseGraphUnsupported, type DenseGraph } from './denseGraph';
import {
  decoderChannels,
  representationOf,
  unpackDecoded,
  unpackPhase,
  type LvDecoded,
  type LvDecodedPhase,
  type LvRepresentationInfo,
} from './lvDecoded';
import { loadLvModel, type LvModel, type LvModelManifest } from './lvModel';

/** How the levels below the classifier's level are set. */
export type LowerMode = 'means' | 'samples' | 'free';

/** A code on every level, bottom → top (`levels[0]` feeds the decoder). */
export type LatentLevels = number[][];

/** The Gaussian top-down prior of each lower level given the level above (log-variances). */
export interface LevelPrior {
  mu: number[];
  logvar: number[];
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Options of {@link LvSession.fitCode}. */
export interface CodeFitOptions {
  /** Adam steps. Default 200. */
  steps?: number;
  /** Adam learning rate, in units of the anchor's SD. Default 0.05. */
  lr?: number;
  /**
   * Rounds of re-weighting after the first fit (codeFit.ts `reweightedSystem`: values on the wrong
   * side of the target's surface weigh `factor` times more), each followed by `roundSteps` Adam steps.
   * Default CODE_FIT_ROUNDS.
   */
  rounds?: number;
  factor?: number;
  roundSteps?: number;
}

/** A code fitted to a target shape. */
export interface FittedCode {
  z: number[];
  /** Weighted squared error of the decoder output to the target at the start and the end. */
  errorBefore: number;
  errorAfter: number;
  steps: number;
}

/** Noise σ of the decoder output (normalised units) in the fit's likelihood (training uses the same). */
const CODE_FIT_SIGMA = 0.05;

/**
 * Re-weighting after the first fit (see {@link CodeFitOptions.rounds}); rounds 0 turns it off. Chosen
 * on the development set's trained-on hearts (27, lv-lvae of 2026-12-08): mean fitted Dice ED / ES
 * 0.9163 / 0.9454 without, 0.9169 / 0.9459 with factor 4, 0.9174 / 0.9462 with factor 10.
 */
export const CODE_FIT_ROUNDS = { rounds: 2, factor: 10, steps: 100 };

/** The decoder's z → coefficients network and its linear output basis. */
interface BasisParts {
  coef: tf.LayersModel;
  w: Float32Array;
  b: Float32Array;
  k: number;
}

/** A model loaded for interactive use. */
export class LvSession {
  private encoder: tf.LayersModel | null = null;
  /** The decoder evaluated in plain JavaScript (see `useJsDecoder`), or null: tfjs decodes. */
  private jsDecoder: DenseGraph | null = null;
  private readonly gradFn: (x: tf.Tensor) => tf.Tensor;
  private rep: LvRepresentationInfo | null = null;
  private basis: BasisParts | null | undefined = undefined;

  private constructor(readonly model: LvModel) {
    this.encoder = model.encoder;
    const clf = model.classifier;
    this.gradFn = tf.grad((m: tf.Tensor) => tf.sum(clf.apply(m) as tf.Tensor));
  }

  /** Wraps networks loaded elsewhere (Node tests and benchmarks). */
  static fromModel(model: LvModel, encoder: tf.LayersModel | null = null): LvSession {
    const s = new LvSession(model);
    s.encoder = encoder ?? model.encoder;
    return s;
  }

  /** Loads `<base>/<id>` (manifest + networks) and reports progress in [0, 1]. */
  static async load(base: string, id: string, onProgress?: (f: number) => void): Promise<LvSession> {
    return new LvSession(await loadLvModel(base, id, onProgress));
  }

  get manifest(): LvModelManifest {
    return this.model.manifest;
  }

  /** Latent sizes bottom → top. */
  get sizes(): number[] {
    return this.manifest.latent.levels.map((l) => l.size);
  }

  /** Index of the classifier's (and navigation's) level: the top. */
  get topIndex(): number {
    return this.sizes.length - 1;
  }

  /**
   * Completes a code from its top level: each lower level is the top-down prior mean, or
   * μp + σp·ε with the given standard-normal `eps[l]` ('samples'). 'free' keeps `levels` as given.
   * Returns the levels and the prior of each lower level given the level above (for the KL).
   */
  async complete(
    levels: LatentLevels,
    mode: LowerMode,
    eps: number[][] | null,
  ): Promise<{ levels: LatentLevels; priors: (LevelPrior | null)[] }> {
    const sizes = this.sizes;
    const L = sizes.length;
    this.checkLevels(levels);
    const out: LatentLevels = levels.map((l) => [...l]);
    const priors: (LevelPrior | null)[] = new Array<LevelPrior | null>(L).fill(null);
    for (let l = L - 2; l >= 0; l--) {
      const { mu, logvar } = await this.priorOf(l, out[l + 1] as number[]);
      priors[l] = { mu, logvar };
      if (mode === 'means') out[l] = mu;
      else if (mode === 'samples') {
        const e = eps?.[l];
        out[l] = mu.map((m, i) => m + Math.exp(0.5 * (logvar[i] as number)) * (e?.[i] ?? 0));
      }
    }
    return { levels: out, priors };
  }

  /** Standardised residual of every lower level from its prior given the level above: (z − μp)/σp. */
  async residuals(levels: LatentLevels): Promise<number[][]> {
    const out: number[][] = levels.map((l) => new Array<number>(l.length).fill(0));
    for (let l = levels.length - 2; l >= 0; l--) {
      const p = await this.priorOf(l, levels[l + 1] as number[]);
      out[l] = (levels[l] as number[]).map(
        (z, i) => (z - (p.mu[i] as number)) / Math.exp(0.5 * (p.logvar[i] as number)),
      );
    }
    return out;
  }

  /** The top-down prior of level `l` given the code `above` of level l + 1 (log-variance clipped to [−12, 6]). */
  async priorOf(l: number, above: number[]): Promise<LevelPrior> {
    const size = this.sizes[l] as number;
    const td = this.model.topDown[l];
    if (!td) throw new Error(`model ${this.manifest.id}: no top-down network for level ${l + 1}`);
    const y = await read(tf.tidy(() => td.apply(tf.tensor2d(above, [1, above.length])) as tf.Tensor));
    return {
      mu: Array.from(y.subarray(0, size)),
      logvar: Array.from(y.subarray(size, 2 * size), (v) => Math.min(6, Math.max(-12, v))),
    };
  }

  /** Classifier logit of HCM at a top-level code; p(HCM) = sigmoid(logit). */
  async logit(top: number[]): Promise<number> {
    const v = await read(
      tf.tidy(() => this.model.classifier.apply(tf.tensor2d(top, [1, top.length])) as tf.Tensor),
    );
    return v[0] ?? NaN;
  }

  /** Logits of many top-level codes at once (e.g. a grid for the decision boundary). */
  async logits(tops: number[][]): Promise<Float32Array> {
    if (tops.length === 0) return new Float32Array(0);
    const n = tops[0]?.length ?? 0;
    return read(
      tf.tidy(() => this.model.classifier.apply(tf.tensor2d(tops.flat(), [tops.length, n])) as tf.Tensor),
    );
  }

  /** One navigation step μ ← μ + sign·λ·∂logit/∂μ on the top level. */
  async step(top: number[], sign: 1 | -1, lambda: number): Promise<number[]> {
    const g = await read(tf.tidy(() => this.gradFn(tf.tensor2d(top, [1, top.length]))));
    return top.map((v, i) => v + sign * lambda * (g[i] ?? 0));
  }

  /** The decoder's linear output basis, or null when it has none (older decoders). */
  private basisParts(): BasisParts | null {
    if (this.basis !== undefined) return this.basis;
    const dec = this.model.decoder;
    try {
      const sum = dec.getLayer('coef_sum');
      const [w, b] = dec.getLayer('basis').getWeights();
      if (!w || !b || w.shape.length !== 2) throw new Error('basis layer without kernel');
      this.basis = {
        coef: tf.model({ inputs: dec.inputs, outputs: sum.output as tf.SymbolicTensor }),
        w: w.dataSync() as Float32Array,
        b: b.dataSync() as Float32Array,
        k: w.shape[0] as number,
      };
    } catch {
      this.basis = null;
    }
    return this.basis;
  }

  /** True when codes can be fitted to shapes ({@link fitCode}): the decoder ends in a linear basis. */
  get canFitCode(): boolean {
    return this.basisParts() !== null;
  }

  /**
   * Fits the decoder's input code to a target decoder output (`target`: the representation's
   * normalised channels, as `ImportedLv.solidTarget`), starting at `start` (the encoder's posterior
   * mean). The code moves in the whitened coordinates u = (z − mean)/sd of `anchor` (the diagonal
   * Gaussian of the training codes it is closest to), with a standard-normal prior on u: it minimises
   * the weighted squared error of the output (codeFit.ts: a quadratic in the K shape coefficients) /
   * 2σ² + ½‖u‖² with Adam. Directions the training codes never took (a tiny SD) stay put, so the fitted
   * code stays a code of the model's population. Returns null when the decoder has no linear basis.
   */
  async fitCode(
    start: number[],
    anchor: { mean: number[]; sd: number[] },
    target: Float32Array,
    opts: CodeFitOptions = {},
  ): Promise<FittedCode | null> {
    const parts = this.basisParts();
    if (!parts) return null;
    const n = start.length;
    if (anchor.mean.length !== n || anchor.sd.length !== n)
      throw new Error(`fitCode: the anchor has ${anchor.mean.length} dimensions, the code ${n}`);
    const sys = basisSystem(parts.w, parts.b, parts.k, target, CODE_FIT_WEIGHTS);
    const steps = opts.steps ?? 200;
    const k = parts.k;
    const g = tf.tensor2d(Float32Array.from(sys.g), [k, k]);
    const r = tf.tensor2d(Float32Array.from(sys.r), [1, k]);
    const mean = tf.tensor2d(anchor.mean, [1, n]);
    const sd = tf.tensor2d(anchor.sd, [1, n]);
    const u0 = start.map((z, i) => (z - (anchor.mean[i] as number)) / (anchor.sd[i] as number));
    // The variable shares its first value's data; the tidy releases that first tensor.
    const u = tf.tidy(() => tf.variable(tf.tensor2d(u0, [1, n]), true));
    const opt = tf.train.adam(opts.lr ?? 0.05);
    const codeOf = (): tf.Tensor2D => tf.add(mean, tf.mul(sd, u)) as tf.Tensor2D;
    const coefOf = async (): Promise<Float32Array> =>
      read(tf.tidy(() => parts.coef.apply(codeOf()) as tf.Tensor));
    try {
      const before = basisError(sys, await coefOf());
      const run = (gq: tf.Tensor2D, rq: tf.Tensor2D, n: number): void => {
        for (let i = 0; i < n; i++) {
          opt.minimize(
            () =>
              tf.tidy(() => {
                const c = parts.coef.apply(codeOf()) as tf.Tensor2D;
                const quad = tf.sub(tf.mul(0.5, tf.sum(tf.mul(tf.matMul(c, gq), c))), tf.sum(tf.mul(c, rq)));
                const prior = tf.mul(0.5, tf.sum(tf.square(u)));
                return tf.add(tf.div(quad, CODE_FIT_SIGMA * CODE_FIT_SIGMA), prior) as tf.Scalar;
              }),
            false,
            [u],
          );
        }
      };
      run(g, r, steps);
      const rounds = opts.rounds ?? CODE_FIT_ROUNDS.rounds;
      const factor = opts.factor ?? CODE_FIT_ROUNDS.factor;
      const roundSteps = opts.roundSteps ?? CODE_FIT_ROUNDS.steps;
      for (let round = 0; round < rounds; round++) {
        const { sys: rw } = reweightedSystem(sys, parts.w, parts.b, target, await coefOf(), factor);
        const gq = tf.tensor2d(Float32Array.from(rw.g), [k, k]);
        const rq = tf.tensor2d(Float32Array.from(rw.r), [1, k]);
        try {
          run(gq, rq, roundSteps);
        } finally {
          tf.dispose([gq, rq]);
        }
      }
      const total = steps + rounds * roundSteps;
      const after = basisError(sys, await coefOf());
      const z = await read(tf.tidy(() => codeOf()));
      return { z: Array.from(z), errorBefore: before, errorAfter: after, steps: total };
    } finally {
      opt.dispose();
      tf.dispose([g, r, mean, sd, u]);
    }
  }

  /** How this model's decoder output unpacks (representation, grid, composition rule). */
  get representation(): LvRepresentationInfo {
    return (this.rep ??= representationOf(this.manifest));
  }

  /** Decodes a bottom-level code to both phases as the decoder gives them (mm, decoder grid). */
  async decode(z1: number[]): Promise<LvDecoded> {
    const data = this.jsDecoder
      ? this.jsDecoder.run(z1)
      : await read(tf.tidy(() => this.model.decoder.apply(tf.tensor2d(z1, [1, z1.length])) as tf.Tensor));
    return unpackDecoded(data, this.representation);
  }

  /**
   * Decodes one phase: with the JavaScript decoder only that phase's channels of the last layer are
   * computed (half the cost); with tfjs both are decoded and one is kept.
   */
  async decodePhase(z1: number[], phase: 'ED' | 'ES'): Promise<LvDecodedPhase> {
    const c = this.manifest.channels.indexOf(phase);
    if (c < 0) throw new Error(`model ${this.manifest.id} has no ${phase} channel`);
    if (!this.jsDecoder) {
      const both = await this.decode(z1);
      return phase === 'ED' ? both.ed : both.es;
    }
    const rep = this.representation;
    const per = decoderChannels(rep.kind);
    const half = per / 2;
    const out = this.jsDecoder.run(z1, { every: per, offset: c * half, count: half });
    return unpackPhase(out, rep, half, 0);
  }

  /** True while decoding runs in plain JavaScript instead of tfjs. */
  get decodesInJs(): boolean {
    return this.jsDecoder !== null;
  }

  /**
   * Decodes in plain JavaScript from now on (denseGraph.ts), when the decoder is Dense layers only and
   * the JavaScript evaluator matches tfjs on `checks` codes (zero and seeded random ones) to 1e-4.
   * Meant for the cpu backend, where it is the same arithmetic without tfjs's per-op overhead
   * (≈ 4× faster); on a GPU backend tfjs stays. Returns why it was not switched on, or null.
   */
  async useJsDecoder(checks = 3): Promise<string | null> {
    const why = denseGraphUnsupported(this.model.decoder);
    if (why) return `the decoder has a ${why}`;
    // One phase's channels lie next to each other in the kernel (decodePhase's pick).
    const per = decoderChannels(this.representation.kind);
    const graph = await compileDenseGraph(this.model.decoder, {
      outputGroups: { every: per, count: per / 2 },
    });
    if (!graph) return 'the decoder could not be compiled';
    const n = graph.inputSize;
    let seed = 12345;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    for (let c = 0; c < checks; c++) {
      const z = Array.from({ length: n }, () => (c === 0 ? 0 : rand()));
      const want = await read(tf.tidy(() => this.model.decoder.apply(tf.tensor2d(z, [1, n])) as tf.Tensor));
      const got = graph.run(z);
      let worst = 0;
      for (let i = 0; i < want.length; i++)
        worst = Math.max(worst, Math.abs((want[i] as number) - (got[i] as number)));
      if (got.length !== want.length || !(worst <= 1e-4))
        return `the JavaScript decoder differs from tfjs by ${worst.toExponential(1)}`;
    }
    this.jsDecoder = graph;
    return null;
  }

  /**
   * Encoder posterior of model inputs [B, 32, 32, 32, 2] (normalised SDF): per sample and level the
   * merged Gaussian (precision-weighted with the top-down prior of the level above's mean).
   */
  async encode(inputs: Float32Array, batch: number): Promise<{ mu: LatentLevels; logvar: LatentLevels }[]> {
    const enc = await this.loadEncoder();
    const sizes = this.sizes;
    const [d, h, w] = this.manifest.grid.internal.dims;
    const q = await read(tf.tidy(() => enc.apply(tf.tensor5d(inputs, [batch, d, h, w, 2])) as tf.Tensor));
    const width = q.length / batch;
    const out: { mu: LatentLevels; logvar: LatentLevels }[] = [];
    for (let b = 0; b < batch; b++) {
      const row = q.subarray(b * width, (b + 1) * width);
      const bu: { mu: number[]; logvar: number[] }[] = [];
      let o = 0;
      for (const n of sizes) {
        bu.push({
          mu: Array.from(row.subarray(o, o + n)),
          logvar: Array.from(row.subarray(o + n, o + 2 * n), (v) => Math.min(6, Math.max(-12, v))),
        });
        o += 2 * n;
      }
      const mu: LatentLevels = bu.map((g) => g.mu);
      const logvar: LatentLevels = bu.map((g) => g.logvar);
      // Top-down: each lower level merges its bottom-up Gaussian with the prior of the mean above.
      for (let l = sizes.length - 2; l >= 0; l--) {
        const p = await this.priorOf(l, mu[l + 1] as number[]);
        const e = bu[l] as { mu: number[]; logvar: number[] };
        mu[l] = e.mu.map((me, i) => {
          const pe = Math.exp(-(e.logvar[i] as number));
          const pp = Math.exp(-(p.logvar[i] as number));
          return (me * pe + (p.mu[i] as number) * pp) / (pe + pp);
        });
        logvar[l] = e.logvar.map((le, i) => -Math.log(Math.exp(-le) + Math.exp(-(p.logvar[i] as number))));
      }
      out.push({ mu, logvar });
    }
    return out;
  }

  /** Number of latent values on every level, with a specific message when a code does not fit. */
  checkLevels(levels: LatentLevels): void {
    const sizes = this.sizes;
    if (levels.length !== sizes.length || levels.some((l, i) => l.length !== sizes[i])) {
      throw new Error(
        `model ${this.manifest.id} expects latent levels of sizes ${sizes.join(', ')}; got ${levels.map((l) => l.length).join(', ')}`,
      );
    }
    if (levels.some((l) => l.some((v) => !Number.isFinite(v))))
      throw new Error('the latent code has a value that is not a finite number');
  }

  private async loadEncoder(): Promise<tf.LayersModel> {
    if (this.encoder) return this.encoder;
    const rel = this.manifest.files.encoder;
    if (!rel) throw new Error(`model ${this.manifest.id} ships no encoder: it cannot encode files`);
    try {
      this.encoder = await this.model.files.layers(rel);
    } catch (err) {
      throw new Error(
        `model ${this.manifest.id}: the encoder could not be loaded: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return this.encoder;
  }

  dispose(): void {
    this.jsDecoder = null;
    // The coefficient network shares the decoder's layers: released with the decoder, not on its own.
    this.basis = undefined;
    const own = this.encoder !== this.model.encoder;
    this.model.dispose();
    if (own) this.encoder?.dispose();
    this.encoder = null;
  }
}

/**
 * KL of a code to the model's prior, per level (nats): the top level against N(0, I), each lower
 * level against its top-down prior given the level above. A slider code has no σ of its own, so it is
 * taken to be the prior's σ and only the mean term ½ Σ (μ − μp)²/σp² remains; an encoded code passes
 * its posterior log-variances and gets the full ½ Σ [log σp²/σq² + (σq² + (μq − μp)²)/σp² − 1].
 */
export function codeKl(
  levels: LatentLevels,
  priors: (LevelPrior | null)[],
  logvarQ: LatentLevels | null = null,
): number[] {
  return levels.map((mu, l) => {
    const p = priors[l] ?? null;
    let kl = 0;
    mu.forEach((m, i) => {
      const mp = p ? (p.mu[i] as number) : 0;
      const lp = p ? (p.logvar[i] as number) : 0;
      const lq = logvarQ?.[l]?.[i];
      if (lq === undefined) kl += (0.5 * (m - mp) ** 2) / Math.exp(lp);
      else kl += 0.5 * (lp - lq + (Math.exp(lq) + (m - mp) ** 2) / Math.exp(lp) - 1);
    });
    return kl;
  });
}
