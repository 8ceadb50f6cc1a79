/**
 * Evaluation of a shipped cardiac model on its held-out synthetic test cohort (drawn with its own
 * seed): reconstruction (Dice, Hausdorff, relative volume difference at ED and ES on the 64³ × 1.6 mm
 * output grid), classification (accuracy, AUC), latent navigation validity and, for the Ladder VAE,
 * how well the 2-D top level separates the classes.
 */
import * as tf from '@tensorflow/tfjs';
import { lvGrid, lvMyocardiumField } from '../../src/anatomy/lvPhantom';
import { lvPhaseMeasures } from '../../src/geometry/lvIndexes';
import { marchingCubes } from '../../src/geometry/marchingCubes';
import { meshVolume } from '../../src/geometry/meshTopology';
import { dice, hausdorff, relativeVolumeDifference } from '../../src/geometry/metrics';
import { createRng } from '../../src/anatomy/random';
import {
  isLvPopulationVersion,
  LV_POPULATION_VERSIONS,
  type LvSubject,
} from '../../src/anatomy/lvPopulation';
import { buildLvCohort, LV_MODEL_GRID } from './cohort';
import { encodeHeart } from '../../src/pipeline/lv/encodeHeart';
import type { PlausibilityResult } from './plausibility';
import type { RealDataEvaluation } from './realData';
import { makeShortAxisStack } from './shortAxisStack';
import { decodeFields, priorChainBottom } from './decode';
import { representationOf } from '../../src/model/lvDecoded';
import type { LoadedLvModel } from './loadModel';
import { lvForward } from './model';

export interface NavigationSummary {
  direction: 'healthy→hcm' | 'hcm→healthy';
  subjects: number;
  arrivedShare: number;
  meanSteps: number;
  meanDeltaMaxWallThicknessMm: number;
  meanDeltaMassPct: number;
  meanDeltaCavityPct: number;
}

export interface LvEvaluation {
  id: string;
  testSubjects: number;
  testSeed: number;
  /** Version of the synthetic population the test hearts were drawn from (the manifest's generatorVersion). */
  population?: number;
  reconstruction: Record<
    'ED' | 'ES',
    {
      dice: number;
      diceMin: number;
      hausdorffMaxMm: number;
      hausdorff95Mm: number;
      rvd: number;
      absRvd: number;
    }
  >;
  classification: { accuracy: number; auc: number };
  navigation: NavigationSummary[];
  topLevelSeparation: null | { dims: number; accuracy: number; auc: number; meanDistanceInSd: number };
  /** Test subjects cut into oblique 1.5 × 1.5 × 10 mm short-axis stacks and imported like users' files. */
  shortAxisStacks: null | {
    subjects: number;
    accuracy: number;
    diceED: number;
    diceES: number;
    diceEDMin: number;
  };
  /** Real patients of the development set (trained-on and held-out apart); null when not run. */
  realData?: RealDataEvaluation | null;
  /** Shapes the model can show, checked for plausibility; null when not run. */
  plausibility?: PlausibilityResult | null;
  seconds: number;
}

/** Area under the ROC curve by the rank-sum statistic. */
export function auc(scores: number[], labels: number[]): number {
  const pos = scores.filter((_, i) => labels[i] === 1);
  const neg = scores.filter((_, i) => labels[i] === 0);
  if (pos.length === 0 || neg.length === 0) return NaN;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

/** Steps μ ← μ ± λ ∂logit/∂μ on the classifier's input level until p passes 0.9 or maxSteps. */
export function navigate(
  model: LoadedLvModel,
  start: Float32Array,
  towardsHcm: boolean,
  lambda = 0.1,
  maxSteps = 200,
  target = 0.9,
): { end: Float32Array; steps: number; arrived: boolean; p: number } {
  const sign = towardsHcm ? 1 : -1;
  const clf = model.nets.classifier;
  let mu = tf.tensor2d(start, [1, start.length]);
  const gradFn = tf.grad((m: tf.Tensor) => tf.sum(clf.apply(m) as tf.Tensor));
  const probability = (m: tf.Tensor2D): number =>
    1 / (1 + Math.exp(-tf.tidy(() => (clf.apply(m) as tf.Tensor).dataSync()[0] ?? 0)));
  const reached = (q: number): boolean => (towardsHcm ? q > target : 1 - q > target);
  let steps = 0;
  let p = probability(mu);
  while (!reached(p) && steps < maxSteps) {
    const next = tf.tidy(() => tf.add(mu, tf.mul(gradFn(mu), sign * lambda))) as tf.Tensor2D;
    mu.dispose();
    mu = next;
    steps++;
    p = probability(mu);
  }
  const end = mu.dataSync().slice() as Float32Array;
  mu.dispose();
  return { end, steps, arrived: reached(p), p };
}

/**
 * Cuts `n` test subjects into short-axis stacks at random orientations (tilt up to 30° from the long
 * axis, 10 mm slices), imports and encodes them like a user's files, and scores the classification and
 * the reconstruction against the full-resolution truth.
 */
export async function evaluateShortAxisStacks(
  model: LoadedLvModel,
  subjects: LvSubject[],
  seed: number,
): Promise<LvEvaluation['shortAxisStacks']> {
  if (subjects.length === 0) return null;
  const rng = createRng(seed);
  const out = lvGrid();
  let correct = 0;
  const dEd: number[] = [];
  const dEs: number[] = [];
  for (const s of subjects) {
    const st = makeShortAxisStack(s, rng, 30);
    const enc = await encodeHeart(model.session, st.ed, st.es);
    if (enc.pHcm >= 0.5 === (s.cls === 'hcm')) correct++;
    dEd.push(dice(enc.fields.ed, lvMyocardiumField(s.params, 'ED', out)));
    dEs.push(dice(enc.fields.es, lvMyocardiumField(s.params, 'ES', out)));
  }
  return {
    subjects: subjects.length,
    accuracy: correct / subjects.length,
    diceED: mean(dEd),
    diceES: mean(dEs),
    diceEDMin: Math.min(...dEd),
  };
}

export async function evaluateLvModel(
  model: LoadedLvModel,
  opts: { testN?: number; stacks?: number; log?: (l: string) => void } = {},
): Promise<LvEvaluation> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const { manifest, nets, latent } = model;
  const rep = representationOf(manifest);
  if (!manifest.training)
    throw new Error(`${model.dir}/manifest.json has no training section (test seed and size)`);
  const testSeed = manifest.training.testSeed;
  const testN = opts.testN ?? manifest.training.testN;
  const population = manifest.generatorVersion;
  if (!isLvPopulationVersion(population))
    throw new Error(
      `${model.dir}/manifest.json names synthetic population ${String(population)}; this code draws versions ${LV_POPULATION_VERSIONS.join(', ')}`,
    );
  const test = buildLvCohort(testSeed, testN, population);
  const size = LV_MODEL_GRID.dims[0];
  const per = test.voxels * 2;
  const out = lvGrid();
  const L = latent.length;
  const rec = {
    ED: { d: [] as number[], h: [] as number[], h95: [] as number[], rvd: [] as number[] },
    ES: { d: [] as number[], h: [] as number[], h95: [] as number[], rvd: [] as number[] },
  };
  const scores: number[] = [];
  const labels: number[] = [];
  const topCodes: Float32Array[] = [];
  const batch = 8;
  for (let s = 0; s < test.n; s += batch) {
    const m = Math.min(batch, test.n - s);
    const x = tf.tensor5d(test.x.slice(s * per, (s + m) * per), [m, size, size, size, 2]);
    const f = tf.tidy(() => {
      const r = lvForward(nets, latent, x, false);
      return {
        logit: r.logit.dataSync().slice(),
        top: r.means[L - 1]?.dataSync().slice() ?? new Float32Array(),
        z1: r.means[0]?.clone() as tf.Tensor2D,
      };
    });
    x.dispose();
    const fields = decodeFields(nets, f.z1, rep);
    f.z1.dispose();
    for (let i = 0; i < m; i++) {
      const subj = test.subjects[s + i];
      if (!subj) continue;
      scores.push(f.logit[i] ?? 0);
      labels.push(subj.cls === 'hcm' ? 1 : 0);
      const topSize = latent[L - 1] ?? 0;
      topCodes.push(f.top.slice(i * topSize, (i + 1) * topSize) as Float32Array);
      for (const phase of ['ED', 'ES'] as const) {
        const truth = lvMyocardiumField(subj.params, phase, out);
        const pred = (fields[i] as { ed: typeof truth; es: typeof truth })[phase === 'ED' ? 'ed' : 'es'];
        const mt = marchingCubes(truth);
        const mp = marchingCubes(pred);
        const hd = hausdorff(mp, mt);
        const r = rec[phase];
        r.d.push(dice(pred, truth));
        r.h.push(hd.maxMm);
        r.h95.push(hd.p95Mm);
        r.rvd.push(relativeVolumeDifference(meshVolume(mp), meshVolume(mt)));
      }
    }
    log(`reconstructed ${Math.min(s + m, test.n)}/${test.n}`);
  }
  const reconstruction = Object.fromEntries(
    (['ED', 'ES'] as const).map((ph) => {
      const r = rec[ph];
      return [
        ph,
        {
          dice: mean(r.d),
          diceMin: Math.min(...r.d),
          hausdorffMaxMm: mean(r.h),
          hausdorff95Mm: mean(r.h95),
          rvd: mean(r.rvd),
          absRvd: mean(r.rvd.map(Math.abs)),
        },
      ];
    }),
  ) as LvEvaluation['reconstruction'];
  const accuracy = mean(scores.map((sc, i) => ((sc > 0 ? 1 : 0) === labels[i] ? 1 : 0)));
  const classification = { accuracy, auc: auc(scores, labels) };

  // Navigation from every test subject towards the other class, decoded through the top-down prior means.
  const navigation: NavigationSummary[] = [];
  for (const towardsHcm of [true, false]) {
    const idx = labels.map((l, i) => (l === (towardsHcm ? 0 : 1) ? i : -1)).filter((i) => i >= 0);
    const steps: number[] = [];
    let arrived = 0;
    const dT: number[] = [];
    const dM: number[] = [];
    const dC: number[] = [];
    for (const i of idx) {
      const start = topCodes[i] as Float32Array;
      const nav = navigate(model, start, towardsHcm);
      steps.push(nav.steps);
      if (nav.arrived) arrived++;
      const zs = tf.tensor2d([...start, ...nav.end], [2, start.length]);
      const z1 = L > 1 ? priorChainBottom(nets, latent, zs) : zs;
      const [a, b] = decodeFields(nets, z1, rep);
      tf.dispose([zs, z1]);
      if (!a || !b) continue;
      const ma = lvPhaseMeasures(a.ed);
      const mb = lvPhaseMeasures(b.ed);
      dT.push(mb.maxWallThicknessMm - ma.maxWallThicknessMm);
      dM.push((mb.massG / ma.massG - 1) * 100);
      dC.push((mb.cavityMl / ma.cavityMl - 1) * 100);
    }
    navigation.push({
      direction: towardsHcm ? 'healthy→hcm' : 'hcm→healthy',
      subjects: idx.length,
      arrivedShare: arrived / Math.max(1, idx.length),
      meanSteps: mean(steps),
      meanDeltaMaxWallThicknessMm: mean(dT),
      meanDeltaMassPct: mean(dM),
      meanDeltaCavityPct: mean(dC),
    });
    log(`navigation ${towardsHcm ? 'towards HCM' : 'towards healthy'}: ${arrived}/${idx.length} arrived`);
  }

  let topLevelSeparation: LvEvaluation['topLevelSeparation'] = null;
  if (L > 1) {
    const dims = latent[L - 1] ?? 0;
    const m0 = new Array<number>(dims).fill(0);
    const m1 = new Array<number>(dims).fill(0);
    const n0 = labels.filter((l) => l === 0).length;
    const n1 = labels.length - n0;
    topCodes.forEach((z, i) =>
      z.forEach((v, d) =>
        labels[i] === 1 ? (m1[d] = (m1[d] ?? 0) + v / n1) : (m0[d] = (m0[d] ?? 0) + v / n0),
      ),
    );
    let pooled = 0;
    topCodes.forEach((z, i) =>
      z.forEach((v, d) => (pooled += (v - ((labels[i] === 1 ? m1 : m0)[d] ?? 0)) ** 2)),
    );
    const sd = Math.sqrt(pooled / Math.max(1, topCodes.length * dims - 2));
    const dist = Math.sqrt(m0.reduce((s, v, d) => s + (v - (m1[d] ?? 0)) ** 2, 0));
    topLevelSeparation = { dims, accuracy, auc: classification.auc, meanDistanceInSd: dist / sd };
  }
  const shortAxisStacks = await evaluateShortAxisStacks(
    model,
    test.subjects.slice(0, opts.stacks ?? 20),
    testSeed + 1,
  );
  log('short-axis stacks done');
  return {
    id: manifest.id,
    testSubjects: test.n,
    testSeed,
    population,
    reconstruction,
    classification,
    navigation,
    topLevelSeparation,
    shortAxisStacks,
    seconds: (Date.now() - t0) / 1000,
  };
}
