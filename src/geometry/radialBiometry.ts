/**
 * Fetal head biometry of a radial skull surface (see radialSurface.ts), in its transventricular
 * section (the plane z = 0 through the centre), with the same definitions as `skullBiometry`:
 * OFD outer-to-outer along x (occipito-frontal), BPD outer-to-inner along y (outer-to-outer minus the
 * bone thickness, which the radial surface does not carry), HC the perimeter (Ramanujan) of the
 * least-squares ellipse through the outer contour, cephalic index BPD/OFD × 100.
 */
import { ellipsePerimeter, fitEllipse, type Ellipse2D } from './ellipseFit';
import { equatorContour, type SphereGrid } from './radialSurface';

/** Biometry of a radial skull surface, mm. */
export interface RadialBiometry {
  bpdMm: number;
  bpdOuterMm: number;
  ofdMm: number;
  hcMm: number;
  cephalicIndex: number;
  ellipse: Ellipse2D | null;
}

/**
 * @param radii - outer-surface radii on grid `g` (mm)
 * @param boneThicknessMm - calvarial thickness subtracted from the outer BPD (mm, ≥ 0)
 */
export function radialBiometry(
  radii: ArrayLike<number>,
  g: SphereGrid,
  boneThicknessMm: number,
): RadialBiometry {
  if (!Number.isFinite(boneThicknessMm) || boneThicknessMm < 0) {
    throw new RangeError(`bone thickness must be a finite number ≥ 0 mm; got ${boneThicknessMm}`);
  }
  const pts = equatorContour(radii, g, 720);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < pts.length; k += 2) {
    const x = pts[k] as number;
    const y = pts[k + 1] as number;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const ofdMm = maxX - minX;
  const bpdOuterMm = maxY - minY;
  const bpdMm = bpdOuterMm - boneThicknessMm;
  const ellipse = fitEllipse(pts);
  let hcMm: number;
  if (ellipse) hcMm = ellipsePerimeter(ellipse.a, ellipse.b);
  else {
    hcMm = 0;
    for (let k = 0; k < pts.length; k += 2) {
      const m = (k + 2) % pts.length;
      hcMm += Math.hypot(
        (pts[m] as number) - (pts[k] as number),
        (pts[m + 1] as number) - (pts[k + 1] as number),
      );
    }
  }
  return { bpdMm, bpdOuterMm, ofdMm, hcMm, cephalicIndex: (100 * bpdMm) / ofdMm, ellipse };
}
