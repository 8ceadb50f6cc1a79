/**
 * How far a latent code lies from the model's training population: per level, the Mahalanobis
 * distance to the nearer class (diagonal: the per-class means and SDs of the training codes in the
 * manifest), and that distance as an equivalent number of SDs of one normal variable, so that one
 * threshold ("beyond 3 SD") means the same for a 2-D and a 64-D level. Pure.
 */

/** Per-class training statistics of one level (as in `ModelInfo.levels[].perClass`). */
export interface LevelStats {
  name: string;
  perClass: { healthy: { mean: number[]; sd: number[] }; hcm: { mean: number[]; sd: number[] } } | null;
}

/** Distance of one level's code to the training population. */
export interface LevelDistance {
  name: string;
  /** Mahalanobis distance to the nearer class's training codes (√Σ((z − μ)/σ)²). */
  mahalanobis: number;
  /** Dimensions of the level. */
  dims: number;
  /**
   * The same as an equivalent normal deviate: as many SDs as a 1-D value would lie out with the same
   * tail probability (Wilson–Hilferty approximation of the χ² distribution with `dims` degrees of freedom).
   */
  sdEquivalent: number;
  nearer: 'healthy' | 'hcm';
}

/** Beyond this many (equivalent) SDs a code is said to have left the population. */
export const POPULATION_LIMIT_SD = 3;

/** The normal deviate of a χ²_k value (Wilson–Hilferty): (χ²/k)^⅓ ≈ N(1 − 2/(9k), 2/(9k)). */
export function chiSquareToSd(chi2: number, k: number): number {
  if (k <= 0) return 0;
  if (k === 1) return Math.sqrt(Math.max(0, chi2));
  const v = 2 / (9 * k);
  return (Math.cbrt(Math.max(0, chi2) / k) - (1 - v)) / Math.sqrt(v);
}

/** Distance of each level of `levels` (bottom → top) that has training statistics. */
export function populationDistances(
  levels: readonly (readonly number[])[],
  stats: readonly LevelStats[],
): LevelDistance[] {
  const out: LevelDistance[] = [];
  levels.forEach((z, i) => {
    const st = stats[i];
    if (!st?.perClass || z.length === 0) return;
    let best: { d2: number; cls: 'healthy' | 'hcm' } | null = null;
    for (const cls of ['healthy', 'hcm'] as const) {
      const c = st.perClass[cls];
      let d2 = 0;
      for (let d = 0; d < z.length; d++) {
        const sd = Math.max(1e-6, c.sd[d] ?? 1);
        const t = ((z[d] as number) - (c.mean[d] ?? 0)) / sd;
        d2 += t * t;
      }
      if (!best || d2 < best.d2) best = { d2, cls };
    }
    if (!best) return;
    out.push({
      name: st.name,
      mahalanobis: Math.sqrt(best.d2),
      dims: z.length,
      sdEquivalent: Number.isFinite(best.d2) ? chiSquareToSd(best.d2, z.length) : Infinity,
      nearer: best.cls,
    });
  });
  return out;
}
