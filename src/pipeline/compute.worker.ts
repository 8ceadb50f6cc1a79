/// <reference lib="webworker" />
/**
 * Compute worker: hosts the TensorFlow.js backend and the loaded cardiac model, and turns jobs
 * (phantom parameters, latent codes, dropped files) into meshes, colours' scalars and measurements,
 * off the main thread. Messages are handled one at a time, in order.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../model/backend';
import { LvSession } from '../model/lvSession';
import { runEncodeJob } from './encodeJob';
import { boundaryGridAxes, modelInfoFromManifest, type ClassMeanShape, type ModelInfo } from './modelInfo';
import { runCycleJob, runModelJob, type LvFields } from './modelJob';
import type { FromWorker, Job, LvModelJob, Outcome, ToWorker } from './protocol';
import { transferablesOf } from './protocol';
import { runJob } from './runJob';
import { absNow } from './updateTrace';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let session: LvSession | null = null;
/** Full-quality fields of the last model shape (for pins and the cycle). */
let lastFields: LvFields | null = null;
const pins = new Map<number, LvFields>();
/** The model last loaded, to reload it on another backend if the GPU device is lost. */
let lastLoad: { base: string; id: string } | null = null;
let deviceLost = false;

/** What the worker needs of a WebGPU device (without depending on the WebGPU type package). */
interface LosableDevice {
  lost: Promise<{ message: string; reason?: string }>;
  destroy(): void;
}

function webgpuDevice(): LosableDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: LosableDevice }).device ?? null;
}

/** Watches the WebGPU device: when it is lost, the worker recovers on the CPU backend. */
function watchDevice(): void {
  const device = webgpuDevice();
  if (!device) return;
  const onLost = (info: { message: string; reason?: string }): void => {
    if (deviceLost) return;
    deviceLost = true;
    const why = info.message || info.reason || 'no reason given';
    // A message queued behind a computation waiting on the lost device would wait for ever, so the
    // queue starts again from the recovery; the stuck computation is abandoned.
    queue = recoverOnCpu(why);
  };
  void device.lost.then(onLost);
}

/**
 * After a device loss: tells the page, switches tfjs to the cpu backend and reloads the model there.
 * Pins and the last shape are plain arrays and survive; only the networks are reloaded.
 */
async function recoverOnCpu(why: string): Promise<void> {
  send({ type: 'device-lost', message: why });
  const old = session;
  session = null;
  try {
    old?.dispose();
  } catch {
    // Tensors of a lost device may refuse to be freed; they go with the device.
  }
  try {
    const backend = await initBackend('cpu');
    send({
      type: 'backend-changed',
      backend: {
        ...backend,
        fallbacks: [{ name: 'webgpu', reason: `the GPU device was lost (${why})` }, ...backend.fallbacks],
      },
    });
  } catch (err) {
    send({
      type: 'init-error',
      message: `the GPU device was lost and the CPU backend failed: ${messageOf(err)}`,
    });
    return;
  }
  if (!lastLoad) return;
  try {
    const info = await loadModel(lastLoad.base, lastLoad.id, true);
    send({ type: 'model-ready', info, restored: true });
  } catch (err) {
    send({ type: 'model-error', id: lastLoad.id, message: messageOf(err) });
  }
}

function send(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function withSession(): LvSession {
  if (!session) throw new Error('no cardiac model is loaded yet');
  return session;
}

async function runAny(job: Job): Promise<Outcome> {
  switch (job.kind) {
    case 'lv':
    case 'skull':
      return runJob(job);
    case 'lv-model': {
      const ref = job.referencePin !== null ? (pins.get(job.referencePin) ?? null) : null;
      const r = await runModelJob(withSession(), job, ref);
      if (job.quality === 'full' && r.fields) lastFields = r.fields;
      return r.outcome;
    }
    case 'lv-encode': {
      const r = await runEncodeJob(withSession(), job);
      lastFields = r.fields;
      return r.outcome;
    }
    case 'lv-cycle':
      if (!lastFields) throw new Error('no decoded shape to animate yet');
      return runCycleJob(lastFields, job.frames);
  }
}

function meanJob(s: LvSession, top: number[]): LvModelJob {
  const levels = s.sizes.map((n, l) => (l === s.topIndex ? top : new Array<number>(n).fill(0)));
  return {
    kind: 'lv-model',
    modelId: s.manifest.id,
    levels,
    lowerMode: 'means',
    eps: null,
    step: null,
    thicknessPhases: ['ED'],
    quality: 'full',
    referencePin: null,
    logvarQ: null,
  };
}

/**
 * Loads a model and warms it up: one decode → mesh of each class mean (the "mean healthy / mean
 * HCM" shapes), the classifier on the map's grid and one gradient, so that every shader and code path
 * the first interaction needs has run once.
 */
async function loadModel(base: string, id: string, keepShapes = false): Promise<ModelInfo> {
  const t0 = performance.now();
  send({ type: 'model-progress', id, fraction: 0, stage: 'downloading' });
  const next = await LvSession.load(base, id, (f) =>
    send({ type: 'model-progress', id, fraction: 0.8 * f, stage: 'downloading' }),
  );
  const loadMs = performance.now() - t0;
  try {
    // On the cpu backend the decoder runs as plain JavaScript (the same arithmetic, ≈ 4× faster);
    // if it cannot (another architecture, or it disagrees with tfjs), tfjs decodes as before.
    const jsNote = tf.getBackend() === 'cpu' ? await next.useJsDecoder() : null;
    const decoder: ModelInfo['decoder'] = next.decodesInJs
      ? { runtime: 'javascript', note: null }
      : { runtime: 'tfjs', note: jsNote };
    const t1 = performance.now();
    send({ type: 'model-progress', id, fraction: 0.85, stage: 'warming up' });
    const info = modelInfoFromManifest(next.manifest);
    const top = info.levels[info.levels.length - 1];
    let classMeans: ModelInfo['classMeans'] = null;
    if (top?.perClass) {
      const shape = async (mean: number[]): Promise<ClassMeanShape> => {
        const r = await runModelJob(next, meanJob(next, mean), null);
        const m = r.outcome.model;
        return { levels: m?.levels ?? [], pHcm: m?.pHcm ?? NaN, indexes: r.outcome.indexes };
      };
      classMeans = {
        healthy: await shape(top.perClass.healthy.mean),
        hcm: await shape(top.perClass.hcm.mean),
      };
    }
    send({ type: 'model-progress', id, fraction: 0.95, stage: 'warming up' });
    let boundary: ModelInfo['boundary'] = null;
    if (top?.size === 2) {
      const { xs, ys } = boundaryGridAxes(info.topPoints);
      const grid = ys.flatMap((y) => xs.map((x) => [x, y]));
      boundary = { xs, ys, logit: Array.from(await next.logits(grid)) };
    }
    await next.step(new Array<number>(top?.size ?? 0).fill(0), 1, 0.1);
    const old = session;
    session = next;
    old?.dispose();
    lastLoad = { base, id };
    if (!keepShapes) {
      lastFields = null;
      pins.clear();
    }
    return { ...info, boundary, classMeans, loadMs, warmupMs: performance.now() - t1, decoder };
  } catch (err) {
    next.dispose();
    throw err;
  }
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      try {
        send({ type: 'ready', backend: await initBackend(msg.backend) });
        watchDevice();
      } catch (err) {
        send({ type: 'init-error', message: messageOf(err) });
      }
      return;
    case 'load-model':
      try {
        send({ type: 'model-ready', info: await loadModel(msg.base, msg.id) });
      } catch (err) {
        send({ type: 'model-error', id: msg.id, message: messageOf(err) });
      }
      return;
    case 'pin':
      if (lastFields) pins.set(msg.pin, lastFields);
      return;
    case 'unpin':
      pins.delete(msg.pin);
      return;
    case 'lose-device':
      webgpuDevice()?.destroy();
      return;
    case 'memory': {
      const m = tf.memory();
      send({ type: 'memory', id: msg.id, numTensors: m.numTensors, numBytes: m.numBytes });
      return;
    }
    case 'job':
      try {
        const startAt = absNow();
        const outcome = await runAny(msg.job);
        send({ type: 'result', id: msg.id, outcome, startAt, endAt: absNow() }, transferablesOf(outcome));
      } catch (err) {
        send({ type: 'job-error', id: msg.id, message: messageOf(err) });
      }
      return;
  }
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(e.data));
};
