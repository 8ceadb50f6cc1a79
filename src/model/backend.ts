/**
 * TensorFlow.js backend selection: WebGPU first, then WebGL, then CPU.
 *
 * Runs wherever tfjs runs (page or worker). Each candidate must both register and execute a small
 * computation whose result is read back; a backend that registers but cannot compute is skipped, and
 * the reason is kept so the page can show why it fell back.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-cpu';

import {
  BACKEND_ORDER,
  SOFTWARE_GPU,
  webglRendererName,
  type BackendInfo,
  type BackendName,
} from './backendNames';

export type { BackendInfo, BackendName } from './backendNames';
export { BACKEND_ORDER, parseBackendParam } from './backendNames';

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
interface NavigatorGpuLike {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

async function describeWebGpuAdapter(): Promise<string> {
  const nav = (globalThis as { navigator?: NavigatorGpuLike }).navigator;
  if (!nav?.gpu) throw new Error('this browser exposes no navigator.gpu (WebGPU disabled or unsupported)');
  const adapter = await nav.gpu.requestAdapter();
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
  const info = adapter.info ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return parts.length > 0 ? Array.from(new Set(parts)).join(' / ') : 'unknown WebGPU adapter';
}

function describeWebGlAdapter(): string {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  return (gl && webglRendererName(gl)) || 'WebGL';
}

/** Checks that the active backend really computes: (2×2 matmul) read back asynchronously. */
async function smokeTest(): Promise<void> {
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const b = tf.matMul(a, a);
  try {
    const v = await b.data();
    if (v[0] !== 7 || v[3] !== 22) throw new Error(`smoke test computed ${Array.from(v).join(',')}`);
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function tryBackend(name: BackendName): Promise<string> {
  let adapter = name === 'cpu' ? 'JavaScript CPU' : '';
  if (name === 'webgpu') adapter = await describeWebGpuAdapter();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  await smokeTest();
  if (name === 'webgl') adapter = describeWebGlAdapter();
  return adapter;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Picks the first backend of `order` that works, starting from `requested` when given; a GPU backend
 * on a software adapter (SOFTWARE_GPU) only when it was requested. Never throws while the CPU
 * backend is available; the fallbacks say what failed or was skipped and why.
 */
export async function initBackend(requested: BackendName | null): Promise<BackendInfo> {
  const order = requested ? [requested, ...BACKEND_ORDER.filter((b) => b !== requested)] : [...BACKEND_ORDER];
  const fallbacks: BackendInfo['fallbacks'] = [];
  for (const name of order) {
    try {
      const adapter = await tryBackend(name);
      if (name !== requested && name !== 'cpu' && SOFTWARE_GPU.test(adapter)) {
        fallbacks.push({
          name,
          reason: `${adapter} emulates a GPU on the CPU, where the cpu backend is faster (add ?backend=${name} to use it anyway)`,
        });
        continue;
      }
      return { name, adapter, requested, fallbacks };
    } catch (err) {
      fallbacks.push({ name, reason: reasonOf(err) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend works here: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`,
  );
}
