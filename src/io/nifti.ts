/**
 * NIfTI-1 / NIfTI-2 reading and NIfTI-1 writing (single-file `.nii`, optionally gzipped).
 *
 * Pure: runs in the browser, a worker and Node. Header fields are parsed by nifti-reader-js; gzip is
 * handled by fflate (already a dependency of nifti-reader-js, so no pako in the bundle). Every failure
 * on user data is a {@link NiftiError} whose message says what was wrong and what would work.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import type { Vec3, Volume, VoxelArray } from '../geometry/types.ts';
import { UserInputError } from './errors.ts';

/** A NIfTI file could not be read (or a volume could not be written) — the message is for a person. */
export class NiftiError extends UserInputError {
  override name = 'NiftiError';
}

/** Voxel types this reader understands. */
export type NiftiDatatype =
  'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Voxel types {@link writeNifti} can store. */
export type NiftiWriteDatatype = 'uint8' | 'int16' | 'float32';

/** Largest accepted size along one axis (voxels). */
export const NIFTI_MAX_AXIS = 1024;
/** Largest accepted voxel count (512 M). */
export const NIFTI_MAX_VOXELS = 512 * 1024 * 1024;

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
}

/** A 3-D NIfTI volume: float32 voxel values in mm geometry plus the header facts. */
export interface NiftiVolume extends Volume<Float32Array> {
  /** 4×4 row-major voxel-index → world (mm) affine. */
  affine: Float64Array;
  header: NiftiHeaderInfo;
}

/** Options for {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** Gzip the output (`.nii.gz`). Default false. */
  gzip?: boolean;
  /** Stored voxel type; default follows the data (Uint8Array → uint8, Int16Array → int16, else float32). */
  datatype?: NiftiWriteDatatype;
  /** Header `descrip` (ASCII, at most 79 characters are kept). */
  description?: string;
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

const WRITE_CODES: Record<NiftiWriteDatatype, { code: number; bits: number }> = {
  uint8: { code: 2, bits: 8 },
  int16: { code: 4, bits: 16 },
  float32: { code: 16, bits: 32 },
};

const SUPPORTED_LIST = 'uint8, int8, int16, uint16, int32, uint32, float32 or float64';

/** Deflate cannot compress by more than ~1032:1; a gzip trailer claiming more is corrupt. */
const MAX_DEFLATE_RATIO = 1100;

function toU8(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

function isGzip(u: Uint8Array): boolean {
  return u.length >= 2 && u[0] === 0x1f && u[1] === 0x8b;
}

function gunzip(u: Uint8Array): Uint8Array {
  if (u.length < 18) {
    throw new NiftiError(
      `the file looks gzipped but holds only ${u.length} bytes: it is truncated or not gzip`,
    );
  }
  const n = u.length;
  const declared =
    ((u[n - 4] ?? 0) | ((u[n - 3] ?? 0) << 8) | ((u[n - 2] ?? 0) << 16) | ((u[n - 1] ?? 0) << 24)) >>> 0;
  if (declared > MAX_DEFLATE_RATIO * n + 65536) {
    throw new NiftiError(
      'the .nii.gz file is corrupt or truncated: its gzip trailer is not valid (file cut short during copy or download?)',
    );
  }
  try {
    return gunzipSync(u);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/EOF/i.test(msg)) {
      throw new NiftiError(
        'the .nii.gz file is truncated: its gzip stream ends early (file cut short during copy or download?)',
      );
    }
    throw new NiftiError(
      `the file starts like gzip but could not be decompressed (${msg}); is it really a .nii.gz?`,
    );
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

/** Rotation matrix (row-major 3×3) from the NIfTI quaternion (b, c, d), per nifti1.h. */
function quaternToRotation(b: number, c: number, d: number): number[] {
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d || 1);
    b *= s;
    c *= s;
    d *= s;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  return [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  ];
}

function readAffine(
  dv: DataView,
  version: 1 | 2,
  le: boolean,
  h: NIFTI1 | NIFTI2,
  spacing: Vec3,
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
        affine[4 * r + c] = v;
      }
    }
    if (ok) return { affine, source: 'sform' };
  }
  const b = finiteOr(h.quatern_b, 0);
  const c = finiteOr(h.quatern_c, 0);
  const d = finiteOr(h.quatern_d, 0);
  if (h.qform_code > 0) {
    const rot = quaternToRotation(b, c, d);
    const qfac = (h.pixDims[0] ?? 1) < 0 ? -1 : 1;
    for (let r = 0; r < 3; r++) {
      for (let col = 0; col < 3; col++) {
        affine[4 * r + col] = (rot[3 * r + col] ?? 0) * spacing[col]! * (col === 2 ? qfac : 1);
      }
    }
    affine[3] = finiteOr(h.qoffset_x, 0);
    affine[7] = finiteOr(h.qoffset_y, 0);
    affine[11] = finiteOr(h.qoffset_z, 0);
    return { affine, source: 'qform' };
  }
  affine.fill(0);
  affine[0] = spacing[0];
  affine[5] = spacing[1];
  affine[10] = spacing[2];
  affine[15] = 1;
  return { affine, source: 'pixdim' };
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
      `the volume is too large (${shape.join('×')} voxels; the limit is ${NIFTI_MAX_AXIS} per axis and 512 M in all); crop or downsample it first`,
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
  const raw = u.slice(offset, offset + count * dt.bytes); // aligned copy
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
 * `origin` = world position of voxel (0,0,0), and `affine` = sform (sform_code > 0), else the qform,
 * else diag(spacing); lengths are converted to mm when `xyzt_units` says metres or microns.
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
  const { version, littleEndian } = sniff(u, gz);
  const hdrLen = version === 1 ? 348 : 540;
  // Parse a copy of the bare header (extension flag cleared) so the library never walks extensions.
  const hdrBytes = new Uint8Array(hdrLen + 4);
  hdrBytes.set(u.subarray(0, hdrLen));
  const h = version === 1 ? new NIFTI1() : new NIFTI2();
  h.readHeader(hdrBytes.buffer);
  const dv = new DataView(hdrBytes.buffer);

  const shape = checkDims(h.dims);
  const pix = checkPixdim(h.pixDims);
  const dt = DATATYPES[h.datatypeCode];
  if (!dt) {
    const name = UNSUPPORTED_DATATYPES[h.datatypeCode] ?? `code ${h.datatypeCode}`;
    throw new NiftiError(`unsupported voxel datatype ${name}; expected ${SUPPORTED_LIST}`);
  }
  const voxOffset = Math.floor(Number(h.vox_offset));
  if (!Number.isFinite(voxOffset) || voxOffset < hdrLen) {
    throw new NiftiError(
      `the header is corrupt: vox_offset = ${h.vox_offset} (voxel data must start at byte ${hdrLen} or later)`,
    );
  }
  const count = shape[0] * shape[1] * shape[2];
  const need = count * dt.bytes;
  const have = Math.max(0, u.length - voxOffset);
  if (have < need) {
    throw new NiftiError(
      `the file is truncated: the header says ${need} bytes of voxel data (${shape.join('×')} ${dt.name}), the file holds ${have} (cut short during copy or download?)`,
    );
  }

  const { units, scale } = unitInfo(h.xyzt_units);
  const spacing: Vec3 = [pix[0] * scale, pix[1] * scale, pix[2] * scale];
  const { affine, source } = readAffine(dv, version, littleEndian, h, spacing);
  if (scale !== 1 && source === 'sform') {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) affine[4 * r + c]! *= scale;
  } else if (scale !== 1 && source === 'qform') {
    for (const i of [3, 7, 11]) affine[i]! *= scale;
  }

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
    },
  };
}

/** The affine a volume stands for: its own, or diag(spacing) translated to origin. */
export function volumeAffine(vol: Volume): Float64Array {
  if (vol.affine && vol.affine.length === 16) return Float64Array.from(vol.affine);
  const a = new Float64Array(16);
  a[0] = vol.spacing[0];
  a[5] = vol.spacing[1];
  a[10] = vol.spacing[2];
  a[3] = vol.origin[0];
  a[7] = vol.origin[1];
  a[11] = vol.origin[2];
  a[15] = 1;
  return a;
}

/** NIfTI quaternion (b, c, d) and qfac from the rotation part of an affine (nifti_mat44_to_quatern). */
export function affineToQuatern(affine: ArrayLike<number>): {
  b: number;
  c: number;
  d: number;
  qfac: number;
} {
  const m = (r: number, c: number): number => affine[4 * r + c] ?? 0;
  // Unit columns, made orthogonal by Gram–Schmidt (exact for rigid + scale affines).
  const cols: number[][] = [0, 1, 2].map((c) => [m(0, c), m(1, c), m(2, c)]);
  const norm = (v: number[]): number => Math.hypot(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
  const dot = (p: number[], q: number[]): number =>
    (p[0] ?? 0) * (q[0] ?? 0) + (p[1] ?? 0) * (q[1] ?? 0) + (p[2] ?? 0) * (q[2] ?? 0);
  const unit = (v: number[], fallback: number[]): number[] => {
    const n = norm(v);
    return n > 1e-12 ? v.map((x) => x / n) : fallback;
  };
  const e0 = unit(cols[0] ?? [], [1, 0, 0]);
  let e1 = cols[1] ?? [];
  e1 = unit(
    e1.map((x, i) => x - dot(e1, e0) * (e0[i] ?? 0)),
    [0, 1, 0],
  );
  let e2 = cols[2] ?? [];
  e2 = unit(
    e2.map((x, i) => x - dot(e2, e0) * (e0[i] ?? 0) - dot(e2, e1) * (e1[i] ?? 0)),
    [0, 0, 1],
  );
  const [r11 = 0, r21 = 0, r31 = 0] = e0;
  const [r12 = 0, r22 = 0, r32 = 0] = e1;
  let [r13 = 0, r23 = 0, r33 = 0] = e2;
  const det = r11 * (r22 * r33 - r32 * r23) - r12 * (r21 * r33 - r31 * r23) + r13 * (r21 * r32 - r31 * r22);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

function defaultDatatype(data: VoxelArray): NiftiWriteDatatype {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  return 'float32';
}

function encodeVoxels(data: VoxelArray, datatype: NiftiWriteDatatype, out: Uint8Array): void {
  const n = data.length;
  if (datatype === 'uint8') {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      out[i] = Number.isFinite(v) ? Math.min(255, Math.max(0, Math.round(v))) : 0;
    }
    return;
  }
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (datatype === 'int16') {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      dv.setInt16(2 * i, Number.isFinite(v) ? Math.min(32767, Math.max(-32768, Math.round(v))) : 0, true);
    }
    return;
  }
  for (let i = 0; i < n; i++) dv.setFloat32(4 * i, data[i]!, true);
}

/**
 * Write a volume as a single-file NIfTI-1 (`n+1`, voxel data at byte 352, little-endian), gzipped
 * when `opts.gzip`. The affine (or diag(spacing) + origin) goes into the sform (code 2, aligned) and,
 * as a quaternion, into the qform (code 1, scanner); units are mm.
 *
 * @throws NiftiError when the volume's shape, spacing or data length is inconsistent.
 */
export function writeNifti(vol: Volume, opts: WriteNiftiOptions = {}): Uint8Array {
  const [nx, ny, nz] = vol.dims;
  if (![nx, ny, nz].every((v) => Number.isInteger(v) && v > 0 && v <= 32767)) {
    throw new NiftiError(`cannot write a volume with dims ${vol.dims.join('×')} (each must be 1–32767)`);
  }
  if (vol.data.length !== nx * ny * nz) {
    throw new NiftiError(
      `cannot write: dims ${vol.dims.join('×')} need ${nx * ny * nz} voxels, data has ${vol.data.length}`,
    );
  }
  if (!vol.spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new NiftiError(`cannot write: spacing ${vol.spacing.join(', ')} must be finite and positive`);
  }
  const datatype = opts.datatype ?? defaultDatatype(vol.data);
  const { code, bits } = WRITE_CODES[datatype];
  const offset = 352;
  const bytes = new Uint8Array(offset + (vol.data.length * bits) / 8);
  const dv = new DataView(bytes.buffer);
  const affine = volumeAffine(vol);
  const q = affineToQuatern(affine);

  dv.setInt32(0, 348, true);
  const dims = [3, nx, ny, nz, 1, 1, 1, 1];
  dims.forEach((v, i) => dv.setInt16(40 + 2 * i, v, true));
  dv.setInt16(70, code, true);
  dv.setInt16(72, bits, true);
  const pixdim = [q.qfac, vol.spacing[0], vol.spacing[1], vol.spacing[2], 0, 0, 0, 0];
  pixdim.forEach((v, i) => dv.setFloat32(76 + 4 * i, v, true));
  dv.setFloat32(108, offset, true);
  dv.setFloat32(112, 1, true); // scl_slope
  dv.setFloat32(116, 0, true); // scl_inter
  dv.setUint8(123, 2); // xyzt_units: mm
  const descrip = (opts.description ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 79);
  for (let i = 0; i < descrip.length; i++) bytes[148 + i] = descrip.charCodeAt(i);
  dv.setInt16(252, 1, true); // qform_code: scanner
  dv.setInt16(254, 2, true); // sform_code: aligned
  dv.setFloat32(256, q.b, true);
  dv.setFloat32(260, q.c, true);
  dv.setFloat32(264, q.d, true);
  dv.setFloat32(268, affine[3]!, true);
  dv.setFloat32(272, affine[7]!, true);
  dv.setFloat32(276, affine[11]!, true);
  for (let i = 0; i < 12; i++) dv.setFloat32(280 + 4 * i, affine[i]!, true);
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  encodeVoxels(vol.data, datatype, bytes.subarray(offset));
  return opts.gzip ? gzipSync(bytes, { level: 6 }) : bytes;
}
