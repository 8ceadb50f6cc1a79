/**
 * Bone segmentation of the predicted skull against the truth, per plane subset: each skull (predicted
 * radii; the synthetic truth) is labelled into bones by the same rule (src/anatomy/skullBones.ts) on
 * the 160 × 320 direction grid — the truth with its own GA, suture widths and bone thickness, the
 * prediction at the GA its HC implies (INTERGROWTH-21st) with the typical widths and thickness for
 * that GA. Reported per calvarial bone (frontal L/R, parietal L/R, occipital, temporal squama L/R):
 * - plate Dice: the bone plate itself (outer surface to outer − thickness), labels as volumes, Dice
 *   integrated exactly along each ray (the limit of voxel Dice as the voxels shrink);
 * - sector Dice: the head volume under each bone (centre to outer surface), the way the whole-skull
 *   Dice (and the seed's) counts the skull as a filled volume;
 * - Hausdorff (max, 95th percentile, mean; mm) between the bone's outer-surface patches.
 */
import { gaFromHc } from '../../src/anatomy/intergrowth';
import { radialSkullBiometry } from '../../src/anatomy/radialSkullBiometry';
import { CALVARIAL_BONES, SKULL_BONE_NAMES } from '../../src/anatomy/skullBones';
import {
  predictedBoneSurface,
  type SkullBoneSurface,
  truthBoneSurface,
} from '../../src/anatomy/skullBoneSurface';
import type { SkullShape } from '../../src/anatomy/skullShape';
import { labelHausdorff, labelledShellDice } from '../../src/geometry/radialShellMetrics';
import type { SphereGrid } from '../../src/geometry/radialSurface';

interface Stat {
  mean: number;
  sd: number;
}

/** One bone's scores over the test skulls (means over skulls; Hausdorff in mm). */
export interface BoneScore {
  bone: string;
  plateDice: Stat;
  sectorDice: Stat;
  hausdorffMm: Stat;
  hausdorff95Mm: Stat;
  meanDistanceMm: Stat;
}

export interface BoneSubsetResult {
  subset: string;
  n: number;
  bones: BoneScore[];
  /** Means over the seven bones of the per-bone means. */
  meanOfBones: { plateDice: number; sectorDice: number; hausdorffMm: number; hausdorff95Mm: number };
  /** Dice of all calvarial bone against all calvarial bone, labels ignored (plate and sector). */
  allBone: { plateDice: Stat; sectorDice: Stat };
  /** Absolute error of the GA estimated from the predicted HC, weeks (it sets widths and thickness). */
  gaErrorWeeks: { meanAbs: number; max: number };
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
const stat = (a: number[]): Stat => {
  const m = mean(a);
  return { mean: m, sd: Math.sqrt(mean(a.map((v) => (v - m) ** 2))) };
};

/** Accumulates per-bone scores of predictions against lazily built truths. */
export class BoneEvaluator {
  private readonly truths = new Map<number, SkullBoneSurface>();
  private readonly rows = new Map<string, { scores: Map<string, number[]>; ga: number[] }>();

  constructor(
    private readonly shapes: SkullShape[],
    private readonly gaWeeks: number[],
  ) {}

  private truth(i: number): SkullBoneSurface {
    let t = this.truths.get(i);
    if (!t) {
      t = truthBoneSurface(this.shapes[i] as SkullShape, this.gaWeeks[i] as number);
      this.truths.set(i, t);
    }
    return t;
  }

  /** Scores the prediction `radii` (on `sphere`) of skull `i` under plane subset `subset`. */
  add(subset: string, i: number, radii: ArrayLike<number>, sphere: SphereGrid): void {
    const b = radialSkullBiometry(radii, sphere);
    const ga = gaFromHc(b.hcMm);
    const p = predictedBoneSurface(radii, sphere, { gaWeeks: ga });
    const t = this.truth(i);
    let row = this.rows.get(subset);
    if (!row) {
      row = { scores: new Map(), ga: [] };
      this.rows.set(subset, row);
    }
    const push = (k: string, v: number): void => {
      const a = row.scores.get(k) ?? [];
      a.push(v);
      row.scores.set(k, a);
    };
    row.ga.push(Math.abs(ga - (this.gaWeeks[i] as number)));
    const plate = labelledShellDice(p, t, t.grid, CALVARIAL_BONES);
    const zero = new Float32Array(p.outer.length);
    const sector = labelledShellDice(
      { outer: p.outer, inner: zero, labels: p.labels },
      { outer: t.outer, inner: zero, labels: t.labels },
      t.grid,
      CALVARIAL_BONES,
    );
    push('plate:all', plate.get(-1) ?? NaN);
    push('sector:all', sector.get(-1) ?? NaN);
    for (const code of CALVARIAL_BONES) {
      push(`plate:${code}`, plate.get(code) ?? NaN);
      push(`sector:${code}`, sector.get(code) ?? NaN);
      const h = labelHausdorff(p.mesh, p.labels, t.mesh, t.labels, code);
      push(`hd:${code}`, h.maxMm);
      push(`hd95:${code}`, h.p95Mm);
      push(`hdmean:${code}`, h.meanMm);
    }
  }

  results(): BoneSubsetResult[] {
    return [...this.rows].map(([subset, row]) => {
      const get = (k: string): number[] => row.scores.get(k) ?? [];
      const bones: BoneScore[] = CALVARIAL_BONES.map((code) => ({
        bone: SKULL_BONE_NAMES[code] ?? String(code),
        plateDice: stat(get(`plate:${code}`)),
        sectorDice: stat(get(`sector:${code}`)),
        hausdorffMm: stat(get(`hd:${code}`)),
        hausdorff95Mm: stat(get(`hd95:${code}`)),
        meanDistanceMm: stat(get(`hdmean:${code}`)),
      }));
      return {
        subset,
        n: row.ga.length,
        bones,
        meanOfBones: {
          plateDice: mean(bones.map((b) => b.plateDice.mean)),
          sectorDice: mean(bones.map((b) => b.sectorDice.mean)),
          hausdorffMm: mean(bones.map((b) => b.hausdorffMm.mean)),
          hausdorff95Mm: mean(bones.map((b) => b.hausdorff95Mm.mean)),
        },
        allBone: { plateDice: stat(get('plate:all')), sectorDice: stat(get('sector:all')) },
        gaErrorWeeks: { meanAbs: mean(row.ga), max: Math.max(...row.ga) },
      };
    });
  }
}
