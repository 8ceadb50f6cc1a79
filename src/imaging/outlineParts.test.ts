import { describe, expect, it } from 'vitest';
import { createRng } from '../anatomy/random';
import { canonicalProfile, polygonCentroid2d, rayPolygon } from './canonicalFrame';
import { ellipseRadius, fitOutline } from './outlineFit';
import { rayEdges } from './rayEdges';
import { boxDownsample, fieldOfView, workMaps } from './ridgeMap';
import type { GrayImage } from './types';

/** (x, y) pairs of an ellipse with semi-axes a, b, centre (cx, cy), major axis at `ang`. */
function ellipseXY(a: number, b: number, cx: number, cy: number, ang: number, n = 400): Float64Array {
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const x = a * Math.cos(t);
    const y = b * Math.sin(t);
    out[2 * k] = cx + x * Math.cos(ang) - y * Math.sin(ang);
    out[2 * k + 1] = cy + x * Math.sin(ang) + y * Math.cos(ang);
  }
  return out;
}

describe('canonicalProfile', () => {
  it('an ellipse turned by 30°: s along the major axis, r(θ) = ab / √(b² cos² θ + a² sin² θ)', () => {
    const a = 60;
    const b = 45;
    const ang = (30 * Math.PI) / 180;
    const c = canonicalProfile(ellipseXY(a, b, 10, -5, ang), 'coronal');
    expect(c.rotationRad).toBeCloseTo(ang, 4);
    expect(c.centroid[0]).toBeCloseTo(10, 3);
    expect(c.centroid[1]).toBeCloseTo(-5, 3);
    for (let k = 0; k < 64; k++) {
      const th = (2 * Math.PI * k) / 64;
      const r = (a * b) / Math.hypot(b * Math.cos(th), a * Math.sin(th));
      expect(c.profile[k]).toBeCloseTo(r, 1);
    }
  });

  it('sagittal: the taller half goes to +t (mirrored when the vault is at the bottom of the image)', () => {
    // Half-ellipses: height 40 above the major axis (image-up = −y), 24 below.
    const n = 400;
    const up = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const t = (2 * Math.PI * k) / n;
      up[2 * k] = 70 * Math.cos(t);
      up[2 * k + 1] = -(Math.sin(t) > 0 ? 40 : 24) * Math.sin(t);
    }
    const c = canonicalProfile(up, 'sagittal');
    expect(c.tFlipped).toBe(false);
    expect(c.tAxis[1]).toBeCloseTo(-1, 6); // +t is image-up
    const down = Float64Array.from(up, (v, i) => (i % 2 ? -v : v));
    const d = canonicalProfile(down, 'sagittal');
    expect(d.tFlipped).toBe(true);
    expect(d.tAxis[1]).toBeCloseTo(1, 6);
    for (let k = 0; k < 64; k++) expect(d.profile[k]).toBeCloseTo(c.profile[k] as number, 4);
    // r along +t from the centroid reaches the top of the vault.
    expect((c.profile[16] as number) - c.centroid[1]).toBeCloseTo(40, 0);
  });

  it('axial: the wider half goes to −s whichever way the head faces', () => {
    const egg = new Float64Array(800);
    for (let k = 0; k < 400; k++) {
      const f = (2 * Math.PI * k) / 400;
      egg[2 * k] = 60 * Math.cos(f);
      egg[2 * k + 1] = 48 * Math.sin(f) * (1 - 0.06 * Math.cos(f)); // wider at −x
    }
    expect(canonicalProfile(egg, 'axial').sAxis[0]).toBeCloseTo(1, 6);
    const turned = Float64Array.from(egg, (v) => -v); // 180°: wider half at +x
    const c = canonicalProfile(turned, 'axial');
    expect(c.sAxis[0]).toBeCloseTo(-1, 6);
    expect(c.tFlipped).toBe(false);
  });

  it('polygon helpers: centroid and area of a square, ray hits', () => {
    const sq = [0, 0, 2, 0, 2, 2, 0, 2];
    expect(polygonCentroid2d(sq)).toEqual({ x: 1, y: 1, area: 4 });
    expect(rayPolygon(sq, 1, 1, 1, 0)).toBeCloseTo(1, 12);
    expect(rayPolygon(sq, 1, 1, Math.SQRT1_2, Math.SQRT1_2)).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe('fitOutline', () => {
  it('recovers an ellipse from 60 % of the rays with noise and outliers, filling the gaps', () => {
    const rng = createRng(2);
    const e = { cx: 3, cy: -2, a: 80, b: 60, angleRad: 0.4 };
    const M = 180;
    const theta = Float64Array.from({ length: M }, (_, m) => (2 * Math.PI * m) / M);
    const truth = Float64Array.from(theta, (t) => ellipseRadius(e, 0, 0, t));
    const r = Float64Array.from(truth, (v) => v + rng.normal(0, 0.3));
    const w = new Float64Array(M).fill(1);
    for (let m = 20; m < 56; m++) w[m] = 0; // a 72° gap (shadow)
    for (let m = 110; m < 146; m++) w[m] = 0; // and another
    for (const m of [5, 70, 160]) r[m] = (r[m] as number) + 15; // bright echoes outside the skull
    const fit = fitOutline(0, 0, theta, r, w);
    expect(fit).not.toBeNull();
    if (!fit) return;
    for (const m of [5, 70, 160]) expect(fit.inlier[m]).toBe(0);
    let worst = 0;
    for (let m = 0; m < M; m++)
      worst = Math.max(worst, Math.abs((fit.radii[m] as number) - (truth[m] as number)));
    expect(worst).toBeLessThan(1.0);
    expect(fit.ellipse.a).toBeCloseTo(80, 0);
    expect(fit.ellipse.b).toBeCloseTo(60, 0);
    expect(fit.rmsPx).toBeLessThan(0.45);
  });

  it('returns null with too few rays', () => {
    const theta = [0, 1, 2, 3];
    expect(fitOutline(0, 0, theta, [1, 1, 1, 1], [1, 1, 1, 1])).toBeNull();
  });
});

describe('rayEdges', () => {
  it('finds the edges of a bright annulus at the requested level between background and peak', () => {
    // Annulus 60 ≤ r ≤ 66 px of value 0.9 on 0.1, no blur: the 50 % level sits on the edges.
    const W = 200;
    const H = 200;
    const data = new Float32Array(W * H);
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        const r = Math.hypot(i - 100, j - 100);
        data[j * W + i] = r >= 60 && r <= 66 ? 0.9 : 0.1;
      }
    const img: GrayImage = { width: W, height: H, data };
    for (const th of [0, 1, 2.5, 4]) {
      const e = rayEdges(img, 100, 100, th, 63, {
        searchPx: 5,
        windowPx: 10,
        tangentPx: 0.5,
        smoothPx: 0.5,
        alpha: 0.5,
      });
      expect(e.outer).toBeGreaterThan(65.4);
      expect(e.outer).toBeLessThan(66.8);
      expect(e.inner).toBeGreaterThan(59.2);
      expect(e.inner).toBeLessThan(60.6);
      expect(e.contrastOut).toBeCloseTo(0.8, 1);
    }
  });
});

describe('ridgeMap', () => {
  it('a thin bright line gives a strong ridge, a step edge and the black sector surround none', () => {
    const W = 120;
    const H = 100;
    const data = new Float32Array(W * H);
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        if (i < 10) continue; // black surround
        let v = i < 70 ? 0.3 : 0.6; // step at x = 70
        if (Math.abs(j - 50) <= 1 && i > 15 && i < 60) v = 0.95; // bright line y = 50
        data[j * W + i] = v;
      }
    const m = workMaps({ width: W, height: H, data });
    expect(m.factor).toBe(1);
    const at = (i: number, j: number): number => m.ridge[j * W + i] as number;
    expect(at(40, 50)).toBeGreaterThan(0.4);
    expect(at(70, 20)).toBeLessThan(0.02);
    expect(at(69, 20)).toBeLessThan(0.02);
    expect(at(11, 20)).toBeLessThan(0.02);
    const fov = fieldOfView({ width: W, height: H, data });
    expect(fov[20 * W + 5]).toBe(0);
    expect(fov[20 * W + 50]).toBe(1);
    const half = boxDownsample({ width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) }, 2);
    expect(Array.from(half.data)).toEqual([2.5, 4.5]);
  });
});
