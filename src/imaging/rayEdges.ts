/**
 * Edges of the bright skull band along one ray, at full resolution: the intensity profile across the
 * band (averaged over a few parallel rays to tame speckle, then smoothed) is searched for its peak
 * near the expected radius; the outer edge is where the profile, going outward from the peak, first
 * falls below `level` = background + α·(peak − background), with the background the 20th
 * percentile of the profile over a window outside the peak; the inner edge likewise going inward.
 * Edges are interpolated linearly between samples.
 */
import { bilinear } from './ridgeMap';
import type { GrayImage } from './types';

/** Options of {@link rayEdges} (pixels of the full-resolution image). */
export interface RayEdgeOptions {
  /** The peak is searched within ± this of the expected radius. */
  searchPx: number;
  /** Length of the background windows on either side of the peak. */
  windowPx: number;
  /** Spacing of the 5 parallel rays averaged. */
  tangentPx: number;
  /** Gaussian smoothing of the profile, σ. */
  smoothPx: number;
  /** Edge level between background (0) and peak (1). */
  alpha: number;
}

/** What one ray found (radii in pixels from the ray origin). */
export interface RayEdge {
  peak: number;
  /** Outer edge radius; NaN when the profile never falls to the level. */
  outer: number;
  /** Inner edge radius; NaN when not found. */
  inner: number;
  /** Peak minus the outside and inside background levels ([0, 1] intensity). */
  contrastOut: number;
  contrastIn: number;
}

const STEP = 0.5;

/** Edges of the band near radius r0 along direction θ from (cx, cy). */
export function rayEdges(
  img: GrayImage,
  cx: number,
  cy: number,
  theta: number,
  r0: number,
  o: RayEdgeOptions,
): RayEdge {
  const { width: w, height: h, data } = img;
  const dx = Math.cos(theta);
  const dy = Math.sin(theta);
  const lo = Math.max(0, r0 - o.searchPx - o.windowPx);
  const hi = r0 + o.searchPx + o.windowPx;
  const n = Math.max(4, Math.ceil((hi - lo) / STEP) + 1);
  const raw = new Float32Array(n);
  const inImage = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    const r = lo + q * STEP;
    let s = 0;
    let c = 0;
    for (let t = -2; t <= 2; t++) {
      const x = cx + r * dx - t * o.tangentPx * dy;
      const y = cy + r * dy + t * o.tangentPx * dx;
      if (x < 0 || y < 0 || x > w - 1 || y > h - 1) continue;
      s += bilinear(data, w, h, x, y);
      c++;
    }
    raw[q] = c ? s / c : 0;
    inImage[q] = c >= 3 ? 1 : 0;
  }
  // Gaussian smoothing along the ray.
  const sig = Math.max(0.5, o.smoothPx / STEP);
  const R = Math.ceil(3 * sig);
  const g = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    let s = 0;
    let ws = 0;
    for (let t = -R; t <= R; t++) {
      const u = q + t;
      if (u < 0 || u >= n) continue;
      const wt = Math.exp((-0.5 * t * t) / (sig * sig));
      s += wt * (raw[u] as number);
      ws += wt;
    }
    g[q] = s / ws;
  }
  const idx = (r: number): number => Math.min(n - 1, Math.max(0, Math.round((r - lo) / STEP)));
  let pk = idx(r0 - o.searchPx);
  for (let q = pk; q <= idx(r0 + o.searchPx); q++)
    if ((g[q] as number) > (g[pk] as number) && inImage[q]) pk = q;
  const peakV = g[pk] as number;
  const pct = (a: number, b: number): number => {
    const v: number[] = [];
    for (let q = Math.max(0, a); q <= Math.min(n - 1, b); q++) if (inImage[q]) v.push(g[q] as number);
    if (v.length === 0) return NaN;
    v.sort((x, y) => x - y);
    return v[Math.floor(0.2 * (v.length - 1))] as number;
  };
  const win = Math.round(o.windowPx / STEP);
  const bgOut = pct(pk + 1, pk + win);
  const bgIn = pct(pk - win, pk - 1);
  const cross = (bg: number, dir: 1 | -1): number => {
    if (!Number.isFinite(bg)) return NaN;
    const level = bg + o.alpha * (peakV - bg);
    for (let q = pk + dir; q >= 0 && q < n && Math.abs(q - pk) <= win; q += dir) {
      if (!inImage[q]) return NaN;
      const v = g[q] as number;
      if (v < level) {
        const prev = g[q - dir] as number;
        const t = (prev - level) / Math.max(1e-9, prev - v);
        return lo + (q - dir + dir * t) * STEP;
      }
    }
    return NaN;
  };
  return {
    peak: lo + pk * STEP,
    outer: cross(bgOut, 1),
    inner: cross(bgIn, -1),
    contrastOut: peakV - bgOut,
    contrastIn: peakV - bgIn,
  };
}
