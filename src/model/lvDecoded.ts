/**
 * What a cardiac decoder gives, and the myocardium made from it on any grid. Two representations:
 * - 'normalised-sdf': the myocardium's own signed distance per phase (older models);
 * - 'solid-cavity-sdf': per phase the epicardial solid and the cavity, each a smooth blob, composed
 *   into the myocardium on the target grid (geometry/lvComposition.ts), so the wall is as fine as the
 *   target grid and the rules (least wall, closed apex, open base) hold for every code.
 * Pure typed-array code (no tfjs): the worker, the CLI and evaluation share it.
 */
import type { VolumeGrid } from '../anatomy/grid';
import {
  composeMyocardium,
  keepOneHeart,
  LV_COMPOSITION,
  type LvCompositionRule,
} from '../geometry/lvComposition';
import { oneRingPerSlice } from '../geometry/lvSliceTopology';
import { marchingCubes } from '../geometry/marchingCubes';
import { eulerCharacteristic } from '../geometry/meshTopology';
import { resampleTrilinear } from '../geometry/resample';
import type { Vec3, Volume } from '../geometry/types';
import type { LvModelManifest } from './lvModel';

/** One phase as decoded (mm, < 0 inside, x fastest, on the decoder's grid). */
export type LvDecodedPhase =
  { kind: 'myocardium'; myo: Float32Array } | { kind: 'solids'; solid: Float32Array; cavity: Float32Array };

/** A decoded shape: both phases on the decoder's grid. */
export interface LvDecoded {
  grid: VolumeGrid;
  rule: LvCompositionRule;
  ed: LvDecodedPhase;
  es: LvDecodedPhase;
}

/** How a manifest's representation unpacks. */
export interface LvRepresentationInfo {
  kind: 'normalised-sdf' | 'solid-cavity-sdf';
  /** Output values × clip = mm. */
  clipMm: number;
  grid: VolumeGrid;
  rule: LvCompositionRule;
}

/** Channels per voxel of a representation's decoder output (both phases). */
export function decoderChannels(kind: LvRepresentationInfo['kind']): number {
  return kind === 'solid-cavity-sdf' ? 4 : 2;
}

/**
 * Unpacks a decoder output (per voxel: ED then ES channels, normalised) into mm fields. With `phase`,
 * `data` holds that phase's channels only (the JavaScript decoder's pick).
 */
export function unpackDecoded(data: Float32Array, rep: LvRepresentationInfo): LvDecoded {
  const per = decoderChannels(rep.kind);
  const n = data.length / per;
  const half = per / 2;
  const phase = (c: number): LvDecodedPhase => unpackPhase(data, rep, per, c * half, n);
  return { grid: rep.grid, rule: rep.rule, ed: phase(0), es: phase(1) };
}

/** Unpacks one phase from data holding `per` channels per voxel, the phase's first at `offset`. */
export function unpackPhase(
  data: Float32Array,
  rep: LvRepresentationInfo,
  per: number,
  offset: number,
  n = data.length / per,
): LvDecodedPhase {
  const clip = rep.clipMm;
  if (rep.kind === 'solid-cavity-sdf') {
    const solid = new Float32Array(n);
    const cavity = new Float32Array(n);
    for (let v = 0; v < n; v++) {
      solid[v] = (data[per * v + offset] as number) * clip;
      cavity[v] = (data[per * v + offset + 1] as number) * clip;
    }
    return { kind: 'solids', solid, cavity };
  }
  const myo = new Float32Array(n);
  for (let v = 0; v < n; v++) myo[v] = (data[per * v + offset] as number) * clip;
  return { kind: 'myocardium', myo };
}

/** Scratch for the cavity while composing (one composition at a time). */
let scratch = new Float32Array(0);

const asVolume = (grid: VolumeGrid, data: Float32Array): Volume<Float32Array> => ({
  dims: [...grid.dims] as Vec3,
  spacing: [...grid.spacing] as Vec3,
  origin: [...grid.origin] as Vec3,
  data,
});

/**
 * The myocardium of one decoded phase on `target` (mm, < 0 inside): resampled trilinearly from the
 * decoder's grid and, for solids, composed there (or, with `composeOn`, composed on that coarser grid
 * and resampled once: cheaper, for drag updates). With `oneHeart` (full-quality shapes), the minimal
 * wall is measured by exact depth under the epicardium (composeMyocardium's `exactWall`), loose pieces
 * and sealed pockets are removed (keepOneHeart), and a surface left with a handle is repaired slice by
 * slice (oneRingPerSlice; see oneHeartOf).
 *
 * @param out - result buffer (length ≥ the target's voxels), reused by drag updates; new when absent
 */
export function myocardiumOn(
  phase: LvDecodedPhase,
  decoded: Pick<LvDecoded, 'grid' | 'rule'>,
  target: VolumeGrid,
  opts: { out?: Float32Array; oneHeart?: boolean; composeOn?: VolumeGrid } = {},
): Volume<Float32Array> {
  const nt = target.dims[0] * target.dims[1] * target.dims[2];
  if (phase.kind === 'solids' && opts.composeOn) {
    // Composed on a coarser grid, then resampled once (drags: their mesh is coarse anyway).
    const mid = myocardiumOn(phase, decoded, opts.composeOn, { oneHeart: opts.oneHeart ?? false });
    return resampleTrilinear(mid, target, opts.out);
  }
  if (phase.kind === 'myocardium') {
    const v = resampleTrilinear(asVolume(decoded.grid, phase.myo), target, opts.out);
    if (opts.oneHeart) oneHeartOf(v.data, target);
    return v;
  }
  const solid = resampleTrilinear(asVolume(decoded.grid, phase.solid), target, opts.out).data;
  if (scratch.length < nt) scratch = new Float32Array(nt);
  const cavity = resampleTrilinear(asVolume(decoded.grid, phase.cavity), target, scratch).data;
  // Full quality (one heart kept) also measures the wall rule by exact depth (lvComposition.ts).
  const data = composeMyocardium(solid, cavity, target, decoded.rule, solid, {
    exactWall: opts.oneHeart ?? false,
  });
  if (opts.oneHeart) oneHeartOf(data, target);
  return asVolume(target, data);
}

/**
 * One heart, in place: loose pieces and sealed pockets removed (keepOneHeart); then, only when the
 * surface still has a handle (Euler characteristic ≠ 2: a strand across the cavity or a second lumen
 * beside it), every short-axis slice made one ring around one cavity (oneRingPerSlice) and the pieces
 * and pockets that leaves removed again. Shapes whose surface is closed are not touched by the second
 * step: applied to every shape it also split narrow end-systolic cavities (EF of 8 of 1 000 lv-lvae HCM
 * samples pushed above 85 %).
 */
function oneHeartOf(data: Float32Array, grid: VolumeGrid): void {
  keepOneHeart(data, grid);
  const mesh = marchingCubes({ ...grid, data }, 0);
  if (mesh.indices.length === 0 || eulerCharacteristic(mesh) === 2) return;
  if (oneRingPerSlice(data, grid) > 0) keepOneHeart(data, grid);
}

/** The representation of a manifest (grids as numbers, the composition rule with defaults). */
export function representationOf(
  manifest: Pick<LvModelManifest, 'representation' | 'grid'>,
): LvRepresentationInfo {
  const r = manifest.representation;
  const g =
    r.kind === 'solid-cavity-sdf'
      ? (manifest.grid.decoder ?? manifest.grid.internal)
      : manifest.grid.internal;
  return {
    kind: r.kind === 'solid-cavity-sdf' ? 'solid-cavity-sdf' : 'normalised-sdf',
    clipMm: r.kind === 'solid-cavity-sdf' ? (r.solidClipMm ?? r.clipMm) : r.clipMm,
    grid: { dims: [...g.dims], spacing: [...g.spacingMm], origin: [...g.originMm] },
    rule: {
      minWallMm: r.minWallMm ?? LV_COMPOSITION.minWallMm,
      baseZMm: r.baseZMm ?? LV_COMPOSITION.baseZMm,
    },
  };
}
