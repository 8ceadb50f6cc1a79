/**
 * NIfTI-1 / NIfTI-2 reading (single-file `.nii`, optionally gzipped): the entry point. The header checks
 * are in niftiHeader.ts, the affine in niftiAffine.ts, voxel decoding in niftiVoxels.ts; writing is in
 * niftiWrite.ts and re-exported here.
 *
 * Pure: runs in the browser, a worker and Node. Header fields are parsed by nifti-reader-js; gzip is
 * handled by fflate (already a dependency of nifti-reader-js, so no pako in the bundle). Every failure
 * on user data is a {@link NiftiError} whose message says what was wrong and what would work.
 */
import type { Vec3, Volume } from '../geometry/types.ts';
import { NiftiError } from './errors.ts';
import { gunzipBounded, GunzipError } from './gunzipBounded.ts';
import { readAffine, type NiftiAffineSource } from './niftiAffine.ts';
import {
  checkPixdim,
  finiteOr,
  headerLayout,
  unitInfo,
  type NiftiDatatype,
  type NiftiSpatialUnits,
} from './niftiHeader.ts';
import { decodeVoxels } from './niftiVoxels.ts';

export { NiftiError } from './errors.ts';
export { affineToQuatern, volumeAffine } from './niftiAffine.ts';
export { writeNifti, type NiftiWriteDatatype, type WriteNiftiOptions } from './niftiWrite.ts';
export {
  NIFTI_MAX_AXIS,
  NIFTI_MAX_VOXELS,
  type NiftiDatatype,
  type NiftiSpatialUnits,
} from './niftiHeader.ts';
export type { NiftiAffineSource } from './niftiAffine.ts';

/** Voxel sizes (mm, after the header's units) outside this range are corrupt headers. */
export const NIFTI_SPACING_RANGE_MM: [number, number] = [1e-3, 1e4];

/** What the header said, beyond the geometry carried by {@link Volume}. */
export interface NiftiHeaderInfo {
  /** 1 for NIfTI-1, 2 for NIfTI-2. */
  version: 1 | 2;
  /** Stored voxel type. */
  datatype: NiftiDatatype;
  /** Free-text `descrip` field (up to 80 characters). */
  description: string;
  /** Spatial unit declared in `xyzt_units`; spacing, origin and affine are always returned in mm. */
  spatialUnits: NiftiSpatialUnits;
  /** Where the affine came from. */
  affineSource: NiftiAffineSource;
  sformCode: number;
  qformCode: number;
  /** Effective scaling applied to stored values (slope 1, intercept 0 when the header had slope 0). */
  sclSlope: number;
  sclInter: number;
  /** True when every voxel value (after scaling) is a finite integer: a label map or mask candidate. */
  integerValued: boolean;
  littleEndian: boolean;
  /** What the reader had to decide for itself (e.g. the sform's scales disagree with pixdim). */
  warnings: string[];
}

/** A 3-D NIfTI volume: float32 voxel values in mm geometry plus the header facts. */
export interface NiftiVolume extends Volume<Float32Array> {
  /** 4×4 row-major voxel-index → world (mm) affine. */
  affine: Float64Array;
  header: NiftiHeaderInfo;
}

function toU8(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

function isGzip(u: Uint8Array): boolean {
  return u.length >= 2 && u[0] === 0x1f && u[1] === 0x8b;
}

/** Largest inflated `.nii.gz` content accepted, bytes (header + voxels). */
export const NIFTI_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Inflates a `.nii.gz` without ever holding more than its header announces: the header (first 540
 * bytes) is checked before the rest is inflated, inflation stops once the output passes the header's
 * size (+ 1 MiB), and the gzip CRC-32 and size are checked.
 */
function gunzip(u: Uint8Array): Uint8Array {
  try {
    return gunzipBounded(u, {
      maxBytes: NIFTI_MAX_BYTES,
      headBytes: 540,
      expectedFromHead: (head) => {
        const layout = headerLayout(head, true);
        return layout.voxOffset + layout.needBytes;
      },
    });
  } catch (e) {
    if (!(e instanceof GunzipError)) throw e;
    switch (e.kind) {
      case 'truncated':
        throw new NiftiError(
          'the .nii.gz file is truncated: its gzip stream ends early (file cut short during copy or download?)',
        );
      case 'crc':
        throw new NiftiError(
          `the .nii.gz file is corrupt: ${e.message} (file damaged during copy or download?)`,
        );
      case 'too-large':
        throw new NiftiError(
          `the .nii.gz file holds more data than its header describes (${e.message}); it is corrupt or not a single NIfTI volume`,
        );
      default:
        throw new NiftiError(
          `the file starts like gzip but could not be decompressed (${e.message}); is it really a .nii.gz?`,
        );
    }
  }
}

/**
 * Read a NIfTI-1 or NIfTI-2 single-file volume (`.nii` or `.nii.gz`; gzip is detected from the bytes).
 *
 * Returns float32 voxel values (scl_slope/scl_inter applied when slope ≠ 0), `spacing` = |pixdim[1..3]|,
 * `origin` = world position of voxel (0,0,0), and `affine` with ITK's geometry: voxel size from pixdim,
 * orientation and origin from the sform (sform_code > 0, columns normalised), else the qform, else
 * the identity; lengths are converted to mm when `xyzt_units` says metres or microns. Gzipped files are
 * inflated no further than their header's size, with the gzip checksum checked.
 *
 * @throws NiftiError for anything that is not a readable 3-D NIfTI volume (never another error type).
 */
export function readNifti(bytes: ArrayBuffer | Uint8Array): NiftiVolume {
  try {
    return readNiftiUnchecked(toU8(bytes));
  } catch (e) {
    if (e instanceof NiftiError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new NiftiError(`could not read the NIfTI file (${msg}); is it a valid .nii or .nii.gz?`);
  }
}

function readNiftiUnchecked(input: Uint8Array): NiftiVolume {
  const gz = isGzip(input);
  const u = gz ? gunzip(input) : input;
  const { version, littleEndian, header: h, dv, shape, dt, voxOffset, needBytes: need } = headerLayout(u, gz);
  const pix = checkPixdim(h.pixDims);
  const count = shape[0] * shape[1] * shape[2];
  const have = Math.max(0, u.length - voxOffset);
  if (have < need) {
    throw new NiftiError(
      `the file is truncated: the header says ${need} bytes of voxel data (${shape.join('×')} ${dt.name}), the file holds ${have} (cut short during copy or download?)`,
    );
  }

  const { units, scale } = unitInfo(h.xyzt_units);
  const spacing: Vec3 = [pix[0] * scale, pix[1] * scale, pix[2] * scale];
  spacing.forEach((v, i) => {
    if (!(v >= NIFTI_SPACING_RANGE_MM[0] && v <= NIFTI_SPACING_RANGE_MM[1])) {
      throw new NiftiError(
        `the header is corrupt: the voxel size along ${'xyz'[i]} is ${+v.toPrecision(3)} mm (pixdim[${i + 1}]), outside ${NIFTI_SPACING_RANGE_MM[0]}–${NIFTI_SPACING_RANGE_MM[1]} mm`,
      );
    }
  });
  const warnings: string[] = [];
  const { affine, source } = readAffine(dv, version, littleEndian, h, spacing, scale, warnings);
  const data = decodeVoxels(u, voxOffset, count, dt, littleEndian);
  let slope = 1;
  let inter = 0;
  if (Number.isFinite(h.scl_slope) && h.scl_slope !== 0) {
    slope = h.scl_slope;
    inter = finiteOr(h.scl_inter, 0);
    if (slope !== 1 || inter !== 0) for (let i = 0; i < data.length; i++) data[i] = data[i]! * slope + inter;
  }
  let integerValued = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v) || v !== Math.round(v)) {
      integerValued = false;
      break;
    }
  }

  return {
    dims: shape,
    spacing,
    origin: [affine[3]!, affine[7]!, affine[11]!],
    data,
    affine,
    header: {
      version,
      datatype: dt.name,
      description: h.description.replace(/\0.*$/s, '').trim(),
      spatialUnits: units,
      affineSource: source,
      sformCode: h.sform_code,
      qformCode: h.qform_code,
      sclSlope: slope,
      sclInter: inter,
      integerValued,
      littleEndian,
      warnings,
    },
  };
}
