/**
 * What the CLI needs from each synthetic anatomy, behind one shape: parameter specs, validation,
 * population sampling, the grid, and the field / label-map generators.
 */
import type { Volume } from '../../src/geometry/types.ts';
import type { ParamSpec } from '../../src/anatomy/paramSpec.ts';
import type { Rng } from '../../src/anatomy/random.ts';
import { LV_PARAM_SPECS, validateLvParams, type LvParams } from '../../src/anatomy/lvParams.ts';
import type { VolumeGrid } from '../../src/anatomy/grid.ts';
import { lvGrid, lvLabelMap, lvMyocardiumField } from '../../src/anatomy/lvPhantom.ts';
import { sampleLvSubject, type LvClass } from '../../src/anatomy/lvPopulation.ts';
import { SKULL_PARAM_SPECS, validateSkullParams, type SkullParams } from '../../src/anatomy/skullParams.ts';
import { skullBoneField, skullGrid, skullLabelMap } from '../../src/anatomy/skullPhantom.ts';
import { sampleSkullSubject } from '../../src/anatomy/skullPopulation.ts';

export type AnatomyName = 'lv' | 'skull';
export type Phase = 'ED' | 'ES';

/** One anatomy as the CLI sees it; params are opaque records of numbers. */
export interface CliAnatomy {
  name: AnatomyName;
  specs: Readonly<Record<string, ParamSpec>>;
  /** Phases this anatomy has (LV: ED, ES; skull: a single static shape). */
  phases: readonly Phase[];
  /** Population classes for `--class`. */
  classes: readonly string[];
  validate(p: Partial<Record<string, unknown>>): { params: Record<string, number>; messages: string[] };
  /** A population sample: its parameters and a one-line note on who was drawn. */
  sample(
    rng: Rng,
    cls: string,
    given: Record<string, number>,
  ): { params: Record<string, number>; note: string };
  /** Parameters that may be fixed alongside `--seed` (passed to `sample` in `given`). */
  seedable: readonly string[];
  grid(opts: { size?: number; spacingMm?: number }): VolumeGrid;
  field(params: Record<string, number>, phase: Phase | undefined, grid: VolumeGrid): Volume<Float32Array>;
  labels(params: Record<string, number>, phase: Phase | undefined, grid: VolumeGrid): Volume<Uint8Array>;
}

const lv: CliAnatomy = {
  name: 'lv',
  specs: LV_PARAM_SPECS,
  phases: ['ED', 'ES'],
  classes: ['healthy', 'hcm'],
  validate: (p) => {
    const r = validateLvParams(p);
    return { params: { ...r.params }, messages: r.messages };
  },
  seedable: [],
  sample: (rng, cls) => {
    const s = sampleLvSubject(rng, cls as LvClass);
    const bsa = `BSA ${s.bsaM2.toFixed(2)} m²`;
    return { params: { ...s.params }, note: [s.cls, s.phenotype, s.sex, bsa].filter(Boolean).join(', ') };
  },
  grid: (opts) => lvGrid(opts),
  field: (p, phase, grid) => lvMyocardiumField(p as unknown as LvParams, phase ?? 'ED', grid),
  labels: (p, phase, grid) => lvLabelMap(p as unknown as LvParams, phase ?? 'ED', grid),
};

const skull: CliAnatomy = {
  name: 'skull',
  specs: SKULL_PARAM_SPECS,
  phases: [],
  classes: ['normal'],
  validate: (p) => {
    const r = validateSkullParams(p);
    return { params: { ...r.params }, messages: r.messages };
  },
  seedable: ['gaWeeks'],
  sample: (rng, _cls, given) => {
    const s = sampleSkullSubject(rng, given.gaWeeks);
    return { params: { ...s.params }, note: `${s.headShape}, ${s.params.gaWeeks.toFixed(1)} w` };
  },
  grid: (opts) => skullGrid(opts),
  field: (p, _phase, grid) => skullBoneField(p as unknown as SkullParams, grid),
  labels: (p, _phase, grid) => skullLabelMap(p as unknown as SkullParams, grid),
};

export const ANATOMIES: Record<AnatomyName, CliAnatomy> = { lv, skull };
