import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { centredGrid } from '../../src/anatomy/grid';
import { createRng } from '../../src/anatomy/random';
import { buildDecoder, buildTopDown, type LvNetworks } from './networks';
import {
  ClassCodeStats,
  decodeFromTop,
  drawTopCodes,
  sampleBottomFromTop,
  plausibilityPenalty,
  softMeasures,
  type SamplePenaltyConfig,
  type SoftMeasureGeometry,
} from './samplePenalty';

const GRID = centredGrid(50, 2);
const GEO: SoftMeasureGeometry = {
  grid: GRID,
  solidClipMm: 16,
  minWallMm: 3,
  baseZMm: 60,
  densityGPerMl: 1.05,
};

/**
 * Concentric spheres about (0, 0, −5) mm: an epicardial solid of radius `outer` and a cavity of radius
 * `edCavity` / `esCavity` (normalised by the clip, x fastest), the base plane far above both.
 */
function spheres(outer: number, edCavity: number, esCavity: number): tf.Tensor5D {
  const [n] = GRID.dims;
  const v = new Float32Array(n * n * n * 4);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const x = GRID.origin[0] + i * GRID.spacing[0];
        const y = GRID.origin[1] + j * GRID.spacing[1];
        const z = GRID.origin[2] + k * GRID.spacing[2] + 5;
        const r = Math.hypot(x, y, z);
        const o = ((k * n + j) * n + i) * 4;
        v[o] = (r - outer) / 16;
        v[o + 1] = (r - edCavity) / 16;
        v[o + 2] = (r - outer) / 16;
        v[o + 3] = (r - esCavity) / 16;
      }
  return tf.tensor5d(v, [1, n, n, n, 4]);
}

const ball = (r: number): number => ((4 / 3) * Math.PI * r ** 3) / 1000;

const CFG: SamplePenaltyConfig = {
  weight: 1,
  samples: 3,
  ef: [0.24, 0.79],
  edvMl: [50, 320],
  massG: [50, 370],
  tauMm: 1,
};

describe('soft cardiac measures for the sample penalty', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('measures concentric spheres: cavity volumes, and the least wall cutting the cavity', () => {
    const m = tf.tidy(() => {
      const s = softMeasures(spheres(30, 22, 15), GEO, 0.5);
      return [s.edvMl.dataSync()[0]!, s.esvMl.dataSync()[0]!, s.massG.dataSync()[0]!];
    });
    const [edv, esv, mass] = m as [number, number, number];
    expect(edv).toBeCloseTo(ball(22), -0.3); // within ≈ 1 mL of 44.6 mL
    expect(Math.abs(edv - ball(22)) / ball(22)).toBeLessThan(0.03);
    expect(Math.abs(esv - ball(15)) / ball(15)).toBeLessThan(0.03);
    expect(Math.abs(mass - 1.05 * (ball(30) - ball(22))) / (1.05 * (ball(30) - ball(22)))).toBeLessThan(0.03);
    // A cavity reaching the epicardium is cut back to the least wall: radius 30 − 3.
    const cut = tf.tidy(() => softMeasures(spheres(30, 29, 15), GEO, 0.5).edvMl.dataSync()[0]!);
    expect(Math.abs(cut - ball(27)) / ball(27)).toBeLessThan(0.03);
  });

  it('counts nothing above the base plane', () => {
    // 1 mm above the centre, between two slices: half of every sphere and a 1 mm slab of its equator.
    const high = { ...GEO, baseZMm: -4 };
    const edv = tf.tidy(() => softMeasures(spheres(30, 22, 15), high, 0.5).edvMl.dataSync()[0]!);
    const expected = ball(22) / 2 + (Math.PI * 22 * 22 * 1) / 1000;
    expect(Math.abs(edv - expected) / expected).toBeLessThan(0.03);
  });

  it('is zero inside the ranges, and its gradient lowers an ejection fraction above them', () => {
    // EF of radii 36 / 24: 1 − (24/36)³ = 0.70; EDV 195 mL; mass ≈ 1.05 · (ball(39) − ball(36)) ≈ 57 g.
    const inRange = tf.tidy(() => plausibilityPenalty(spheres(39, 36, 24), GEO, CFG).dataSync()[0]!);
    expect(inRange).toBeCloseTo(0, 4);
    // ES radius 12: EF 0.96, above 0.79 by 0.17 = 3.4 tolerances → penalty ≈ 11.7.
    const x = spheres(39, 36, 12);
    const pen = tf.tidy(() => plausibilityPenalty(x, GEO, CFG).dataSync()[0]!);
    expect(pen).toBeGreaterThan(9);
    expect(pen).toBeLessThan(14);
    const g = tf.tidy(() =>
      tf
        .grad((r: tf.Tensor) => plausibilityPenalty(r as tf.Tensor5D, GEO, CFG))(x)
        .dataSync(),
    );
    // Descending the gradient grows the ES cavity: its distances (channel 3) fall where they are near 0.
    const n = GRID.dims[0];
    const c = Math.round((n - 1) / 2);
    let esSum = 0;
    for (let k = 0; k < n; k++) {
      const o = ((k * n + c) * n + c) * 4 + 3;
      esSum += g[o]!;
    }
    expect(esSum).toBeGreaterThan(0); // −gradient < 0: the ES cavity's distance decreases → it grows
    x.dispose();
  });
});

describe('class codes for the sample penalty', () => {
  it('keeps per-class means and SDs of labelled codes, ignoring unlabelled ones', () => {
    const s = new ClassCodeStats(2);
    expect(s.gaussians()).toBeNull();
    s.add(new Float32Array([0, 0, 2, 4, 9, 9, 1, 1, 3, 5]), [0, 0, 2, 1, 1]);
    const g = s.gaussians();
    expect(g).not.toBeNull();
    const [h, hcm] = g!;
    expect(Array.from(h.mean)).toEqual([1, 2]);
    expect(Array.from(h.sd)).toEqual([1, 2]);
    expect(Array.from(hcm.mean)).toEqual([2, 3]);
    expect(Array.from(hcm.sd)).toEqual([1, 2]);
  });

  it('draws a third from the prior and the rest alternately from each class', () => {
    const rng = createRng(3);
    const gauss = (): number => rng.next() - 0.5; // any bounded noise
    const classes: Parameters<typeof drawTopCodes>[2] = [
      { mean: new Float32Array([100, 100]), sd: new Float32Array([0, 0]) },
      { mean: new Float32Array([-100, -100]), sd: new Float32Array([0, 0]) },
    ];
    const z = drawTopCodes(6, 2, classes, gauss);
    const rows = Array.from({ length: 6 }, (_, i) => z[2 * i]!);
    expect(rows.slice(0, 2).every((v) => Math.abs(v) < 1)).toBe(true);
    expect(rows.slice(2)).toEqual([100, -100, 100, -100]);
    expect(drawTopCodes(4, 2, null, gauss).every((v) => Math.abs(v) < 1)).toBe(true);
  });
});

describe('which networks the penalty trains', () => {
  it('reaches the top-down priors when decoded inside the gradient, and only the decoder when the lower levels are sampled outside it', () => {
    const latent = [6, 4, 2];
    const nets = {
      topDown: [buildTopDown(4, 6, 1), buildTopDown(2, 4, 2)],
      decoder: buildDecoder({ size: 8, latent, basisK: 3, decoderSize: 3, decoderChannels: 4 }),
    } as unknown as LvNetworks;
    const weights = (m: tf.LayersModel): tf.Variable[] =>
      m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const priorVars = nets.topDown.flatMap(weights);
    const decoderVars = weights(nets.decoder);
    const tops = tf.tensor2d([0.5, -1, 1.2, 0.3], [2, 2]);
    const gradNorms = (f: () => tf.Scalar): { prior: number; decoder: number } => {
      const { grads } = tf.variableGrads(f, [...priorVars, ...decoderVars]);
      const norm = (vs: tf.Variable[]) =>
        vs.reduce((s, v) => s + (grads[v.name] ? tf.sum(tf.square(grads[v.name]!)).dataSync()[0]! : 0), 0);
      const out = { prior: norm(priorVars), decoder: norm(decoderVars) };
      tf.dispose(Object.values(grads));
      return out;
    };
    const inside = gradNorms(() => tf.sum(tf.square(decodeFromTop(nets, latent, tops))));
    expect(inside.prior).toBeGreaterThan(0);
    expect(inside.decoder).toBeGreaterThan(0);
    const bottoms = tf.tidy(() => sampleBottomFromTop(nets, latent, tops));
    expect(bottoms.shape).toEqual([2, 6]);
    const outside = gradNorms(() => tf.sum(tf.square(nets.decoder.apply(bottoms) as tf.Tensor)));
    expect(outside.prior).toBe(0);
    expect(outside.decoder).toBeGreaterThan(0);
    tf.dispose([tops, bottoms]);
  });
});
