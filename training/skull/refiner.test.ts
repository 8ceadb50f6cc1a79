/**
 * The shipped boundary refiner (public/models/hc18-refiner): it loads, stays small, and on a drawn
 * skull band (a bright band whose outer border is an exact ellipse, as HC18 experts draw the head
 * outline on the outer border of the skull echo) it moves a start ellipse that is too large or too
 * small onto that border. Its accuracy on real images is in docs/results/hc18.md.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/anatomy/random';
import { ellipsePerimeter } from '../../src/geometry/ellipseFit';
import { refineEllipse } from '../../src/imaging/boundaryRefiner';
import { detectHeadOutline } from '../../src/imaging/headOutline';
import type { EllipsePx } from '../../src/imaging/polarProfiles';
import type { GrayImage } from '../../src/imaging/types';
import { readRefinerFile, refinerPathIn } from './refinerFile';

const path = refinerPathIn('public/models');

/** 800 × 540: speckle, a dim brain, and a band of `t` px inside the outer ellipse `e`. */
function skullBand(e: EllipsePx, t: number, seed = 3): GrayImage {
  const W = 800;
  const H = 540;
  const rng = createRng(seed);
  const data = new Float32Array(W * H);
  const c = Math.cos(e.angleRad);
  const s = Math.sin(e.angleRad);
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const u = (i - e.cx) * c + (j - e.cy) * s;
      const v = -(i - e.cx) * s + (j - e.cy) * c;
      const rho = Math.hypot(u / e.a, v / e.b);
      const d = (rho - 1) * Math.sqrt(e.a * e.b); // ≈ px outside the outer border
      const band = d <= 0 && d > -t ? 1 : 0;
      const brain = d <= -t ? 1 : 0;
      data[j * W + i] = 0.12 + 0.08 * (rng.next() - 0.5) + 0.7 * band + 0.08 * brain;
    }
  return { width: W, height: H, data };
}

describe('the shipped boundary refiner', () => {
  const state = readRefinerFile(path);

  it('loads without complaint and is small', () => {
    expect(state.refinerUnavailable).toBeUndefined();
    expect(state.refiner?.id).toBe('hc18-refiner');
    expect(statSync(path).size).toBeLessThan(600_000);
  });

  const truth: EllipsePx = { cx: 400, cy: 275, a: 240, b: 190, angleRad: 0.15 };
  const hcTrue = ellipsePerimeter(truth.a, truth.b);
  it.each([
    ['8 % too large', 1.08],
    ['8 % too small', 0.92],
  ])('from a start %s, the refined HC is within 1 % of the band’s outer border', (_, k) => {
    const refiner = state.refiner;
    if (!refiner) throw new Error(state.refinerUnavailable);
    const img = skullBand(truth, 10);
    const r = refineEllipse(
      refiner,
      img,
      { ...truth, cx: truth.cx + 6, a: truth.a * k, b: truth.b * k },
      0.2,
    );
    expect(r).not.toBeNull();
    const hc = r ? ellipsePerimeter(r.ellipse.a, r.ellipse.b) : NaN;
    expect(Math.abs(hc - hcTrue) / hcTrue).toBeLessThan(0.01);
  });

  it('missing or broken weights: a named reason, and the detector stays classical', () => {
    expect(readRefinerFile('public/models/no-such-refiner.json').refinerUnavailable).toMatch(
      /the boundary refiner's weights are missing \(public\/models\/no-such-refiner\.json\)/,
    );
    const img = skullBand(truth, 10);
    const off = detectHeadOutline(img, 0.2, 'axial', readRefinerFile('package.json'));
    expect(off.refinement).toBeNull();
    expect(off.warnings.join(' ')).toMatch(
      /classical outline only: the boundary refiner's weights \(package\.json\) are invalid: refiner weights: expected schema 1/,
    );
  });
});
