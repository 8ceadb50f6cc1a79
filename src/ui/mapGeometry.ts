/**
 * Pure helpers of the latent map: a 2-D view of the classifier's level (the Ladder VAE's top level
 * itself, or a plane through the VAE's latent space), and the decision boundary as line segments.
 */
import type { LatentLevelInfo } from '../pipeline/modelInfo';

/** Two orthonormal directions in the level's space; a 2-D level gets its own axes. */
export interface MapPlane {
  u: number[];
  v: number[];
  labels: [string, string];
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

/**
 * The map's plane: for a 2-D level its axes; otherwise u = the direction from the healthy to the HCM
 * class mean, v = the coordinate axis of largest pooled spread, made orthogonal to u.
 */
export function mapPlane(level: LatentLevelInfo): MapPlane {
  const n = level.size;
  const e = (k: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));
  if (n === 2) return { u: e(0), v: e(1), labels: [`${level.name}[1]`, `${level.name}[2]`] };
  const pc = level.perClass;
  let u = pc ? pc.hcm.mean.map((m, i) => m - (pc.healthy.mean[i] ?? 0)) : e(0);
  if (norm(u) < 1e-9) u = e(0);
  u = u.map((x) => x / norm(u));
  let best = 0;
  let bestSpread = -1;
  for (let k = 0; k < n; k++) {
    const spread = pc ? (pc.healthy.sd[k] ?? 0) + (pc.hcm.sd[k] ?? 0) : 1;
    const along = Math.abs(u[k] ?? 0);
    if (spread * (1 - along * along) > bestSpread) {
      bestSpread = spread * (1 - along * along);
      best = k;
    }
  }
  let v = e(best);
  const c = dot(v, u);
  v = v.map((x, i) => x - c * (u[i] ?? 0));
  v = v.map((x) => x / norm(v));
  return { u, v, labels: ['healthy → HCM mean direction', `${level.name}[${best + 1}] (orthogonal part)`] };
}

/** Coordinates of a code on the plane. */
export function project(p: MapPlane, z: number[]): [number, number] {
  return [dot(z, p.u), dot(z, p.v)];
}

/** Moves a code within the plane to map coordinates (a, b), keeping its other components. */
export function moveTo(p: MapPlane, z: number[], a: number, b: number): number[] {
  const [a0, b0] = project(p, z);
  return z.map((x, i) => x + (a - a0) * (p.u[i] ?? 0) + (b - b0) * (p.v[i] ?? 0));
}

/**
 * Marching squares: the segments where a field sampled on the grid (xs × ys, value of (xs[i], ys[j])
 * at values[j * xs.length + i]) crosses `level`, linearly interpolated along cell edges.
 */
export function contourSegments(
  xs: number[],
  ys: number[],
  values: ArrayLike<number>,
  level = 0,
): [number, number, number, number][] {
  const nx = xs.length;
  const out: [number, number, number, number][] = [];
  const at = (i: number, j: number) => (values[j * nx + i] as number) - level;
  const lerp = (a: number, b: number, fa: number, fb: number) => a + ((b - a) * fa) / (fa - fb);
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const x0 = xs[i] as number;
      const x1 = xs[i + 1] as number;
      const y0 = ys[j] as number;
      const y1 = ys[j + 1] as number;
      const f = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      const corners: [number, number][] = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ];
      const pts: [number, number][] = [];
      for (let k = 0; k < 4; k++) {
        const a = f[k] as number;
        const b = f[(k + 1) % 4] as number;
        if (a < 0 !== b < 0) {
          const [ax, ay] = corners[k] as [number, number];
          const [bx, by] = corners[(k + 1) % 4] as [number, number];
          pts.push([lerp(ax, bx, a, b), lerp(ay, by, a, b)]);
        }
      }
      for (let k = 0; k + 1 < pts.length; k += 2) {
        const p = pts[k] as [number, number];
        const q = pts[k + 1] as [number, number];
        out.push([p[0], p[1], q[0], q[1]]);
      }
    }
  }
  return out;
}
