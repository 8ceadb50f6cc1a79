/**
 * Shared data shapes for the pure geometry and anatomy cores.
 *
 * Conventions (as in vtk.js image data): a volume is `{dims, spacing, origin}` with x varying fastest,
 * so voxel (i, j, k) lives at `data[i + dims[0] * (j + dims[1] * k)]` and its centre in millimetres is
 * `origin + (i, j, k) * spacing`. Geometry works in this axis-aligned millimetre frame; a full NIfTI
 * affine, when there is one, travels beside the volume in `affine` and is ignored by geometry.
 */

/** Three numbers: x, y, z. */
export type Vec3 = [number, number, number];

/** Voxel data types the project reads and writes. */
export type VoxelArray = Float32Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Float64Array;

/** A scalar volume on a regular grid. */
export interface Volume<T extends VoxelArray = VoxelArray> {
  /** Voxel counts along x, y, z. */
  dims: Vec3;
  /** Voxel size in mm along x, y, z (all > 0). */
  spacing: Vec3;
  /** Centre of voxel (0, 0, 0) in mm. */
  origin: Vec3;
  /** Length dims[0] * dims[1] * dims[2], x fastest. */
  data: T;
  /**
   * Optional 4×4 voxel-index → world (mm) affine, row-major (16 numbers), as read from or written to
   * NIfTI's sform. When absent, the affine is diag(spacing) with `origin` as translation.
   */
  affine?: Float64Array;
}

/** An indexed triangle mesh in mm. */
export interface Mesh {
  /** xyz per vertex, mm. */
  positions: Float32Array;
  /** Unit outward normal per vertex (xyz). */
  normals: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  indices: Uint32Array;
}

/** Number of voxels of a volume shape. */
export function voxelCount(dims: Vec3): number {
  return dims[0] * dims[1] * dims[2];
}
