/**
 * Tissue classes around a synthetic fetal skull for the B-mode simulator: bone, brain with a
 * midline falx, lateral-ventricle atria with choroid plexus and the cavum septi pellucidi, a thin
 * scalp, amniotic fluid around the head and soft tissue (fetal body, placenta, uterine wall) further
 * out. Pure and deterministic: the seed only varies the fluid thickness around the head.
 */
import type { Volume } from '../../geometry/types';
import { createRng } from '../random';
import type { SkullParams } from '../skullParams';
import { validateSkullParams } from '../skullParams';
import { SKULL_LABELS } from '../skullPhantom';
import { gapDistance, outerDistance, skullShape } from '../skullShape';
import { type PointField, sampleNearest } from './planes';

/** Tissue classes of the simulator (label values). */
export const TISSUE = {
  fluid: 0,
  bone: 1,
  brain: 2,
  scalp: 3,
  softTissue: 4,
  falx: 5,
  csf: 6,
  choroid: 7,
} as const;

export type TissueLabel = (typeof TISSUE)[keyof typeof TISSUE];

/** Options of `headScene`. */
export interface HeadSceneOptions {
  /** Varies the amniotic fluid layer's thickness around the head. Default 1. */
  seed?: number;
  /** Mean amniotic fluid thickness around the scalp, mm. Default 7. */
  fluidMm?: number;
  /** Scalp thickness outside the bone, mm. Default 2.5. */
  scalpMm?: number;
  /** Replace bone by scalp-like soft tissue (for testing the shadow). Default false. */
  noBone?: boolean;
  /** Draw the falx, ventricles, choroid plexus and cavum. Default true. */
  brainStructures?: boolean;
}

/**
 * Tissue label (TISSUE) at a point of the skull frame (mm), from the same analytic surfaces as
 * `skullLabelMap` (bone = the shell of thickness τ under the outer surface, minus sutures and
 * fontanelles), sampled exactly at any resolution.
 */
export function headScene(p: SkullParams, opts: HeadSceneOptions = {}): PointField {
  const s = skullShape(validateSkullParams({ ...p }).params);
  const tau = s.thicknessMm;
  const scalp = opts.scalpMm ?? 2.5;
  const fluid = opts.fluidMm ?? 7;
  const structures = opts.brainStructures ?? true;
  const rng = createRng(opts.seed ?? 1);
  // Fluid thickness varies around the head: a few low angular harmonics (seeded).
  const harm = Array.from({ length: 4 }, (_, n) => ({
    n: n + 1,
    amp: rng.uniform(0.15, 0.45) / (n + 1),
    phase: rng.uniform(0, 2 * Math.PI),
    phaseZ: rng.uniform(0, 2 * Math.PI),
  }));
  const { a, b, cUp } = s;
  const inEll = (
    x: number,
    y: number,
    z: number,
    cx: number,
    cy: number,
    cz: number,
    rx: number,
    ry: number,
    rz: number,
  ): boolean => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2 < 1;
  return (x, y, z) => {
    const d = outerDistance(s, x, y, z);
    if (d >= 0) {
      if (d < scalp) return TISSUE.scalp;
      const phi = Math.atan2(y, x);
      const th = Math.atan2(z, Math.hypot(x, y));
      let w = 1;
      for (const h of harm) w += h.amp * Math.sin(h.n * phi + h.phase + 0.5 * h.n * th + h.phaseZ);
      return d < scalp + fluid * Math.max(0.2, w) ? TISSUE.fluid : TISSUE.softTissue;
    }
    if (d > -tau) {
      if (opts.noBone) return TISSUE.scalp;
      return gapDistance(s, x, y, z) < 0 ? TISSUE.scalp : TISSUE.bone;
    }
    if (d > -tau - 1.2) return TISSUE.csf; // subarachnoid space under the inner table
    if (!structures) return TISSUE.brain;
    const ay = Math.abs(y);
    // Cavum septi pellucidi: a small anechoic box in the midline, a third of the way to the front.
    if (inEll(x, ay, z, 0.3 * a, 0, 0.05 * cUp, 0.09 * a, 0.045 * b, 0.12 * cUp)) return TISSUE.csf;
    // Atria of the lateral ventricles with the choroid plexus inside.
    if (inEll(x, ay, z, -0.38 * a, 0.3 * b, 0.08 * cUp, 0.2 * a, 0.09 * b, 0.22 * cUp)) {
      return inEll(x, ay, z, -0.36 * a, 0.3 * b, 0.08 * cUp, 0.13 * a, 0.06 * b, 0.15 * cUp)
        ? TISSUE.choroid
        : TISSUE.csf;
    }
    // Frontal horns.
    if (inEll(x, ay, z, 0.25 * a, 0.13 * b, 0.1 * cUp, 0.18 * a, 0.04 * b, 0.1 * cUp)) return TISSUE.csf;
    // Falx: a thin midline sheet, in front of and behind the central grey structures.
    if (ay < 0.6 && (x > 0.42 * a || x < -0.2 * a || z > 0.35 * cUp)) return TISSUE.falx;
    return TISSUE.brain;
  };
}

/**
 * Tissue labels from a `skullLabelMap` volume (0 background, 1 bone, 2 brain), nearest voxel;
 * background becomes amniotic fluid. Coarse grids give blocky outlines; prefer `headScene`.
 */
export function labelVolumeScene(labels: Volume): PointField {
  return (x, y, z) => {
    const l = sampleNearest(labels, x, y, z);
    return l === SKULL_LABELS.bone ? TISSUE.bone : l === SKULL_LABELS.brain ? TISSUE.brain : TISSUE.fluid;
  };
}
