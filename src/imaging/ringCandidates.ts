/**
 * Scoring a candidate skull ellipse on the saturated ridge map (work pixels): how much bright band it
 * runs along, and how much of the head it would enclose. Used by `ringSearch.ts` to choose among the
 * rings traced from several candidate centres, and by the detector's uncertainty (how close the
 * runner-up came, and how different its size is).
 */
import type { Ellipse2D } from '../geometry/ellipseFit';
import { ellipsePerimeter } from '../geometry/ellipseFit';
import { bilinear } from './ridgeMap';

/**
 * Prior on a head section's axis ratio b/a: 1 on 0.72–0.88, falling as a Gaussian of SD 0.05 beyond.
 * HC18 annotations (561 tuning images): mean 0.80, SD 0.046, 1st–99th percentile 0.70–0.92. An
 * ellipse closed through the far wall and a structure inside the head is much flatter.
 */
export function shapePrior(ratio: number): number {
  const ex = Math.max(0, Math.abs(ratio - 0.8) - 0.08);
  return Math.exp(-0.5 * (ex / 0.05) ** 2);
}

/** Support of an ellipse on a ridge map. */
export interface EllipseSupport {
  /** Mean over the perimeter of the best saturated ridge strength within the radial tolerance, 0..1. */
  strength: number;
  /** Share of the perimeter with strength ≥ 0.3. */
  support: number;
  /** Perimeter, work pixels. */
  perimeterPx: number;
  /** strength × √(perimeter / reference) × shape prior: the ranking score (favours the larger of two equally bright rings). */
  score: number;
}

/**
 * Samples `n` points along ellipse `e` (work pixels) and, at each, the strongest value of `sat`
 * within ±max(1.5 px, 3 % of the local radius) along the ray from the centre.
 * `refPx` is the reference perimeter for the size term (the work image's longer side).
 */
export function ellipseSupport(
  sat: Float32Array,
  w: number,
  h: number,
  e: Ellipse2D,
  refPx: number,
  n = 128,
  axialPrior = true,
): EllipseSupport {
  const c = Math.cos(e.angleRad);
  const s = Math.sin(e.angleRad);
  let sum = 0;
  let strong = 0;
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const ex = e.a * Math.cos(t);
    const ey = e.b * Math.sin(t);
    const dx = ex * c - ey * s;
    const dy = ex * s + ey * c;
    const r = Math.hypot(dx, dy);
    const ux = dx / r;
    const uy = dy / r;
    const tol = Math.max(1.5, 0.03 * r);
    let best = 0;
    for (let d = -tol; d <= tol + 1e-9; d += 0.75) {
      const x = e.cx + dx + d * ux;
      const y = e.cy + dy + d * uy;
      if (x < 0 || y < 0 || x > w - 1 || y > h - 1) continue;
      const v = bilinear(sat, w, h, x, y);
      if (v > best) best = v;
    }
    sum += best;
    if (best >= 0.3) strong++;
  }
  const strength = sum / n;
  const perimeterPx = ellipsePerimeter(e.a, e.b);
  return {
    strength,
    support: strong / n,
    perimeterPx,
    score: strength * Math.sqrt(perimeterPx / Math.max(1, refPx)) * (axialPrior ? shapePrior(e.b / e.a) : 1),
  };
}

/** Weighted mean over `n` ellipse points (lateral points × `lateralWeight`) of the strongest `sat` within ±max(1 px, `relTol` × radius) along the ray. */
function alongEllipse(
  sat: Float32Array,
  w: number,
  h: number,
  e: Ellipse2D,
  n: number,
  relTol: number,
  out?: Float32Array,
  lateralWeight = 1,
): number {
  const c = Math.cos(e.angleRad);
  const s = Math.sin(e.angleRad);
  let sum = 0;
  let wsum = 0;
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const ex = e.a * Math.cos(t);
    const ey = e.b * Math.sin(t);
    const dx = ex * c - ey * s;
    const dy = ex * s + ey * c;
    const r = Math.hypot(dx, dy);
    const tol = Math.max(1, relTol * r);
    let best = 0;
    for (let d = -tol; d <= tol + 1e-9; d += 0.5) {
      const x = e.cx + dx * (1 + d / r);
      const y = e.cy + dy * (1 + d / r);
      if (x < 0 || y < 0 || x > w - 1 || y > h - 1) continue;
      const v = bilinear(sat, w, h, x, y);
      if (v > best) best = v;
    }
    if (out) out[k] = best;
    // Lateral walls (bone along the beam) weigh less: their echo is weak, and the scalp or uterine
    // wall beside them is often brighter than the bone.
    const sy = dy / r;
    const wt = lateralWeight + (1 - lateralWeight) * sy * sy;
    sum += wt * best;
    wsum += wt;
  }
  return sum / wsum;
}

/**
 * Moves an ellipse (work pixels) to where it runs along the most bright band: Nelder–Mead over
 * centre, log semi-axes and angle, maximising the mean saturated ridge strength within ±1.5 % of the
 * radius (a tight tolerance, so the ellipse must follow one ring rather than pieces of several).
 */
export function refineEllipse(
  sat: Float32Array,
  w: number,
  h: number,
  e0: Ellipse2D,
  iters = 160,
): Ellipse2D {
  const toE = (p: number[]): Ellipse2D => {
    const a = Math.exp(p[2] as number);
    const b = Math.exp(p[3] as number);
    return a >= b
      ? { cx: p[0] as number, cy: p[1] as number, a, b, angleRad: p[4] as number }
      : { cx: p[0] as number, cy: p[1] as number, a: b, b: a, angleRad: (p[4] as number) + Math.PI / 2 };
  };
  const f = (p: number[]): number => {
    const e = toE(p);
    if (e.b / e.a < 0.5) return 1;
    return -alongEllipse(sat, w, h, e, 96, 0.015, undefined, 0.35);
  };
  const x0 = [e0.cx, e0.cy, Math.log(e0.a), Math.log(e0.b), e0.angleRad];
  const steps = [3, 3, 0.04, 0.04, 0.12];
  let simplex = [x0, ...steps.map((st, i) => x0.map((v, j) => (j === i ? v + st : v)))];
  let vals = simplex.map(f);
  for (let it = 0; it < iters; it++) {
    const order = vals.map((v, i) => i).sort((a, b) => (vals[a] as number) - (vals[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    vals = order.map((i) => vals[i] as number);
    const nD = 5;
    const cen = new Array<number>(nD).fill(0);
    for (let i = 0; i < nD; i++)
      for (let j = 0; j < nD; j++) cen[j] = (cen[j] as number) + (simplex[i]?.[j] as number) / nD;
    const worst = simplex[nD] as number[];
    const pt = (t: number): number[] => cen.map((c, j) => c + t * (c - (worst[j] as number)));
    const xr = pt(1);
    const fr = f(xr);
    if (fr < (vals[0] as number)) {
      const xe = pt(2);
      const fe = f(xe);
      if (fe < fr) {
        simplex[nD] = xe;
        vals[nD] = fe;
      } else {
        simplex[nD] = xr;
        vals[nD] = fr;
      }
    } else if (fr < (vals[nD - 1] as number)) {
      simplex[nD] = xr;
      vals[nD] = fr;
    } else {
      const xc = pt(-0.5);
      const fc = f(xc);
      if (fc < (vals[nD] as number)) {
        simplex[nD] = xc;
        vals[nD] = fc;
      } else {
        const b0 = simplex[0] as number[];
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, j) => (b0[j] as number) + 0.5 * (v - (b0[j] as number))),
        );
        vals = simplex.map((p, i) => (i === 0 ? (vals[0] as number) : f(p)));
      }
    }
  }
  let bi = 0;
  for (let i = 1; i < vals.length; i++) if ((vals[i] as number) < (vals[bi] as number)) bi = i;
  return toE(simplex[bi] as number[]);
}

/** Saturated ridge strength along an ellipse at `n` points (θ_k = 2πk/n about its centre), ±1.5 %. */
export function strengthAlong(
  sat: Float32Array,
  w: number,
  h: number,
  e: Ellipse2D,
  n: number,
): Float32Array {
  const out = new Float32Array(n);
  alongEllipse(sat, w, h, e, n, 0.015, out);
  return out;
}
