/**
 * Training checkpoints: model weights, optimizer slots, step/epoch, RNG state and a hash of the
 * training configuration, written atomically so a crash never leaves a half-written checkpoint.
 *
 * Layout of `<dir>` (replaced as a whole on each save):
 *   state.json      {version, step, epoch, seed, rngState, configHash, model: [...], optimizer: [...]}
 *   model.bin       float32 weights of `model.getWeights()` in order (names/shapes in state.json)
 *   optimizer.bin   float32 values of `optimizer.getWeights()` in order (Adam: iterations, m, v)
 * The model itself (topology) is not stored: resume rebuilds it from the same configuration, which the
 * config hash checks. RNG: store what is needed to continue the data order, e.g. derive each epoch's
 * shuffle from `createRng(seed + epoch)` (stateless) or pass a generator's serialisable state.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TrainingProgress {
  /** Optimiser steps taken so far. */
  step: number;
  /** Completed epochs. */
  epoch: number;
  /** Seed of the run (data order, augmentation). */
  seed: number;
  /** Wall-clock minutes of training so far, over every run that led here (resumes add up). */
  trainMinutes?: number;
  /** Any further RNG state needed to continue the data stream exactly (JSON). */
  rngState?: JsonValue;
  /** Free-form extras (loss history, warm-up factor, best validation score…). */
  extra?: JsonValue;
}

interface TensorEntry {
  name: string;
  shape: number[];
}

interface StateFile extends TrainingProgress {
  version: 1;
  configHash: string;
  savedAt: string;
  model: TensorEntry[];
  optimizer: TensorEntry[];
  /** Adam's running β₁ᵗ, β₂ᵗ (see {@link adamPowers}); absent for other optimizers. */
  adamPowers?: [number, number];
}

/**
 * tfjs's Adam keeps β₁ᵗ and β₂ᵗ as running products that `getWeights` omits; `setWeights` recomputes
 * them with `pow`, which differs from the product in the last float32 bit and makes a resumed run drift
 * by ~1e-6. Saving and restoring them keeps resume bit-exact.
 */
interface AdamPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

function adamPowers(optimizer: tf.Optimizer): AdamPowers | null {
  const o = optimizer as unknown as Partial<AdamPowers>;
  return o.accBeta1 instanceof tf.Variable && o.accBeta2 instanceof tf.Variable
    ? { accBeta1: o.accBeta1, accBeta2: o.accBeta2 }
    : null;
}

/** SHA-256 (hex) of a JSON value with object keys sorted, so key order does not change the hash. */
export function hashConfig(config: JsonValue): string {
  const canon = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(canon);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canon(v[k] as JsonValue)]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canon(config)))
    .digest('hex');
}

function pack(tensors: tf.Tensor[]): Uint8Array {
  const n = tensors.reduce((a, t) => a + t.size, 0);
  const out = new Float32Array(n);
  let o = 0;
  for (const t of tensors) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32')
      throw new Error(`cannot checkpoint a ${t.dtype} tensor`);
    out.set(t.dataSync(), o);
    o += t.size;
  }
  return new Uint8Array(out.buffer);
}

function unpack(bytes: Uint8Array, entries: TensorEntry[], file: string): tf.Tensor[] {
  const all = new Float32Array(bytes.slice().buffer);
  const need = entries.reduce((a, e) => a + e.shape.reduce((x, y) => x * y, 1), 0);
  if (need !== all.length) throw new Error(`${file} holds ${all.length} values; state.json lists ${need}`);
  let o = 0;
  return entries.map((e) => {
    const n = e.shape.reduce((x, y) => x * y, 1);
    const t = tf.tensor(all.subarray(o, o + n), e.shape, 'float32');
    o += n;
    return t;
  });
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Writes a checkpoint to `<dir>` atomically: everything goes into `<dir>.tmp-<pid>`, then the old
 * checkpoint is moved aside and the new one renamed into place (rename is atomic on one filesystem).
 */
export async function saveCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  progress: TrainingProgress,
  config: JsonValue,
): Promise<void> {
  const modelWeights = model.getWeights();
  const optWeights = await optimizer.getWeights();
  const state: StateFile = {
    version: 1,
    ...progress,
    configHash: hashConfig(config),
    savedAt: new Date().toISOString(),
    model: model.weights.map((w, i) => ({
      name: w.name,
      shape: modelWeights[i]?.shape ?? w.shape.map(Number),
    })),
    optimizer: optWeights.map((w) => ({ name: w.name, shape: w.tensor.shape })),
  };
  const powers = adamPowers(optimizer);
  if (powers) state.adamPowers = [powers.accBeta1.dataSync()[0] ?? 1, powers.accBeta2.dataSync()[0] ?? 1];
  const tmp = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(path.join(tmp, 'model.bin'), pack(modelWeights));
  await writeFile(path.join(tmp, 'optimizer.bin'), pack(optWeights.map((w) => w.tensor)));
  // getWeights() returns the slot variables themselves plus a fresh scalar of the iteration count
  // (not a variable): dispose only that one, or every checkpoint leaks a tensor.
  for (const w of optWeights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  await writeFile(path.join(tmp, 'state.json'), JSON.stringify(state, null, 1));
  const hadOld = await exists(dir);
  if (hadOld) await rename(dir, old);
  await rename(tmp, dir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** True when `<dir>/state.json` exists (a checkpoint to resume from). */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  return exists(path.join(dir, 'state.json'));
}

/**
 * Restores model weights and optimizer slots saved by {@link saveCheckpoint} into a model and
 * optimizer built from the same configuration, and returns the progress to continue from.
 * @throws Error when the configuration hash or the weight shapes do not match.
 */
export async function loadCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  config: JsonValue,
): Promise<TrainingProgress> {
  const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as StateFile;
  if (state.version !== 1) throw new Error(`${dir}: unknown checkpoint version ${String(state.version)}`);
  const hash = hashConfig(config);
  if (state.configHash !== hash) {
    throw new Error(
      `${dir} was saved with a different training configuration (hash ${state.configHash.slice(0, 12)}…, ` +
        `now ${hash.slice(0, 12)}…); delete the checkpoint or rerun with the original options`,
    );
  }
  const shapes = model.weights.map((w) => w.shape.map(Number));
  const mismatch = state.model.findIndex((e, i) => JSON.stringify(e.shape) !== JSON.stringify(shapes[i]));
  if (state.model.length !== shapes.length || mismatch >= 0) {
    throw new Error(
      `${dir}: the model's weights do not match the checkpoint (first mismatch at ${mismatch})`,
    );
  }
  const weights = unpack(
    new Uint8Array(await readFile(path.join(dir, 'model.bin'))),
    state.model,
    'model.bin',
  );
  model.setWeights(weights);
  tf.dispose(weights);
  const opt = unpack(
    new Uint8Array(await readFile(path.join(dir, 'optimizer.bin'))),
    state.optimizer,
    'optimizer.bin',
  );
  // setWeights keeps the tensors it is given (as variables' initial values it copies them).
  await optimizer.setWeights(state.optimizer.map((e, i) => ({ name: e.name, tensor: opt[i] as tf.Tensor })));
  tf.dispose(opt);
  const powers = adamPowers(optimizer);
  if (powers && state.adamPowers) {
    tf.tidy(() => {
      powers.accBeta1.assign(tf.scalar(state.adamPowers?.[0] ?? 1));
      powers.accBeta2.assign(tf.scalar(state.adamPowers?.[1] ?? 1));
    });
  }
  const progress: TrainingProgress = { step: state.step, epoch: state.epoch, seed: state.seed };
  if (state.rngState !== undefined) progress.rngState = state.rngState;
  if (state.trainMinutes !== undefined) progress.trainMinutes = state.trainMinutes;
  if (state.extra !== undefined) progress.extra = state.extra;
  return progress;
}
