/**
 * Step 3 of the head detector: the outer and inner edges of the skull band along rays from the
 * ring's centroid, on the full-resolution image (`rayEdges`). Rays where the ring path is on weak
 * ridge (shadow, suture, lateral drop-out, outside the sector) are skipped, and so are rays whose
 * band contrast is below 0.35 × the median.
 *
 * Edge level α between the outside background (0) and the band's peak (1): high, because the
 * log-compressed display makes the band look wider than the bone; by default 0.8 where the bone
 * faces the probe (top of the image), 0.9 where it faces away, 0.97 on the lateral walls along the
 * beam, blended by c = the ray's downward component: α = α_side·c² + α_lateral·(1 − c²). Inner
 * edges at α = 0.9. Set on simulated planes.
 */
import { rayPolygon } from './canonicalFrame';
import { rayEdges } from './rayEdges';
import type { RingPath } from './ringPath';
import type { GrayImage } from './types';

/**
 * Default edge levels [facing the probe, facing away, lateral]: 0.6 everywhere, set on the tuning part
 * of the HC18 development set (where experts put the head outline: the outer border of the skull
 * echo); simulated planes were measured best at [0.8, 0.9, 0.97] (the simulator's band is wider than
 * its bone), which reads real heads ~1 % small.
 */
export const DEFAULT_EDGE_LEVELS: readonly [number, number, number] = [0.6, 0.6, 0.6];

/** Edge levels that put the edge on the bone's outer table in this project's simulated planes. */
export const SIMULATED_EDGE_LEVELS: [number, number, number] = [0.8, 0.9, 0.97];

/** Edges along rays θ_m = 2πm/M from (cx, cy), full-resolution pixels (NaN where not seen). */
export interface EdgeScan {
  cx: number;
  cy: number;
  theta: Float64Array;
  outer: Float64Array;
  inner: Float64Array;
  /** Radius of the band's brightest point (ridge centre), px; NaN where not scanned. */
  peak: Float64Array;
  /** 1 where the outer (inner) edge is usable. */
  wOut: Float64Array;
  wIn: Float64Array;
}

/**
 * Scans `rays` rays for the band's edges near the ring `path` (work pixels, downsampling `factor`).
 * `edgeLevels` = [facing the probe, facing away, lateral].
 */
export function scanEdges(
  img: GrayImage,
  path: RingPath,
  factor: number,
  pixelMm: number,
  rays: number,
  centre: { x: number; y: number },
  edgeLevels: readonly [number, number, number] = DEFAULT_EDGE_LEVELS,
): EdgeScan {
  const f = factor;
  const toFull = (v: number): number => v * f + (f - 1) / 2;
  const cx = toFull(centre.x);
  const cy = toFull(centre.y);
  const K = path.radii.length;
  const M = rays;
  const theta = new Float64Array(M);
  const outer = new Float64Array(M).fill(NaN);
  const inner = new Float64Array(M).fill(NaN);
  const peak = new Float64Array(M).fill(NaN);
  const wOut = new Float64Array(M);
  const wIn = new Float64Array(M);
  const contrast = new Float64Array(M);
  const mmPx = (mm: number): number => mm / pixelMm;
  const edgeOpts = {
    searchPx: Math.max(2 * f, mmPx(1.5)),
    windowPx: Math.max(4, mmPx(3)),
    tangentPx: Math.max(0.5, mmPx(0.3)),
    smoothPx: Math.max(0.5, mmPx(0.2)),
    alpha: 0.9,
  };
  // The path in full-resolution pixels; each ray's expected radius is where it crosses it.
  const pathXY = new Float64Array(2 * K);
  for (let k = 0; k < K; k++) {
    const th = (2 * Math.PI * k) / K;
    pathXY[2 * k] = toFull(path.cx + (path.radii[k] as number) * Math.cos(th));
    pathXY[2 * k + 1] = toFull(path.cy + (path.radii[k] as number) * Math.sin(th));
  }
  const [aTop, aBottom, aLateral] = edgeLevels;
  for (let m = 0; m < M; m++) {
    const th = (2 * Math.PI * m) / M;
    theta[m] = th;
    const r0 = rayPolygon(pathXY, cx, cy, Math.cos(th), Math.sin(th));
    if (!Number.isFinite(r0)) continue;
    // Path strength at this ray: the nearest path vertex by angle about the path's own centre.
    const px = (cx + r0 * Math.cos(th) - toFull(path.cx)) / f;
    const py = (cy + r0 * Math.sin(th) - toFull(path.cy)) / f;
    const kk = Math.round(((Math.atan2(py, px) + 2 * Math.PI) % (2 * Math.PI)) / ((2 * Math.PI) / K)) % K;
    if ((path.strength[kk] as number) < 0.3) continue;
    const c = Math.sin(th);
    const alpha = (c < 0 ? aTop : aBottom) * c * c + aLateral * (1 - c * c);
    const e = rayEdges(img, cx, cy, th, r0, { ...edgeOpts, alpha });
    contrast[m] = e.contrastOut;
    peak[m] = e.peak;
    if (Number.isFinite(e.outer)) {
      outer[m] = e.outer;
      wOut[m] = 1;
    }
    if (Number.isFinite(e.inner)) {
      inner[m] = e.inner;
      wIn[m] = 1;
    }
  }
  const cs = Array.from(contrast).filter((v, m) => wOut[m] && v > 0);
  cs.sort((a, b) => a - b);
  const cMed = cs.length ? (cs[Math.floor(cs.length / 2)] as number) : 0;
  for (let m = 0; m < M; m++) {
    if ((contrast[m] as number) < 0.35 * cMed) {
      wOut[m] = 0;
      wIn[m] = 0;
    }
  }
  return { cx, cy, theta, outer, inner, peak, wOut, wIn };
}
