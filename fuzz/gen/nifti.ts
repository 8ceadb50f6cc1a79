/**
 * Malformed NIfTI-1 files made from a small valid one: header fields overwritten (dims, pixdim,
 * datatype, vox_offset, scaling, affines, magic), other voxel types, big-endian byte order,
 * truncations, and gzip variants (bombs, wrong CRC, extra header fields, several members).
 * Offsets follow the NIfTI-1 header layout (nifti1.h); the data start at byte 352.
 */
import { writeNifti } from '../../src/io/nifti.ts';
import type { Volume } from '../../src/geometry/types.ts';

/** Byte offsets of the NIfTI-1 header fields the mutations touch. */
export const H = {
  sizeofHdr: 0,
  dim: 40, // int16 × 8
  intentCode: 68,
  datatype: 70,
  bitpix: 72,
  pixdim: 76, // float32 × 8
  voxOffset: 108,
  sclSlope: 112,
  sclInter: 116,
  xyztUnits: 123,
  descrip: 148,
  qformCode: 252,
  sformCode: 254,
  quatern: 256, // b, c, d, then qoffset x, y, z (float32 × 6)
  srow: 280, // float32 × 12
  magic: 344,
} as const;

/** (offset, bytes) of every multi-byte header field, for byte-swapping the header. */
const SWAP_FIELDS: [number, number, number][] = [
  // [offset, element size, count]
  [0, 4, 1],
  [32, 4, 1],
  [36, 2, 1],
  [40, 2, 8],
  [56, 4, 3],
  [68, 2, 3],
  [74, 2, 1],
  [76, 4, 8],
  [108, 4, 3],
  [120, 2, 1],
  [124, 4, 6],
  [252, 2, 2],
  [256, 4, 18],
];

/** A copy of `b` with `edit(view, bytes)` applied. */
export function edited(b: Uint8Array, edit: (dv: DataView, u: Uint8Array) => void): Uint8Array {
  const u = b.slice();
  edit(new DataView(u.buffer), u);
  return u;
}

export const setI16 = (b: Uint8Array, at: number, v: number): Uint8Array =>
  edited(b, (dv) => dv.setInt16(at, v, true));
export const setF32 = (b: Uint8Array, at: number, v: number): Uint8Array =>
  edited(b, (dv) => dv.setFloat32(at, v, true));

/** pixdim[1..3] all set to `mm`. */
export function withPixdim(b: Uint8Array, mm: number, axes: number[] = [1, 2, 3]): Uint8Array {
  return edited(b, (dv) => {
    for (const i of axes) dv.setFloat32(H.pixdim + 4 * i, mm, true);
  });
}

/** The sform rows set to `rows` (3 × 4, row-major) with sform_code `code`. */
export function withSform(b: Uint8Array, rows: number[], code = 1): Uint8Array {
  return edited(b, (dv) => {
    dv.setInt16(H.sformCode, code, true);
    rows.forEach((v, i) => dv.setFloat32(H.srow + 4 * i, v, true));
  });
}

/** The qform set to quaternion (b, c, d) and offsets, sform cleared. */
export function withQform(b: Uint8Array, q: number[], offset: number[] = [0, 0, 0]): Uint8Array {
  return edited(b, (dv) => {
    dv.setInt16(H.sformCode, 0, true);
    dv.setInt16(H.qformCode, 1, true);
    [...q, ...offset].forEach((v, i) => dv.setFloat32(H.quatern + 4 * i, v, true));
  });
}

type Converter = { code: number; bits: number; put: (dv: DataView, at: number, v: number) => void };

/** Voxel types a uint8 label map can be re-stored as without changing its values. */
export const RESTORE: Record<string, Converter> = {
  int8: { code: 256, bits: 8, put: (dv, at, v) => dv.setInt8(at, v) },
  int16: { code: 4, bits: 16, put: (dv, at, v) => dv.setInt16(at, v, true) },
  uint16: { code: 512, bits: 16, put: (dv, at, v) => dv.setUint16(at, v, true) },
  int32: { code: 8, bits: 32, put: (dv, at, v) => dv.setInt32(at, v, true) },
  uint32: { code: 768, bits: 32, put: (dv, at, v) => dv.setUint32(at, v, true) },
  float32: { code: 16, bits: 32, put: (dv, at, v) => dv.setFloat32(at, v, true) },
  float64: { code: 64, bits: 64, put: (dv, at, v) => dv.setFloat64(at, v, true) },
};

/** The uint8 `.nii` `b` (data at 352) re-stored as `type`, values unchanged. */
export function restored(b: Uint8Array, type: keyof typeof RESTORE): Uint8Array {
  const c = RESTORE[type]!;
  const n = b.length - 352;
  const bytes = c.bits / 8;
  const out = new Uint8Array(352 + n * bytes);
  out.set(b.subarray(0, 352));
  const dv = new DataView(out.buffer);
  dv.setInt16(H.datatype, c.code, true);
  dv.setInt16(H.bitpix, c.bits, true);
  for (let i = 0; i < n; i++) c.put(dv, 352 + i * bytes, b[352 + i]!);
  return out;
}

/** The little-endian `.nii` `b` with header and voxels (of `elem` bytes) in big-endian order. */
export function bigEndian(b: Uint8Array, elem: number): Uint8Array {
  const u = b.slice();
  for (const [at, size, count] of SWAP_FIELDS) {
    for (let k = 0; k < count; k++) u.subarray(at + k * size, at + (k + 1) * size).reverse();
  }
  if (elem > 1) for (let i = 352; i + elem <= u.length; i += elem) u.subarray(i, i + elem).reverse();
  return u;
}

/** A NIfTI-1 file of `vol` with the given description (uint8 for label maps, else float32). */
export function niftiOf(vol: Volume, description: string, datatype?: 'uint8' | 'float32'): Uint8Array {
  return writeNifti(vol, datatype ? { description, datatype } : { description });
}
