/**
 * Finding the closed bright ring of the skull in a ridge-strength map (work pixels):
 *
 * 1. Candidate centres: on a coarse grid (every 8 work pixels, on a 4 × 4 max-pooled map), rays are cast in 24 directions and the strongest ridge on
 *    each is noted; a point inside a ring sees strong ridges all round, a point outside sees them on
 *    one side only. The score is the mean of the middle 60 % of the 24 values; the best few local
 *    maxima are kept.
 * 2. Polar dynamic programming from a centre: the closed path r(θ) through the polar ridge map that
 *    maximises the summed (saturated) ridge strength, with |Δr| per angular step bounded by a slope
 *    |dr/dθ| ≤ 0.7 max(r, r_ref) and a small penalty per pixel of jump. Closure comes from running two laps and
 *    keeping the second.
 */
import { bilinear } from './ridgeMap';

/** A closed path about a centre: one radius per angle θ_k = 2πk/K (work pixels). */
export interface RingPath {
  cx: number;
  cy: number;
  radii: Float32Array;
  /** Saturated ridge strength (0..1) at each path point. */
  strength: Float32Array;
  /** Mean of `strength`. */
  score: number;
}

/** Percentile (0..1) of the positive values of a map where `mask` is set (4096-bin histogram). */
export function positivePercentile(m: Float32Array, mask: Uint8Array, q: number): number {
  let mx = 0;
  let n = 0;
  for (let p = 0; p < m.length; p++) {
    const v = m[p] as number;
    if (mask[p] && v > 0) {
      n++;
      if (v > mx) mx = v;
    }
  }
  if (n === 0) return 0;
  const B = 4096;
  const hist = new Uint32Array(B);
  for (let p = 0; p < m.length; p++) {
    const v = m[p] as number;
    if (mask[p] && v > 0) {
      const b = Math.min(B - 1, Math.floor((v / mx) * B));
      hist[b] = (hist[b] as number) + 1;
    }
  }
  const target = q * n;
  let acc = 0;
  for (let b = 0; b < B; b++) {
    acc += hist[b] as number;
    if (acc >= target) return ((b + 0.5) / B) * mx;
  }
  return mx;
}

/** 2 × 2 max-pooling. */
function maxPool2(m: Float32Array, w: number, h: number): { m: Float32Array; w: number; h: number } {
  const w2 = Math.floor(w / 2);
  const h2 = Math.floor(h / 2);
  const out = new Float32Array(w2 * h2);
  for (let j = 0; j < h2; j++) {
    for (let i = 0; i < w2; i++) {
      const p = 2 * j * w + 2 * i;
      out[j * w2 + i] = Math.max(
        m[p] as number,
        m[p + 1] as number,
        m[p + w] as number,
        m[p + w + 1] as number,
      );
    }
  }
  return { m: out, w: w2, h: h2 };
}

/**
 * Candidate ring centres (work pixels), best first: up to `count` local maxima of the ray score at
 * least `minSepPx` apart. `sat` is the ridge map already divided by its reference level and clipped
 * to [0, 1].
 */
export function ringCentres(
  sat: Float32Array,
  w: number,
  h: number,
  count = 4,
  minSepPx = Math.max(w, h) * 0.08,
): { x: number; y: number; score: number }[] {
  // 4 × 4 max-pooled map: about 100 px across.
  const p2 = maxPool2(sat, w, h);
  const { m, w: w2, h: h2 } = maxPool2(p2.m, p2.w, p2.h);
  const K = 24;
  const rMin = 2;
  const rMax = 0.7 * Math.max(w2, h2);
  const step = 2;
  const cosK = Float32Array.from({ length: K }, (_, k) => Math.cos((2 * Math.PI * k) / K));
  const sinK = Float32Array.from({ length: K }, (_, k) => Math.sin((2 * Math.PI * k) / K));
  const gw = Math.floor((w2 - 1) / step) + 1;
  const gh = Math.floor((h2 - 1) / step) + 1;
  const score = new Float32Array(gw * gh);
  const best = new Float32Array(K);
  for (let gj = 0; gj < gh; gj++) {
    for (let gi = 0; gi < gw; gi++) {
      const cx = gi * step;
      const cy = gj * step;
      for (let k = 0; k < K; k++) {
        let mx = 0;
        for (let r = rMin; r <= rMax; r += 1) {
          const x = Math.round(cx + r * (cosK[k] as number));
          const y = Math.round(cy + r * (sinK[k] as number));
          if (x < 0 || y < 0 || x >= w2 || y >= h2) break;
          const v = m[y * w2 + x] as number;
          if (v > mx) mx = v;
        }
        best[k] = mx;
      }
      best.sort();
      let s = 0;
      for (let k = Math.floor(0.2 * K); k < Math.ceil(0.8 * K); k++) s += best[k] as number;
      score[gj * gw + gi] = s / (Math.ceil(0.8 * K) - Math.floor(0.2 * K));
    }
  }
  const peaks: { x: number; y: number; score: number }[] = [];
  for (let gj = 0; gj < gh; gj++) {
    for (let gi = 0; gi < gw; gi++) {
      const v = score[gj * gw + gi] as number;
      let isMax = v > 0;
      for (let dj = -1; dj <= 1 && isMax; dj++)
        for (let di = -1; di <= 1; di++) {
          const a = gi + di;
          const b = gj + dj;
          if ((di || dj) && a >= 0 && b >= 0 && a < gw && b < gh && (score[b * gw + a] as number) > v)
            isMax = false;
        }
      if (isMax) peaks.push({ x: 4 * gi * step + 1.5, y: 4 * gj * step + 1.5, score: v });
    }
  }
  peaks.sort((a, b) => b.score - a.score);
  const out: { x: number; y: number; score: number }[] = [];
  for (const p of peaks) {
    if (out.every((q) => Math.hypot(q.x - p.x, q.y - p.y) >= minSepPx)) out.push(p);
    if (out.length >= count) break;
  }
  return out;
}

/** Options of {@link ringPath}. */
export interface RingPathOptions {
  /** Angles. Default 96. */
  angles?: number;
  /** Smallest and largest radius searched, work pixels. */
  rMin: number;
  rMax: number;
  /** Largest |dr/dθ| / max(r, rRef) allowed. Default 0.7. */
  maxSlope?: number;
  /** Radius below which the slope bound stops shrinking, work pixels. Default (rMax − rMin) / 4. */
  rRef?: number;
  /** Penalty per work pixel of radial jump between neighbouring angles (in saturated units). Default 0.02. */
  jumpPenalty?: number;
  /** Per-angle radius limits (work pixels, length `angles`): the path stays within [lo_k, hi_k]. */
  band?: { lo: Float32Array; hi: Float32Array };
}

/** Best closed path about (cx, cy) through the saturated ridge map (see the file comment). */
export function ringPath(
  sat: Float32Array,
  w: number,
  h: number,
  cx: number,
  cy: number,
  opts: RingPathOptions,
): RingPath {
  const K = opts.angles ?? 96;
  const dr = 1;
  const rMin = Math.max(1, opts.rMin);
  const nR = Math.max(2, Math.floor((opts.rMax - rMin) / dr) + 1);
  const maxSlope = opts.maxSlope ?? 0.7;
  const pen = opts.jumpPenalty ?? 0.02;
  const dth = (2 * Math.PI) / K;
  // Polar map (0 outside the image).
  const P = new Float32Array(K * nR);
  for (let k = 0; k < K; k++) {
    const c = Math.cos(k * dth);
    const s = Math.sin(k * dth);
    for (let j = 0; j < nR; j++) {
      const r = rMin + j * dr;
      const x = cx + r * c;
      const y = cy + r * s;
      if (x < 0 || y < 0 || x > w - 1 || y > h - 1) break;
      P[k * nR + j] = bilinear(sat, w, h, x, y);
    }
    if (opts.band) {
      const lo = opts.band.lo[k] as number;
      const hi = opts.band.hi[k] as number;
      for (let j = 0; j < nR; j++) {
        const r = rMin + j * dr;
        if (r < lo || r > hi) P[k * nR + j] = -1;
      }
    }
  }
  // Slope bound relative to max(r, rRef): seen from off-centre, a ring's radius changes fast even where r is small.
  const rRef = opts.rRef ?? 0.25 * (opts.rMax - rMin);
  const jumpOf = Int32Array.from({ length: nR }, (_, j) =>
    Math.max(1, Math.ceil((maxSlope * Math.max(rMin + j * dr, rRef) * dth) / dr)),
  );
  const L = 2 * K;
  const S = new Float32Array(nR);
  const S2 = new Float32Array(nR);
  const back = new Int32Array(L * nR);
  for (let j = 0; j < nR; j++) S[j] = P[j] as number;
  for (let l = 1; l < L; l++) {
    const k = l % K;
    for (let j = 0; j < nR; j++) {
      const J = jumpOf[j] as number;
      let bestV = -Infinity;
      let bestJ = j;
      const lo = Math.max(0, j - J);
      const hi = Math.min(nR - 1, j + J);
      for (let q = lo; q <= hi; q++) {
        const v = (S[q] as number) - pen * Math.abs(q - j) * dr;
        if (v > bestV) {
          bestV = v;
          bestJ = q;
        }
      }
      S2[j] = bestV + (P[k * nR + j] as number);
      back[l * nR + j] = bestJ;
    }
    S.set(S2);
  }
  let j = 0;
  for (let q = 1; q < nR; q++) if ((S[q] as number) > (S[j] as number)) j = q;
  const radii = new Float32Array(K);
  const strength = new Float32Array(K);
  for (let l = L - 1; l >= K; l--) {
    const k = l % K;
    radii[k] = rMin + j * dr;
    strength[k] = Math.max(0, P[k * nR + j] as number);
    j = back[l * nR + j] as number;
  }
  let score = 0;
  for (let k = 0; k < K; k++) score += strength[k] as number;
  return { cx, cy, radii, strength, score: score / K };
}

/** Area centroid of a ring path (work pixels). */
export function pathCentroid(p: RingPath): { x: number; y: number } {
  const K = p.radii.length;
  let a2 = 0;
  let sx = 0;
  let sy = 0;
  const pt = (k: number): [number, number] => {
    const th = (2 * Math.PI * k) / K;
    const r = p.radii[k % K] as number;
    return [p.cx + r * Math.cos(th), p.cy + r * Math.sin(th)];
  };
  for (let k = 0; k < K; k++) {
    const [x0, y0] = pt(k);
    const [x1, y1] = pt(k + 1);
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
  }
  return Math.abs(a2) < 1e-9 ? { x: p.cx, y: p.cy } : { x: sx / (3 * a2), y: sy / (3 * a2) };
}
