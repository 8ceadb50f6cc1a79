/**
 * TensorFlow.js backend set-up for Node (training, export, evaluation): `cpu` or `wasm`.
 *
 * Node only: this file resolves the wasm binaries from `node_modules` through `node:module`, so it must
 * be imported from `training/` (or Node tests), never from code that goes into the browser bundle —
 * the page uses `src/model/backend.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

export type NodeBackendName = 'wasm' | 'cpu';

export interface NodeBackendInfo {
  name: NodeBackendName;
  /** Worker threads used by the wasm backend (1 in Node, which has no threaded wasm here); null on cpu. */
  threads: number | null;
  /** Whether the wasm backend runs the SIMD build; null on cpu. */
  simd: boolean | null;
  /** Folder the `.wasm` files were loaded from; null on cpu. */
  wasmDir: string | null;
}

let wasmPathsSet: string | null = null;

/** The folder holding `tfjs-backend-wasm*.wasm`, resolved from the installed package (no network). */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/**
 * Selects and initialises a tfjs backend in Node and checks that it computes.
 * @throws Error naming the backend when `tf.setBackend` fails or a 2×2 matMul reads back wrong.
 */
export async function initNodeBackend(name: NodeBackendName): Promise<NodeBackendInfo> {
  // Production mode: no "install tfjs-node" banner on stderr (it cannot be installed here) and no
  // debug-mode checks; the CLI's output stays its own.
  tf.env().set('PROD', true);
  let wasmDir: string | null = null;
  if (name === 'wasm') {
    wasmDir = wasmBinaryDir();
    if (wasmPathsSet === null) {
      setWasmPaths(wasmDir);
      wasmPathsSet = wasmDir;
    }
  }
  const ok = await tf.setBackend(name);
  if (!ok) {
    throw new Error(
      `tf.setBackend('${name}') returned false` +
        (name === 'wasm' ? ` (wasm binaries expected in ${wasmDir ?? '?'}); use 'cpu' instead` : ''),
    );
  }
  await tf.ready();
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const b = tf.matMul(a, a);
  try {
    const v = await b.data();
    if (v[0] !== 7 || v[3] !== 22) {
      throw new Error(`backend '${name}' computed a wrong 2×2 matMul: ${Array.from(v).join(',')}`);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  if (name === 'cpu') return { name, threads: null, simd: null, wasmDir: null };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { name, threads: getThreadsCount(), simd, wasmDir };
}
