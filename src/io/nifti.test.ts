import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../geometry/types.ts';
import { NiftiError, readNifti, writeNifti } from './nifti.ts';
import { REALDATA_DIR, realdataPath } from '../../test/realdata.ts';

const ACDC_DIR = join(REALDATA_DIR, 'acdc');

function ramp<T extends Float32Array | Uint8Array | Int16Array>(
  make: (n: number) => T,
  dims: Vec3,
  f: (i: number) => number,
): T {
  const a = make(dims[0] * dims[1] * dims[2]);
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

/** An oblique affine: 30° about z then 20° about x, anisotropic scale, a translation. */
function obliqueAffine(spacing: Vec3): Float64Array {
  const cz = Math.cos(Math.PI / 6);
  const sz = Math.sin(Math.PI / 6);
  const cx = Math.cos(Math.PI / 9);
  const sx = Math.sin(Math.PI / 9);
  const rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j]! += rx[3 * i + k]! * rz[3 * k + j]!;
  const a = new Float64Array(16);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[4 * i + j] = r[3 * i + j]! * spacing[j]!;
  a[3] = -40.5;
  a[7] = 12.25;
  a[11] = 7.75;
  a[15] = 1;
  return a;
}

function expectAffineClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-6): void {
  for (let i = 0; i < 16; i++) {
    const w = want[i] ?? 0;
    expect(Math.abs((got[i] ?? 0) - w)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  }
}

function expectNiftiError(bytes: Uint8Array, pattern: RegExp): void {
  let caught: unknown;
  try {
    readNifti(bytes);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(NiftiError);
  expect((caught as Error).message).toMatch(pattern);
}

/** A valid little-endian uint8 4×3×2 file, to be damaged by the malformed-input tests. */
function validBytes(): Uint8Array {
  const vol: Volume = {
    dims: [4, 3, 2],
    spacing: [1, 1, 2],
    origin: [0, 0, 0],
    data: new Uint8Array(24).fill(1),
  };
  return writeNifti(vol).slice();
}

function setI16(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setInt16(at, v, true);
}
function setF32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setFloat32(at, v, true);
}

describe('writeNifti → readNifti round trip', () => {
  const dims: Vec3 = [5, 4, 3];
  const spacing: Vec3 = [0.7, 1.3, 2.5];
  const cases = [
    {
      name: 'uint8',
      data: ramp(
        (n) => new Uint8Array(n),
        dims,
        (i) => (i * 7) % 256,
      ),
    },
    {
      name: 'int16',
      data: ramp(
        (n) => new Int16Array(n),
        dims,
        (i) => (i % 2 ? -1 : 1) * i * 541,
      ),
    },
    {
      name: 'float32',
      data: ramp(
        (n) => new Float32Array(n),
        dims,
        (i) => Math.fround(Math.sin(i) * 12.5 - 3),
      ),
    },
  ] as const;

  for (const c of cases) {
    for (const gzip of [false, true]) {
      it(`${c.name} ${gzip ? '.nii.gz' : '.nii'} keeps dims, spacing, values and an oblique affine`, () => {
        const affine = obliqueAffine(spacing);
        const vol: Volume = {
          dims,
          spacing,
          origin: [affine[3]!, affine[7]!, affine[11]!],
          data: c.data,
          affine,
        };
        const bytes = writeNifti(vol, { gzip, description: 'round trip' });
        if (gzip) expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
        else expect(bytes.length).toBe(352 + c.data.byteLength);
        const back = readNifti(bytes);
        expect(back.dims).toEqual(dims);
        for (let i = 0; i < 3; i++) expect(back.spacing[i]).toBeCloseTo(spacing[i]!, 6);
        expect(back.header.datatype).toBe(c.name);
        expect(back.header.description).toBe('round trip');
        expect(back.header.affineSource).toBe('sform');
        expect(back.header.spatialUnits).toBe('mm');
        expect(back.data).toBeInstanceOf(Float32Array);
        expect(Array.from(back.data)).toEqual(Array.from(c.data));
        expect(back.header.integerValued).toBe(c.name !== 'float32');
        expectAffineClose(back.affine, affine);
        expect(back.origin[0]).toBeCloseTo(-40.5, 5);
      });
    }
  }

  it('without an affine writes diag(spacing) translated to origin', () => {
    const vol: Volume = {
      dims: [2, 2, 2],
      spacing: [1.5, 2, 3],
      origin: [10, -5, 2.5],
      data: new Float32Array(8),
    };
    const back = readNifti(writeNifti(vol));
    expectAffineClose(back.affine, [1.5, 0, 0, 10, 0, 2, 0, -5, 0, 0, 3, 2.5, 0, 0, 0, 1]);
    expect(back.origin).toEqual([10, -5, 2.5]);
  });

  it('the qform alone reproduces the oblique affine (sform_code cleared)', () => {
    const spacing2: Vec3 = [0.8, 1.1, 3];
    for (const flip of [false, true]) {
      const affine = obliqueAffine(spacing2);
      if (flip) for (const i of [2, 6, 10]) affine[i] = -affine[i]!; // left-handed: qfac = −1
      const vol: Volume = {
        dims: [3, 3, 3],
        spacing: spacing2,
        origin: [0, 0, 0],
        data: new Float32Array(27),
        affine,
      };
      const bytes = writeNifti(vol).slice();
      setI16(bytes, 254, 0);
      const back = readNifti(bytes);
      expect(back.header.affineSource).toBe('qform');
      expectAffineClose(back.affine, affine, 1e-5);
    }
  });

  it('applies scl_slope/scl_inter and converts metres to mm', () => {
    const bytes = validBytes();
    setF32(bytes, 112, 2);
    setF32(bytes, 116, -0.5);
    bytes[123] = 1; // metres
    setF32(bytes, 76 + 4, 0.001);
    setF32(bytes, 76 + 8, 0.001);
    setF32(bytes, 76 + 12, 0.002);
    setI16(bytes, 254, 0);
    setI16(bytes, 252, 0);
    const back = readNifti(bytes);
    expect(back.data[0]).toBeCloseTo(1.5, 6);
    expect(back.spacing[2]).toBeCloseTo(2, 5);
    expect(back.header.spatialUnits).toBe('m');
    expect(back.header.affineSource).toBe('pixdim');
    expect(back.affine[10]).toBeCloseTo(2, 5);
  });

  it('reads big-endian files', () => {
    const bytes = new Uint8Array(352 + 8 * 2);
    const dv = new DataView(bytes.buffer);
    dv.setInt32(0, 348, false);
    [3, 2, 2, 2, 1, 1, 1, 1].forEach((v, i) => dv.setInt16(40 + 2 * i, v, false));
    dv.setInt16(70, 4, false);
    dv.setInt16(72, 16, false);
    [1, 1, 1, 1].forEach((v, i) => dv.setFloat32(76 + 4 * i, v, false));
    dv.setFloat32(108, 352, false);
    bytes.set([0x6e, 0x2b, 0x31, 0], 344);
    for (let i = 0; i < 8; i++) dv.setInt16(352 + 2 * i, 1000 - i * 300, false);
    const back = readNifti(bytes);
    expect(back.header.littleEndian).toBe(false);
    expect(Array.from(back.data)).toEqual([1000, 700, 400, 100, -200, -500, -800, -1100]);
  });
});

describe('real ACDC label maps', () => {
  const files = existsSync(ACDC_DIR) ? readdirSync(ACDC_DIR).filter((f) => f.endsWith('.nii.gz')) : [];
  it('the sample directory holds ACDC files', () => {
    realdataPath('acdc'); // fails naming the folder when the development set is missing
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
  for (const f of files) {
    it(`${f}: 3-D, ~1.56×1.56×10 mm, labels ⊆ {0,1,2,3} with myocardium present`, () => {
      const vol = readNifti(readFileSync(join(ACDC_DIR, f)));
      expect(vol.dims.every((d) => d >= 5 && d <= 512)).toBe(true);
      expect(vol.dims[2]).toBeLessThan(30); // short-axis stack of thick slices
      expect(vol.spacing[0]).toBeGreaterThan(0.5);
      expect(vol.spacing[0]).toBeLessThan(3);
      expect(vol.spacing[2]).toBeGreaterThanOrEqual(5);
      expect(vol.spacing[2]).toBeLessThanOrEqual(12);
      expect(vol.header.integerValued).toBe(true);
      const counts = new Map<number, number>();
      for (const v of vol.data) counts.set(v, (counts.get(v) ?? 0) + 1);
      const labels = [...counts.keys()].sort((a, b) => a - b);
      expect(labels.every((l) => [0, 1, 2, 3].includes(l))).toBe(true);
      expect(labels).toContain(2);
      expect(labels).toContain(3);
      // Myocardium volume: a plausible 40–300 mL (1.05 g/mL → 42–315 g).
      const voxMl = (vol.spacing[0] * vol.spacing[1] * vol.spacing[2]) / 1000;
      const myoMl = (counts.get(2) ?? 0) * voxMl;
      expect(myoMl).toBeGreaterThan(40);
      expect(myoMl).toBeLessThan(300);
    });
  }
});

describe('malformed input gives a specific NiftiError', () => {
  it('wrong magic', () => {
    const b = validBytes();
    b.set([0x78, 0x79, 0x7a, 0], 344);
    expectNiftiError(b, /not a NIfTI file: it has the wrong magic \(expected 'n\+1' at byte 344, found 'xyz/);
  });
  it('too short to be NIfTI', () => {
    expectNiftiError(
      new TextEncoder().encode('hello world'),
      /not a NIfTI file: it is 11 bytes, shorter than/,
    );
  });
  it('gzip of something that is not NIfTI', () => {
    const notNifti = gzipSync(new Uint8Array(2000).fill(65));
    expectNiftiError(notNifti, /not a NIfTI file: the gzip content has the wrong magic/);
  });
  it('truncated voxel data (.nii and inside a complete .nii.gz)', () => {
    const b = validBytes();
    const cut = b.subarray(0, b.length - 10);
    expectNiftiError(
      cut,
      /the file is truncated: the header says 24 bytes of voxel data .* the file holds 14/,
    );
    expectNiftiError(gzipSync(cut), /the file is truncated: the header says 24 bytes of voxel data/);
  });
  it('truncated gzip stream', () => {
    const vol: Volume = {
      dims: [40, 40, 40],
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      data: ramp(
        (n) => new Float32Array(n),
        [40, 40, 40],
        (i) => Math.sin(i * 0.37),
      ),
    };
    const gz = writeNifti(vol, { gzip: true });
    expectNiftiError(gz.subarray(0, Math.floor(gz.length / 2)), /truncated/);
  });
  it('unsupported datatype', () => {
    const b = validBytes();
    setI16(b, 70, 128);
    expectNiftiError(b, /unsupported voxel datatype rgb24; expected uint8/);
    setI16(b, 70, 77);
    expectNiftiError(b, /unsupported voxel datatype code 77/);
  });
  it('4-D with several frames', () => {
    const b = validBytes();
    setI16(b, 40, 4);
    setI16(b, 48, 10);
    expectNiftiError(b, /^expected a 3-D volume; got 4-D with 10 frames — pick one frame first$/);
  });
  it('4-D with a single frame is accepted as 3-D', () => {
    const b = validBytes();
    setI16(b, 40, 4);
    setI16(b, 48, 1);
    expect(readNifti(b).dims).toEqual([4, 3, 2]);
  });
  it('2-D image', () => {
    const b = validBytes();
    setI16(b, 40, 2);
    expectNiftiError(b, /^this is a 2-D image \(4×3×1 voxels\), expected a 3-D label map/);
    const c = validBytes();
    setI16(c, 46, 1);
    expectNiftiError(c, /this is a 2-D image/);
  });
  it('zero dims', () => {
    const b = validBytes();
    setI16(b, 44, 0);
    expectNiftiError(b, /dim\[2\] = 0; every axis needs at least one voxel/);
  });
  it('huge dims', () => {
    const b = validBytes();
    setI16(b, 42, 2000);
    expectNiftiError(b, /too large \(2000×3×2 voxels; the limit is 1024 per axis/);
    const c = validBytes();
    setI16(c, 42, 1000);
    setI16(c, 44, 1000);
    setI16(c, 46, 1000);
    expectNiftiError(c, /too large \(1000×1000×1000 voxels.*128 M/);
  });
  it('zero or non-finite pixdim', () => {
    const b = validBytes();
    setF32(b, 80, 0);
    expectNiftiError(b, /pixdim\[1\] \(voxel size along x\) is 0; voxel sizes must be finite and non-zero/);
    const c = validBytes();
    setF32(c, 88, NaN);
    expectNiftiError(c, /pixdim\[3\] \(voxel size along z\) is NaN/);
    const d = validBytes();
    setF32(d, 84, Infinity);
    expectNiftiError(d, /pixdim\[2\] .* is Infinity/);
  });
  it('hdr/img pair header', () => {
    const b = validBytes();
    b.set([0x6e, 0x69, 0x31, 0], 344);
    expectNiftiError(b, /\.hdr\/\.img pair/);
  });

  it('never hangs or throws anything but NiftiError on random bytes or corrupted headers', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const good = validBytes();
    const goodGz = gzipSync(good);
    for (let trial = 0; trial < 600; trial++) {
      let b: Uint8Array;
      if (trial % 3 === 0) {
        b = new Uint8Array(Math.floor(rand() * 2000));
        for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 256);
        if (trial % 2 === 0 && b.length > 2) b.set([0x1f, 0x8b, 8], 0);
      } else {
        b = (trial % 3 === 1 ? good : goodGz).slice();
        const flips = 1 + Math.floor(rand() * 8);
        for (let k = 0; k < flips; k++)
          b[Math.floor(rand() * Math.min(b.length, 360))] = Math.floor(rand() * 256);
      }
      try {
        const v = readNifti(b);
        expect(v.data.length).toBe(v.dims[0] * v.dims[1] * v.dims[2]);
      } catch (e) {
        expect(e).toBeInstanceOf(NiftiError);
      }
    }
  });
});
