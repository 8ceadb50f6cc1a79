/**
 * Trains a skull model (skull-cvae or skull-hcvae) on a seeded synthetic cohort, checkpointing every
 * `CHECKPOINT_EVERY` steps (an interrupted run resumes), then exports it to public/models/<id>/.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { createRng } from '../../src/anatomy/random';
import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import {
  conditionOf,
  generateRadii,
  priorPass,
  type SkullModelSpec,
  type SkullNets,
} from '../../src/model/skullCvae';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type JsonValue } from '../tf/checkpoint';
import { pca, type Pca } from '../lv/pca';
import { disposeBatch, makeBatch, profileStats, type PlaneSubset, EVAL_SUBSETS } from './batch';
import { cachedSkullCohort, type SkullCohort } from './cohort';
import type { SkullTrainConfig } from './config';
import { calibrateExportedModel } from './calibrate';
import { exportSkullModel } from './export';
import { skullLoss } from './model';
import { buildSkullNetworks, initSkullBasis, whitenedCoefficients } from './networks';

const CHECKPOINT_EVERY = 500;

export interface SkullTrainOptions {
  checkpointDir?: string;
  modelsDir?: string;
  fresh?: boolean;
  log?: (line: string) => void;
}

function allModels(n: SkullNets): tf.LayersModel[] {
  return [...n.planes, ...n.priors, n.generator, n.basis, ...(n.posterior ? [n.posterior] : [])];
}

/** All component networks seen as one weight list, for checkpoints. */
function weightsView(nets: SkullNets): tf.LayersModel {
  const models = allModels(nets);
  const view = {
    get weights() {
      return models.flatMap((m) => m.weights);
    },
    getWeights: () => models.flatMap((m) => m.getWeights()),
    setWeights: (ws: tf.Tensor[]) => {
      let o = 0;
      for (const m of models) {
        const k = m.weights.length;
        m.setWeights(ws.slice(o, o + k));
        o += k;
      }
    },
  };
  return view as unknown as tf.LayersModel;
}

function trainableVariables(nets: SkullNets): tf.Variable[] {
  return allModels(nets)
    .filter((m) => m !== nets.basis)
    .flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
}

/** Plane subsets drawn in training: the hierarchical model sees every subset that includes the axial plane. */
function drawSubset(cfg: SkullTrainConfig, r: number): PlaneSubset {
  if (!cfg.hierarchical) return [true, true];
  return r < 0.25 ? [false, false] : r < 0.5 ? [true, false] : r < 0.75 ? [false, true] : [true, true];
}

/** Mean-prediction RMS radius error (mm) on a cohort for each evaluation subset (standard planes, variant 0). */
export function validateSkull(
  nets: SkullNets,
  spec: SkullModelSpec,
  c: SkullCohort,
  w: Float32Array,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of EVAL_SUBSETS) {
    let se = 0;
    for (let i0 = 0; i0 < c.n; i0 += 64) {
      const items = Array.from({ length: Math.min(64, c.n - i0) }, (_, i) => ({
        subject: i0 + i,
        variant: 0,
        planes: s.planes,
      }));
      const b = makeBatch(c, spec, items, w, null);
      const v = tf.tidy(() => {
        const cond = conditionOf(nets, b.profiles, b.mSag, b.mCor);
        const { radii } = generateRadii(nets, priorPass(nets, spec, cond, 'mean').z, cond);
        const truth = tf.tensor2d(c.radii.subarray(i0 * c.vertices, (i0 + items.length) * c.vertices), [
          items.length,
          c.vertices,
        ]);
        return tf.sum(tf.square(tf.sub(radii, truth))).dataSync()[0] ?? NaN;
      });
      disposeBatch(b);
      se += v;
    }
    out[s.name] = Math.sqrt(se / (c.n * c.vertices));
  }
  return out;
}

export async function trainSkullModel(cfg: SkullTrainConfig, opts: SkullTrainOptions = {}): Promise<void> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const backend = await initNodeBackend(cfg.backend);
  log(`backend ${backend.name}${backend.simd ? ' (SIMD)' : ''}`);
  const cacheDir = path.dirname(opts.checkpointDir ?? path.join('checkpoints', cfg.id));
  const train = await cachedSkullCohort(
    cacheDir,
    cfg.trainSeed,
    cfg.trainN,
    cfg.variants,
    cfg.sphere,
    cfg.profileN,
  );
  const val = await cachedSkullCohort(cacheDir, cfg.valSeed, cfg.valN, 1, cfg.sphere, cfg.profileN);
  log(
    `cohorts: train ${train.n} × ${cfg.variants} acquisitions, validation ${val.n} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const p: Pca = pca(train.radii, train.n, train.vertices, cfg.basisK, 60);
  const stats = profileStats(train);
  const spec: SkullModelSpec = {
    latent: cfg.latent,
    hierarchical: cfg.hierarchical,
    profileN: cfg.profileN,
    featureN: cfg.featureN,
    basisK: cfg.basisK,
    vertices: train.vertices,
    profileMean: stats.mean,
    profileScale: stats.scale,
  };
  const wTrain = whitenedCoefficients(train.radii, train.n, p, cfg.basisK);
  const wVal = whitenedCoefficients(val.radii, val.n, p, cfg.basisK);
  const totalVar = totalVariance(train);
  const kept = Array.from(p.variances).reduce((a, b) => a + b, 0);
  const truncationRmsMm = Math.sqrt(Math.max(0, totalVar - kept) / train.vertices);
  log(
    `shape basis: ${cfg.basisK} components explain ${((100 * kept) / totalVar).toFixed(3)} % of the radius variance (truncation RMS ${truncationRmsMm.toFixed(3)} mm); profile scale ${stats.scale.toFixed(2)} mm`,
  );

  const nets = buildSkullNetworks(spec, cfg.hidden);
  initSkullBasis(nets, p, cfg.basisK);
  const view = weightsView(nets);
  const optimizer = tf.train.adam(cfg.lr, cfg.beta1, cfg.beta2);
  const variances = tf.tensor1d(Float32Array.from(p.variances.subarray(0, cfg.basisK)));
  const config = cfg as unknown as JsonValue;
  const ckDir = opts.checkpointDir ?? path.join('checkpoints', cfg.id);
  if (opts.fresh) await rm(ckDir, { recursive: true, force: true });
  const vars = trainableVariables(nets);
  const lrOf = (step: number): number => cfg.lr * (cfg.lrFinal / cfg.lr) ** (step / cfg.steps);
  const klOf = (step: number): number => Math.min(1, step / (cfg.warmupFrac * cfg.steps));
  const rngFor = (step: number) =>
    createRng(cfg.trainSeed + 7919 * (Math.floor(step / CHECKPOINT_EVERY) + 1));
  const stepOnce = (step: number, rng: ReturnType<typeof createRng>, lr: number): number[] => {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const items = Array.from({ length: cfg.batch }, () => ({
      subject: rng.int(0, train.n - 1),
      variant: rng.int(0, train.variants - 1),
      planes: drawSubset(cfg, rng.next()),
    }));
    const b = makeBatch(train, spec, items, wTrain, rng);
    const parts: number[] = [];
    const cost = optimizer.minimize(
      () => {
        const l = skullLoss(nets, spec, b, variances, {
          sigmaMm: cfg.sigmaMm,
          klWeight: klOf(step),
          priorWeight: cfg.priorWeight,
        });
        parts.push(
          l.recon.dataSync()[0] ?? NaN,
          l.reconPrior.dataSync()[0] ?? NaN,
          ...l.kl.map((k) => k.dataSync()[0] ?? NaN),
        );
        return l.loss;
      },
      true,
      vars,
    );
    parts.unshift(cost?.dataSync()[0] ?? NaN);
    cost?.dispose();
    disposeBatch(b);
    return parts;
  };

  let step0 = 0;
  if (!opts.fresh && (await hasCheckpoint(ckDir))) {
    // Adam creates its slots on the first step: one zero-learning-rate step, then restore.
    stepOnce(0, createRng(1), 0);
    const prog = await loadCheckpoint(ckDir, view, optimizer, config);
    initSkullBasis(nets, p, cfg.basisK);
    step0 = prog.step;
    log(`resumed from ${ckDir} after step ${step0}`);
  }
  let rng = rngFor(step0);
  let acc = [0, 0, 0, 0, 0, 0];
  let tBlock = Date.now();
  for (let step = step0; step < cfg.steps; step++) {
    if (step % CHECKPOINT_EVERY === 0) rng = rngFor(step);
    const parts = stepOnce(step, rng, lrOf(step));
    acc = acc.map((a, i) => a + (parts[i] ?? 0));
    const done = step + 1;
    if (done % CHECKPOINT_EVERY === 0 || done === cfg.steps) {
      const k = done % CHECKPOINT_EVERY || CHECKPOINT_EVERY;
      const v = validateSkull(nets, spec, val, wVal);
      await saveCheckpoint(ckDir, view, optimizer, { step: done, epoch: 0, seed: cfg.trainSeed }, config);
      log(
        JSON.stringify({
          step: done,
          of: cfg.steps,
          loss: +((acc[0] ?? 0) / k).toFixed(2),
          reconNats: +((acc[1] ?? 0) / k).toFixed(2),
          reconPriorNats: +((acc[2] ?? 0) / k).toFixed(2),
          klNats: acc.slice(3, 3 + cfg.latent.length).map((x) => +(x / k).toFixed(2)),
          valRmsMm: Object.fromEntries(Object.entries(v).map(([a, b]) => [a, +b.toFixed(3)])),
          seconds: +((Date.now() - tBlock) / 1000).toFixed(1),
          tensors: tf.memory().numTensors,
        }),
      );
      acc = [0, 0, 0, 0, 0, 0];
      tBlock = Date.now();
    }
  }
  variances.dispose();
  const trainMinutes = (Date.now() - t0) / 60000;
  const modelsDir = opts.modelsDir ?? path.join('public', 'models');
  await mkdir(modelsDir, { recursive: true });
  await exportSkullModel(nets, spec, cfg, modelsDir, {
    trainMinutes,
    backend: backend.name,
    pcaExplained: kept / totalVar,
    truncationRmsMm,
  });
  log(`exported ${cfg.id} to ${path.join(modelsDir, cfg.id)} after ${trainMinutes.toFixed(1)} min`);
  await calibrateExportedModel(modelsDir, cfg.id, log, cacheDir);
  log(
    `calibrated the prior temperature per plane set (${((Date.now() - t0) / 60000).toFixed(1)} min in all)`,
  );
}

/** Total variance of the radii (sum over vertices of the per-vertex variance), mm². */
function totalVariance(c: SkullCohort): number {
  const V = c.vertices;
  let total = 0;
  for (let j = 0; j < V; j++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < c.n; i++) {
      const r = c.radii[i * V + j] as number;
      s += r;
      ss += r * r;
    }
    total += ss / c.n - (s / c.n) ** 2;
  }
  return total;
}
