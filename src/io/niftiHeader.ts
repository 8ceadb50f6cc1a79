/**
 * NIfTI-1 / NIfTI-2 header checks: which version and byte order the bytes are, the datatypes this
 * reader understands, and the dims, pixdim, units and voxel offset the header declares. Every failure
 * is a {@link NiftiError} whose message says what was wrong and what would work.
 *
 * Pure: runs in the browser, a worker and Node. Header fields are parsed by nifti-reader-js.
 */
import { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import type { Vec3 } from '../geometry/types.ts';
import { NiftiError } from './errors.ts';

/** Voxel types this reader understands. */
export type NiftiDatatype =
  'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Largest accepted size along one axis (voxels). */
export const NIFTI_MAX_AXIS = 1024;
/** Largest accepted voxel count (128 Mi). */
export const NIFTI_MAX_VOXELS = 128 * 1024 * 1024;

/** Spatial unit declared in `xyzt_units`. */
export type NiftiSpatialUnits = 'mm' | 'm' | 'um' | 'unknown';

/** A supported voxel type and its size in bytes. */
export interface DatatypeInfo {
  name: NiftiDatatype;
  bytes: number;
}

const DATATYPES: Record<number, DatatypeInfo> = {
  2: { name: 'uint8', bytes: 1 },
  4: { name: 'int16', bytes: 2 },
  8: { name: 'int32', bytes: 4 },
  16: { name: 'float32', bytes: 4 },
  64: { name: 'float64', bytes: 8 },
  256: { name: 'int8', bytes: 1 },
  512: { name: 'uint16', bytes: 2 },
  768: { name: 'uint32', bytes: 4 },
};

const UNSUPPORTED_DATATYPES: Record<number, string> = {
  0: 'unknown (0)',
  1: 'binary (1 bit per voxel)',
  32: 'complex64',
  128: 'rgb24',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'rgba32',
};

const SUPPORTED_LIST = 'uint8, int8, int16, uint16, int32, uint32, float32 or float64';

function describeBytes(u: Uint8Array, at: number, len: number): string {
  const out: string[] = [];
  for (let i = at; i < Math.min(u.length, at + len); i++) {
    const c = u[i] ?? 0;
    out.push(c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`);
  }
  return `'${out.join('')}'`;
}

function magicAt(u: Uint8Array, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (u[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Decide NIfTI version and endianness from `sizeof_hdr`, or explain why this is not NIfTI. */
function sniff(u: Uint8Array, gz: boolean): { version: 1 | 2; littleEndian: boolean } {
  const what = gz ? 'not a NIfTI file: the gzip content' : 'not a NIfTI file: it';
  if (u.length < 348) {
    throw new NiftiError(`${what} is ${u.length} bytes, shorter than a NIfTI-1 header (348 bytes)`);
  }
  const dv = new DataView(u.buffer, u.byteOffset, u.byteLength);
  const le = dv.getInt32(0, true);
  const be = dv.getInt32(0, false);
  if (le === 540 || be === 540) {
    if (u.length < 540 || !magicAt(u, 4, 'n+2')) {
      throw new NiftiError(`${what} has a NIfTI-2 header size but not the 'n+2' magic at byte 4`);
    }
    return { version: 2, littleEndian: le === 540 };
  }
  if (magicAt(u, 344, 'ni1')) {
    throw new NiftiError(
      'this is the header of a .hdr/.img pair; convert it to a single .nii or .nii.gz file (e.g. with nibabel or fslchfiletype)',
    );
  }
  if ((le !== 348 && be !== 348) || !magicAt(u, 344, 'n+1')) {
    throw new NiftiError(
      `${what} has the wrong magic (expected 'n+1' at byte 344, found ${describeBytes(u, 344, 4)}); expected a .nii or .nii.gz file`,
    );
  }
  return { version: 1, littleEndian: le === 348 };
}

/** `v` when finite, else `fallback`. */
export function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Check dims; returns the 3-D shape or throws a NiftiError naming the problem. */
function checkDims(dims: number[]): Vec3 {
  const ndim = dims[0] ?? 0;
  if (!Number.isInteger(ndim) || ndim < 1 || ndim > 7) {
    throw new NiftiError(`the header is corrupt: dim[0] = ${ndim} (the number of dimensions must be 1–7)`);
  }
  const d = (i: number): number => (i <= ndim ? (dims[i] ?? 0) : 1);
  for (let i = 1; i <= ndim; i++) {
    if (!(d(i) > 0)) {
      throw new NiftiError(
        `the header is corrupt: dim[${i}] = ${d(i)}; every axis needs at least one voxel (zero-sized volume)`,
      );
    }
  }
  let extra = 1;
  for (let i = 4; i <= ndim; i++) extra *= d(i);
  if (extra > 1) {
    const frames = d(4);
    const detail =
      ndim === 4 || extra === frames
        ? `with ${plural(frames, 'frame')}`
        : `with ${plural(extra, 'sub-volume')}`;
    throw new NiftiError(`expected a 3-D volume; got ${ndim}-D ${detail} — pick one frame first`);
  }
  const shape: Vec3 = [d(1), d(2), d(3)];
  if (ndim < 3 || shape.some((s) => s === 1)) {
    throw new NiftiError(
      `this is a 2-D image (${shape.join('×')} voxels), expected a 3-D label map or volume with at least 2 voxels along each axis`,
    );
  }
  const count = shape[0] * shape[1] * shape[2];
  if (shape.some((s) => s > NIFTI_MAX_AXIS) || count > NIFTI_MAX_VOXELS) {
    throw new NiftiError(
      `the volume is too large (${shape.join('×')} voxels; the limit is ${NIFTI_MAX_AXIS} per axis and 128 M in all); crop or downsample it first`,
    );
  }
  return shape;
}

/** |pixdim[1..3]| (voxel sizes in the header's units), or a NiftiError when one is zero or not finite. */
export function checkPixdim(pix: number[]): Vec3 {
  const axes = ['x', 'y', 'z'];
  const out: number[] = [];
  for (let i = 1; i <= 3; i++) {
    const v = pix[i] ?? NaN;
    if (!Number.isFinite(v) || v === 0) {
      throw new NiftiError(
        `the header is corrupt: pixdim[${i}] (voxel size along ${axes[i - 1]}) is ${v}; voxel sizes must be finite and non-zero`,
      );
    }
    out.push(Math.abs(v));
  }
  return [out[0] ?? 1, out[1] ?? 1, out[2] ?? 1];
}

/** Spatial unit of `xyzt_units` and its scale to mm. */
export function unitInfo(xyzt: number): { units: NiftiSpatialUnits; scale: number } {
  switch (xyzt & 7) {
    case 1:
      return { units: 'm', scale: 1000 };
    case 2:
      return { units: 'mm', scale: 1 };
    case 3:
      return { units: 'um', scale: 0.001 };
    default:
      return { units: 'unknown', scale: 1 };
  }
}

/** What the header says about where the voxels are and how many bytes they take. */
export interface HeaderLayout {
  version: 1 | 2;
  littleEndian: boolean;
  header: NIFTI1 | NIFTI2;
  /** DataView over a copy of the bare header. */
  dv: DataView;
  shape: Vec3;
  dt: DatatypeInfo;
  voxOffset: number;
  needBytes: number;
}

/** Parses and checks the header at the start of `u` (the inflated content of a `.nii.gz`). */
export function headerLayout(u: Uint8Array, gz: boolean): HeaderLayout {
  const { version, littleEndian } = sniff(u, gz);
  const hdrLen = version === 1 ? 348 : 540;
  // Parse a copy of the bare header (extension flag cleared) so the library never walks extensions.
  const hdrBytes = new Uint8Array(hdrLen + 4);
  hdrBytes.set(u.subarray(0, hdrLen));
  const h = version === 1 ? new NIFTI1() : new NIFTI2();
  h.readHeader(hdrBytes.buffer);
  const dv = new DataView(hdrBytes.buffer);
  const shape = checkDims(h.dims);
  const dt = DATATYPES[h.datatypeCode];
  if (!dt) {
    const name = UNSUPPORTED_DATATYPES[h.datatypeCode] ?? `code ${h.datatypeCode}`;
    throw new NiftiError(`unsupported voxel datatype ${name}; expected ${SUPPORTED_LIST}`);
  }
  const voxOffset = Math.floor(Number(h.vox_offset));
  if (!Number.isFinite(voxOffset) || voxOffset < hdrLen || voxOffset > 64 * 1024 * 1024) {
    throw new NiftiError(
      `the header is corrupt: vox_offset = ${h.vox_offset} (voxel data must start at byte ${hdrLen} or later, within the first 64 MiB)`,
    );
  }
  const needBytes = shape[0] * shape[1] * shape[2] * dt.bytes;
  return { version, littleEndian, header: h, dv, shape, dt, voxOffset, needBytes };
}
