/**
 * How far a latent code lies from the model's training population: per level, the Mahalanobis
 * distance of the code from the training codes — from the closest of the manifest's source groups
 * (synthetic healthy, synthetic HCM, real patients: each a diagonal Gaussian) when it lists them,
 * else from the per-class means and SDs pooled into one diagonal Gaussian — and its tail probability under a χ² law with the level's size as
 * degrees of freedom, expressed as the equivalent number of standard deviations of a 1-D Gaussian
 * (Wilson–Hilferty). "Beyond 3 SD" then means the same rarity (p ≈ 0.0013 one-sided) on every level
 * whatever its size. Pure.
 */
import type { LatentLevelStats } from '../../model/lvModel';

/** A level's distance from the training population. */
export interface LevelDistance {
  name: string;
  /** Mahalanobis distance √Σ((z − m)/s)² over the level's dimensions. */
  mahalanobis: number;
  /** The same rarity as a 1-D Gaussian's number of SDs (χ² tail, Wilson–Hilferty). */
  equivalentSd: number;
}

/** Codes beyond this equivalent SD lie outside the population. */
export const OUTSIDE_POPULATION_SD = 3;

/** Pooled mean and SD per dimension of one level's training codes (a mixture of the classes). */
export function pooledStats(stats: LatentLevelStats): { mean: number[]; sd: number[] } {
  const classes = Object.values(stats.perClass);
  const n = classes.reduce((s, c) => s + c.n, 0);
  const mean = new Array<number>(stats.size).fill(0);
  const sd = new Array<number>(stats.size).fill(0);
  for (let i = 0; i < stats.size; i++) {
    let m = 0;
    for (const c of classes) m += (c.n / n) * (c.mean[i] ?? 0);
    let v = 0;
    for (const c of classes) v += (c.n / n) * ((c.sd[i] ?? 0) ** 2 + ((c.mean[i] ?? 0) - m) ** 2);
    mean[i] = m;
    sd[i] = Math.sqrt(Math.max(v, 1e-12));
  }
  return { mean, sd };
}

/** Wilson–Hilferty: the standard-normal quantile with the same upper tail as χ²_k at `x`. */
export function chiSquareToSd(x: number, k: number): number {
  const a = 2 / (9 * k);
  return (Math.cbrt(x / k) - (1 - a)) / Math.sqrt(a);
}

/** Mahalanobis distance² of `z` from a diagonal Gaussian. */
function mahalanobis2(z: number[], g: { mean: number[]; sd: number[] }): number {
  let d2 = 0;
  z.forEach((v, i) => {
    d2 += ((v - (g.mean[i] ?? 0)) / Math.max(g.sd[i] ?? 0, 1e-6)) ** 2;
  });
  return d2;
}

/**
 * The diagonal Gaussian of one level's training codes that `z` is closest to (the closest source group,
 * else the pooled classes), or null when the manifest has no statistics for a level of z's size.
 */
export function closestPopulation(
  z: number[],
  st: LatentLevelStats | undefined,
): { mean: number[]; sd: number[] } | null {
  if (!st || st.size !== z.length) return null;
  const groups = st.groups?.filter((g) => g.n > 1 && g.mean.length === z.length) ?? [];
  if (!groups.length) return pooledStats(st);
  let best = groups[0] as (typeof groups)[number];
  let bestD = Infinity;
  for (const g of groups) {
    const d = mahalanobis2(z, g);
    if (d < bestD) {
      bestD = d;
      best = g;
    }
  }
  return { mean: [...best.mean], sd: best.sd.map((v) => Math.max(v, 1e-6)) };
}

/** The distance of every level of `levels` (bottom → top) from the manifest's training codes. */
export function populationDistance(levels: number[][], stats: LatentLevelStats[]): LevelDistance[] {
  return levels.flatMap((z, l) => {
    const st = stats[l];
    if (!st || st.size !== z.length) return [];
    const groups = st.groups?.filter((g) => g.n > 1 && g.mean.length === z.length) ?? [];
    const d2 = groups.length
      ? Math.min(...groups.map((g) => mahalanobis2(z, g)))
      : mahalanobis2(z, pooledStats(st));
    return [{ name: st.name, mahalanobis: Math.sqrt(d2), equivalentSd: chiSquareToSd(d2, z.length) }];
  });
}
