/**
 * NIfTI-1 writing: single-file `.nii` (`n+1`, voxel data at byte 352, little-endian), optionally
 * gzipped with fflate. Pure (browser, worker, Node).
 */
import { gzipSync } from 'fflate';
import type { Volume, VoxelArray } from '../geometry/types.ts';
import { NiftiError } from './errors.ts';
import { affineToQuatern, volumeAffine } from './niftiAffine.ts';

/** Voxel types {@link writeNifti} can store. */
export type NiftiWriteDatatype = 'uint8' | 'int16' | 'float32';

/** Options for {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** Gzip the output (`.nii.gz`). Default false. */
  gzip?: boolean;
  /** Stored voxel type; default follows the data (Uint8Array → uint8, Int16Array → int16, else float32). */
  datatype?: NiftiWriteDatatype;
  /** Header `descrip` (ASCII, at most 79 characters are kept). */
  description?: string;
}

const WRITE_CODES: Record<NiftiWriteDatatype, { code: number; bits: number }> = {
  uint8: { code: 2, bits: 8 },
  int16: { code: 4, bits: 16 },
  float32: { code: 16, bits: 32 },
};

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
