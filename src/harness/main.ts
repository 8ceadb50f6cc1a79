/**
 * Model harness page (harness.html): loads a shipped cardiac model on the backend named in the URL,
 * decodes a fixed set of latent codes, times repeated decodes, and publishes the result as
 * `window.harnessResult` (and as text) for the parity test and the browser decode benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendParam } from '../model/backend';
import { decodeLv, loadLvModel } from '../model/lvModel';

export interface HarnessResult {
  backend: string;
  adapter: string;
  model: string;
  /** Decoded fields of each test code (internal grid, mm): ED then ES, as plain arrays. */
  fields: { ed: number[]; es: number[] }[];
  /** Codes used (bottom level). */
  codes: number[][];
  decodeMs: { p50: number; p95: number; runs: number };
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

async function run(): Promise<HarnessResult> {
  const q = new URLSearchParams(location.search);
  const info = await initBackend(parseBackendParam(q.get('backend')));
  const id = q.get('model') ?? 'lv-lvae';
  const model = await loadLvModel('/models', id);
  const n = model.manifest.latent.levels[0]?.size ?? 0;
  const codes = harnessCodes(n);
  const fields: HarnessResult['fields'] = [];
  for (const c of codes) {
    const f = await decodeLv(model, Float32Array.from(c));
    fields.push({ ed: Array.from(f.ed), es: Array.from(f.es) });
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
  const after = tf.memory().numTensors;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * (times.length - 1)))] ?? NaN;
  model.dispose();
  return {
    backend: info.name,
    adapter: info.adapter,
    model: id,
    fields,
    codes,
    decodeMs: { p50: at(0.5), p95: at(0.95), runs },
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
