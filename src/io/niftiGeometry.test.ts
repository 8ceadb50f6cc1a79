/**
 * NIfTI geometry as ITK reads it (voxel size from pixdim, orientation from the sform or qform with
 * normalised columns), bounded gzip inflation, and Node Buffers of uncompressed files: known answers
 * on synthetic headers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../geometry/types.ts';
import { NiftiError, readNifti, writeNifti } from './nifti.ts';

const DIMS: Vec3 = [6, 5, 4];

/** A uint8 volume whose voxel (i, j, k) holds i + j + k, written with `affine` (sform and qform). */
function fileWith(affine: Float64Array, spacing: Vec3, datatype?: 'int16'): Uint8Array {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const data = datatype === 'int16' ? new Int16Array(n) : new Uint8Array(n);
  for (let k = 0; k < DIMS[2]; k++)
    for (let j = 0; j < DIMS[1]; j++)
      for (let i = 0; i < DIMS[0]; i++) data[i + DIMS[0] * (j + DIMS[1] * k)] = i + j + k;
  const vol: Volume = { dims: DIMS, spacing, origin: [affine[3]!, affine[7]!, affine[11]!], data, affine };
  return writeNifti(vol).slice();
}

const dvOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const setSform = (b: Uint8Array, m: ArrayLike<number>): void => {
  for (let i = 0; i < 12; i++) dvOf(b).setFloat32(280 + 4 * i, m[i]!, true);
};
const setCodes = (b: Uint8Array, q: number, s: number): void => {
  dvOf(b).setInt16(252, q, true);
  dvOf(b).setInt16(254, s, true);
};
const setPixdim = (b: Uint8Array, p: Vec3): void =>
  p.forEach((v, i) => dvOf(b).setFloat32(80 + 4 * i, v, true));

function diag(x: number, y: number, z: number, t: Vec3 = [0, 0, 0]): Float64Array {
  return new Float64Array([x, 0, 0, t[0], 0, y, 0, t[1], 0, 0, z, t[2], 0, 0, 0, 1]);
}

/** Rotation 25° about z then 40° about x, each column scaled by `s`, plus a translation. */
function oblique(s: Vec3): Float64Array {
  const [cz, sz, cx, sx] = [Math.cos(0.436), Math.sin(0.436), Math.cos(0.698), Math.sin(0.698)];
  const rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const a = new Float64Array(16);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let v = 0;
      for (let k = 0; k < 3; k++) v += rx[3 * i + k]! * rz[3 * k + j]!;
      a[4 * i + j] = v * s[j]!;
    }
  a[3] = 10.5;
  a[7] = -20.25;
  a[11] = 3;
  a[15] = 1;
  return a;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4): void {
  for (let i = 0; i < 16; i++) expect(got[i]!).toBeCloseTo(want[i]!, -Math.log10(tol));
}

describe('readNifti geometry (ITK rules)', () => {
  it('sform only: the sform, when its scales agree with pixdim', () => {
    const a = oblique([1.5, 2, 3]);
    const b = fileWith(a, [1.5, 2, 3]);
    setCodes(b, 0, 2);
    const v = readNifti(b);
    expect(v.header.affineSource).toBe('sform');
    expectClose(v.affine, a);
    expect(v.spacing).toEqual([1.5, 2, 3]);
    expect(v.header.warnings).toEqual([]);
  });

  it('qform only: rotation of the quaternion, scales of pixdim, offsets', () => {
    const a = oblique([1.5, 2, 3]);
    const b = fileWith(a, [1.5, 2, 3]);
    setCodes(b, 1, 0);
    setSform(b, new Float64Array(12)); // garbage-free but unused
    const v = readNifti(b);
    expect(v.header.affineSource).toBe('qform');
    expectClose(v.affine, a);
  });

  it('both: the sform wins over a different qform', () => {
    const a = oblique([1, 1, 2]);
    const b = fileWith(diag(1, 1, 2, [5, 6, 7]), [1, 1, 2]);
    setSform(b, a);
    setCodes(b, 1, 2);
    const v = readNifti(b);
    expect(v.header.affineSource).toBe('sform');
    expectClose(v.affine, a);
    expect(v.origin).toEqual([a[3]!, a[7]!, a[11]!].map(Math.fround));
  });

  it("disagreeing scales (ACDC's sform diag(−1, −1, 1)): pixdim gives the voxel size, with a warning", () => {
    const b = fileWith(diag(1.5625, 1.5625, 10), [1.5625, 1.5625, 10]);
    setSform(b, diag(-1, -1, 1));
    setCodes(b, 0, 1);
    const v = readNifti(b);
    expectClose(v.affine, diag(-1.5625, -1.5625, 10));
    expect(v.spacing).toEqual([1.5625, 1.5625, 10]);
    expect(v.header.warnings.join(' ')).toMatch(
      /sform's voxel sizes \(1 × 1 × 1 mm\) disagree with pixdim \(1\.563 × 1\.563 × 10 mm\)/,
    );
  });

  it('oblique sform with unit columns and anisotropic pixdim: orientation kept, columns scaled', () => {
    const unitCols = oblique([1, 1, 1]);
    const b = fileWith(unitCols, [1, 1, 1]);
    setPixdim(b, [0.8, 0.8, 6]);
    setCodes(b, 0, 2);
    const v = readNifti(b);
    expectClose(v.affine, oblique([0.8, 0.8, 6]));
    expect(v.header.warnings).toHaveLength(1);
  });

  it('scales within 1 % of pixdim: no warning', () => {
    const b = fileWith(diag(2.01, 2, 2), [2, 2, 2]);
    setCodes(b, 0, 2);
    const v = readNifti(b);
    expect(v.header.warnings).toEqual([]);
    expectClose(v.affine, diag(2, 2, 2));
  });

  it('a degenerate sform falls back to the qform, with a warning', () => {
    const a = oblique([1, 2, 3]);
    const b = fileWith(a, [1, 2, 3]);
    setSform(b, [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    setCodes(b, 1, 2);
    const v = readNifti(b);
    expect(v.header.affineSource).toBe('qform');
    expectClose(v.affine, a);
    expect(v.header.warnings.join(' ')).toMatch(/sform is not usable/);
  });

  it.each([1e-30, 1e30, 1e-40])('pixdim %s is refused as a corrupt header', (p) => {
    const b = fileWith(diag(1, 1, 1), [1, 1, 1]);
    setPixdim(b, [1, p, 1]);
    expect(() => readNifti(b)).toThrow(NiftiError);
    expect(() => readNifti(b)).toThrow(/voxel size along y .* outside 0\.001–10000 mm/);
  });
});

describe('readNifti: uncompressed files read through Node Buffers', () => {
  it('an int16 .nii read with readFileSync gives the voxels, not the header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nii-'));
    const path = join(dir, 'labels.nii');
    writeFileSync(path, fileWith(diag(1, 1, 1), [1, 1, 1], 'int16'));
    const buf = readFileSync(path); // a pooled Buffer view: byteOffset may be > 0, buffer larger
    const v = readNifti(buf);
    expect(v.header.datatype).toBe('int16');
    expect(v.data[0]).toBe(0);
    expect(v.data[1 + 6 * (2 + 5 * 3)]).toBe(6);
    expect(v.data[v.data.length - 1]).toBe(5 + 4 + 3);
  });

  it('a float32 .nii inside a larger ArrayBuffer at an odd offset', () => {
    const f = fileWith(diag(1, 1, 1), [1, 1, 1], 'int16');
    const big = new Uint8Array(f.length + 13);
    big.set(f, 7);
    const v = readNifti(big.subarray(7, 7 + f.length));
    expect(v.data[v.data.length - 1]).toBe(12);
  });
});

describe('readNifti: gzip without bombs', () => {
  const header = (): Uint8Array =>
    fileWith(diag(1, 1, 1), [1, 1, 1])
      .subarray(0, 352)
      .slice();

  it('refuses content far larger than its header says, without inflating it all', () => {
    const bomb = new Uint8Array(352 + 16 * 1024 * 1024);
    bomb.set(header());
    expect(() => readNifti(gzipSync(bomb))).toThrow(/holds more data than its header describes/);
  });

  it('refuses a header of 1024³ voxels before inflating the rest (the rest is cut short)', () => {
    const b = header();
    [3, 1024, 1024, 1024].forEach((d, i) => dvOf(b).setInt16(40 + 2 * i, d, true));
    const content = new Uint8Array(352 + 8 * 1024 * 1024);
    content.set(b);
    const gz = gzipSync(content);
    // Cut the stream: a reader that inflated first would report truncation, not the header's size.
    expect(() => readNifti(gz.subarray(0, gz.length - 100))).toThrow(/too large \(1024×1024×1024/);
  });

  it('refuses a wrong CRC-32 and a wrong size in the trailer', () => {
    const gz = gzipSync(fileWith(diag(1, 1, 1), [1, 1, 1])).slice();
    const crc = gz.slice();
    crc[crc.length - 6]! ^= 0x55;
    expect(() => readNifti(crc)).toThrow(/checksum \(CRC-32\) does not match/);
    const size = gz.slice();
    size[size.length - 4]! ^= 0x01;
    expect(() => readNifti(size)).toThrow(/gzip trailer says/);
    expect(readNifti(gz).data.length).toBe(120);
  });

  it('a truncated stream is named as such', () => {
    const gz = gzipSync(fileWith(diag(1, 1, 1), [1, 1, 1]));
    expect(() => readNifti(gz.subarray(0, gz.length - 20))).toThrow(/truncated/);
  });
});
