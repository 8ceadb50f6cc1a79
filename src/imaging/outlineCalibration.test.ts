import { describe, expect, it } from 'vitest';
import { ellipsePerimeter, fitEllipse } from '../geometry/ellipseFit';
import {
  HC18_AXIAL_CALIBRATION,
  HC18_REFINED_CALIBRATION,
  applyAxisScaling,
  calibrateEllipse,
  calibrateOutline,
  calibrationScaling,
  validateCalibration,
} from './outlineCalibration';

/** n points of the ellipse (cx, cy, a, b, angle) as (x, y) pairs. */
function ellipsePoints(cx: number, cy: number, a: number, b: number, ang: number, n = 256): Float64Array {
  const xy = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const u = a * Math.cos(t);
    const v = b * Math.sin(t);
    xy[2 * k] = cx + u * Math.cos(ang) - v * Math.sin(ang);
    xy[2 * k + 1] = cy + u * Math.sin(ang) + v * Math.cos(ang);
  }
  return xy;
}

describe('outline calibration', () => {
  it('moves b/a the given share of the way to the population ratio and keeps the area', () => {
    const e = { cx: 40, cy: 30, a: 60, b: 42, angleRad: 0.4 }; // b/a = 0.7
    const s = calibrationScaling(e, { ratio: 0.8, shrink: 0.5, scale: 0 });
    const a2 = e.a * s.sa;
    const b2 = e.b * s.sb;
    expect(b2 / a2).toBeCloseTo(0.75, 10);
    expect(a2 * b2).toBeCloseTo(e.a * e.b, 8);
  });

  it('is the identity for shrink 0 and scale 0, and a pure scale for a head at the population ratio', () => {
    const e = { cx: 0, cy: 0, a: 50, b: 40, angleRad: 1 };
    const id = calibrationScaling(e, { ratio: 0.8, shrink: 0, scale: 0 });
    expect(id.sa).toBeCloseTo(1, 12);
    expect(id.sb).toBeCloseTo(1, 12);
    const sc = calibrationScaling(e, { ratio: 0.8, shrink: 0.7, scale: 0.01 });
    expect(sc.sa).toBeCloseTo(1.01, 12);
    expect(sc.sb).toBeCloseTo(1.01, 12);
  });

  it('scales an outline along the ellipse axes: the refitted ellipse has the calibrated axes, in mm and pixels', () => {
    const px = 0.2;
    const mm = ellipsePoints(50, 35, 55, 38.5, -0.6); // b/a 0.7
    const contour = Float32Array.from(mm, (v) => v / px);
    const cal = HC18_AXIAL_CALIBRATION;
    const s = calibrateOutline(mm, contour, px, cal);
    expect(s).not.toBeNull();
    const e = fitEllipse(mm);
    const ePx = fitEllipse(Float64Array.from(contour));
    if (!e || !ePx) throw new Error('no ellipse');
    const q = 0.7 + cal.shrink * (cal.ratio - 0.7);
    const g = Math.sqrt(55 * 38.5) * (1 + cal.scale);
    expect(e.b / e.a).toBeCloseTo(q, 6);
    expect(e.a).toBeCloseTo(g / Math.sqrt(q), 5);
    expect(e.cx).toBeCloseTo(50, 6);
    expect(e.cy).toBeCloseTo(35, 6);
    expect(Math.cos(2 * (e.angleRad + 0.6))).toBeCloseTo(1, 6);
    expect(ePx.a * px).toBeCloseTo(e.a, 3);
    // The HC changes by the perimeter of the calibrated ellipse, not more.
    expect(ellipsePerimeter(e.a, e.b)).toBeCloseTo(ellipsePerimeter(g / Math.sqrt(q), g * Math.sqrt(q)), 4);
  });

  it('calibrates an ellipse itself: b/a moved, area kept, centre and angle unchanged; the refined one keeps its size at the population ratio', () => {
    const e = { cx: 12, cy: -3, a: 100, b: 70, angleRad: 0.25 }; // b/a 0.7
    const c = calibrateEllipse(e, HC18_REFINED_CALIBRATION);
    const q = 0.7 + 0.7 * (0.798 - 0.7);
    expect(c.b / c.a).toBeCloseTo(q, 12);
    expect(c.a * c.b).toBeCloseTo(7000, 8);
    expect([c.cx, c.cy, c.angleRad]).toEqual([12, -3, 0.25]);
    const atRatio = { cx: 0, cy: 0, a: 100, b: 79.8, angleRad: 0 };
    expect(calibrateEllipse(atRatio, HC18_REFINED_CALIBRATION).a).toBeCloseTo(100, 10);
    expect(calibrateEllipse(atRatio, HC18_AXIAL_CALIBRATION).a).toBeCloseTo(100.2, 10);
    expect(() => calibrateEllipse(e, { ratio: 0.8, shrink: 2, scale: 0 })).toThrow(/shrink/);
  });

  it('maps points on the axes along the axes', () => {
    const s = { cx: 1, cy: 2, angleRad: Math.PI / 2, sa: 2, sb: 0.5 };
    const xy = applyAxisScaling(Float64Array.from([1, 5, 4, 2]), s);
    expect(Array.from(xy).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 8, 2.5, 2]);
  });

  it('refuses a calibration outside its range, naming the field', () => {
    expect(() => validateCalibration({ ratio: 1.2, shrink: 0.5, scale: 0 })).toThrow(/ratio/);
    expect(() => validateCalibration({ ratio: 0.8, shrink: -0.1, scale: 0 })).toThrow(/shrink/);
    expect(() => validateCalibration({ ratio: 0.8, shrink: 0.5, scale: 0.5 })).toThrow(/scale/);
  });
});
