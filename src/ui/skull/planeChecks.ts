/**
 * Checks that a plane's outline looks like the plane of its slot: its shape (the ratio of the
 * fitted ellipse's axes), its size against the axial plane's outline, and that it is not a second
 * copy of another slot's image. A plane with a warning is not used until the person confirms it.
 * Pure: plain data in, plain data out.
 */
import type { PlaneKind, PlaneReport } from '../../pipeline/skullPlanes';

/** What the checks read of a slot. */
export interface CheckedSlot {
  report: PlaneReport | null;
  edited: { hcMm: number; ellipse: { semiMajorMm: number; semiMinorMm: number } } | null;
}

/**
 * Accepted range per plane of (a) the outline's minor/major axis ratio and (b) its HC over the axial
 * plane's HC. Measured on the detected outlines of the simulated planes of held-out skulls 1–30
 * (seed 7000 + i): axial ratio 0.70–0.86; mid-sagittal 0.44–0.67, HC 0.85–0.94 × axial; coronal
 * 0.60–0.80, HC 0.66–0.82 × axial. The bands below leave room for real scans, hand edits and the
 * detector's own error; they still catch another fetus, another age or a wrong pixel size (a
 * 36-week head beside a 21-week one is 1.9 ×).
 */
export const PLANE_BANDS: Record<
  PlaneKind,
  { ratio: [number, number]; hcOverAxial: [number, number] | null }
> = {
  axial: { ratio: [0.6, 1], hcOverAxial: null },
  sagittal: { ratio: [0.3, 0.74], hcOverAxial: [0.7, 1.25] },
  coronal: { ratio: [0.5, 1], hcOverAxial: [0.5, 1.15] },
};

const NAMES: Record<PlaneKind, string> = {
  axial: 'axial (transventricular)',
  sagittal: 'mid-sagittal',
  coronal: 'coronal',
};

function outline(slot: CheckedSlot): { hcMm: number; ratio: number } | null {
  const e = slot.edited?.ellipse ?? slot.report?.detection?.ellipse;
  const hc = slot.edited?.hcMm ?? slot.report?.detection?.hcMm;
  if (!e || hc === undefined || !(e.semiMajorMm > 0)) return null;
  return { hcMm: hc, ratio: e.semiMinorMm / e.semiMajorMm };
}

/** Whether two previews show the same image (same size, mean grey difference under half a level). */
export function sameImage(a: PlaneReport, b: PlaneReport): boolean {
  const pa = a.preview;
  const pb = b.preview;
  if (a.width !== b.width || a.height !== b.height || pa.gray.length !== pb.gray.length) return false;
  if (pa.gray.length === 0) return false;
  let sum = 0;
  for (let i = 0; i < pa.gray.length; i++) sum += Math.abs((pa.gray[i] as number) - (pb.gray[i] as number));
  return sum / pa.gray.length < 0.5;
}

/**
 * Warnings for each slot (empty when the plane looks right). The axial plane is the reference for
 * size; a copy is flagged on the later slot (sagittal after axial, coronal after both).
 */
export function planeWarnings(slots: Record<PlaneKind, CheckedSlot>): Record<PlaneKind, string[]> {
  // The store replaces the slots object on every change: one computation per state of the slots.
  const cached = cache.get(slots);
  if (cached) return cached;
  const out = computeWarnings(slots);
  cache.set(slots, out);
  return out;
}

const cache = new WeakMap<object, Record<PlaneKind, string[]>>();

function computeWarnings(slots: Record<PlaneKind, CheckedSlot>): Record<PlaneKind, string[]> {
  const out: Record<PlaneKind, string[]> = { axial: [], sagittal: [], coronal: [] };
  const kinds: PlaneKind[] = ['axial', 'sagittal', 'coronal'];
  const axial = outline(slots.axial);
  kinds.forEach((kind, k) => {
    const slot = slots[kind];
    const o = outline(slot);
    const band = PLANE_BANDS[kind];
    const report = slot.report;
    if (report)
      for (const other of kinds.slice(0, k)) {
        const r = slots[other].report;
        if (r && sameImage(report, r))
          out[kind].push(`this is the same image as the ${NAMES[other]} plane: a second copy adds nothing`);
      }
    if (!o) return;
    if (o.ratio < band.ratio[0] || o.ratio > band.ratio[1])
      out[kind].push(
        `the outline's width is ${(100 * o.ratio).toFixed(0)} % of its length; a ${NAMES[kind]} head outline is usually ${(100 * band.ratio[0]).toFixed(0)}–${(100 * band.ratio[1]).toFixed(0)} %: is this the right plane?`,
      );
    if (band.hcOverAxial && axial) {
      const q = o.hcMm / axial.hcMm;
      const [lo, hi] = band.hcOverAxial;
      if (q < lo || q > hi)
        out[kind].push(
          `its outline (${o.hcMm.toFixed(0)} mm around) is ${q.toFixed(2)} × the axial plane's (${axial.hcMm.toFixed(0)} mm); for the same head it is ${lo.toFixed(2)}–${hi.toFixed(2)} ×: another fetus, another age or a wrong pixel size?`,
        );
    }
  });
  return out;
}
