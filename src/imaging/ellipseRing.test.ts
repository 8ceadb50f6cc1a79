/**
 * Known answers for the head detector on drawn images: a bright elliptical band (2 mm thick) on a
 * speckled background, whose outer border is an exact ellipse. HC18 experts draw the head outline on
 * the outer border of the skull echo; the detector's HC must match the drawn ellipse's perimeter.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../anatomy/random';
import { ellipsePerimeter } from '../geometry/ellipseFit';
import { detectHeadOutline } from './headOutline';
import { HC18_AXIAL_CALIBRATION } from './outlineCalibration';
import type { GrayImage } from './types';

/** An 800 × 540 image with a band between the ellipses (a − t, b − t) and (a, b), px, rotated by `angle`. */
function ringImage(
  a: number,
  b: number,
  angle: number,
  opts: { thicknessPx?: number; keep?: (phi: number) => boolean; seed?: number } = {},
): GrayImage {
  const W = 800;
  const H = 540;
  const cx = 400;
  const cy = 280;
  const t = opts.thicknessPx ?? 10;
  const rng = createRng(opts.seed ?? 1);
  const data = new Float32Array(W * H);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // Signed distance-like measure to an ellipse (ρ − 1) × local radius, on a 3 × 3 supersampling grid.
  const inside = (x: number, y: number, aa: number, bb: number): boolean => {
    const u = (x - cx) * c + (y - cy) * s;
    const v = -(x - cx) * s + (y - cy) * c;
    return (u / aa) ** 2 + (v / bb) ** 2 <= 1;
  };
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      let band = 0;
      let brain = 0;
      for (let sy = -1; sy <= 1; sy++)
        for (let sx = -1; sx <= 1; sx++) {
          const x = i + sx / 3;
          const y = j + sy / 3;
          const inOuter = inside(x, y, a, b);
          const inInner = inside(x, y, a - t, b - t);
          const u = (x - cx) * c + (y - cy) * s;
          const v = -(x - cx) * s + (y - cy) * c;
          const phi = Math.atan2(v / b, u / a);
          if (inOuter && !inInner && (!opts.keep || opts.keep(phi))) band++;
          else if (inInner) brain++;
        }
      const speckle = 0.06 * (rng.next() - 0.5);
      data[j * W + i] = 0.15 + speckle + (0.7 * band) / 9 + (0.08 * brain) / 9;
    }
  }
  return { width: W, height: H, data };
}

describe('detectHeadOutline on a drawn elliptical band (known outer ellipse)', () => {
  const px = 0.2;
  it.each([
    [250, 190, 0.0],
    [220, 180, 0.35],
    [150, 120, -0.2],
  ])('semi-axes %d × %d px at %f rad: HC within 0.5 percent of the outer ellipse', (a, b, angle) => {
    const d = detectHeadOutline(ringImage(a, b, angle), px, 'axial');
    const truth = ellipsePerimeter(a, b) * px;
    expect(Math.abs(d.hcMm - truth) / truth).toBeLessThan(0.005);
    // A clean, complete ring: no doubt, and a small predicted HC SD.
    expect(d.uncertainty.doubtful).toBe(false);
    expect(d.uncertainty.relSd).toBeLessThan(0.015);
    expect(d.warnings.join(' ')).not.toMatch(/doubtful/);
  });

  it('a ring seen only on its lower half is measured with a larger uncertainty', () => {
    const full = detectHeadOutline(ringImage(250, 190, 0), px, 'axial');
    const half = detectHeadOutline(
      ringImage(250, 190, 0, { keep: (phi) => phi > 0.2 && phi < Math.PI - 0.2 }),
      px,
      'axial',
    );
    expect(half.uncertainty.relSd).toBeGreaterThan(2 * full.uncertainty.relSd);
    expect(half.uncertainty.coverage).toBeLessThan(0.6);
  });

  it('real-image calibration: a long head is measured as is without it, and moved towards b/a 0.798 with it', () => {
    const img = ringImage(260, 182, 0.1); // b/a 0.70
    const raw = detectHeadOutline(img, px, 'axial', { calibration: null });
    const cal = detectHeadOutline(img, px, 'axial');
    const truth = ellipsePerimeter(260, 182) * px;
    expect(Math.abs(raw.hcMm - truth) / truth).toBeLessThan(0.005);
    expect(raw.ellipse.semiMinorMm / raw.ellipse.semiMajorMm).toBeCloseTo(0.7, 2);
    const { ratio, shrink, scale } = HC18_AXIAL_CALIBRATION;
    const q = 0.7 + shrink * (ratio - 0.7);
    expect(cal.ellipse.semiMinorMm / cal.ellipse.semiMajorMm).toBeCloseTo(q, 2);
    const g = Math.sqrt(260 * 182) * px * (1 + scale);
    const expected = ellipsePerimeter(g / Math.sqrt(q), g * Math.sqrt(q));
    expect(Math.abs(cal.hcMm - expected) / expected).toBeLessThan(0.005);
    // Given edge levels (simulated planes) turn it off unless asked for.
    const sim = detectHeadOutline(img, px, 'axial', { edgeLevels: [0.6, 0.6, 0.6] });
    expect(sim.hcMm).toBeCloseTo(raw.hcMm, 6);
  });
});
