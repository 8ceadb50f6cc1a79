/**
 * A multilayer perceptron evaluated in plain JavaScript on typed arrays: the cardiac decoders are
 * Dense layers (with Add and Reshape), and on the CPU their cost is a 73–76 × 55 296 matrix–vector
 * product. tfjs's cpu backend spends ≈ 12 ms on one decode (op dispatch, bias add, read-back copy);
 * this evaluator does the same arithmetic in ≈ 4.5 ms, one phase's half in ≈ 2.2 ms (Node), which is
 * what a slider drag needs.
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

interface DenseStep {
  kind: 'dense';
  input: number;
  kernel: Float32Array;
  bias: Float32Array | null;
  nIn: number;
  nOut: number;
  act: Activation;
  isLinear: boolean;
  /**
   * Where output j's row lies in `kernel` (row index), when the rows are stored grouped
   * (`CompileOptions.outputGroups`); null: row j is output j.
   */
  rowOf: Int32Array | null;
  /** Kernel offsets and output indexes per pick (`rowTable`). */
  rowTables: Map<string, RowTable>;
}

/** The rows a run computes, in output order: offsets into the kernel and the outputs' indexes. */
interface RowTable {
  rows: Int32Array;
  cols: Int32Array;
}

/**
 * How the output layer's rows are stored. With `outputGroups`, the rows that a pick of `count` of
 * every `every` outputs (from an offset that is a multiple of `count`) reads lie next to each other,
 * so a one-phase decode reads one contiguous part of the kernel instead of every other pair of rows
 * (≈ 2× faster on the cardiac decoders, in Node); a whole run reads the same rows in another order.
 */
export interface CompileOptions {
  outputGroups?: { every: number; count: number };
}

type Step = DenseStep | { kind: 'add'; inputs: number[] } | { kind: 'identity'; input: number };

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
export async function compileDenseGraph(
  model: tf.LayersModel,
  opts: CompileOptions = {},
): Promise<DenseGraph | null> {
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
        rowOf: null,
        rowTables: new Map(),
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
  const groups = opts.outputGroups;
  const last = steps[pickedDense];
  if (groups && last?.kind === 'dense') groupRows(last, groups.every, groups.count);
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

/**
 * Offsets into the transposed kernel of the rows a run computes, in output order: every row, or those
 * a pick keeps. Built once per pick and kept on the step (one small integer table).
 */
function rowTable(st: DenseStep, pick?: OutputPick): RowTable {
  const every = pick?.every ?? 1;
  const count = pick?.count ?? 1;
  const offset = pick?.offset ?? 0;
  const key = `${every}/${offset}/${count}`;
  let table = st.rowTables.get(key);
  if (!table) {
    const nOut = (st.nOut / every) * count;
    const rows = new Int32Array(nOut);
    const cols = new Int32Array(nOut);
    for (let t = 0; t < nOut; t++) {
      const j = Math.floor(t / count) * every + offset + (t % count);
      cols[t] = j;
      rows[t] = (st.rowOf ? (st.rowOf[j] as number) : j) * st.nIn;
    }
    table = { rows, cols };
    st.rowTables.set(key, table);
  }
  return table;
}

/**
 * Stores a Dense step's rows grouped: output j = q·every + b·count + i (0 ≤ i < count) moves to row
 * b·(nOut·count/every) + q·count + i. Left as is when the sizes do not divide.
 */
function groupRows(st: DenseStep, every: number, count: number): void {
  if (!(every >= 1 && count >= 1 && every % count === 0 && st.nOut % every === 0)) return;
  const block = (st.nOut / every) * count;
  const rowOf = new Int32Array(st.nOut);
  for (let j = 0; j < st.nOut; j++) {
    const q = Math.floor(j / every);
    const r = j % every;
    rowOf[j] = Math.floor(r / count) * block + q * count + (r % count);
  }
  const moved = new Float32Array(st.kernel.length);
  for (let j = 0; j < st.nOut; j++)
    moved.set(st.kernel.subarray(j * st.nIn, (j + 1) * st.nIn), (rowOf[j] as number) * st.nIn);
  st.kernel = moved;
  st.rowOf = rowOf;
  st.rowTables.clear();
}

/**
 * y = act(x·K + b), with K stored transposed ([nOut][nIn]) so each output is one contiguous dot
 * product. Four outputs at a time: each input value is read once for four rows, and the four sums
 * are independent multiply-adds the CPU can overlap (≈ 1.8× faster than one row at a time on the
 * cardiac decoders' 73–76 × 27 648 phase pick, in Node).
 */
function dense(x: Float32Array, st: DenseStep, pick?: OutputPick): Float32Array {
  const { nIn, bias } = st;
  const { rows, cols } = rowTable(st, pick);
  const nOut = rows.length;
  const out = new Float32Array(nOut);
  dotRows(x, st.kernel, nIn, rows, out);
  if (bias) for (let u = 0; u < nOut; u++) out[u] = (out[u] as number) + (bias[cols[u] as number] as number);
  if (!st.isLinear) for (let u = 0; u < nOut; u++) out[u] = st.act(out[u] as number);
  return out;
}

/** out[t] = x · kernel[rows[t] … rows[t] + n − 1], four rows at a time (kept apart so it stays monomorphic). */
function dotRows(
  x: Float32Array,
  kernel: Float32Array,
  n: number,
  rows: Int32Array,
  out: Float32Array,
): void {
  const nOut = rows.length;
  let t = 0;
  for (; t + 3 < nOut; t += 4) {
    const r0 = rows[t] as number;
    const r1 = rows[t + 1] as number;
    const r2 = rows[t + 2] as number;
    const r3 = rows[t + 3] as number;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      a0 += xi * (kernel[r0 + i] as number);
      a1 += xi * (kernel[r1 + i] as number);
      a2 += xi * (kernel[r2 + i] as number);
      a3 += xi * (kernel[r3 + i] as number);
    }
    out[t] = a0;
    out[t + 1] = a1;
    out[t + 2] = a2;
    out[t + 3] = a3;
  }
  for (; t < nOut; t++) {
    const r = rows[t] as number;
    let a = 0;
    for (let i = 0; i < n; i++) a += (x[i] as number) * (kernel[r + i] as number);
    out[t] = a;
  }
}

/** A row-major [rows][cols] matrix transposed to [cols][rows]. */
function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c] as number;
  return t;
}
