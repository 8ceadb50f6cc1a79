import { describe, expect, it } from 'vitest';
import type { PlaneReport } from '../../pipeline/skullPlanes';
import { planeWarnings, type CheckedSlot } from './planeChecks';

/** A slot whose detected outline is an ellipse of semi-axes a ≥ b (mm) over a preview of `fill`. */
function slot(a: number, b: number, fill = 0): CheckedSlot {
  const hcMm = Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
  const report = {
    width: 4,
    height: 4,
    preview: { width: 4, height: 4, scale: 1, gray: new Uint8Array(16).fill(fill) },
    detection: { ellipse: { semiMajorMm: a, semiMinorMm: b }, hcMm },
  } as unknown as PlaneReport;
  return { report, edited: null };
}
const none: CheckedSlot = { report: null, edited: null };

describe('planeWarnings', () => {
  it('accepts the planes of one head', () => {
    // Axial 60 × 48 mm; mid-sagittal 0.9 × its HC, long and narrow; coronal rounder, 0.75 × HC.
    const w = planeWarnings({ axial: slot(60, 48, 1), sagittal: slot(62, 35, 2), coronal: slot(47, 35, 3) });
    expect(w).toEqual({ axial: [], sagittal: [], coronal: [] });
  });

  it('flags a sagittal plane twice the axial size and round like an axial one', () => {
    const w = planeWarnings({ axial: slot(30, 24, 1), sagittal: slot(60, 50, 2), coronal: none });
    expect(w.sagittal).toHaveLength(2);
    expect(w.sagittal[0]).toContain('is this the right plane?');
    expect(w.sagittal[1]).toMatch(/[12]\.\d\d × the axial plane's/);
    expect(w.axial).toEqual([]);
  });

  it('flags a second copy of the same image on the later slot only', () => {
    const w = planeWarnings({ axial: slot(60, 48, 7), sagittal: none, coronal: slot(47, 35, 7) });
    expect(w.coronal[0]).toContain('same image as the axial');
    expect(w.axial).toEqual([]);
  });

  it('has nothing to say without outlines', () => {
    expect(planeWarnings({ axial: none, sagittal: none, coronal: none })).toEqual({
      axial: [],
      sagittal: [],
      coronal: [],
    });
  });
});
