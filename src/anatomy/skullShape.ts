/**
 * Geometry of the synthetic fetal skull: an egg-shaped ellipsoid solved from HC and cephalic index,
 * its approximate signed distance, and the sutures and fontanelles as gap regions.
 *
 * Frame (mm): x occipito-frontal (front +x), y left–right (biparietal), z up; the transventricular
 * plane is z = 0, the widest level. Outer surface: (x/a)² + (y/(b·e(x)))² + (z/c)² = 1 with
 * e(x) = 1 − ε·x/a (ε = EGG: wider posteriorly) and c = cUp above z = 0 (vault), cDown < cUp below
 * (the flatter skull base). At z = 0 the outer contour is x = a cos φ, y = b sin φ (1 − ε cos φ):
 * OFD (outer–outer) = 2a; the widest outer half-width is b·m(ε); BPD (outer–inner) = 2bm − τ; HC is
 * the contour's perimeter (numeric; for ε = 0 it equals Ramanujan's ellipse perimeter).
 *
 * Above the plane the vault varies in ways the axial plane cannot see (parameters vaultRatio,
 * vertexShift, parietalBossing; baseRatio below it): with Z = z/c and h = max(Z, 0), the surface is
 * q = |(X, Y, Z)| = 1 where X = (x − σ·a·h²)/a (vertex shift σ) and Y = y / (b·e(X)·(1 + 4β·h(1 − h)))
 * (parietal bossing β). All of these vanish at z = 0, so the transventricular contour, BPD, OFD and HC
 * do not depend on them; the sagittal plane sees vault height, base depth and vertex shift, the
 * coronal plane vault height and bossing.
 */
import { medianMm, sdMm } from './intergrowth';
import type { SkullParams } from './skullParams';
import { type SutureWidths, sutureWidthsMm } from './skullSutures';

/** Posterior widening of the egg. */
export const EGG = 0.06;
/** Typical vault height above the transventricular plane / outer half-width (SkullParams.vaultRatio). */
export const VAULT_RATIO = 0.88;
/** Typical skull-base depth below the plane / vault height (SkullParams.baseRatio). */
export const BASE_RATIO = 0.6;

type P3 = [number, number, number];

/** One gap (suture or fontanelle): `gap(x, y, z)` is negative inside it (≈ mm). */
type GapFn = (x: number, y: number, z: number) => number;

export interface SkullShape {
  a: number;
  b: number;
  cUp: number;
  cDown: number;
  /** Vertex shift σ (× a) and parietal bossing β (see the file comment). */
  vertexShift: number;
  parietalBossing: number;
  thicknessMm: number;
  hcMm: number;
  bpdMm: number;
  ofdMm: number;
  cephalicIndex: number;
  /** Landmarks on the outer surface. */
  landmarks: { bregma: P3; lambda: P3; pterionL: P3; pterionR: P3; asterionL: P3; asterionR: P3 };
  /** Gap widths (mm) used: suture and metopic widths, fontanelle radii. */
  gaps: SutureWidths;
  gapFns: GapFn[];
  /** No gap reaches below this z (keeps the transventricular contour whole). */
  gapFloorZ: number;
}

/** Perimeter of the z = 0 outer contour (mm), 2048-gon. */
export function eggPerimeter(a: number, b: number, egg = EGG, n = 2048): number {
  let per = 0;
  let px = a;
  let py = 0;
  for (let i = 1; i <= n; i++) {
    const f = (2 * Math.PI * i) / n;
    const c = Math.cos(f);
    const x = a * c;
    const y = b * Math.sin(f) * (1 - egg * c);
    per += Math.hypot(x - px, y - py);
    px = x;
    py = y;
  }
  return per;
}

/** m(ε) = max over φ of sin φ (1 − ε cos φ): widest half-width of the contour divided by b. */
export function eggWidthFactor(egg = EGG): number {
  let best = 0;
  for (let i = 0; i <= 20000; i++) {
    const f = (Math.PI * i) / 20000;
    best = Math.max(best, Math.sin(f) * (1 - egg * Math.cos(f)));
  }
  return best;
}

const M = eggWidthFactor();

function unit(v: P3): P3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(u: P3, v: P3): P3 {
  return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}

/** Unit normal of the plane through three points. */
function planeNormal(p: P3, q: P3, r: P3): P3 {
  return unit(cross([q[0] - p[0], q[1] - p[1], q[2] - p[2]], [r[0] - p[0], r[1] - p[1], r[2] - p[2]]));
}

/** Solves the skull shape for validated parameters. */
export function skullShape(p: SkullParams): SkullShape {
  const hc = medianMm('hc', p.gaWeeks) + p.hcZ * sdMm('hc', p.gaWeeks);
  const ci = p.cephalicIndex;
  const tau = p.boneThicknessMm;
  // BPD = 2bm − τ = CI/100 · 2a  ⇒  b(a); then the perimeter fixes a (bisection, increasing in a).
  const bOf = (a: number): number => ((ci / 100) * 2 * a + tau) / (2 * M);
  let lo = 5;
  let hi = 200;
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    if (eggPerimeter(mid, bOf(mid)) < hc) lo = mid;
    else hi = mid;
  }
  const a = 0.5 * (lo + hi);
  const b = bOf(a);
  const cUp = p.vaultRatio * b * M;
  const cDown = p.baseRatio * cUp;
  const sigma = p.vertexShift;
  const beta = p.parietalBossing;
  const onSurface = (d: P3): P3 => {
    const u = unit(d);
    const h = Math.max(0, u[2]);
    return [
      a * u[0] + sigma * a * h * h,
      b * (1 - EGG * u[0]) * (1 + 4 * beta * h * (1 - h)) * u[1],
      (u[2] >= 0 ? cUp : cDown) * u[2],
    ];
  };
  const bregma = onSurface([0.3, 0, 0.954]);
  const lambda = onSurface([-0.7, 0, 0.714]);
  const pterionL = onSurface([0.5, 0.78, 0.37]);
  const pterionR = onSurface([0.5, -0.78, 0.37]);
  const asterionL = onSurface([-0.62, 0.72, 0.3]);
  const asterionR = onSurface([-0.62, -0.72, 0.3]);

  // Widths narrow with GA (skullSutures.ts: the project's model, see docs/anatomy.md).
  const gaps: SutureWidths = sutureWidthsMm(p.gaWeeks, p.sutureScale);
  const gapFns: GapFn[] = [];
  const ball = (c: P3, r: number): GapFn => {
    return (x, y, z) => Math.hypot(x - c[0], y - c[1], z - c[2]) - r;
  };
  if (gaps.suture > 0) {
    const w2 = gaps.suture / 2;
    gapFns.push((x, y, z) => Math.max(Math.abs(y) - w2, x - bregma[0], lambda[0] - x, -z)); // sagittal
    const nc = planeNormal(bregma, pterionL, pterionR);
    const zc = Math.min(pterionL[2], pterionR[2]);
    gapFns.push((x, y, z) =>
      Math.max(Math.abs(nc[0] * (x - bregma[0]) + nc[1] * y + nc[2] * (z - bregma[2])) - w2, zc - z),
    ); // coronal
    const nl = planeNormal(lambda, asterionL, asterionR);
    const zl = Math.min(asterionL[2], asterionR[2]);
    gapFns.push((x, y, z) =>
      Math.max(
        Math.abs(nl[0] * (x - lambda[0]) + nl[1] * y + nl[2] * (z - lambda[2])) - w2,
        zl - z,
        x - 0.2 * a,
      ),
    ); // lambdoid
  }
  if (gaps.metopic > 0) {
    const w2 = gaps.metopic / 2;
    gapFns.push((x, y, z) => Math.max(Math.abs(y) - w2, bregma[0] - x, 0.25 * cUp - z)); // metopic
  }
  if (gaps.afX > 0 && gaps.afY > 0) {
    const { afX, afY } = gaps;
    const rMin = Math.min(afX, afY);
    gapFns.push((x, y, z) => Math.max((Math.abs(x - bregma[0]) / afX + Math.abs(y) / afY - 1) * rMin, -z));
  }
  if (gaps.pf > 0) gapFns.push(ball(lambda, gaps.pf));
  if (gaps.sphenoid > 0) gapFns.push(ball(pterionL, gaps.sphenoid), ball(pterionR, gaps.sphenoid));
  if (gaps.mastoid > 0) gapFns.push(ball(asterionL, gaps.mastoid), ball(asterionR, gaps.mastoid));

  return {
    a,
    b,
    cUp,
    cDown,
    vertexShift: sigma,
    parietalBossing: beta,
    thicknessMm: tau,
    hcMm: hc,
    bpdMm: 2 * b * M - tau,
    ofdMm: 2 * a,
    cephalicIndex: ci,
    landmarks: { bregma, lambda, pterionL, pterionR, asterionL, asterionR },
    gaps,
    gapFns,
    gapFloorZ: 0.08 * cUp,
  };
}

/** Normalised radius q of a point: 1 on the outer surface, < 1 inside (see the file comment). */
export function outerRadius(s: SkullShape, x: number, y: number, z: number): number {
  const c = z >= 0 ? s.cUp : s.cDown;
  const Z = z / c;
  const h = Math.min(1, Math.max(0, Z));
  const X = (x - s.vertexShift * s.a * h * h) / s.a;
  const e = Math.max(0.2, 1 - EGG * X);
  const w = Math.max(0.2, 1 + 4 * s.parietalBossing * h * (1 - h));
  const Y = y / (s.b * e * w);
  return Math.sqrt(X * X + Y * Y + Z * Z);
}

/**
 * Approximate signed distance (mm) to the outer surface, negative inside: (q − 1)/|∇q| with q the
 * normalised radius and ∇q by central differences (first order; the error over the 1–2.5 mm bone is
 * below 0.1 mm).
 */
export function outerDistance(s: SkullShape, x: number, y: number, z: number): number {
  const q = outerRadius(s, x, y, z);
  const d = 0.05;
  const gx = outerRadius(s, x + d, y, z) - outerRadius(s, x - d, y, z);
  const gy = outerRadius(s, x, y + d, z) - outerRadius(s, x, y - d, z);
  const gz = outerRadius(s, x, y, z + d) - outerRadius(s, x, y, z - d);
  const g = Math.sqrt(gx * gx + gy * gy + gz * gz) / (2 * d);
  if (g < 1e-12) return -Math.min(s.a, s.b, s.cDown);
  return (q - 1) / g;
}

/** Gap field at a point: negative inside a suture or fontanelle (≈ mm), +Infinity when none is near. */
export function gapDistance(s: SkullShape, x: number, y: number, z: number): number {
  let g = Infinity;
  for (const fn of s.gapFns) {
    const v = fn(x, y, z);
    if (v < g) g = v;
  }
  return Math.max(g, s.gapFloorZ - z);
}
