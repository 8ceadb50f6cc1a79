/**
 * A head outline edited by hand: the user moves or reshapes the fitted ellipse when detection is off
 * (or missing), and the outline and its radial profile follow. With a detected outline, its shape
 * relative to the old ellipse is kept and carried onto the new one (an affine map between the two
 * ellipses); without one, the outline is the ellipse itself. Pure.
 */
import { ellipsePerimeter } from '../geometry/ellipseFit';
import { canonicalProfile } from '../imaging/canonicalFrame';
import type { OutlineEllipse, PlaneDetection, PlaneKind } from './skullPlanes';

/** The outline and measurements of an edited ellipse. */
export interface EditedOutline {
  ellipse: OutlineEllipse;
  /** Closed outline, (x, y) image pixels. */
  contourPx: Float32Array;
  /** Radial profile in the canonical frame, mm (the model input). */
  profileMm: Float32Array;
  /** Ellipse perimeter (Ramanujan), mm. */
  hcMm: number;
  /** 2 × semi-major axis, mm. */
  ofdMm: number;
  /** 2 × semi-minor axis (outer to outer), mm. */
  bpdOuterMm: number;
}

/** A starting ellipse for drawing by hand: centred, 60 % of the shorter image side across. */
export function defaultEllipse(width: number, height: number, pixelMm: number): OutlineEllipse {
  const b = 0.3 * Math.min(width, height) * pixelMm;
  return { cxPx: width / 2, cyPx: height / 2, semiMajorMm: b * 1.25, semiMinorMm: b, angleRad: 0 };
}

/** Checks an edited ellipse; returns a message for a person or null when it is usable. */
export function ellipseProblem(
  e: OutlineEllipse,
  width: number,
  height: number,
  pixelMm: number,
): string | null {
  const vals = [e.cxPx, e.cyPx, e.semiMajorMm, e.semiMinorMm, e.angleRad];
  if (!vals.every(Number.isFinite)) return 'every ellipse value must be a number';
  if (e.semiMajorMm <= 0 || e.semiMinorMm <= 0) return 'the semi-axes must be positive (mm)';
  if (e.semiMinorMm > e.semiMajorMm) return 'the semi-minor axis must not exceed the semi-major axis';
  if (2 * e.semiMajorMm < 30 || 2 * e.semiMajorMm > 170)
    return `an occipito-frontal diameter of ${(2 * e.semiMajorMm).toFixed(0)} mm is not a fetal head (expected 30–170 mm)`;
  if (e.cxPx < 0 || e.cyPx < 0 || e.cxPx > width || e.cyPx > height)
    return 'the centre must lie inside the image';
  void pixelMm;
  return null;
}

/** Builds the outline and profile of `edited` (image pixels of size `pixelMm` mm). */
export function editOutline(
  kind: PlaneKind,
  pixelMm: number,
  edited: OutlineEllipse,
  detected: Pick<PlaneDetection, 'ellipse' | 'contourPx'> | null,
  profilePoints = 64,
): EditedOutline {
  const n = detected ? detected.contourPx.length / 2 : 256;
  const contourPx = new Float32Array(2 * n);
  const cn = Math.cos(edited.angleRad);
  const sn = Math.sin(edited.angleRad);
  const aN = edited.semiMajorMm / pixelMm;
  const bN = edited.semiMinorMm / pixelMm;
  if (detected) {
    const o = detected.ellipse;
    const co = Math.cos(o.angleRad);
    const so = Math.sin(o.angleRad);
    const aO = o.semiMajorMm / pixelMm;
    const bO = o.semiMinorMm / pixelMm;
    for (let k = 0; k < n; k++) {
      const dx = (detected.contourPx[2 * k] as number) - o.cxPx;
      const dy = (detected.contourPx[2 * k + 1] as number) - o.cyPx;
      const u = (dx * co + dy * so) / aO;
      const v = (-dx * so + dy * co) / bO;
      contourPx[2 * k] = edited.cxPx + u * aN * cn - v * bN * sn;
      contourPx[2 * k + 1] = edited.cyPx + u * aN * sn + v * bN * cn;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const t = (2 * Math.PI * k) / n;
      const u = Math.cos(t) * aN;
      const v = Math.sin(t) * bN;
      contourPx[2 * k] = edited.cxPx + u * cn - v * sn;
      contourPx[2 * k + 1] = edited.cyPx + u * sn + v * cn;
    }
  }
  const mm = Float64Array.from(contourPx, (v) => v * pixelMm);
  const profileMm = canonicalProfile(mm, kind, profilePoints).profile;
  return {
    ellipse: { ...edited },
    contourPx,
    profileMm,
    hcMm: ellipsePerimeter(edited.semiMajorMm, edited.semiMinorMm),
    ofdMm: 2 * edited.semiMajorMm,
    bpdOuterMm: 2 * edited.semiMinorMm,
  };
}
