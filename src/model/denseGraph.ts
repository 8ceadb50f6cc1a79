/**
 * A multilayer perceptron evaluated in plain JavaScript on typed arrays: the cardiac decoders are
 * Dense layers (with Add and Reshape), and on the CPU their cost is a 32 × 65 536 matrix–vector
 * product. tfjs's cpu backend spends ≈ 8 ms on one decode (op dispatch, bias add, read-back copy);
 * this evaluator does the same arithmetic in ≈ 2 ms, which is what a slider drag needs.
 *
 * `compileDenseGraph` reads a loaded tfjs LayersModel's topology and weights once and returns null
 * for anything it does not support (any other layer type or activation), so callers fall back to
 * tfjs. The worker uses it only on the cpu backend and only after it has matched tfjs's own output
 * (see `matchesModel`).
 */
import type * as tf from '@tensorflow/tfjs';

type Activation = (x: number) => number;

const ACTIVATIONS: Record<string, Activation> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  tanh: (x) => Math.tanh(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};

type Step =
  | {
      kind: 'dense';
      input: number;
      kernel: Float32Array;
      bias: Float32Array | null;
      nIn: number;
      nOut: number;
      act: Activation;
      isLinear: boolean;
    }
  | { kind: 'add'; inputs: number[] }
  | { kind: 'identity'; input: number };

/** Which outputs of each group of `every` to compute: `count` (default 1) from `offset`. */
export interface OutputPick {
  every: number;
  offset: number;
  count?: number;
}

/** A compiled Dense/Add/Reshape graph: one flat input vector → one flat output vector. */
export interface DenseGraph {
  readonly inputSize: number;
  readonly outputSize: number;
  /**
   * Evaluates the graph for one input vector. With `pick`, only the outputs `offset … offset + count − 1`
   * of every group of `every` (count 1 by default) are computed and returned packed (one phase of an
   * interleaved output: the cardiac decoders' last axis holds ED then ES channels), at count/every of
   * the last layer's cost; the output layer must then be Dense (through Reshape/Flatten).
   */
  run(x: ArrayLike<number>, pick?: OutputPick): Float32Array;
}

interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  inboundNodes: { inboundLayers: LayerLike[] }[];
}

/** Why a model cannot be compiled, or null when it can. */
export function denseGraphUnsupported(model: tf.LayersModel): string | null {
  const layers = model.layers as unknown as LayerLike[];
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return 'more than one input or output';
  for (const l of layers) {
    const cls = l.getClassName();
    if (cls === 'Dense') {
      const act = String(l.getConfig().activation ?? 'linear');
      if (!(act in ACTIVATIONS)) return `activation ${act}`;
    } else if (!['InputLayer', 'Add', 'Reshape', 'Flatten'].includes(cls)) return `layer ${cls}`;
    if (cls !== 'InputLayer' && l.inboundNodes.length !== 1) return `layer ${l.name} is shared`;
  }
  return null;
}

/** Compiles a Dense/Add/Reshape model; null when it has anything else. Reads the weights once. */
export async function compileDenseGraph(model: tf.LayersModel): Promise<DenseGraph | null> {
  if (denseGraphUnsupported(model) !== null) return null;
  const layers = model.layers as unknown as LayerLike[];
  const index = new Map<string, number>();
  const sizes: number[] = [];
  const steps: (Step | null)[] = [];
  const inputShape = model.inputs[0]?.shape ?? [];
  const inputSize = inputShape.slice(1).reduce((a: number, b) => a * (b ?? NaN), 1);
  if (!Number.isFinite(inputSize)) return null;
  for (const l of layers) {
    const cls = l.getClassName();
    const from = (l.inboundNodes[0]?.inboundLayers ?? []).map((p) => {
      const i = index.get(p.name);
      if (i === undefined)
        throw new Error(`denseGraph: layer ${l.name} reads ${p.name} before it is computed`);
      return i;
    });
    index.set(l.name, steps.length);
    if (cls === 'InputLayer') {
      steps.push(null);
      sizes.push(inputSize);
    } else if (cls === 'Dense') {
      const [k, b] = l.getWeights();
      if (!k) return null;
      const [nIn, nOut] = k.shape as [number, number];
      const kernel = transpose((await k.data()) as Float32Array, nIn, nOut);
      const bias = b ? ((await b.data()) as Float32Array) : null;
      const act = String(l.getConfig().activation ?? 'linear');
      steps.push({
        kind: 'dense',
        input: from[0] as number,
        kernel,
        bias,
        nIn,
        nOut,
        act: ACTIVATIONS[act] as Activation,
        isLinear: act === 'linear',
      });
      sizes.push(nOut);
    } else if (cls === 'Add') {
      steps.push({ kind: 'add', inputs: from });
      sizes.push(sizes[from[0] as number] as number);
    } else {
      steps.push({ kind: 'identity', input: from[0] as number });
      sizes.push(sizes[from[0] as number] as number);
    }
  }
  const outName = (model.outputs[0] as unknown as { sourceLayer: { name: string } }).sourceLayer.name;
  const outIndex = index.get(outName);
  if (outIndex === undefined) return null;
  const outputSize = sizes[outIndex] as number;
  // The Dense layer that produces the output (through identities), if any: the one `pick` thins out.
  let pickedDense = outIndex;
  while (steps[pickedDense]?.kind === 'identity')
    pickedDense = (steps[pickedDense] as { input: number }).input;
  if (steps[pickedDense]?.kind !== 'dense') pickedDense = -1;
  return {
    inputSize,
    outputSize,
    run(x: ArrayLike<number>, pick?: OutputPick): Float32Array {
      if (x.length !== inputSize)
        throw new Error(`denseGraph: input has ${x.length} values; the model takes ${inputSize}`);
      let picked = -1;
      if (pick) {
        const { every, offset } = pick;
        const count = pick.count ?? 1;
        if (pickedDense < 0)
          throw new Error('denseGraph: outputs can be picked only when the output layer is Dense');
        if (
          !Number.isInteger(every) ||
          every < 1 ||
          !Number.isInteger(offset) ||
          offset < 0 ||
          !Number.isInteger(count) ||
          count < 1 ||
          offset + count > every
        )
          throw new Error(`denseGraph: cannot pick ${count} of every ${every} outputs from offset ${offset}`);
        if (outputSize % every !== 0)
          throw new Error(`denseGraph: ${outputSize} outputs do not split into groups of ${every}`);
        picked = pickedDense;
      }
      const values: Float32Array[] = [];
      for (let s = 0; s < steps.length; s++) {
        const st = steps[s];
        if (!st) {
          values.push(Float32Array.from(x));
        } else if (st.kind === 'dense') {
          values.push(dense(values[st.input] as Float32Array, st, s === picked ? pick : undefined));
        } else if (st.kind === 'add') {
          const out = Float32Array.from(values[st.inputs[0] as number] as Float32Array);
          for (const i of st.inputs.slice(1)) {
            const v = values[i] as Float32Array;
            for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + (v[j] as number);
          }
          values.push(out);
        } else values.push(values[st.input] as Float32Array);
      }
      return values[outIndex] as Float32Array;
    },
  };
}

/** y = act(x·K + b), with K stored transposed ([nOut][nIn]) so each output is one contiguous dot product. */
function dense(x: Float32Array, st: Extract<Step, { kind: 'dense' }>, pick?: OutputPick): Float32Array {
  const { kernel, nIn, bias } = st;
  const every = pick?.every ?? 1;
  const count = pick?.count ?? 1;
  const offset = pick?.offset ?? 0;
  const nOut = (st.nOut / every) * count;
  const out = new Float32Array(nOut);
  for (let t = 0; t < nOut; t++) {
    const j = Math.floor(t / count) * every + offset + (t % count);
    const row = j * nIn;
    // Four partial sums: independent multiply-adds the CPU can overlap.
    let a0 = bias ? (bias[j] as number) : 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let i = 0;
    for (; i + 3 < nIn; i += 4) {
      const r = row + i;
      a0 += (x[i] as number) * (kernel[r] as number);
      a1 += (x[i + 1] as number) * (kernel[r + 1] as number);
      a2 += (x[i + 2] as number) * (kernel[r + 2] as number);
      a3 += (x[i + 3] as number) * (kernel[r + 3] as number);
    }
    for (; i < nIn; i++) a0 += (x[i] as number) * (kernel[row + i] as number);
    const a = a0 + a1 + (a2 + a3);
    out[t] = st.isLinear ? a : st.act(a);
  }
  return out;
}

/** A row-major [rows][cols] matrix transposed to [cols][rows]. */
function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c] as number;
  return t;
}
