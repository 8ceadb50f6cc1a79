/**
 * The cardiac models' internal grid and field normalisation, shared by training (Node), the CLI and
 * the explorer's worker. Pure constants; no tfjs.
 */
import type { VolumeGrid } from '../anatomy/grid';
import { lvGrid } from '../anatomy/lvPhantom';

/** Internal grid of the cardiac models: 32³ × 3.2 mm, the same 102 mm field of view as the 64³ × 1.6 mm output. */
export const LV_MODEL_GRID: VolumeGrid = lvGrid({ size: 32, spacingMm: 3.2 });
/** Signed distances are clipped to ± this (mm) and divided by it: values in [−1, 1], < 0 in the myocardium. */
export const LV_SDF_CLIP_MM = 8;
/** Channel order of the models' input and output: end-diastole, end-systole. */
export const LV_CHANNELS = ['ED', 'ES'] as const;

/**
 * Decoder grid of the solid–cavity representation: 24³ voxels of 102.4/24 ≈ 4.27 mm, the same field
 * of view. The two solids are smooth blobs, so a coarse grid places their surfaces to a fraction of a
 * voxel; the thin wall between them is composed on the fine output grid (geometry/lvComposition.ts).
 */
export const LV_DECODER_GRID: VolumeGrid = lvGrid({ size: 24, spacingMm: 102.4 / 24 });
/** The solids' signed distances are clipped to ± this (mm) and divided by it. */
export const LV_SOLID_CLIP_MM = 16;
/** Channel order of the solid–cavity decoder output, per voxel. */
export const LV_SOLID_CHANNELS = ['ED solid', 'ED cavity', 'ES solid', 'ES cavity'] as const;
