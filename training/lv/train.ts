/**
 * Trains a cardiac model (lv-vae or lv-lvae) on a seeded synthetic cohort, checkpointing every epoch
 * (an interrupted run resumes where it stopped), then exports it to public/models/<id>/.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { createRng } from '../../src/anatomy/random';
import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import {
  hasCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type JsonValue,
  type TrainingProgress,
} from '../tf/checkpoint';
import { registerWasmSafeConv3dGradient } from '../../src/model/tf/conv3dGradientViaForward';
import { buildLvCohort, buildRealLvCohort, concatCohorts, type LvCohort } from './cohort';
import { LV_DECODER_GRID } from '../../src/model/lvModelGrid';
import type { LvTrainConfig } from './config';
import { exportLvModel } from './export';
import { lvForward, lvLoss } from './model';
import {
  buildLvNetworks,
  initDecoderBasis,
  initShapeShortcuts,
  lvNetworkSpec,
  type LvNetworks,
} from './networks';
import { pca } from './pca';
import {
  ClassCodeStats,
  decodeFromTop,
  sampleBottomFromTop,
  drawTopCodes,
  plausibilityPenalty,
  type ClassGaussian,
  type SoftMeasureGeometry,
} from './samplePenalty';
import { LV_SOLID_CLIP_MM } from '../../src/model/lvModelGrid';
import { LV_COMPOSITION } from '../../src/geometry/lvComposition';
import { MYOCARDIUM_DENSITY_G_PER_ML } from '../../src/geometry/lvIndexes';
import { REALDATA_DEFAULT } from './realData';

export interface TrainOptions {
  /** Where checkpoints live (default checkpoints/<id>). */
  checkpointDir?: string;
  /** Where the model is exported (default public/models). */
  modelsDir?: string;
  /** Ignore an existing checkpoint and start over. */
  fresh?: boolean;
  /** The development set (default ../shared/realdata beside the project root). */
  realDataRoot?: string;
  log?: (line: string) => void;
}

/** All component networks seen as one weight list, for checkpoints. */
function weightsView(nets: LvNetworks): tf.LayersModel {
  const models = [nets.encoder, ...nets.topDown, nets.decoder, nets.classifier];
  const view = {
    get weights() {
      return models.flatMap((m) => m.weights);
    },
    getWeights: () => models.flatMap((m) => m.getWeights()),
    setWeights: (ws: tf.Tensor[]) => {
      let o = 0;
      for (const m of models) {
        const n = m.weights.length;
        m.setWeights(ws.slice(o, o + n));
        o += n;
      }
    },
  };
  return view as unknown as tf.LayersModel;
}

export function trainableVariables(nets: LvNetworks): tf.Variable[] {
  return [nets.encoder, ...nets.topDown, nets.decoder, nets.classifier].flatMap((m) =>
    m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
  );
}

function batchTensors(
  c: LvCohort,
  idx: number[],
  size: number,
): { x: tf.Tensor5D; t: tf.Tensor5D; y: tf.Tensor1D } {
  const per = c.voxels * 2;
  const perT = c.targetVoxels * 4;
  const ts = LV_DECODER_GRID.dims[0];
  const buf = new Float32Array(idx.length * per);
  const tb = new Float32Array(idx.length * perT);
  const yb = new Float32Array(idx.length);
  idx.forEach((s, i) => {
    buf.set(c.x.subarray(s * per, (s + 1) * per), i * per);
    tb.set(c.t.subarray(s * perT, (s + 1) * perT), i * perT);
    const cls = c.y[s] as number;
    yb[i] = cls === 2 ? 0.5 : cls;
  });
  return {
    x: tf.tensor5d(buf, [idx.length, size, size, size, 2]),
    t: tf.tensor5d(tb, [idx.length, ts, ts, ts, 4]),
    y: tf.tensor1d(yb),
  };
}

/** Validation: mean squared error (normalised SDF units) and accuracy with latent means. */
function validate(
  nets: LvNetworks,
  cfg: LvTrainConfig,
  c: LvCohort,
  size: number,
): { mse: number; acc: number } {
  let se = 0;
  let correct = 0;
  for (let s = 0; s < c.n; s += cfg.batch) {
    const idx = Array.from({ length: Math.min(cfg.batch, c.n - s) }, (_, i) => s + i);
    const r = tf.tidy(() => {
      const { x, t, y } = batchTensors(c, idx, size);
      const f = lvForward(nets, cfg.latent, x, false);
      const err = tf.sum(tf.square(tf.sub(f.recon, t)));
      const right = tf.sum(tf.equal(tf.greater(f.logit, 0), tf.greater(y, 0.5)).cast('float32'));
      return [err.dataSync()[0] ?? 0, right.dataSync()[0] ?? 0];
    });
    se += r[0] ?? 0;
    correct += r[1] ?? 0;
  }
  return { mse: se / (c.n * c.targetVoxels * 4), acc: correct / c.n };
}

export async function trainLvModel(cfg: LvTrainConfig, opts: TrainOptions = {}): Promise<void> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const backend = await initNodeBackend(cfg.backend);
  // tfjs's own Conv3D gradient is right on cpu; on wasm its backprop kernels are wrong (REFERENCE §4).
  if (backend.name === 'wasm') registerWasmSafeConv3dGradient();
  log(`backend ${backend.name}${backend.simd ? ' (SIMD)' : ''}`);

  const size = 32;
  const synthetic = buildLvCohort(cfg.trainSeed, cfg.trainN, cfg.population);
  const real = cfg.realData
    ? buildRealLvCohort(
        opts.realDataRoot ?? REALDATA_DEFAULT,
        cfg.realData.subjects,
        cfg.realData.rolls,
        cfg.realData.rollDeg,
        cfg.realData.augment,
      )
    : null;
  const train = real ? concatCohorts(synthetic, real) : synthetic;
  if (real)
    log(
      `real patients: ${cfg.realData?.subjects.length} × ${cfg.realData?.rolls} rolls + ${real.augmented} augmented copies = ${real.n} samples`,
    );
  const val = buildLvCohort(cfg.valSeed, cfg.valN, cfg.population);
  log(`cohorts: train ${train.n}, validation ${val.n} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const spec = lvNetworkSpec(cfg.latent, cfg.basisK);
  const nets = buildLvNetworks(spec);
  const view = weightsView(nets);
  const optimizer = tf.train.adam(cfg.lr);
  const config = cfg as unknown as JsonValue;
  const ckDir = opts.checkpointDir ?? path.join('checkpoints', cfg.id);
  let epoch0 = 0;
  // Training minutes of earlier runs of this checkpoint (a resumed run adds its own).
  let earlierMinutes = 0;
  if (opts.fresh) await rm(ckDir, { recursive: true, force: true });
  if (!opts.fresh && (await hasCheckpoint(ckDir))) {
    // Adam creates its slots on the first step: take one zero-learning-rate step so they exist.
    const p = await loadCheckpointAfterWarmup(nets, view, optimizer, cfg, ckDir, config, size, train);
    epoch0 = p.epoch;
    if (p.trainMinutes === undefined) {
      log(
        `resumed from ${ckDir} after epoch ${epoch0} (it does not record its training time: minutes count from now)`,
      );
    } else {
      earlierMinutes = p.trainMinutes;
      log(`resumed from ${ckDir} after epoch ${epoch0} and ${earlierMinutes.toFixed(1)} min of training`);
    }
  } else {
    const t = Date.now();
    const p = pca(train.t, train.n, train.targetVoxels * 4, cfg.basisK, 40);
    initDecoderBasis(nets.decoder, p.mean, p.components, p.variances, cfg.basisK);
    initShapeShortcuts(nets, spec, train.x, train.t, train.n, p, train.y);
    log(
      `decoder basis from the first ${cfg.basisK} principal components (${((Date.now() - t) / 1000).toFixed(1)} s)`,
    );
  }

  const vars = trainableVariables(nets);
  const penalty = cfg.samplePenalty;
  const geo: SoftMeasureGeometry = {
    grid: LV_DECODER_GRID,
    solidClipMm: LV_SOLID_CLIP_MM,
    minWallMm: LV_COMPOSITION.minWallMm,
    baseZMm: LV_COMPOSITION.baseZMm,
    densityGPerMl: MYOCARDIUM_DENSITY_G_PER_ML,
  };
  const topSize = cfg.latent[cfg.latent.length - 1] as number;
  // The class Gaussians the penalty's class samples come from: the previous epoch's top-level means.
  let classes: [ClassGaussian, ClassGaussian] | null = null;
  const stepsPerEpoch = Math.ceil(train.n / cfg.batch);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  for (let epoch = epoch0; epoch < cfg.epochs; epoch++) {
    const te = Date.now();
    const order = Array.from({ length: train.n }, (_, i) => i);
    const rng = createRng(cfg.trainSeed + 7919 * (epoch + 1));
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let sumLoss = 0;
    const sums = { recon: 0, kl: 0, ce: 0, penalty: 0, priorPath: 0 };
    const epochStats = new ClassCodeStats(topSize);
    const penaltyRng = createRng(cfg.trainSeed + 104729 * (epoch + 1));
    const gauss = (): number => penaltyRng.normal();
    for (let s = 0; s < stepsPerEpoch; s++) {
      const step = epoch * stepsPerEpoch + s;
      const progress = step / totalSteps;
      (optimizer as unknown as { learningRate: number }).learningRate =
        cfg.lr * (cfg.lrFinal / cfg.lr) ** progress;
      const warmup = Math.min(1, progress / cfg.warmupFrac);
      const idx = order.slice(s * cfg.batch, (s + 1) * cfg.batch);
      const { x, t, y } = batchTensors(train, idx, size);
      const labels = idx.map((i) => train.y[i] as number);
      const tops = penalty ? drawTopCodes(penalty.samples, topSize, classes, gauss) : null;
      // Decoder-only penalty: the lower levels are sampled here, outside the optimiser's closure, so
      // no gradient reaches the top-down priors.
      const bottoms =
        penalty?.decoderOnly && tops
          ? tf.tidy(() =>
              sampleBottomFromTop(nets, cfg.latent, tf.tensor2d(tops, [penalty.samples, topSize])),
            )
          : null;
      const partsOut: number[] = [];
      const cost = optimizer.minimize(
        () => {
          const f = lvForward(nets, cfg.latent, x, true, (cfg.priorPathWeight ?? 0) > 0);
          const { loss, parts } = lvLoss(f, t, y, {
            sigma: cfg.sigma,
            klWeights: cfg.klWeights,
            warmup,
            ceWeight: cfg.ceWeight,
            priorPathWeight: cfg.priorPathWeight,
          });
          epochStats.add(f.means[cfg.latent.length - 1]!.dataSync() as Float32Array, labels);
          let pen = tf.scalar(0);
          if (penalty && tops) {
            const recon = bottoms
              ? (nets.decoder.apply(bottoms) as tf.Tensor5D)
              : decodeFromTop(nets, cfg.latent, tf.tensor2d(tops, [penalty.samples, topSize]));
            pen = plausibilityPenalty(recon, geo, penalty);
          }
          partsOut.push(
            parts.recon.dataSync()[0] ?? 0,
            parts.kl.dataSync()[0] ?? 0,
            parts.ce.dataSync()[0] ?? 0,
            pen.dataSync()[0] ?? 0,
            parts.priorPath.dataSync()[0] ?? 0,
          );
          return penalty ? (tf.add(loss, tf.mul(pen, warmup * penalty.weight)) as tf.Scalar) : loss;
        },
        true,
        vars,
      );
      sumLoss += (await cost?.data())?.[0] ?? NaN;
      cost?.dispose();
      tf.dispose([x, t, y]);
      bottoms?.dispose();
      sums.recon += partsOut[0] ?? 0;
      sums.kl += partsOut[1] ?? 0;
      sums.ce += partsOut[2] ?? 0;
      sums.penalty += partsOut[3] ?? 0;
      sums.priorPath += partsOut[4] ?? 0;
    }
    classes = epochStats.gaussians();
    const v = validate(nets, cfg, val, size);
    await saveCheckpoint(
      ckDir,
      view,
      optimizer,
      {
        step: (epoch + 1) * stepsPerEpoch,
        epoch: epoch + 1,
        seed: cfg.trainSeed,
        trainMinutes: earlierMinutes + (Date.now() - t0) / 60000,
      },
      config,
    );
    log(
      JSON.stringify({
        epoch: epoch + 1,
        of: cfg.epochs,
        loss: +(sumLoss / stepsPerEpoch).toFixed(5),
        reconNats: +(sums.recon / stepsPerEpoch).toFixed(1),
        klNats: +(sums.kl / stepsPerEpoch).toFixed(2),
        ce: +(sums.ce / stepsPerEpoch).toFixed(4),
        ...(penalty ? { samplePenalty: +(sums.penalty / stepsPerEpoch).toFixed(4) } : {}),
        ...(cfg.priorPathWeight ? { priorPathNats: +(sums.priorPath / stepsPerEpoch).toFixed(1) } : {}),
        valMse: +v.mse.toExponential(3),
        valAcc: +v.acc.toFixed(3),
        seconds: +((Date.now() - te) / 1000).toFixed(1),
        tensors: tf.memory().numTensors,
      }),
    );
  }
  // A run that only re-exports a finished checkpoint adds no training time to a recorded one.
  const finishedBefore = epoch0 >= cfg.epochs && earlierMinutes > 0;
  const trainMinutes = finishedBefore ? earlierMinutes : earlierMinutes + (Date.now() - t0) / 60000;
  const modelsDir = opts.modelsDir ?? path.join('public', 'models');
  await mkdir(modelsDir, { recursive: true });
  await exportLvModel(nets, cfg, train, modelsDir, { trainMinutes, backend: backend.name });
  log(`exported ${cfg.id} to ${path.join(modelsDir, cfg.id)} after ${trainMinutes.toFixed(1)} min`);
}

async function loadCheckpointAfterWarmup(
  nets: LvNetworks,
  view: tf.LayersModel,
  optimizer: tf.Optimizer,
  cfg: LvTrainConfig,
  dir: string,
  config: JsonValue,
  size: number,
  train: LvCohort,
): Promise<TrainingProgress> {
  const vars = trainableVariables(nets);
  const lr = (optimizer as unknown as { learningRate: number }).learningRate;
  (optimizer as unknown as { learningRate: number }).learningRate = 0;
  const { x, t, y } = batchTensors(train, [0], size);
  optimizer.minimize(
    () =>
      lvLoss(lvForward(nets, cfg.latent, x, true), t, y, {
        sigma: cfg.sigma,
        klWeights: cfg.klWeights,
        warmup: 0,
        ceWeight: 0,
      }).loss,
    false,
    vars,
  );
  tf.dispose([x, t, y]);
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
  return loadCheckpoint(dir, view, optimizer, config);
}
