/**
 * Synthetic fetal skull as a signed distance field of the calvarial bone and a label map.
 *
 * Bone = the shell between the outer surface (see skullShape) and its inward offset by
 * boneThicknessMm, minus the sutures and fontanelles, which exist only above the transventricular
 * plane (z > 0.08·cUp). Field: max(|d_o + τ/2| − τ/2, −gap), negative inside bone.
 */
import type { Volume } from '../geometry/types';
import { type VolumeGrid, centredGrid, checkGrid, copyGrid } from './grid';
import { type SkullParams, validateSkullParams } from './skullParams';
import { gapDistance, outerDistance, skullShape } from './skullShape';

/**
 * Default skull voxel size, mm: 64 voxels × 2.2 mm = 140.8 mm (voxel centres ±69.3 mm), enough for
 * the largest allowed skull (36 w, HC z = +3 → HC 351.8 mm, cephalic index 65: OFD 132.9 mm) with
 * more than one voxel of background on each side (checked by a test).
 */
export const SKULL_DEFAULT_SPACING_MM = 2.2;

/** Skull label values. */
export const SKULL_LABELS = { background: 0, bone: 1, brain: 2 } as const;

/**
 * Default skull grid: 64³ × 2.2 mm. x and y are centred on the frame origin; z is shifted by half a
 * voxel so that the transventricular plane z = 0 is the voxel plane k = size/2 (z runs from −70.4 to
 * +68.2 mm; the vault reaches at most +48.6 mm and the skull base −29.2 mm).
 */
export function skullGrid(opts: { size?: number; spacingMm?: number } = {}): VolumeGrid {
  const size = opts.size ?? 64;
  const s = opts.spacingMm ?? SKULL_DEFAULT_SPACING_MM;
  const g = centredGrid(size, s);
  return { ...g, origin: [g.origin[0], g.origin[1], -Math.floor(size / 2) * s] };
}

/** Rendering options of the skull field and labels. */
export interface SkullRenderOptions {
  /**
   * Draw the bone at least this thick (mm) by thickening it inwards, so that a thin calvarium stays a
   * closed shell on a coarse grid (e.g. the grid spacing). The outer surface, hence OFD and HC, is
   * unchanged; the inner surface (and BPD outer-to-inner) moves in by the extra. Default 0: as asked.
   */
  minThicknessMm?: number;
}

function evaluate(
  p: SkullParams,
  grid: VolumeGrid,
  opts: SkullRenderOptions,
  field?: Float32Array,
  labels?: Uint8Array,
): void {
  checkGrid(grid);
  const s = skullShape(validateSkullParams({ ...p }).params);
  const tau = Math.max(s.thicknessMm, opts.minThicknessMm ?? 0);
  const { dims, spacing, origin } = grid;
  let idx = 0;
  for (let k = 0; k < dims[2]; k++) {
    const z = origin[2] + k * spacing[2];
    for (let j = 0; j < dims[1]; j++) {
      const y = origin[1] + j * spacing[1];
      for (let i = 0; i < dims[0]; i++, idx++) {
        const x = origin[0] + i * spacing[0];
        const d = outerDistance(s, x, y, z);
        let f = Math.abs(d + tau / 2) - tau / 2;
        if (f < 8) {
          const g = gapDistance(s, x, y, z);
          if (-g > f) f = -g;
        }
        if (field) field[idx] = f;
        if (labels)
          labels[idx] = f < 0 ? SKULL_LABELS.bone : d < -tau ? SKULL_LABELS.brain : SKULL_LABELS.background;
      }
    }
  }
}

/** Calvarial bone as an approximate signed distance (mm), negative inside bone. */
export function skullBoneField(
  p: SkullParams,
  grid: VolumeGrid,
  opts: SkullRenderOptions = {},
): Volume<Float32Array> {
  const data = new Float32Array(checkGrid(grid));
  evaluate(p, grid, opts, data);
  return { ...copyGrid(grid), data };
}

/** Labels: 0 background / soft tissue (and sutures, fontanelles), 1 bone, 2 brain (inside the inner table). */
export function skullLabelMap(
  p: SkullParams,
  grid: VolumeGrid,
  opts: SkullRenderOptions = {},
): Volume<Uint8Array> {
  const data = new Uint8Array(checkGrid(grid));
  evaluate(p, grid, opts, undefined, data);
  return { ...copyGrid(grid), data };
}

/** What the skull was asked to be (INTERGROWTH conventions): BPD outer–inner, OFD outer–outer, HC outer perimeter. */
export interface SkullTruth {
  bpdMm: number;
  ofdMm: number;
  hcMm: number;
  cephalicIndex: number;
}

export function skullTruth(p: SkullParams): SkullTruth {
  const s = skullShape(validateSkullParams({ ...p }).params);
  return { bpdMm: s.bpdMm, ofdMm: s.ofdMm, hcMm: s.hcMm, cephalicIndex: s.cephalicIndex };
}
