/**
 * Trains the whole-patch boundary refiner (`src/imaging/polarPatchNet.ts`, kind `polar-patch-refiner`)
 * on the **tuning** part of the HC18 development set only, with the per-ray refiner's data pipeline
 * (`trainRefiner.ts`: the same images, validation folds, start ellipses and mirroring). Plain
 * TypeScript, single-threaded, seeded. Target per ray: where the expert's ellipse crosses it, as a
 * Gaussian (σ = 1 bin) over the radial bins; rays whose crossing is outside the grid are left out.
 *
 * Run: `npx tsx training/skull/trainPatchRefiner.ts [--epochs 30] [--all | --val-fold 0-4] [--seed 1]
 *       [--width 12] [--dilations 1,2,4,8] [--offset-loss λ] [--lr 2e-3] [--cache FILE.json] [--checkpoint FILE.json]
 *       [--out public/models/hc18-refiner/refiner.json]`
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type BoundaryRefiner, type RefinerSpec, encodeWeights } from '../../src/imaging/boundaryRefiner';
import { ellipseRadius } from '../../src/imaging/outlineFit';
import {
  type PatchConv,
  type PatchNetActs,
  type PatchNetShape,
  type PolarPatchNet,
  patchNetForward,
  patchNetInput,
  patchNetLayerShapes,
  patchNetLayers,
  patchNetParameters,
} from '../../src/imaging/polarPatchNet';
import { samplePolarPatch } from '../../src/imaging/polarProfiles';
import { patchNetBackward, zeroGrads } from './patchNetGrad';
import {
  Rng,
  type Sample,
  adamWStep,
  evaluateRefiner,
  flipEllipse,
  loadSamples,
  shuffledOrder,
  startEllipse,
} from './trainRefiner';

export { evaluateRefiner };

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : def;
};

/** The grid and passes of the whole-patch refiner (the per-ray refiner's grid). */
export const PATCH_REFINER_GRID = { rays: 64, samples: 64, sMin: 0.6, sMax: 1.5, passes: 2 };

/** A refiner from its network. */
export const patchRefiner = (id: string, shape: PatchNetShape, net: PolarPatchNet): BoundaryRefiner => ({
  id,
  spec: { ...PATCH_REFINER_GRID, context: 0, hidden: [], patchNet: shape },
  layers: [],
  net,
});

/** He-initialised network of `shape`. */
export function initPatchNet(shape: PatchNetShape, rng: Rng): PolarPatchNet {
  const convs: PatchConv[] = patchNetLayerShapes(shape).map((s) => {
    const sd = Math.sqrt(2 / (s.cin * s.k * s.k));
    return {
      ...s,
      w: Float32Array.from({ length: s.cout * s.cin * s.k * s.k }, () => sd * rng.normal()),
      b: new Float32Array(s.cout),
    };
  });
  const n = convs.length;
  return { body: convs.slice(0, n - 2), head: convs[n - 2] as PatchConv, out: convs[n - 1] as PatchConv };
}

/** One view's input, soft targets (rays × samples) and ray mask. */
function makeView(
  s: Sample,
  rng: Rng,
  spec: RefinerSpec,
): { x: Float32Array; t: Float32Array; mask: Uint8Array; pos: Float64Array } {
  const flip = rng.next() < 0.5;
  let e = startEllipse(s, rng);
  let ann = s.ann;
  if (flip) {
    e = flipEllipse(e, s.img.width);
    ann = flipEllipse(ann, s.img.width);
  }
  const { patch, radiusPx } = samplePolarPatch(s.img, e, spec, flip);
  const N = spec.rays;
  const M = spec.samples;
  const x = patchNetInput(patch, radiusPx, spec, s.pixelMm);
  const t = new Float32Array(N * M);
  const mask = new Uint8Array(N);
  const posAll = new Float64Array(N);
  const step = (spec.sMax - spec.sMin) / (M - 1);
  for (let k = 0; k < N; k++) {
    const th = (2 * Math.PI * k) / N;
    const pos = (ellipseRadius(ann, e.cx, e.cy, th) / (radiusPx[k] as number) - spec.sMin) / step;
    if (!(pos >= 0 && pos <= M - 1)) continue;
    mask[k] = 1;
    posAll[k] = pos;
    let z = 0;
    for (let i = 0; i < M; i++) z += t[k * M + i] = Math.exp(-0.5 * (i - pos) ** 2);
    for (let i = 0; i < M; i++) t[k * M + i] = (t[k * M + i] as number) / z;
  }
  return { x, t, mask, pos: posAll };
}

/**
 * The outline-offset loss λ (Ē − T̄)² of one view (Ē: the mean over the masked rays of each ray's
 * expected bin under its softmax; T̄: the mean of the expert's crossings, bins): a miss shared by all
 * rays, which the per-ray cross-entropy barely sees, is what moves the HC. Adds its gradient (× `scale`)
 * into `d` and returns the loss.
 */
export function offsetLoss(
  logits: Float32Array,
  pos: Float64Array,
  mask: Uint8Array,
  M: number,
  lambda: number,
  scale: number,
  d: Float32Array,
): number {
  const N = mask.length;
  const E = new Float64Array(N);
  const p = new Float64Array(N * M);
  let n = 0;
  let eSum = 0;
  let tSum = 0;
  for (let k = 0; k < N; k++) {
    if (!mask[k]) continue;
    let mx = -Infinity;
    for (let i = 0; i < M; i++) mx = Math.max(mx, logits[k * M + i] as number);
    let z = 0;
    for (let i = 0; i < M; i++) z += p[k * M + i] = Math.exp((logits[k * M + i] as number) - mx);
    let e = 0;
    for (let i = 0; i < M; i++) {
      const pi = (p[k * M + i] as number) / z;
      p[k * M + i] = pi;
      e += i * pi;
    }
    E[k] = e;
    eSum += e;
    tSum += pos[k] as number;
    n++;
  }
  if (!n) return 0;
  const diff = (eSum - tSum) / n;
  const g = (2 * lambda * diff * scale) / n;
  for (let k = 0; k < N; k++) {
    if (!mask[k]) continue;
    for (let i = 0; i < M; i++)
      d[k * M + i] = (d[k * M + i] as number) + g * (p[k * M + i] as number) * (i - (E[k] as number));
  }
  return lambda * diff * diff;
}

/**
 * Softmax cross-entropy of `logits` against `t` over the masked rays; writes dL/dlogits (scaled by
 * `scale`) into `d` and returns the summed loss and the number of rays.
 */
export function softmaxCe(
  logits: Float32Array,
  t: Float32Array,
  mask: Uint8Array,
  M: number,
  scale: number,
  d: Float32Array,
): { loss: number; n: number } {
  let loss = 0;
  let n = 0;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    n++;
    let mx = -Infinity;
    for (let i = 0; i < M; i++) mx = Math.max(mx, logits[k * M + i] as number);
    let z = 0;
    for (let i = 0; i < M; i++) z += Math.exp((logits[k * M + i] as number) - mx);
    const lz = Math.log(z) + mx;
    for (let i = 0; i < M; i++) {
      const l = (logits[k * M + i] as number) - lz;
      const ti = t[k * M + i] as number;
      if (ti > 0) loss -= ti * l;
      d[k * M + i] = scale * (Math.exp(l) - ti);
    }
  }
  return { loss, n };
}

/** The weights file of a whole-patch refiner (float16). */
export function patchRefinerJson(refiner: BoundaryRefiner, extra: Record<string, unknown>): string {
  if (!refiner.net) throw new Error('patchRefinerJson: not a whole-patch refiner');
  return JSON.stringify({
    schema: 1,
    id: refiner.id,
    kind: 'polar-patch-refiner',
    spec: refiner.spec,
    dtype: 'float16',
    layers: patchNetLayers(refiner.net).map((l) => ({
      cin: l.cin,
      cout: l.cout,
      k: l.k,
      dil: l.dil,
      w: encodeWeights(l.w, 'float16'),
      b: encodeWeights(l.b, 'float16'),
    })),
    ...extra,
  });
}

function main(): void {
  const devDir = resolve(arg('--dir', join(process.cwd(), '..', 'shared', 'realdata', 'hc18', 'dev')));
  const epochs = Number(arg('--epochs', '30'));
  const seed = Number(arg('--seed', '1'));
  const lrMax = Number(arg('--lr', '2e-3'));
  const offsetLambda = Number(arg('--offset-loss', '0'));
  // --local: no whole-head context (the mean over rays, direction and size inputs held at zero weight).
  const local = args.includes('--local');
  const outPath = arg('--out', 'public/models/hc18-refiner/refiner.json');
  const ckPath = arg('--checkpoint', '');
  const id = arg('--id', 'hc18-refiner');
  const shape: PatchNetShape = {
    width: Number(arg('--width', '12')),
    dilations: arg('--dilations', '1,2,4,8').split(',').map(Number),
  };
  const t0 = performance.now();
  const { train, val } = loadSamples(devDir, arg('--cache', ''));
  console.log(
    `loaded ${train.length} training and ${val.length} validation images in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const rng = new Rng(seed >>> 0);
  const net = initPatchNet(shape, rng);
  const refiner = patchRefiner(id, shape, net);
  const spec = refiner.spec;
  const params = patchNetLayers(net);
  let m1 = zeroGrads(net);
  let m2 = zeroGrads(net);
  let epoch0 = 0;
  let stepCount = 0;
  if (ckPath && existsSync(ckPath)) {
    const ck = JSON.parse(readFileSync(ckPath, 'utf8')) as {
      epoch: number;
      step: number;
      rng: number;
      p: number[][][];
      m1: number[][][];
      m2: number[][][];
    };
    const fill = (dst: PatchConv[], v: number[][][]): void =>
      dst.forEach((l, i) => {
        l.w.set(v[i]?.[0] ?? []);
        l.b.set(v[i]?.[1] ?? []);
      });
    fill(params, ck.p);
    m1 = zeroGrads(net);
    m2 = zeroGrads(net);
    fill(m1, ck.m1);
    fill(m2, ck.m2);
    epoch0 = ck.epoch;
    stepCount = ck.step;
    rng.state = ck.rng;
    console.log(`resumed at epoch ${epoch0}`);
  }
  const applyLocal = (): void => {
    if (!local) return;
    const C = net.head.cin / 2;
    for (let o = 0; o < net.head.cout; o++)
      net.head.w.fill(0, (o * net.head.cin + C) * 9, (o + 1) * net.head.cin * 9);
    const L0 = net.body[0] as PatchConv;
    for (let o = 0; o < L0.cout; o++) L0.w.fill(0, (o * L0.cin + 1) * 9, (o * L0.cin + 4) * 9);
  };
  applyLocal();
  console.log(
    `${patchNetParameters(net)} parameters, shape ${JSON.stringify(shape)}${local ? ', local' : ''}`,
  );
  const IMG = 8;
  const N = spec.rays;
  const M = spec.samples;
  const stepsPerEpoch = Math.floor(train.length / IMG);
  const totalSteps = epochs * stepsPerEpoch;
  const wd = 1e-4;
  for (let ep = epoch0; ep < epochs; ep++) {
    const order = shuffledOrder(train.length, rng);
    let lossSum = 0;
    let raySum = 0;
    let offSum = 0;
    for (let st = 0; st < stepsPerEpoch; st++) {
      const views = Array.from({ length: IMG }, (_, v) =>
        makeView(train[order[st * IMG + v] as number] as Sample, rng, spec),
      );
      let nValid = 0;
      for (const v of views) for (let k = 0; k < N; k++) nValid += v.mask[k] as number;
      const grads = zeroGrads(net);
      for (const v of views) {
        const acts = {} as PatchNetActs;
        const logits = patchNetForward(net, v.x, N, M, acts);
        const d = new Float32Array(N * M);
        const { loss, n } = softmaxCe(logits, v.t, v.mask, M, 1 / Math.max(1, nValid), d);
        lossSum += loss;
        raySum += n;
        if (offsetLambda > 0) offSum += offsetLoss(logits, v.pos, v.mask, M, offsetLambda, 1 / IMG, d);
        patchNetBackward(net, acts, d, N, M, grads);
      }
      stepCount++;
      const lr = 0.5 * lrMax * (1 + Math.cos((Math.PI * Math.min(stepCount, totalSteps)) / totalSteps));
      params.forEach((L, l) => {
        for (const key of ['w', 'b'] as const) {
          adamWStep(
            L[key],
            (grads[l] as PatchConv)[key],
            (m1[l] as PatchConv)[key],
            (m2[l] as PatchConv)[key],
            lr,
            stepCount,
            key === 'w' ? wd : 0,
          );
        }
      });
      applyLocal();
    }
    const v = val.length && ((ep + 1) % 5 === 0 || ep + 1 === epochs) ? evaluateRefiner(refiner, val) : null;
    console.log(
      `epoch ${ep + 1}/${epochs}: loss ${(lossSum / Math.max(1, raySum)).toFixed(4)}${offsetLambda > 0 ? ` + offset ${(offSum / (stepsPerEpoch * IMG)).toFixed(4)}` : ''}${
        v
          ? `; validation in range, classical within 10 % (${v.within10.n}): |ΔHC| ${v.within10.refined.toFixed(2)} mm (classical ${v.within10.classical.toFixed(2)}); all in range (${v.all.n}) ${v.all.refined.toFixed(2)}`
          : ''
      }; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    if (ckPath) {
      const dump = (ls: PatchConv[]): number[][][] => ls.map((l) => [Array.from(l.w), Array.from(l.b)]);
      writeFileSync(
        ckPath,
        JSON.stringify({
          epoch: ep + 1,
          step: stepCount,
          rng: rng.state,
          p: dump(params),
          m1: dump(m1),
          m2: dump(m2),
        }),
      );
    }
  }
  const all = args.includes('--all');
  writeFileSync(outPath, patchRefinerJson(refiner, { epochs, seed }));
  const v = val.length ? evaluateRefiner(refiner, val) : null;
  const manifestPath = join(dirname(outPath), 'manifest.json');
  const old = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>)
    : {};
  const manifest = {
    schema: 1,
    id,
    title:
      'Learned boundary refiner of the axial head outline (convolutional network over the whole polar patch)',
    kind: 'polar-patch-refiner',
    weights: basename(outPath),
    spec,
    parameters: patchNetParameters(net),
    data: old.data ?? {
      name: 'HC18 grand challenge, development set',
      attribution:
        'T. L. A. van den Heuvel, D. de Bruijn, C. L. de Korte, B. van Ginneken: Automated measurement of fetal head circumference using 2D ultrasound images. PLoS ONE 13(8): e0200412, 2018. Data: Zenodo 10.5281/zenodo.1327317',
      licence: 'CC BY 4.0',
    },
    training: {
      // The caches (--cache, --checkpoint) and the output path do not change the weights.
      command: `npx tsx training/skull/trainPatchRefiner.ts ${args
        .filter(
          (a, i) =>
            !/^--(cache|checkpoint|out)$/.test(a) && !/^--(cache|checkpoint|out)$/.test(args[i - 1] ?? ''),
        )
        .join(' ')}`.trim(),
      part: all
        ? `HC18 dev tuning part (training/skull/hc18Split.ts), all ${train.length} images; the held-out part was not used`
        : 'HC18 dev tuning part minus its validation fetuses; the held-out part was not used',
      images: train.length,
      epochs,
      seed,
      minutes: Math.round((performance.now() - t0) / 600) / 100,
      validationInRange: v
        ? {
            imagesClassicalWithin10pct: v.within10.n,
            meanAbsHcMm: Math.round(100 * v.within10.refined) / 100,
            classicalMeanAbsHcMm: Math.round(100 * v.within10.classical) / 100,
          }
        : null,
    },
    metrics: old.metrics ?? null,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(`wrote ${outPath} and ${manifestPath}`);
}

if (process.argv[1] && /trainPatchRefiner\.ts$/.test(process.argv[1])) main();
