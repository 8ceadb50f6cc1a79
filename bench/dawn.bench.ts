/**
 * Benchmark: decoding the shipped cardiac models with tfjs's WebGPU backend in Node through Dawn
 * (npm `webgpu`), then resampling and meshing the ED shape on the CPU — the explorer's decode + mesh
 * path without a browser. On this machine Dawn runs on SwiftShader (set VK_ICD_FILENAMES to
 * /usr/lib/chromium/vk_swiftshader_icd.json); on a machine with a GPU and its Vulkan driver the same
 * script runs on the GPU. `webgpu` is not a project dependency: point WEBGPU_MODULE at its index.js.
 *
 *   WEBGPU_MODULE=/path/to/node_modules/webgpu/index.js npx tsx bench/dawn.bench.ts [models-dir]
 *
 * Prints one JSON object; outputs are also compared with tfjs's cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { lvGrid } from '../src/anatomy/lvPhantom';
import { lvPhaseMeasures } from '../src/geometry/lvIndexes';
import { resampleTrilinear } from '../src/geometry/resample';
import { loadLayersModelFromDir } from '../training/tf/saveLayersModel';
import { LV_MODEL_GRID } from '../training/lv/cohort';

const RUNS = 50;
const modelsDir = process.argv[2] ?? 'public/models';

function quantiles(xs: number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN).toFixed(3));
  return { p50: at(0.5), p95: at(0.95) };
}

interface GpuModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

async function main() {
  const mod = (await import(process.env.WEBGPU_MODULE ?? 'webgpu')) as GpuModule;
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create([]) as { requestAdapter(): Promise<{ info?: Record<string, string> } | null> };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  // The WebGPU backend registers itself only if navigator.gpu exists when its module loads.
  await import('@tensorflow/tfjs-backend-webgpu');
  const adapter = await gpu.requestAdapter();
  const raw = adapter?.info ?? {};
  // GPUAdapterInfo's fields are getters: copy them by name.
  const info = Object.fromEntries(
    ['vendor', 'architecture', 'device', 'description'].map((k) => [k, raw[k] ?? '']),
  );
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") returned false');
  await tf.ready();
  const results: Record<string, unknown> = {};
  for (const id of ['lv-vae', 'lv-lvae']) {
    // Reference on tfjs's cpu backend first (weights live on the backend active when they load).
    await tf.setBackend('cpu');
    const cpuDecoder = await loadLayersModelFromDir(`${modelsDir}/${id}/decoder`);
    const n = (cpuDecoder.inputs[0]?.shape[1] as number) ?? 0;
    const code = (r: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * 1.3 + r) * 0.8);
    const ref = tf.tidy(() =>
      (cpuDecoder.apply(tf.tensor2d(code(RUNS - 1), [1, n])) as tf.Tensor).dataSync(),
    );
    cpuDecoder.dispose();
    await tf.setBackend('webgpu');
    const decoder = await loadLayersModelFromDir(`${modelsDir}/${id}/decoder`);
    const decode = async (z: Float32Array) => {
      const out = tf.tidy(() => decoder.apply(tf.tensor2d(z, [1, n])) as tf.Tensor);
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return data;
    };
    await decode(code(0)); // shader compilation
    await decode(code(1));
    const decodeMs: number[] = [];
    const meshMs: number[] = [];
    const before = tf.memory().numTensors;
    let last: Float32Array = new Float32Array();
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      last = await decode(code(r));
      const t1 = performance.now();
      const ed = new Float32Array(last.length / 2);
      for (let v = 0; v < ed.length; v++) ed[v] = (last[2 * v] as number) * 8;
      const field = resampleTrilinear({ ...LV_MODEL_GRID, data: ed }, lvGrid());
      lvPhaseMeasures(field);
      meshMs.push(performance.now() - t1);
      decodeMs.push(t1 - t0);
    }
    const leaked = tf.memory().numTensors - before;
    let worst = 0;
    for (let i = 0; i < ref.length; i++)
      worst = Math.max(worst, Math.abs((ref[i] as number) - (last[i] as number)));
    results[id] = {
      decodeMs: quantiles(decodeMs),
      resampleMeshThicknessIndexesMs: quantiles(meshMs),
      totalMs: quantiles(decodeMs.map((d, i) => d + (meshMs[i] ?? 0))),
      worstAbsDiffVsCpuMm: Number((worst * 8).toExponential(2)),
      tensorsLeaked: leaked,
    };
    decoder.dispose();
  }
  console.log(
    JSON.stringify(
      {
        bench: 'dawn',
        adapter: info,
        node: process.version,
        runs: RUNS,
        note: 'decode on the WebGPU backend (Dawn); resample to 64³, marching cubes, wall thickness and indexes on one CPU core',
        models: results,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(`dawn bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
