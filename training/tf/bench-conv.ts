/**
 * Benchmark: time per training sample of a candidate 3-D conv VAE encoder/decoder at several input
 * resolutions on the Node backends (cpu, wasm). Prints ONE JSON object on stdout (progress on stderr).
 *
 *   npx tsx training/tf/bench-conv.ts [--sizes 32,48,64] [--backends cpu,wasm] [--arch base,lite]
 *                                     [--batch 1] [--subjects 400]
 *
 * Architecture (channels-last, 2 input channels = ED, ES), channel plans in ARCHS:
 *   encoder: 4 × conv3d 3³ stride 2 'same' ReLU (base 8-16-32-64) → flatten → dense 64 (latent mean)
 *   decoder: dense → (N/8)³×64 ReLU → 3 × [UpSampling3D ×2 → conv3d 3³ ReLU] (base 32-16-8)
 *            → conv3d 3³ → 2 channels, sigmoid
 * The decoder uses upsample + conv, not conv3dTranspose (wrong on wasm). conv3d's own gradient kernels
 * are wrong on wasm too; `--wasm-grad forward` (default) trains through registerWasmSafeConv3dGradient
 * (correct), `--wasm-grad native` times tfjs's wrong kernels for comparison.
 */
import * as tf from '@tensorflow/tfjs';

import { registerWasmSafeConv3dGradient } from '../../src/model/tf/conv3dGradientViaForward';
import { initNodeBackend, type NodeBackendInfo, type NodeBackendName } from '../../src/model/tf/nodeBackend';
import { upSampling3d } from '../../src/model/tf/upsample3d';

interface ConvSpec {
  outVoxels: number;
  k: number;
  cin: number;
  cout: number;
  first: boolean;
}

/** Channel plans: `base` is the brief's candidate, `lite` a cheaper decoder (the full-resolution convs dominate). */
export const ARCHS = {
  base: { enc: [8, 16, 32, 64], dec: [32, 16, 8], bottleneck: 64 },
  lite: { enc: [4, 8, 16, 32], dec: [16, 8, 4], bottleneck: 32 },
} as const;
export type ArchName = keyof typeof ARCHS;

function buildModel(
  n: number,
  arch: ArchName,
): { model: tf.LayersModel; convs: ConvSpec[]; denseMacs: number } {
  const plan = ARCHS[arch];
  if (n % 16 !== 0) throw new Error(`input size ${n} must be a multiple of 16`);
  const convs: ConvSpec[] = [];
  const input = tf.input({ shape: [n, n, n, 2] });
  let x: tf.SymbolicTensor = input;
  let size = n;
  let cin = 2;
  for (const [i, c] of plan.enc.entries()) {
    size /= 2;
    x = tf.layers
      .conv3d({ filters: c, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
      .apply(x) as tf.SymbolicTensor;
    convs.push({ outVoxels: size ** 3, k: 3, cin, cout: c, first: i === 0 });
    cin = c;
  }
  const flat = size ** 3 * cin;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const z = tf.layers.dense({ units: 64 }).apply(x) as tf.SymbolicTensor;
  const s0 = n / 8;
  const b = plan.bottleneck;
  let y = tf.layers.dense({ units: s0 ** 3 * b, activation: 'relu' }).apply(z) as tf.SymbolicTensor;
  y = tf.layers.reshape({ targetShape: [s0, s0, s0, b] }).apply(y) as tf.SymbolicTensor;
  let s = s0;
  cin = b;
  for (const c of plan.dec) {
    y = upSampling3d({ size: 2 }).apply(y) as tf.SymbolicTensor;
    s *= 2;
    y = tf.layers
      .conv3d({ filters: c, kernelSize: 3, padding: 'same', activation: 'relu' })
      .apply(y) as tf.SymbolicTensor;
    convs.push({ outVoxels: s ** 3, k: 3, cin, cout: c, first: false });
    cin = c;
  }
  const out = tf.layers
    .conv3d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'sigmoid' })
    .apply(y) as tf.SymbolicTensor;
  convs.push({ outVoxels: s ** 3, k: 3, cin, cout: 2, first: false });
  return { model: tf.model({ inputs: input, outputs: out }), convs, denseMacs: flat * 64 + 64 * s0 ** 3 * b };
}

/** GFLOP per sample: forward, and training (forward + ∂x + ∂W ≈ 3× forward, 2× for the first layer). */
function flops(convs: ConvSpec[], denseMacs: number): { forward: number; train: number } {
  let fwd = 2 * denseMacs;
  let train = 3 * 2 * denseMacs;
  for (const c of convs) {
    const f = 2 * c.outVoxels * c.k ** 3 * c.cin * c.cout;
    fwd += f;
    train += (c.first ? 2 : 3) * f;
  }
  return { forward: fwd / 1e9, train: train / 1e9 };
}

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

async function timeIt(fn: () => Promise<void>, reps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

interface Row {
  arch: ArchName;
  backend: NodeBackendName;
  size: number;
  batch: number;
  params: number;
  gflopForwardPerSample: number;
  gflopTrainPerSample: number;
  forwardMsPerSample: number;
  trainMsPerSample: number;
  trainSteps: number;
  trainGflops: number;
  gradientsCorrect: boolean;
  minutesPerEpoch: number;
}

async function benchOne(
  arch: ArchName,
  backend: NodeBackendName,
  n: number,
  batch: number,
  subjects: number,
  gradientsCorrect: boolean,
): Promise<Row> {
  const { model, convs, denseMacs } = buildModel(n, arch);
  const f = flops(convs, denseMacs);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([batch, n, n, n, 2], 0, 1, 'float32', 1).greater(0.5).toFloat();
  const forward = async () => {
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  };
  const step = async () => {
    const loss = optimizer.minimize(
      () => tf.losses.sigmoidCrossEntropy(x, model.apply(x) as tf.Tensor) as tf.Scalar,
      true,
    ) as tf.Scalar;
    await loss.data();
    loss.dispose();
  };
  const fwdMs = await timeIt(forward, 1); // cpu/wasm compile nothing, so no warm-up
  await step(); // warm-up (creates optimizer slots)
  const trainSteps = n >= 48 ? 1 : 2;
  const trainMs = await timeIt(step, trainSteps);
  const params = model.countParams();
  tf.dispose(x);
  optimizer.dispose();
  model.dispose();
  const trainMsPerSample = trainMs / batch;
  return {
    arch,
    backend,
    size: n,
    batch,
    params,
    gflopForwardPerSample: +f.forward.toFixed(3),
    gflopTrainPerSample: +f.train.toFixed(3),
    forwardMsPerSample: Math.round(fwdMs / batch),
    trainMsPerSample: Math.round(trainMsPerSample),
    trainSteps,
    trainGflops: +(f.train / (trainMsPerSample / 1000)).toFixed(3),
    gradientsCorrect,
    minutesPerEpoch: +((subjects * trainMsPerSample) / 60000).toFixed(1),
  };
}

async function main(): Promise<void> {
  const sizes = argValue('sizes', '32,48,64').split(',').map(Number);
  const backends = argValue('backends', 'cpu,wasm').split(',') as NodeBackendName[];
  const batch = Number(argValue('batch', '1'));
  const archs = argValue('arch', 'base,lite').split(',') as ArchName[];
  for (const a of archs)
    if (!(a in ARCHS)) throw new Error(`unknown --arch ${a}; use ${Object.keys(ARCHS).join(',')}`);
  const subjects = Number(argValue('subjects', '400'));
  const wasmGrad = argValue('wasm-grad', 'forward');
  if (wasmGrad === 'forward') registerWasmSafeConv3dGradient();
  else if (wasmGrad !== 'native') throw new Error(`--wasm-grad must be forward or native, got ${wasmGrad}`);
  const rows: Row[] = [];
  const info: Partial<Record<NodeBackendName, NodeBackendInfo | string>> = {};
  const t0 = performance.now();
  for (const backend of backends) {
    try {
      info[backend] = await initNodeBackend(backend);
    } catch (err) {
      info[backend] = `unavailable: ${err instanceof Error ? err.message : String(err)}`;
      continue;
    }
    for (const arch of archs) {
      for (const n of sizes) {
        process.stderr.write(`bench-conv: ${arch} ${backend} ${n}³ …\n`);
        rows.push(
          await benchOne(arch, backend, n, batch, subjects, backend !== 'wasm' || wasmGrad === 'forward'),
        );
        process.stderr.write(`  ${JSON.stringify(rows[rows.length - 1])}\n`);
      }
    }
  }
  const result = {
    bench: 'bench-conv',
    tfjs: tf.version.tfjs,
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    batch,
    wasmGrad,
    subjectsPerEpoch: subjects,
    architecture:
      'enc 4×conv3d 3³ s2 (channels enc) → dense 64; dec dense → (N/8)³×bottleneck → 3×[up×2 → conv3d 3³] (channels dec) → conv3d 3³ → 2 sigmoid',
    archs: ARCHS,
    backends: info,
    results: rows,
    totalSeconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
