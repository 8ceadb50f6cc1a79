/**
 * NIfTI cases: a small LV label map and field (32³ voxels of 3.2 mm, made by the phantom code) and
 * their gzipped copies, broken in every header field and byte range the reader depends on, run
 * through `measure` (all), `mesh` (a share, which also checks that no output is left) and `encode`
 * (a few, when the shipped model is there).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { lvGrid, lvLabelMap, lvMyocardiumField } from '../../src/anatomy/lvPhantom.ts';
import { defaultLvParams } from '../../src/anatomy/lvParams.ts';
import { gzip, gzipBomb, gzipHeaderThenBomb, gzipWrongCrc } from '../gen/deflate.ts';
import {
  bigEndian,
  edited,
  H,
  niftiOf,
  restored,
  setF32,
  setI16,
  withPixdim,
  withQform,
  withSform,
} from '../gen/nifti.ts';
import { ROOT, type Expectation, type FuzzCase, type RunResult } from '../harness.ts';
import { finiteJson, meshWritten, sameMeasure } from './checks.ts';

/** The untouched inputs and the reference runs that give the numbers the checks compare with. */
export interface Reference {
  key: string;
  files: Record<string, Uint8Array>;
  argv: string[];
  /** The reference itself must be right: null when it is. */
  truth: (json: Record<string, unknown>) => string | null;
}

const params = defaultLvParams();
const grid = lvGrid({ size: 32, spacingMm: 3.2 });
const LAB = niftiOf(lvLabelMap(params, 'ED', grid), 'latent-anatomy lv ED labels');
const FIELD = niftiOf(lvMyocardiumField(params, 'ED', grid), 'latent-anatomy lv ED field', 'float32');
const LAB_GZ = gzip(LAB);
const FIELD_GZ = gzip(FIELD);

const cavityNear = (want: number, tol: number) => (j: Record<string, unknown>) => {
  const v = j.cavityMl;
  return typeof v === 'number' && Math.abs(v / want - 1) <= tol
    ? null
    : `cavity ${String(v)} mL, the phantom was asked for ${want} mL (±${tol * 100} %)`;
};

export const niftiReferences: Reference[] = [
  {
    key: 'lab',
    files: { 'in.nii': LAB },
    argv: ['measure', 'in.nii', '--json'],
    truth: cavityNear(params.edvMl, 0.15),
  },
  {
    key: 'field',
    files: { 'in.nii': FIELD },
    argv: ['measure', 'in.nii', '--json'],
    truth: cavityNear(params.edvMl, 0.15),
  },
];

type Check = (r: RunResult, dir: string) => string | null;

interface Variant {
  name: string;
  bytes: Uint8Array;
  expect: Expectation;
  /** Reference key the numbers must match (success), or 'finite' for inputs a reader cannot judge. */
  same?: string | 'finite';
  volScale?: number;
  ext?: '.nii' | '.nii.gz';
}

const base = (gz: boolean, field: boolean): Uint8Array =>
  field ? (gz ? FIELD_GZ : FIELD) : gz ? LAB_GZ : LAB;
const key = (field: boolean): string => (field ? 'field' : 'lab');

function variants(): Variant[] {
  const v: Variant[] = [];
  const err = (name: string, bytes: Uint8Array, ext: Variant['ext'] = '.nii'): void => {
    v.push({ name, bytes, expect: 'error', ext });
  };
  const same = (name: string, bytes: Uint8Array, ref: string, ext: Variant['ext'] = '.nii'): void => {
    v.push({ name, bytes, expect: 'success', same: ref, ext });
  };
  const either = (name: string, bytes: Uint8Array, ref: string, ext: Variant['ext'] = '.nii'): void => {
    v.push({ name, bytes, expect: 'either', same: ref, ext });
  };

  // Truncations at many offsets, plain and gzipped.
  for (const field of [false, true]) {
    const b = base(false, field);
    const n = b.length;
    for (const at of [0, 1, 4, 40, 100, 343, 347, 348, 351, 352, 353, 1000, n >> 2, n >> 1, n - 4, n - 1]) {
      err(`truncated-${key(field)}-nii@${at}`, b.subarray(0, at));
    }
    const g = base(true, field);
    const m = g.length;
    for (const at of [1, 2, 10, 17, 18, 30, 100, 500, m >> 2, m >> 1, m - 9, m - 8, m - 5, m - 1]) {
      err(`truncated-${key(field)}-gz@${at}`, g.subarray(0, at), '.nii.gz');
    }
  }

  // dims.
  for (const d0 of [0, -1, 1, 2, 8, 9, 32767]) err(`dim0=${d0}`, setI16(LAB, H.dim, d0));
  for (const d of [0, -1, -32768, 1, 31, 33, 1024, 32767]) {
    const bytes = setI16(LAB, H.dim + 2, d);
    if (d === 31) either(`dim1=${d}`, bytes, 'finite');
    else err(`dim1=${d}`, bytes);
  }
  for (const d of [0, 1, 64]) err(`dim3=${d}`, setI16(LAB, H.dim + 6, d));
  err(
    '4-D with 2 frames',
    edited(LAB, (dv) => (dv.setInt16(H.dim, 4, true), dv.setInt16(H.dim + 8, 2, true))),
  );
  same(
    '4-D with 1 frame',
    edited(LAB, (dv) => (dv.setInt16(H.dim, 4, true), dv.setInt16(H.dim + 8, 1, true))),
    'lab',
  );
  same(
    'dims beyond dim0 ignored',
    edited(LAB, (dv) => dv.setInt16(H.dim + 10, 7, true)),
    'lab',
  );
  err(
    '1024³ header over 32³ data',
    edited(LAB, (dv) => [1, 2, 3].forEach((i) => dv.setInt16(H.dim + 2 * i, 1024, true))),
  );
  err(
    '1024³ header over 32³ data, gzipped',
    gzip(edited(LAB, (dv) => [1, 2, 3].forEach((i) => dv.setInt16(H.dim + 2 * i, 1024, true)))),
    '.nii.gz',
  );

  // pixdim.
  const badPix = [NaN, Infinity, -Infinity, 0, 1e-30, 1e30, 1e-40, 1e-3, 0.005, 500, 5000, 3.4e38];
  for (const field of [false, true]) {
    for (const p of badPix) err(`pixdim=${p}-${key(field)}`, withPixdim(base(false, field), p));
    for (const p of [NaN, 0, 1e-30, 1e30])
      err(`pixdim-z=${p}-${key(field)}`, withPixdim(base(false, field), p, [3]));
  }
  for (const p of [NaN, 1e-30, 1e30, 1e-40]) err(`pixdim=${p}-gz`, gzip(withPixdim(LAB, p)), '.nii.gz');
  same('pixdim negative', withPixdim(LAB, -3.2), 'lab');
  for (const p of [1.6, 6.4]) {
    v.push({
      name: `pixdim=${p} (volumes × ${(p / 3.2) ** 3})`,
      bytes: withPixdim(LAB, p),
      expect: 'success',
      same: 'lab',
      volScale: (p / 3.2) ** 3,
    });
  }
  same('pixdim[0] (qfac) = -1', setF32(LAB, H.pixdim, -1), 'lab');
  same('pixdim[0] = NaN', setF32(LAB, H.pixdim, NaN), 'lab');
  same(
    'pixdim[4..7] = NaN',
    edited(LAB, (dv) => [4, 5, 6, 7].forEach((i) => dv.setFloat32(H.pixdim + 4 * i, NaN, true))),
    'lab',
  );

  // Units: metres and microns make 3.2 → 3200 mm and 0.0032 mm (refused); unknown units are mm.
  err(
    'units = metres',
    edited(LAB, (_dv, u) => (u[H.xyztUnits] = 1)),
  );
  err(
    'units = microns',
    edited(LAB, (_dv, u) => (u[H.xyztUnits] = 3)),
  );
  same(
    'units = unknown (0)',
    edited(LAB, (_dv, u) => (u[H.xyztUnits] = 0)),
    'lab',
  );
  same(
    'units = 7 (reserved)',
    edited(LAB, (_dv, u) => (u[H.xyztUnits] = 7)),
    'lab',
  );

  // Affines: measures do not depend on orientation; singular or non-finite matrices must not crash.
  const s = 3.2;
  for (const field of [false, true]) {
    const b = base(false, field);
    const k = key(field);
    either(`sform all zero (singular)-${k}`, withSform(b, new Array(12).fill(0)), k);
    either(`sform NaN-${k}`, withSform(b, [NaN, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0]), k);
    either(`sform Inf-${k}`, withSform(b, [Infinity, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0]), k);
    either(`sform rank 2-${k}`, withSform(b, [s, 0, 0, 0, 0, s, 0, 0, s, s, 0, 0]), k);
    err(`sform offset 1e30-${k}`, withSform(b, [s, 0, 0, 1e30, 0, s, 0, 0, 0, 0, s, 0]));
    err(`sform offset -1e7-${k}`, withSform(b, [s, 0, 0, 0, 0, s, 0, -1e7, 0, 0, s, 0]));
    same(`sform rotated 90°-${k}`, withSform(b, [0, -s, 0, 10, s, 0, 0, -20, 0, 0, s, 30]), k);
    same(
      `sform oblique-${k}`,
      withSform(b, [s * 0.8, -s * 0.6, 0, 0, s * 0.6, s * 0.8, 0, 0, 0, 0, s, 0]),
      k,
    );
    either(
      `sform scale ×2 of pixdim-${k}`,
      withSform(b, [2 * s, 0, 0, 0, 0, 2 * s, 0, 0, 0, 0, 2 * s, 0]),
      k,
    );
    either(`sform sheared-${k}`, withSform(b, [s, s, 0, 0, 0, s, 0, 0, 0, 0, s, 0]), k);
    either(`sform code 99-${k}`, withSform(b, [s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0], 99), k);
    either(`qform |q| > 1-${k}`, withQform(b, [2, 0, 0]), k);
    either(`qform NaN-${k}`, withQform(b, [NaN, NaN, NaN]), k);
    err(`qform offset 1e30-${k}`, withQform(b, [0, 0, 0], [1e30, 0, 0]));
    same(`qform 180° about z-${k}`, withQform(b, [0, 0, 1]), k);
  }

  // Datatypes: unsupported codes, and the label map re-stored in every supported type (same numbers).
  for (const code of [0, 1, 3, 6, 32, 128, 1024, 1280, 1536, 1792, 2048, 2304, 9999, -1]) {
    err(`datatype=${code}`, setI16(LAB, H.datatype, code));
  }
  for (const t of ['int8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const) {
    same(`label map as ${t} .nii`, restored(LAB, t), 'lab');
    same(`label map as ${t} .nii.gz`, gzip(restored(LAB, t)), 'lab', '.nii.gz');
  }
  err('datatype float32 over uint8 data (size mismatch)', setI16(LAB, H.datatype, 16));
  either(
    'datatype uint8 over float32 data',
    edited(FIELD, (dv) => (dv.setInt16(H.datatype, 2, true), dv.setInt16(H.bitpix, 8, true))),
    'finite',
  );
  either('bitpix 32 with uint8 datatype', setI16(LAB, H.bitpix, 32), 'lab');
  same('big-endian uint8', bigEndian(LAB, 1), 'lab');
  same('big-endian int16', bigEndian(restored(LAB, 'int16'), 2), 'lab');
  same('big-endian float32 field', bigEndian(FIELD, 4), 'field');
  same('big-endian float64, gzipped', gzip(bigEndian(restored(LAB, 'float64'), 8)), 'lab', '.nii.gz');

  // vox_offset.
  for (const o of [0, 100, 347, -1, NaN, Infinity, 1e20, 1e9, LAB.length])
    err(`vox_offset=${o}`, setF32(LAB, H.voxOffset, o));
  either('vox_offset=353 (data shifted by a byte)', setF32(LAB, H.voxOffset, 353), 'finite');
  err('vox_offset=352.5 over float data', setF32(FIELD, H.voxOffset, 352.5 + FIELD.length));

  // Scaling.
  for (const field of [false, true]) {
    const b = base(false, field);
    const k = key(field);
    same(`scl_slope NaN-${k}`, setF32(b, H.sclSlope, NaN), k);
    same(`scl_slope 0-${k}`, setF32(b, H.sclSlope, 0), k);
    either(`scl_slope Inf-${k}`, setF32(b, H.sclSlope, Infinity), k);
    either(`scl_slope 1e30-${k}`, setF32(b, H.sclSlope, 1e30), 'finite');
    either(`scl_slope -1-${k}`, setF32(b, H.sclSlope, -1), 'finite');
    either(`scl_slope 1e-30-${k}`, setF32(b, H.sclSlope, 1e-30), 'finite');
    either(
      `scl_inter NaN-${k}`,
      edited(b, (dv) => (dv.setFloat32(H.sclSlope, 1, true), dv.setFloat32(H.sclInter, NaN, true))),
      k,
    );
    either(
      `scl_inter 1e30-${k}`,
      edited(b, (dv) => (dv.setFloat32(H.sclSlope, 1, true), dv.setFloat32(H.sclInter, 1e30, true))),
      'finite',
    );
  }

  // Magic and header size.
  err(
    'magic ni1 (hdr/img pair)',
    edited(LAB, (_dv, u) => u.set([0x6e, 0x69, 0x31, 0], H.magic)),
  );
  err(
    'magic n+2 in a NIfTI-1 header',
    edited(LAB, (_dv, u) => u.set([0x6e, 0x2b, 0x32, 0], H.magic)),
  );
  err(
    'magic garbage',
    edited(LAB, (_dv, u) => u.set([0xff, 0xfe, 0, 7], H.magic)),
  );
  err(
    'sizeof_hdr 540 without n+2',
    edited(LAB, (dv) => dv.setInt32(0, 540, true)),
  );
  err(
    'sizeof_hdr 0',
    edited(LAB, (dv) => dv.setInt32(0, 0, true)),
  );
  err(
    'sizeof_hdr 1e6',
    edited(LAB, (dv) => dv.setInt32(0, 1e6, true)),
  );
  either(
    'description not ASCII, no NUL',
    edited(LAB, (_dv, u) => u.fill(0xe9, H.descrip, H.descrip + 80)),
    'finite',
  );
  either(
    'description says skull',
    edited(LAB, (_dv, u) => u.set(new TextEncoder().encode('latent-anatomy skull labels\0'), H.descrip)),
    'finite',
  );
  // Readers take the data at vox_offset; an extension header overlapping them is not checked.
  either(
    'extension flag set, extension runs past data',
    edited(LAB, (dv) => (dv.setUint8(348, 1), dv.setInt32(352, 1e6, true))),
    'finite',
  );

  // Gzip: bombs (the header is valid; the data never end), wrong CRC and size, odd but valid headers.
  const head = LAB.subarray(0, 352);
  err('gzip bomb 64 MiB after a 32³ header', gzipHeaderThenBomb(head, 64), '.nii.gz');
  err('gzip bomb 1 GiB after a 32³ header', gzipHeaderThenBomb(head, 1024), '.nii.gz');
  err('gzip bomb 2.5 GiB after a 32³ header', gzipHeaderThenBomb(head, 2560), '.nii.gz');
  err('gzip bomb 4.5 GiB, size wraps past 4 GiB', gzipHeaderThenBomb(head, 4608), '.nii.gz');
  const big = edited(head, (dv) => [1, 2, 3].forEach((i) => dv.setInt16(H.dim + 2 * i, 1024, true)));
  err('gzip bomb 1 GiB under a 1024³ header', gzipHeaderThenBomb(big, 1024), '.nii.gz');
  const mid = edited(head, (dv) => [1, 2, 3].forEach((i) => dv.setInt16(H.dim + 2 * i, 512, true)));
  err('gzip 512³ header over 200 MiB of zeros', gzipHeaderThenBomb(mid, 200), '.nii.gz');
  err('gzip of zeros only (1 GiB, no header)', gzipBomb(1024), '.nii.gz');
  err('gzip wrong CRC, label map', gzipWrongCrc(LAB), '.nii.gz');
  err('gzip wrong CRC, field', gzipWrongCrc(FIELD), '.nii.gz');
  err(
    'gzip wrong ISIZE',
    edited(LAB_GZ, (dv, u) => dv.setUint32(u.length - 4, 12345, true)),
    '.nii.gz',
  );
  err(
    'gzip method 7',
    edited(LAB_GZ, (_dv, u) => (u[2] = 7)),
    '.nii.gz',
  );
  err('gzip of an empty file', gzip(new Uint8Array(0)), '.nii.gz');
  err(
    'gzip of random bytes',
    gzip(Uint8Array.from({ length: 40000 }, (_, i) => (i * 2654435761) >>> 24)),
    '.nii.gz',
  );
  err('gzip inside gzip', gzip(LAB_GZ), '.nii.gz');
  err(
    'gzip data corrupted mid-stream',
    edited(LAB_GZ, (_dv, u) => u.fill(0xaa, u.length >> 1, (u.length >> 1) + 64)),
    '.nii.gz',
  );
  either(
    'gzip with trailing garbage',
    new Uint8Array([...LAB_GZ, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    'lab',
    '.nii.gz',
  );
  either(
    'gzip in two members',
    new Uint8Array([...gzip(LAB.subarray(0, 4000)), ...gzip(LAB.subarray(4000))]),
    'lab',
    '.nii.gz',
  );
  same('gzip with a file name (FNAME)', new Uint8Array(gzipSync(LAB, { level: 1 })), 'lab', '.nii.gz');
  same(
    'gzip with FEXTRA and FCOMMENT',
    (() => {
      const g = LAB_GZ;
      const extra = [4, 0, 0x41, 0x42, 0x01, 0x02];
      const comment = [...new TextEncoder().encode('hello'), 0];
      return new Uint8Array([
        g[0]!,
        g[1]!,
        g[2]!,
        g[3]! | 0x04 | 0x10,
        ...g.subarray(4, 10),
        ...extra,
        ...comment,
        ...g.subarray(10),
      ]);
    })(),
    'lab',
    '.nii.gz',
  );
  return v;
}

function checkFor(v: Variant): Check | undefined {
  if (v.expect === 'error') return undefined;
  if (v.same === 'finite' || v.same === undefined) return finiteJson;
  return sameMeasure(v.same, { volScale: v.volScale });
}

/** Every NIfTI case: each variant through `measure`; every third through `mesh`; a few through `encode`. */
export function niftiCases(): FuzzCase[] {
  const out: FuzzCase[] = [];
  const vs = variants();
  const modelDir = join(ROOT, 'public', 'models');
  const haveLv = existsSync(join(modelDir, 'lv-lvae', 'manifest.json'));
  vs.forEach((v, i) => {
    const file = `in${v.ext ?? '.nii'}`;
    const quick = i % 36 === 0 || /bomb 1 GiB after|as int16 \.nii$|wrong CRC, label/.test(v.name);
    out.push({
      id: `nifti/${v.name}/measure`,
      group: 'nifti',
      files: { [file]: v.bytes },
      argv: ['measure', file, '--json'],
      expect: v.expect,
      check: checkFor(v),
      quick,
    });
    if (i % 3 === 0 || /bomb/.test(v.name)) {
      out.push({
        id: `nifti/${v.name}/mesh`,
        group: 'nifti',
        files: { [file]: v.bytes },
        argv: ['mesh', file, '--out', 'out.ply'],
        expect:
          v.expect === 'success' && v.volScale === undefined
            ? 'success'
            : v.expect === 'error'
              ? 'error'
              : 'either',
        outputs: ['out.ply'],
        check: meshWritten('out.ply'),
        quick: quick && i % 48 === 0,
      });
    }
    if (haveLv && (i % 25 === 0 || /bomb 2\.5|wrong CRC, label|int16 \.nii$/.test(v.name))) {
      out.push({
        id: `nifti/${v.name}/encode`,
        group: 'nifti',
        files: { [file]: v.bytes },
        argv: ['encode', 'lv-lvae', '--ed', file, '--models', modelDir, '--json'],
        expect: v.expect === 'error' ? 'error' : 'either',
        check: finiteJson,
      });
    }
  });
  // Not NIfTI at all.
  const notNifti: [string, Uint8Array | string][] = [
    ['empty', new Uint8Array(0)],
    ['text', 'hello, this is not a volume\n'],
    ['png', new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])],
    ['random 348 bytes', Uint8Array.from({ length: 348 }, (_, i) => (i * 97) & 255)],
    ['random 100 kB', Uint8Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) >>> 24)],
  ];
  for (const [name, bytes] of notNifti) {
    out.push({
      id: `nifti/not NIfTI: ${name}/measure`,
      group: 'nifti',
      files: { 'in.nii': bytes },
      argv: ['measure', 'in.nii'],
      expect: 'error',
      quick: name === 'empty',
    });
  }
  out.push({
    id: 'nifti/a folder/measure',
    group: 'nifti',
    dirs: ['in.nii'],
    argv: ['measure', 'in.nii'],
    expect: 'error',
  });
  out.push({
    id: 'nifti/missing/measure',
    group: 'nifti',
    argv: ['measure', 'nothing.nii.gz'],
    expect: 'error',
  });
  out.push({
    id: 'nifti/dev null/measure',
    group: 'nifti',
    argv: ['measure', '/dev/null', '--anatomy', 'lv'],
    expect: 'error',
  });
  return out;
}
