import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRng } from '../../src/anatomy/random';
import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import {
  hashConfig,
  hasCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type TrainingProgress,
} from './checkpoint';

const CONFIG = { model: 'tiny', lr: 0.05, batch: 4, samples: 8 };
const N = CONFIG.samples;
const XS = Array.from({ length: N * 3 }, (_, i) => Math.sin(i * 0.9));
const YS = Array.from({ length: N }, (_, i) => Math.cos(i * 1.7));

function build(): { model: tf.LayersModel; optimizer: tf.Optimizer } {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [3],
        units: 5,
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  return { model, optimizer: tf.train.adam(CONFIG.lr) };
}

/** The epoch's data order depends only on (seed, epoch), so a resumed run replays it exactly. */
function epochOrder(seed: number, epoch: number): number[] {
  const rng = createRng(seed * 1000 + epoch);
  const idx = Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx;
}

function train(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  p: TrainingProgress,
  steps: number,
): TrainingProgress {
  const stepsPerEpoch = N / CONFIG.batch;
  let { step, epoch } = p;
  for (let s = 0; s < steps; s++) {
    const within = step % stepsPerEpoch;
    const batch = epochOrder(p.seed, epoch).slice(within * CONFIG.batch, (within + 1) * CONFIG.batch);
    tf.tidy(() => {
      const x = tf.tensor2d(
        batch.flatMap((i) => XS.slice(3 * i, 3 * i + 3)),
        [batch.length, 3],
      );
      const y = tf.tensor2d(
        batch.map((i) => YS[i] ?? 0),
        [batch.length, 1],
      );
      optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar);
    });
    step++;
    if (step % stepsPerEpoch === 0) epoch++;
  }
  return { ...p, step, epoch };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('checkpoint save / resume', () => {
  let root = '';
  beforeAll(async () => {
    await initNodeBackend('cpu');
    root = await mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('2 + 2 steps with a save/restore in between equal 4 uninterrupted steps', async () => {
    const a = build();
    const pa = train(a.model, a.optimizer, { step: 0, epoch: 0, seed: 11 }, 4);

    const b = build();
    const pb = train(b.model, b.optimizer, { step: 0, epoch: 0, seed: 11 }, 2);
    const dir = path.join(root, 'ckpt');
    await saveCheckpoint(dir, b.model, b.optimizer, { ...pb, extra: { note: 'half-way' } }, CONFIG);
    await saveCheckpoint(dir, b.model, b.optimizer, { ...pb, trainMinutes: 1.5 }, CONFIG); // overwrite in place
    expect(await hasCheckpoint(dir)).toBe(true);
    expect((await readdir(root)).sort()).toEqual(['ckpt']); // no temp folders left behind
    b.model.dispose();
    b.optimizer.dispose();

    const c = build();
    const before = tf.memory().numTensors;
    const restored = await loadCheckpoint(dir, c.model, c.optimizer, { ...CONFIG });
    // The training time so far comes back with the progress (a resumed run adds its own to it).
    expect(restored).toEqual({ step: 2, epoch: 1, seed: 11, trainMinutes: 1.5 });
    delete restored.trainMinutes;
    // Adam's first and second moments for the 4 weights are the only new tensors (nothing leaked)
    expect(tf.memory().numTensors - before).toBe(2 * 4);
    const pc = train(c.model, c.optimizer, restored, 2);
    expect(pc).toEqual(pa);
    expect(weightsOf(c.model)).toEqual(weightsOf(a.model));

    // Sanity: a fresh optimizer (no slots restored) does not reproduce the run, so the test can fail.
    const d = build();
    await loadCheckpoint(dir, d.model, d.optimizer, CONFIG);
    const e = build();
    e.model.setWeights(d.model.getWeights());
    train(e.model, e.optimizer, restored, 2);
    expect(weightsOf(e.model)).not.toEqual(weightsOf(a.model));
    [a, c, d, e].forEach((x) => {
      x.model.dispose();
      x.optimizer.dispose();
    });
  });

  it('refuses a checkpoint saved with another configuration', async () => {
    const a = build();
    const dir = path.join(root, 'other');
    await saveCheckpoint(dir, a.model, a.optimizer, { step: 0, epoch: 0, seed: 1 }, CONFIG);
    await expect(loadCheckpoint(dir, a.model, a.optimizer, { ...CONFIG, lr: 0.1 })).rejects.toThrow(
      /different training configuration/,
    );
    expect(hashConfig({ a: 1, b: [1, 2] })).toBe(hashConfig({ b: [1, 2], a: 1 }));
    a.model.dispose();
  });
});
