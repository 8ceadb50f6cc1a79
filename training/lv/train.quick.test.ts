import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LV_CONFIGS, quickConfig } from './config';
import { evaluateLvModel } from './evaluate';
import { loadLvModel } from './loadModel';
import { trainLvModel } from './train';

/**
 * The training command's whole code path on a tiny cohort (`--quick`): cohort → PCA-initialised
 * networks → training with checkpoints → export → reload → evaluation. Quality is not asserted here
 * (two epochs on 24 subjects); the shipped models' quality is in docs/results.
 */
describe('lv-lvae --quick training path', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('trains, checkpoints, exports a loadable model with a complete manifest, and evaluates', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lae-train-'));
    // With lv-lvae's own penalty on sampled shapes (decoder only: the lower levels sampled outside
    // the gradient), so the shipped configuration's path runs.
    const cfg = quickConfig(LV_CONFIGS['lv-lvae']);
    expect(cfg.samplePenalty?.decoderOnly).toBe(true);
    const lines: string[] = [];
    await trainLvModel(cfg, {
      modelsDir: path.join(dir, 'models'),
      checkpointDir: path.join(dir, 'ck'),
      fresh: true,
      log: (l) => lines.push(l),
    });
    const epochs = lines
      .filter((l) => l.startsWith('{'))
      .map(
        (l) =>
          JSON.parse(l) as { epoch: number; loss: number; samplePenalty?: number; priorPathNats?: number },
      );
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(epochs.every((e) => Number.isFinite(e.samplePenalty) && (e.samplePenalty ?? -1) >= 0)).toBe(true);
    // The prior path's reconstruction is trained and logged (a positive likelihood term).
    expect(cfg.priorPathWeight).toBeGreaterThan(0);
    expect(epochs.every((e) => (e.priorPathNats ?? 0) > 0)).toBe(true);
    expect((await stat(path.join(dir, 'ck', 'state.json'))).isFile()).toBe(true);

    const index = JSON.parse(await readFile(path.join(dir, 'models', 'index.json'), 'utf8')) as {
      models: { id: string }[];
    };
    expect(index.models.map((m) => m.id)).toEqual(['lv-lvae']);
    const model = await loadLvModel(path.join(dir, 'models'), 'lv-lvae');
    expect(model.latent).toEqual(cfg.latent);
    expect(model.nets.topDown).toHaveLength(2);
    const m = model.manifest as unknown as {
      latent: { stats: { name: string; points?: unknown[] }[] };
      grid: { output: { dims: number[]; spacingMm: number[] } };
    };
    expect(m.latent.stats.map((s) => s.name)).toEqual(['z1', 'z2', 'z3']);
    expect(m.latent.stats[2]?.points?.length).toBe(cfg.trainN);
    expect(m.grid.output.dims).toEqual([64, 64, 64]);
    expect(m.grid.output.spacingMm[0]).toBeLessThanOrEqual(1.6);

    const before = tf.memory().numTensors;
    const e = await evaluateLvModel(model, { testN: 4, stacks: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.reconstruction.ED.dice).toBeGreaterThan(0);
    expect(e.reconstruction.ED.dice).toBeLessThanOrEqual(1);
    expect(e.navigation.map((n) => n.direction)).toEqual(['healthy→hcm', 'hcm→healthy']);
    expect(e.shortAxisStacks?.subjects).toBe(2);
  }, 300_000);
});
