/**
 * LV wall thickness model at ED and ES, and the myocardial volume it implies.
 *
 * ED: t(θ, h) blends the four regional thicknesses around the circumference with normalised cos⁴
 * weights (lateral +x at θ = 0, anterior +y, septal −x, inferior −y; each weight is max(0, cos)⁴ of
 * the angle to its wall, so every wall has a flat plateau around its centre and the blend is smooth),
 * then blends to the apical thickness below h = APICAL_BLEND_H with a raised-cosine weight.
 *
 * ES: per-slab incompressibility. The slab of myocardium at normalised height h keeps its volume
 * while the cavity shortens from L_ED to L_ES, so its annulus area grows by L_ED / L_ES:
 *   (r_ES + t_ES)² − r_ES² = λ · (L_ED / L_ES) · ((r_ED + t_ED)² − r_ED²)
 * at the same θ and h. The wall is built as a normal offset of the cavity (not a radial one), so this
 * slab rule alone conserves mass only to a few %; the single global factor λ (typically 0.95–1.05)
 * is solved so that ES mass equals ED mass.
 */
import type { MeridianProfile } from './lvProfile';

/** Normalised height below which the wall blends towards the apical thickness. */
export const APICAL_BLEND_H = 0.3;

/** ED regional thicknesses, mm. */
export interface LvWalls {
  septal: number;
  anterior: number;
  lateral: number;
  inferior: number;
  apical: number;
}

/** Everything needed to evaluate the wall of one phase. */
export interface LvWallModel {
  profile: MeridianProfile;
  walls: LvWalls;
  /** ES only: the ED profile whose thickness is carried over, and L_ED / L_ES and λ. */
  es?: { edProfile: MeridianProfile; lengthRatio: number; lambda: number };
}

/** Circumferential thickness (mm) at direction (cos θ, sin θ) from the +x axis; θ undefined on the axis. */
export function circumferentialThickness(w: LvWalls, cosT: number, sinT: number, onAxis = false): number {
  if (onAxis) return 0.25 * (w.septal + w.anterior + w.lateral + w.inferior);
  const c = cosT * cosT;
  const s = sinT * sinT;
  const wl = cosT > 0 ? c * c : 0;
  const ws = cosT < 0 ? c * c : 0;
  const wa = sinT > 0 ? s * s : 0;
  const wi = sinT < 0 ? s * s : 0;
  return (wl * w.lateral + ws * w.septal + wa * w.anterior + wi * w.inferior) / (wl + ws + wa + wi);
}

/** Weight of the apical thickness at normalised height h (1 at the apex, 0 above APICAL_BLEND_H). */
export function apicalWeight(h: number): number {
  if (h <= 0) return 1;
  if (h >= APICAL_BLEND_H) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * h) / APICAL_BLEND_H));
}

/** ED thickness from the circumferential thickness at this θ and the normalised height. */
export function edThickness(circ: number, apical: number, h: number): number {
  return circ + apicalWeight(h) * (apical - circ);
}

/** Radius of a profile at normalised height h, by its closed form. */
function radiusAt(prof: MeridianProfile, h: number): number {
  if (h <= 0) return 0;
  if (h >= 1) return prof.radiusMm;
  return prof.radiusMm * Math.sqrt(1 - Math.pow(1 - h, prof.exponent));
}

/** ES thickness from the ED thickness at the same θ and h. */
export function esThickness(
  tEd: number,
  rEd: number,
  rEs: number,
  lengthRatio: number,
  lambda: number,
): number {
  const a = lambda * lengthRatio * ((rEd + tEd) * (rEd + tEd) - rEd * rEd);
  return Math.sqrt(rEs * rEs + a) - rEs;
}

/** ∫∫ ρ dA over a polygon in the (ρ, z) plane (|·|, any orientation). */
function rhoMoment(pr: number[], pz: number[], n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const xi = pr[i] as number;
    const xj = pr[j] as number;
    s += (xi + xj) * (xi * (pz[j] as number) - xj * (pz[i] as number));
  }
  return Math.abs(s) / 6;
}

/** Clips a polygon to z ≤ zMax in place (Sutherland–Hodgman); returns the new vertex count. */
function clipBelow(pr: number[], pz: number[], n: number, zMax: number): number {
  const ir = pr.slice(0, n);
  const iz = pz.slice(0, n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const ar = ir[i] as number;
    const az = iz[i] as number;
    const br = ir[j] as number;
    const bz = iz[j] as number;
    const aIn = az <= zMax;
    const bIn = bz <= zMax;
    if (aIn) {
      pr[m] = ar;
      pz[m++] = az;
    }
    if (aIn !== bIn) {
      const u = (zMax - az) / (bz - az);
      pr[m] = ar + u * (br - ar);
      pz[m++] = zMax;
    }
  }
  return m;
}

/** Outward unit normals of the profile's vertices (apex: straight down). */
export function profileNormals(prof: MeridianProfile): { nr: Float64Array; nz: Float64Array } {
  const n = prof.rho.length;
  const nr = new Float64Array(n);
  const nz = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    const tr = (prof.rho[b] as number) - (prof.rho[a] as number);
    const tz = (prof.z[b] as number) - (prof.z[a] as number);
    const len = Math.hypot(tr, tz) || 1;
    nr[i] = tz / len;
    nz[i] = -tr / len;
  }
  nr[0] = 0;
  nz[0] = -1;
  return { nr, nz };
}

/**
 * Myocardial volume (mm³) of a wall model: the normal offset of the cavity profile by t(θ, h), cut at
 * the base plane, revolved (Pappus per θ, `nTheta` directions). Includes the wedge of points whose
 * nearest cavity point is the basal rim.
 */
export function myocardialVolumeMm3(model: LvWallModel, lambda?: number, nTheta = 48): number {
  const prof = model.profile;
  const n = prof.rho.length;
  const { nr, nz } = profileNormals(prof);
  const w = model.walls;
  const es = model.es;
  const lam = lambda ?? es?.lambda ?? 1;
  const rEs = new Float64Array(n);
  const rEd = new Float64Array(n);
  if (es) {
    for (let i = 0; i < n; i++) {
      rEs[i] = prof.rho[i] as number;
      rEd[i] = radiusAt(es.edProfile, prof.h[i] as number);
    }
  }
  const t = new Float64Array(n);
  const pr: number[] = new Array<number>(8).fill(0);
  const pz: number[] = new Array<number>(8).fill(0);
  const baseZ = prof.baseZ;
  let total = 0;
  for (let j = 0; j < nTheta; j++) {
    const th = ((j + 0.5) * 2 * Math.PI) / nTheta;
    const circ = circumferentialThickness(w, Math.cos(th), Math.sin(th));
    for (let i = 0; i < n; i++) {
      const hi = prof.h[i] as number;
      const tEd = edThickness(circ, w.apical, hi);
      t[i] = es ? esThickness(tEd, rEd[i] as number, rEs[i] as number, es.lengthRatio, lam) : tEd;
    }
    let sum = 0;
    for (let i = 0; i + 1 < n; i++) {
      const r0 = prof.rho[i] as number;
      const z0 = prof.z[i] as number;
      const r1 = prof.rho[i + 1] as number;
      const z1 = prof.z[i + 1] as number;
      const t0 = t[i] as number;
      const t1 = t[i + 1] as number;
      pr[0] = r0;
      pz[0] = z0;
      pr[1] = r1;
      pz[1] = z1;
      pr[2] = r1 + t1 * (nr[i + 1] as number);
      pz[2] = z1 + t1 * (nz[i + 1] as number);
      pr[3] = r0 + t0 * (nr[i] as number);
      pz[3] = z0 + t0 * (nz[i] as number);
      let m = 4;
      if ((pz[2] as number) > baseZ || (pz[1] as number) > baseZ) m = clipBelow(pr, pz, 4, baseZ);
      if (m >= 3) sum += rhoMoment(pr, pz, m);
    }
    // Wedge at the rim between the last normal (tilted down) and the horizontal.
    const last = n - 1;
    const a0 = Math.atan2(nz[last] as number, nr[last] as number);
    if (a0 < -1e-9) {
      const tl = t[last] as number;
      const rr = prof.rho[last] as number;
      const rz = prof.z[last] as number;
      const steps = 8;
      for (let k = 0; k < steps; k++) {
        const a = a0 * (1 - k / steps);
        const b = a0 * (1 - (k + 1) / steps);
        pr[0] = rr;
        pz[0] = rz;
        pr[1] = rr + tl * Math.cos(a);
        pz[1] = rz + tl * Math.sin(a);
        pr[2] = rr + tl * Math.cos(b);
        pz[2] = rz + tl * Math.sin(b);
        sum += rhoMoment(pr, pz, 3);
      }
    }
    total += sum;
  }
  return (total * 2 * Math.PI) / nTheta;
}

/** Solves λ so that the ES myocardial volume equals `targetMm3` (secant iterations). */
export function solveEsLambda(model: LvWallModel, targetMm3: number): number {
  let l0 = 1;
  let f0 = myocardialVolumeMm3(model, l0) - targetMm3;
  let l1 = 1.05;
  let f1 = myocardialVolumeMm3(model, l1) - targetMm3;
  for (let it = 0; it < 12 && Math.abs(f1) > 1e-6 * targetMm3; it++) {
    const denom = f1 - f0;
    if (denom === 0) break;
    const l2 = Math.max(0.05, l1 - (f1 * (l1 - l0)) / denom);
    l0 = l1;
    f0 = f1;
    l1 = l2;
    f1 = myocardialVolumeMm3(model, l1) - targetMm3;
  }
  return l1;
}
