/**
 * Model harness page (harness.html): loads a shipped cardiac model on the backend named in the URL,
 * decodes a fixed set of latent codes, times repeated decodes, and publishes the result as
 * `window.harnessResult` (and as text) for the parity test and the browser decode benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendParam } from '../model/backend';
import { decodeLv, loadLvModel, type LvModel } from '../model/lvModel';
import { priorChainToBottom } from '../model/lvae';

export interface HarnessResult {
  backend: string;
  adapter: string;
  model: string;
  /** The decoder's raw (normalised) output for each test code, as a plain array. */
  fields: { raw: number[] }[];
  /** Codes used (bottom level). */
  codes: number[][];
  decodeMs: { p50: number; p95: number; runs: number };
  /** One navigation step: ∂logit/∂μ on the classifier's level, the step, the top-down chain and a decode. */
  navigationStepMs: { p50: number; p95: number; runs: number };
  numTensorsBefore: number;
  numTensorsAfter: number;
  error?: string;
}

/** The harness's fixed test codes: the origin and two deterministic points per dimension count. */
export function harnessCodes(n: number): number[][] {
  return [0, 1, 2].map((k) =>
    Array.from({ length: n }, (_, i) => (k === 0 ? 0 : Math.sin((i + 1) * (k * 1.7)) * 1.2)),
  );
}

/** Top-down prior means from a top-level code to the bottom level (identity for a one-level VAE). */
async function bottomFromTop(model: LvModel, levels: number[], top: Float32Array): Promise<Float32Array> {
  if (levels.length === 1) return top;
  const z = tf.tidy(() => priorChainToBottom(model.topDown, levels, tf.tensor2d(top, [1, top.length])));
  try {
    return (await z.data()) as Float32Array;
  } finally {
    z.dispose();
  }
}

async function run(): Promise<HarnessResult> {
  const q = new URLSearchParams(location.search);
  const info = await initBackend(parseBackendParam(q.get('backend')));
  const id = q.get('model') ?? 'lv-lvae';
  const model = await loadLvModel('/models', id);
  const n = model.manifest.latent.levels[0]?.size ?? 0;
  const codes = harnessCodes(n);
  const fields: HarnessResult['fields'] = [];
  for (const c of codes) {
    const out = tf.tidy(() => model.decoder.apply(tf.tensor2d([c])) as tf.Tensor);
    const raw = (await out.data()) as Float32Array;
    out.dispose();
    fields.push({ raw: Array.from(raw) });
  }
  const before = tf.memory().numTensors;
  const times: number[] = [];
  const runs = Number(q.get('runs') ?? 30);
  for (let r = 0; r < runs; r++) {
    const z = Float32Array.from(codes[r % codes.length] ?? [], (v) => v + r * 1e-3);
    const t = performance.now();
    await decodeLv(model, z);
    times.push(performance.now() - t);
  }
  const navTimes: number[] = [];
  const levels = model.manifest.latent.levels.map((l) => l.size);
  const top = levels[levels.length - 1] ?? 0;
  const grad = tf.grad((m: tf.Tensor) => tf.sum(model.classifier.apply(m) as tf.Tensor));
  let mu = new Float32Array(top);
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const g = tf.tidy(() => grad(tf.tensor2d(mu, [1, top])));
    const gv = (await g.data()) as Float32Array;
    g.dispose();
    mu = mu.map((v, i) => v + 0.1 * (gv[i] ?? 0));
    const z1 = await bottomFromTop(model, levels, mu);
    await decodeLv(model, z1);
    navTimes.push(performance.now() - t);
  }
  const after = tf.memory().numTensors;
  const at = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] ?? NaN;
  };
  model.dispose();
  return {
    backend: info.name,
    adapter: info.adapter,
    model: id,
    fields,
    codes,
    decodeMs: { p50: at(times, 0.5), p95: at(times, 0.95), runs },
    navigationStepMs: { p50: at(navTimes, 0.5), p95: at(navTimes, 0.95), runs },
    numTensorsBefore: before,
    numTensorsAfter: after,
  };
}

const out = document.getElementById('out');
run()
  .then((r) => {
    (window as unknown as { harnessResult: HarnessResult }).harnessResult = r;
    if (out) out.textContent = JSON.stringify({ ...r, fields: `${r.fields.length} decoded codes` }, null, 2);
    return r;
  })
  .catch((err: unknown) => {
    const error = err instanceof Error ? err.message : String(err);
    (window as unknown as { harnessResult: Partial<HarnessResult> }).harnessResult = { error };
    if (out) out.textContent = `error: ${error}`;
    return null;
  });
