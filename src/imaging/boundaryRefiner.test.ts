/**
 * Known answers for the boundary refiner's machinery, with a hand-built network whose answer is known
 * (the brightest sample along each ray), and its weights format's validation.
 */
import { describe, expect, it } from 'vitest';
import { ellipsePerimeter, fitEllipse } from '../geometry/ellipseFit';
import {
  type BoundaryRefiner,
  type RefinerSpec,
  RefinerFormatError,
  ellipseDistanceRel,
  encodeWeights,
  fromHalf,
  toHalf,
  parseBoundaryRefiner,
  refineEllipse,
  refinerInputSize,
} from './boundaryRefiner';
import { detectHeadOutline } from './headOutline';
import { HC18_REFINED_CALIBRATION } from './outlineCalibration';
import { type EllipsePx, ellipseMap, ellipseRadiusAt } from './polarProfiles';
import { type PatchConv, patchNetLayerShapes } from './polarPatchNet';
import type { GrayImage } from './types';

const SPEC: RefinerSpec = {
  rays: 64,
  samples: 48,
  sMin: 0.7,
  sMax: 1.4,
  context: 0,
  hidden: [48],
  passes: 2,
};

/**
 * A refiner whose logits are 40 × the ray's own normalised profile: its crossing is the brightest
 * sample of each ray (identity through one ReLU layer, which keeps the bright, positive values).
 */
function brightestSampleRefiner(spec: RefinerSpec = SPEC): BoundaryRefiner {
  const D = refinerInputSize(spec);
  const M = spec.samples;
  const w1 = new Float32Array(D * M);
  for (let i = 0; i < M; i++) w1[i * M + i] = 1;
  const w2 = new Float32Array(M * M);
  for (let i = 0; i < M; i++) w2[i * M + i] = 40;
  return {
    id: 'test-brightest',
    spec,
    layers: [
      { nIn: D, nOut: M, w: w1, b: new Float32Array(M) },
      { nIn: M, nOut: M, w: w2, b: new Float32Array(M) },
    ],
  };
}

/** A dark 640 × 480 image with a thin bright ring (4 px) centred on ellipse `e`. */
function thinRing(e: EllipsePx): GrayImage {
  const W = 640;
  const H = 480;
  const data = new Float32Array(W * H);
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const dx = i - e.cx;
      const dy = j - e.cy;
      const d = Math.hypot(dx, dy) - ellipseRadiusAt(e, Math.atan2(dy, dx));
      data[j * W + i] = 0.1 + 0.8 * Math.exp(-0.5 * (d / 2) ** 2) + 0.02 * Math.sin(i * 1.7 + j * 2.3);
    }
  return { width: W, height: H, data };
}

describe('boundary refiner', () => {
  const truth: EllipsePx = { cx: 330, cy: 250, a: 200, b: 150, angleRad: 0.3 };

  it.each([
    ['10 % too large, shifted', { cx: 345, cy: 240, a: 220, b: 165, angleRad: 0.3 }],
    ['12 % too small, turned', { cx: 320, cy: 258, a: 176, b: 132, angleRad: 0.45 }],
  ])('moves a %s start ellipse onto a bright ring (HC within 0.5 %)', (_, start) => {
    const img = thinRing(truth);
    const r = refineEllipse(brightestSampleRefiner(), img, start, 0.2);
    expect(r).not.toBeNull();
    if (!r) return;
    const hc = ellipsePerimeter(r.ellipse.a, r.ellipse.b);
    const hcTrue = ellipsePerimeter(truth.a, truth.b);
    expect(Math.abs(hc - hcTrue) / hcTrue).toBeLessThan(0.005);
    expect(Math.hypot(r.ellipse.cx - truth.cx, r.ellipse.cy - truth.cy)).toBeLessThan(2);
    expect(r.inlierShare).toBeGreaterThan(0.9);
    expect(r.rmsRel).toBeLessThan(0.01);
    // How far it moved: the start's distance from the truth (≈ 10 % of the radius).
    expect(r.startMoveRel).toBeCloseTo(ellipseDistanceRel(start, truth), 2);
    expect(r.startMoveRel).toBeGreaterThan(0.05);
  });

  it('ellipseDistanceRel: 0 for the same ellipse, 1/11 between concentric circles of radius 10 and 11', () => {
    const e: EllipsePx = { cx: 4, cy: -2, a: 12, b: 7, angleRad: 0.6 };
    expect(ellipseDistanceRel(e, e)).toBeCloseTo(0, 12);
    const c10: EllipsePx = { cx: 0, cy: 0, a: 10, b: 10, angleRad: 0 };
    const c11: EllipsePx = { ...c10, a: 11, b: 11 };
    expect(ellipseDistanceRel(c10, c11)).toBeCloseTo(1 / 11, 12);
    // A circle moved by 1 along x: mean |cos θ| = 2/π of the radius 10.
    expect(ellipseDistanceRel({ ...c10, cx: 1 }, c10, 720)).toBeCloseTo(2 / Math.PI / 10, 3);
  });

  it('weighted ellipse fit: zero-weight points are ignored', () => {
    const pts: number[] = [];
    const w: number[] = [];
    for (let k = 0; k < 40; k++) {
      const t = (2 * Math.PI * k) / 40;
      pts.push(10 + 5 * Math.cos(t), -3 + 2 * Math.sin(t));
      w.push(1);
      pts.push(40 + 9 * Math.cos(t), 7 + 8 * Math.sin(t));
      w.push(0);
    }
    const e = fitEllipse(Float64Array.from(pts), w);
    expect(e?.cx).toBeCloseTo(10, 6);
    expect(e?.a).toBeCloseTo(5, 6);
    expect(e?.b).toBeCloseTo(2, 6);
    expect(fitEllipse(Float64Array.from(pts), new Array<number>(80).fill(0))).toBeNull();
  });

  it('ellipseMap takes one ellipse onto another', () => {
    const from: EllipsePx = { cx: 5, cy: 6, a: 10, b: 7, angleRad: 0.2 };
    const to: EllipsePx = { cx: -3, cy: 2, a: 12, b: 6, angleRad: -0.7 };
    const xy = new Float64Array(2 * 50);
    for (let k = 0; k < 50; k++) {
      const t = (2 * Math.PI * k) / 50;
      const u = from.a * Math.cos(t);
      const v = from.b * Math.sin(t);
      xy[2 * k] = from.cx + u * Math.cos(from.angleRad) - v * Math.sin(from.angleRad);
      xy[2 * k + 1] = from.cy + u * Math.sin(from.angleRad) + v * Math.cos(from.angleRad);
    }
    ellipseMap(from, to)(xy);
    const e = fitEllipse(xy);
    expect(e?.cx).toBeCloseTo(to.cx, 6);
    expect(e?.a).toBeCloseTo(to.a, 6);
    expect(e?.b).toBeCloseTo(to.b, 6);
    expect(e?.angleRad).toBeCloseTo(to.angleRad, 6);
  });

  describe('weights file', () => {
    const ref = brightestSampleRefiner();
    const file = (): Record<string, unknown> => ({
      schema: 1,
      id: ref.id,
      kind: 'polar-boundary-refiner',
      spec: ref.spec,
      layers: ref.layers.map((l) => ({
        nIn: l.nIn,
        nOut: l.nOut,
        w: encodeWeights(l.w),
        b: encodeWeights(l.b),
      })),
    });

    it('round-trips through base64 float32', () => {
      const back = parseBoundaryRefiner(JSON.parse(JSON.stringify(file())));
      expect(back.spec).toEqual(ref.spec);
      expect(Array.from(back.layers[1]?.w ?? [])).toEqual(Array.from(ref.layers[1]?.w ?? []));
    });

    it('float16 storage: known half-precision bits, and weights within half precision', () => {
      expect(toHalf(1)).toBe(0x3c00);
      expect(toHalf(-2)).toBe(0xc000);
      expect(toHalf(65504)).toBe(0x7bff);
      expect(toHalf(1e6)).toBe(0x7c00);
      expect(toHalf(2 ** -24)).toBe(1);
      expect(fromHalf(0x3555)).toBeCloseTo(0.333251953125, 12);
      expect(fromHalf(0xfbff)).toBe(-65504);
      const half = parseBoundaryRefiner({
        ...file(),
        dtype: 'float16',
        layers: ref.layers.map((l) => ({
          nIn: l.nIn,
          nOut: l.nOut,
          w: encodeWeights(l.w, 'float16'),
          b: encodeWeights(l.b, 'float16'),
        })),
      });
      expect(Array.from(half.layers[1]?.w ?? [])).toEqual(Array.from(ref.layers[1]?.w ?? []));
      const v = Float32Array.from({ length: 200 }, (_, i) => 3 * Math.sin(i));
      const back = parseBoundaryRefiner({
        ...file(),
        dtype: 'float16',
        spec: { ...SPEC, hidden: [1] },
        layers: [
          {
            nIn: 51,
            nOut: 1,
            w: encodeWeights(v.slice(0, 51), 'float16'),
            b: encodeWeights(v.slice(51, 52), 'float16'),
          },
          {
            nIn: 1,
            nOut: 48,
            w: encodeWeights(v.slice(52, 100), 'float16'),
            b: encodeWeights(v.slice(100, 148), 'float16'),
          },
        ],
      });
      const w = back.layers[1]?.w ?? new Float32Array(0);
      for (let i = 0; i < 48; i++)
        expect(Math.abs((w[i] as number) - (v[52 + i] as number))).toBeLessThanOrEqual(2 ** -11 * 2);
    });

    it.each<[string, (f: Record<string, unknown>) => unknown, RegExp]>([
      ['not an object', () => 'weights', /expected a JSON object/],
      ['another schema', (f) => ({ ...f, schema: 2 }), /expected schema 1; got 2/],
      [
        'another kind',
        (f) => ({ ...f, kind: 'vae' }),
        /expected kind 'polar-boundary-refiner' or 'polar-patch-refiner'; got vae/,
      ],
      ['another dtype', (f) => ({ ...f, dtype: 'int8' }), /dtype must be 'float32' or 'float16'; got int8/],
      ['bad grid', (f) => ({ ...f, spec: { ...SPEC, sMin: 1.5 } }), /0 < sMin < sMax < 4/],
      ['a missing layer', (f) => ({ ...f, layers: (f.layers as unknown[]).slice(1) }), /expected 2 layers/],
      [
        'a layer of the wrong size',
        (f) => ({
          ...f,
          layers: [{ ...(f.layers as Record<string, unknown>[])[0], nOut: 3 }, (f.layers as unknown[])[1]],
        }),
        /refiner layer 0: expected 51 → 48/,
      ],
      [
        'truncated weights',
        (f) => ({
          ...f,
          layers: [
            (f.layers as unknown[])[0],
            { ...(f.layers as Record<string, unknown>[])[1], b: encodeWeights(new Float32Array(5)) },
          ],
        }),
        /layer 1 biases: expected 48 float32 values \(192 bytes\); got 20 bytes/,
      ],
      [
        'a NaN weight',
        (f) => ({
          ...f,
          layers: [
            (f.layers as unknown[])[0],
            {
              ...(f.layers as Record<string, unknown>[])[1],
              b: encodeWeights(new Float32Array(48).fill(NaN)),
            },
          ],
        }),
        /layer 1 biases: value 0 is not finite/,
      ],
    ])('refuses %s with a specific message', (_, edit, msg) => {
      expect(() => parseBoundaryRefiner(edit(file()))).toThrow(RefinerFormatError);
      expect(() => parseBoundaryRefiner(edit(file()))).toThrow(msg);
    });
  });

  it('detectHeadOutline: the refined outline, and a clear warning when the refiner is unavailable', () => {
    const img = thinRing(truth);
    const classical = detectHeadOutline(img, 0.2, 'axial');
    expect(classical.refinement).toBeNull();
    const refined = detectHeadOutline(img, 0.2, 'axial', { refiner: brightestSampleRefiner() });
    expect(refined.refinement?.id).toBe('test-brightest');
    const hcTrue = ellipsePerimeter(truth.a, truth.b) * 0.2;
    expect(Math.abs(refined.hcMm - hcTrue) / hcTrue).toBeLessThan(0.005);
    expect(refined.hcMm - classical.hcMm).toBeCloseTo(refined.refinement?.hcShiftMm ?? NaN, 0);
    // With `refinedCalibration` the refined ellipse's axis ratio (0.75 here) is moved 0.7 of the way
    // to 0.798, area kept: the HC is that ellipse's; the refinement record still describes the refiner's own.
    const cal = detectHeadOutline(img, 0.2, 'axial', {
      refiner: brightestSampleRefiner(),
      refinedCalibration: HC18_REFINED_CALIBRATION,
    });
    const r = refined.ellipse;
    const q = r.semiMinorMm / r.semiMajorMm;
    const q2 = q + 0.7 * (0.798 - q);
    const g = Math.sqrt(r.semiMajorMm * r.semiMinorMm);
    expect(cal.ellipse.semiMinorMm / cal.ellipse.semiMajorMm).toBeCloseTo(q2, 3);
    expect(cal.hcMm).toBeCloseTo(ellipsePerimeter(g / Math.sqrt(q2), g * Math.sqrt(q2)), 1);
    expect(cal.hcMm).toBeLessThan(refined.hcMm - 0.5);
    expect(cal.refinement?.hcShiftMm).toBeCloseTo(refined.refinement?.hcShiftMm ?? NaN, 6);
    const off = detectHeadOutline(img, 0.2, 'axial', {
      refinerUnavailable: 'refiner weights not found (404)',
    });
    expect(off.refinement).toBeNull();
    expect(off.hcMm).toBeCloseTo(classical.hcMm, 6);
    expect(off.warnings).toContain('classical outline only: refiner weights not found (404)');
  });

  describe('whole-patch kind (polar-patch-refiner)', () => {
    /**
     * A patch network whose logits are 40 × ReLU(normalised patch): its crossing is the brightest
     * sample of each ray, as for the per-ray test refiner (centre taps passing channel 0 through).
     */
    const patchFile = (): Record<string, unknown> => {
      const shapes = patchNetLayerShapes({ width: 4, dilations: [1] });
      const layers = shapes.map((sh): PatchConv => {
        const w = new Float32Array(sh.cout * sh.cin * sh.k * sh.k);
        const centre = sh.k === 3 ? 4 : 0;
        w[centre] = sh.k === 3 ? 1 : 40; // output 0 ← input 0
        return { ...sh, w, b: new Float32Array(sh.cout) };
      });
      return {
        schema: 1,
        id: 'test-patch-brightest',
        kind: 'polar-patch-refiner',
        spec: { ...SPEC, context: 0, hidden: [], patchNet: { width: 4, dilations: [1] } },
        dtype: 'float16',
        layers: layers.map((l) => ({
          cin: l.cin,
          cout: l.cout,
          k: l.k,
          dil: l.dil,
          w: encodeWeights(l.w, 'float16'),
          b: encodeWeights(l.b, 'float16'),
        })),
      };
    };

    it('loads and moves a 10 % too large start ellipse onto a bright ring (HC within 0.5 %)', () => {
      const r = parseBoundaryRefiner(JSON.parse(JSON.stringify(patchFile())));
      expect(r.net?.body).toHaveLength(1);
      expect(r.layers).toHaveLength(0);
      const img = thinRing(truth);
      const out = refineEllipse(r, img, { cx: 345, cy: 240, a: 220, b: 165, angleRad: 0.3 }, 0.2);
      expect(out).not.toBeNull();
      if (!out) return;
      const hcTrue = ellipsePerimeter(truth.a, truth.b);
      expect(Math.abs(ellipsePerimeter(out.ellipse.a, out.ellipse.b) - hcTrue) / hcTrue).toBeLessThan(0.005);
      const d = detectHeadOutline(img, 0.2, 'axial', { refiner: r });
      expect(d.refinement?.id).toBe('test-patch-brightest');
    });

    it.each<[string, (f: Record<string, unknown>) => unknown, RegExp]>([
      ['a missing network shape', (f) => ({ ...f, spec: { ...SPEC } }), /patchNet \{width, dilations\}/],
      [
        'a dilation beyond half the grid',
        (f) => ({ ...f, spec: { ...SPEC, patchNet: { width: 4, dilations: [24] } } }),
        /dilations must be 1–8 positive integers/,
      ],
      [
        'a missing layer',
        (f) => ({ ...f, layers: (f.layers as unknown[]).slice(1) }),
        /expected 3 convolution layers/,
      ],
      [
        'a layer of another shape',
        (f) => ({
          ...f,
          layers: [
            { ...(f.layers as Record<string, unknown>[])[0], dil: 2 },
            ...(f.layers as unknown[]).slice(1),
          ],
        }),
        /refiner layer 0: expected a 3 × 3 convolution 5 → 4, dilation 1/,
      ],
      [
        'truncated weights',
        (f) => ({
          ...f,
          layers: [
            ...(f.layers as unknown[]).slice(0, 2),
            {
              ...(f.layers as Record<string, unknown>[])[2],
              w: encodeWeights(new Float32Array(3), 'float16'),
            },
          ],
        }),
        /refiner layer 2 weights: expected 4 float16 values \(8 bytes\); got 6 bytes/,
      ],
    ])('refuses %s with a specific message', (_, edit, msg) => {
      expect(() => parseBoundaryRefiner(edit(patchFile()))).toThrow(RefinerFormatError);
      expect(() => parseBoundaryRefiner(edit(patchFile()))).toThrow(msg);
    });
  });
});
