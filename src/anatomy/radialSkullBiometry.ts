/**
 * Biometry of a predicted (radial) skull surface for reporting: BPD outer-to-inner needs the bone
 * thickness, which the surface does not carry, so it uses the thickness expected at the gestational
 * age its head circumference implies (INTERGROWTH-21st HC → GA; skullParams' thickness by GA).
 */
import { radialBiometry, type RadialBiometry } from '../geometry/radialBiometry';
import type { SphereGrid } from '../geometry/radialSurface';
import { gaFromHc } from './intergrowth';
import { defaultBoneThicknessMm } from './skullParams';

export interface PredictedSkullBiometry extends RadialBiometry {
  /** Bone thickness assumed for BPD, mm. */
  boneThicknessMm: number;
  /** Gestational age that the HC implies (INTERGROWTH-21st median), weeks. */
  gaFromHcWeeks: number;
}

export function radialSkullBiometry(radii: ArrayLike<number>, sphere: SphereGrid): PredictedSkullBiometry {
  const first = radialBiometry(radii, sphere, 0);
  const ga = gaFromHc(first.hcMm);
  const tau = defaultBoneThicknessMm(Math.min(36, Math.max(20, ga)));
  return { ...radialBiometry(radii, sphere, tau), boneThicknessMm: tau, gaFromHcWeeks: ga };
}
