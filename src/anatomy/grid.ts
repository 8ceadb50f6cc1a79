import type { Vec3, Volume } from '../geometry/types';

/** Where a volume's voxels are: `{dims, spacing, origin}` in mm, x fastest (see geometry/types). */
export type VolumeGrid = Pick<Volume, 'dims' | 'spacing' | 'origin'>;

/** A cubic grid of `size`³ voxels of `spacingMm`, centred on the origin of the frame. */
export function centredGrid(size: number, spacingMm: number): VolumeGrid {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`grid size must be a positive integer; got ${size}`);
  if (!(spacingMm > 0) || !Number.isFinite(spacingMm)) {
    throw new RangeError(`grid spacing must be a positive number of mm; got ${spacingMm}`);
  }
  const o = (-(size - 1) / 2) * spacingMm;
  return { dims: [size, size, size], spacing: [spacingMm, spacingMm, spacingMm], origin: [o, o, o] };
}

/** Checks a grid and returns its voxel count, with a message a person can act on. */
export function checkGrid(grid: VolumeGrid): number {
  const { dims, spacing, origin } = grid;
  const ok =
    dims.length === 3 &&
    dims.every((d) => Number.isInteger(d) && d > 0) &&
    spacing.every((s) => Number.isFinite(s) && s > 0) &&
    origin.every((o) => Number.isFinite(o));
  if (!ok) {
    throw new RangeError(
      `expected a grid with 3 positive integer dims, 3 positive spacings (mm) and a finite origin; got dims ${JSON.stringify(dims)}, spacing ${JSON.stringify(spacing)}, origin ${JSON.stringify(origin)}`,
    );
  }
  return dims[0] * dims[1] * dims[2];
}

/** Copies a grid's description (so returned volumes never alias the caller's arrays). */
export function copyGrid(grid: VolumeGrid): { dims: Vec3; spacing: Vec3; origin: Vec3 } {
  return { dims: [...grid.dims], spacing: [...grid.spacing], origin: [...grid.origin] };
}
