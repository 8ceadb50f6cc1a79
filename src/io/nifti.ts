/**
 * NIfTI-1 / NIfTI-2 reading (single-file `.nii`, optionally gzipped); writing is in niftiWrite.ts and
 * re-exported here.
 *
 * Pure: runs in the browser, a worker and Node. Header fields are parsed by nifti-reader-js; gzip is
 * handled by fflate (already a dependency of nifti-reader-js, so no pako in the bundle). Every failure
 * on user data is a {@link NiftiError} whose message says what was wrong and what would work.
 */
import { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import type { Vec3, Volume, VoxelArray } from '../geometry/types.ts';
import { NiftiError } from './errors.ts';
import { gunzipBounded, GunzipError } from './gunzipBounded.ts';
import { quaternToRotation } from './niftiAffine.ts';

export { NiftiError } from './errors.ts';
export { affineToQuatern, volumeAffine } from './niftiAffine.ts';
export { writeNifti, type NiftiWriteDatatype, type WriteNiftiOptions } from './niftiWrite.ts';

/** Voxel types this reader understands. */
export type NiftiDatatype =
  'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Largest accepted size along one axis (voxels). */
export const NIFTI_MAX_AXIS = 1024;
/** Largest accepted voxel count (512 M). */
export const NIFTI_MAX_VOXELS = 128 * 1024 * 1024;

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
  spatialUnits: 'mm' | 'm' | 'um' | 'unknown';
  /** Where the affine came from. */
  affineSource: 'sform' | 'qform' | 'pixdim';
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

interface DatatypeInfo {
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

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

/** Column c (0–2) of the 3×3 part of a row-major 4×4 affine. */
function column(affine: Float64Array, c: number): Vec3 {
  return [affine[c]!, affine[4 + c]!, affine[8 + c]!];
}

/**
 * Voxel → world affine as ITK builds it: the voxel size is always `pixdim` (`spacing`); the
 * orientation (and origin) come from the sform when its code is > 0 and its 3×3 part is finite and
 * non-degenerate, else from the qform when its code is > 0, else the axes are the identity. The sform's
 * columns are normalised before `spacing` is applied, so a sform that lost the voxel size (ACDC's
 * diag(−1, −1, 1)) still gives the right geometry; when its column lengths disagree with pixdim by
 * more than 1 % a warning says so.
 */
function readAffine(
  dv: DataView,
  version: 1 | 2,
  le: boolean,
  h: NIFTI1 | NIFTI2,
  spacing: Vec3,
  unitScale: number,
  warnings: string[],
): { affine: Float64Array; source: NiftiHeaderInfo['affineSource'] } {
  const affine = new Float64Array(16);
  affine[15] = 1;
  if (h.sform_code > 0) {
    let ok = true;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        const v =
          version === 1 ? dv.getFloat32(280 + 16 * r + 4 * c, le) : dv.getFloat64(400 + 32 * r + 8 * c, le);
        if (!Number.isFinite(v)) ok = false;
        affine[4 * r + c] = v * unitScale;
      }
    }
    const norms = [0, 1, 2].map((c) => Math.hypot(...column(affine, c)));
    const det = affineDet3(affine);
    if (
      ok &&
      norms.every((n) => n > 0 && Number.isFinite(n)) &&
      Math.abs(det) > 1e-12 * norms[0]! * norms[1]! * norms[2]!
    ) {
      const off = norms.map((n, c) => Math.abs(n / spacing[c]! - 1));
      if (off.some((d) => d > 0.01)) {
        const f = (v: readonly number[]): string => v.map((x) => +x.toPrecision(4)).join(' × ');
        warnings.push(
          `the sform's voxel sizes (${f(norms)} mm) disagree with pixdim (${f(spacing)} mm): pixdim was used, as ITK, 3D Slicer and nibabel do`,
        );
      }
      for (let c = 0; c < 3; c++) {
        const k = spacing[c]! / norms[c]!;
        for (let r = 0; r < 3; r++) affine[4 * r + c]! *= k;
      }
      return { affine, source: 'sform' };
    }
    warnings.push('the sform is not usable (not finite or degenerate): the qform or pixdim was used instead');
    affine.fill(0);
    affine[15] = 1;
  }
  if (h.qform_code > 0) {
    const b = finiteOr(h.quatern_b, 0);
    const c = finiteOr(h.quatern_c, 0);
    const d = finiteOr(h.quatern_d, 0);
    const rot = quaternToRotation(b, c, d);
    const qfac = (h.pixDims[0] ?? 1) < 0 ? -1 : 1;
    for (let r = 0; r < 3; r++) {
      for (let col = 0; col < 3; col++) {
        affine[4 * r + col] = (rot[3 * r + col] ?? 0) * spacing[col]! * (col === 2 ? qfac : 1);
      }
    }
    affine[3] = finiteOr(h.qoffset_x, 0) * unitScale;
    affine[7] = finiteOr(h.qoffset_y, 0) * unitScale;
    affine[11] = finiteOr(h.qoffset_z, 0) * unitScale;
    return { affine, source: 'qform' };
  }
  affine.fill(0);
  affine[0] = spacing[0];
  affine[5] = spacing[1];
  affine[10] = spacing[2];
  affine[15] = 1;
  return { affine, source: 'pixdim' };
}

function affineDet3(m: Float64Array): number {
  return (
    m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) -
    m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) +
    m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!)
  );
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

function checkPixdim(pix: number[]): Vec3 {
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

function unitInfo(xyzt: number): { units: NiftiHeaderInfo['spatialUnits']; scale: number } {
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

/** Decode `count` voxels of type `dt` at `offset` into float32. */
function decodeVoxels(
  u: Uint8Array,
  offset: number,
  count: number,
  dt: DatatypeInfo,
  le: boolean,
): Float32Array {
  // An aligned copy of exactly the voxel bytes. (`u.slice` would not do: on a Node Buffer it returns
  // a view whose `.buffer` is the whole file, so the header would be read as voxels.)
  const raw = new Uint8Array(count * dt.bytes);
  raw.set(u.subarray(offset, offset + count * dt.bytes));
  if (!le && dt.bytes > 1) {
    for (let i = 0; i < raw.length; i += dt.bytes) raw.subarray(i, i + dt.bytes).reverse();
  }
  const buf = raw.buffer;
  let src: VoxelArray | Int8Array | Uint32Array;
  switch (dt.name) {
    case 'uint8':
      src = raw;
      break;
    case 'int8':
      src = new Int8Array(buf);
      break;
    case 'int16':
      src = new Int16Array(buf);
      break;
    case 'uint16':
      src = new Uint16Array(buf);
      break;
    case 'int32':
      src = new Int32Array(buf);
      break;
    case 'uint32':
      src = new Uint32Array(buf);
      break;
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      src = new Float64Array(buf);
      break;
  }
  return Float32Array.from(src);
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

/** What the header says about where the voxels are and how many bytes they take. */
interface HeaderLayout {
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
function headerLayout(u: Uint8Array, gz: boolean): HeaderLayout {
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
