/**
 * Image cases: PNG and JPEG planes through `predict` (the reader runs before the model), DICOM
 * through the reader child (no CLI command takes DICOM). Valid simulated ultrasound planes must give
 * the head circumference of their geometric truth.
 */
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { defaultSkullParams } from '../../src/anatomy/skullParams.ts';
import { simulatePlane } from '../../src/imaging/simulatedPlanes.ts';
import { zlibBomb } from '../gen/deflate.ts';
import {
  cat,
  chunk,
  dicom,
  ihdr,
  jpegOf,
  markerAt,
  patternGray,
  patternPng,
  patternRows,
  png,
  PNG_SIG,
} from '../gen/images.ts';
import { ROOT, type Expectation, type FuzzCase, type RunResult } from '../harness.ts';
import { finiteJson } from './checks.ts';

const MODELS = join(ROOT, 'public', 'models');

interface ImageVariant {
  name: string;
  bytes: Uint8Array;
  expect: Expectation;
  check?: (r: RunResult) => string | null;
  pixelMm?: number;
}

/** A simulated axial plane (28 weeks) as 8-bit gray samples, its pixel size and true HC (mm). */
function simulated(): { gray: Uint8Array; w: number; h: number; pixelMm: number; hcMm: number } {
  const sim = simulatePlane(defaultSkullParams(28), 'axial', { seed: 3 });
  const gray = Uint8Array.from(sim.image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  return { gray, w: sim.image.width, h: sim.image.height, pixelMm: sim.pixelMm, hcMm: sim.truth.perimeterMm };
}

function hcNear(want: number, tol: number) {
  return (r: RunResult): string | null => {
    const bad = finiteJson(r);
    if (bad) return bad;
    const j = JSON.parse(r.stdout) as { detected?: { axial?: { hcMm?: number } } };
    const hc = j.detected?.axial?.hcMm;
    return typeof hc === 'number' && Math.abs(hc / want - 1) <= tol
      ? null
      : `detected HC ${String(hc)} mm, the simulated plane's is ${want.toFixed(1)} mm (±${tol * 100} %)`;
  };
}

function grayRowsPng(gray: Uint8Array, w: number, h: number): Uint8Array {
  const raw = new Uint8Array(h * (w + 1));
  for (let y = 0; y < h; y++) raw.set(gray.subarray(y * w, (y + 1) * w), y * (w + 1) + 1);
  return png(ihdr(w, h, 8, 0), [zlibSync(raw)]);
}

function pngVariants(): ImageVariant[] {
  const v: ImageVariant[] = [];
  const err = (name: string, bytes: Uint8Array): void => void v.push({ name, bytes, expect: 'error' });
  const either = (name: string, bytes: Uint8Array): void =>
    void v.push({ name, bytes, expect: 'either', check: finiteJson });

  const sim = simulated();
  const good = grayRowsPng(sim.gray, sim.w, sim.h);
  v.push({
    name: 'simulated axial plane',
    bytes: good,
    expect: 'success',
    check: hcNear(sim.hcMm, 0.1),
    pixelMm: sim.pixelMm,
  });
  const n = good.length;
  for (const at of [
    0,
    1,
    7,
    8,
    12,
    16,
    20,
    29,
    33,
    37,
    41,
    100,
    n >> 2,
    n >> 1,
    n - 20,
    n - 13,
    n - 12,
    n - 1,
  ]) {
    err(`truncated@${at}`, good.subarray(0, at));
  }
  const idat = zlibSync(patternRows(200, 150, 1, 8));
  err(
    'IHDR CRC wrong',
    cat(
      PNG_SIG,
      chunk('IHDR', ihdr(200, 150, 8, 0), true),
      chunk('IDAT', idat),
      chunk('IEND', new Uint8Array(0)),
    ),
  );
  err(
    'IDAT CRC wrong',
    cat(
      PNG_SIG,
      chunk('IHDR', ihdr(200, 150, 8, 0)),
      chunk('IDAT', idat, true),
      chunk('IEND', new Uint8Array(0)),
    ),
  );
  for (const [w, h] of [
    [0, 150],
    [200, 0],
    [2 ** 31, 150],
    [2 ** 32 - 1, 2 ** 32 - 1],
    [100000, 100000],
    [65535, 65535],
    [8000, 6000],
    [10, 10],
    [1, 100000],
  ]) {
    err(`IHDR ${w}×${h} over 200×150 data`, png(ihdr(w!, h!, 8, 0), [idat]));
  }
  for (const ct of [1, 5, 7, 8, 255]) err(`colour type ${ct}`, png(ihdr(200, 150, 8, ct), [idat]));
  for (const [ct, bd] of [
    [0, 3],
    [0, 32],
    [2, 4],
    [3, 16],
    [4, 2],
    [6, 1],
  ]) {
    err(`colour type ${ct} with ${bd} bits`, png(ihdr(200, 150, bd!, ct!), [idat]));
  }
  err(
    'compression method 1',
    png(cat(ihdr(200, 150, 8, 0).subarray(0, 10), new Uint8Array([1, 0, 0])), [idat]),
  );
  err('interlace method 2', png(ihdr(200, 150, 8, 0, 2), [idat]));
  for (const [ct, bd] of [
    [0, 1],
    [0, 2],
    [0, 4],
    [0, 16],
    [2, 8],
    [2, 16],
    [3, 1],
    [3, 4],
    [3, 8],
    [4, 8],
    [4, 16],
    [6, 8],
    [6, 16],
  ]) {
    either(`pattern, colour type ${ct}, ${bd} bits`, patternPng(200, 150, ct!, bd!));
  }
  err('uniform gray (blank)', png(ihdr(200, 150, 8, 0), [zlibSync(new Uint8Array(150 * 201))]));
  err(
    'uniform RGBA 16-bit (blank)',
    png(ihdr(200, 150, 16, 6), [zlibSync(new Uint8Array(150 * (1 + 200 * 8)))]),
  );
  err('bomb: 1000×1000 gray, data inflate to 1 GiB', png(ihdr(1000, 1000, 8, 0), [zlibBomb(1024)]));
  err('bomb: 40×40 gray, data inflate to 256 MiB', png(ihdr(40, 40, 8, 0), [zlibBomb(256)]));
  err('bomb: 3000×2000 RGBA16, data inflate to 2 GiB', png(ihdr(3000, 2000, 16, 6), [zlibBomb(2048)]));
  err('no IDAT', png(ihdr(200, 150, 8, 0), []));
  err('empty IDAT', png(ihdr(200, 150, 8, 0), [new Uint8Array(0)]));
  err(
    'IDAT not zlib',
    png(ihdr(200, 150, 8, 0), [Uint8Array.from({ length: 500 }, (_, i) => (i * 37) & 255)]),
  );
  either(
    'IDAT split into 400 chunks',
    png(
      ihdr(200, 150, 8, 0),
      Array.from({ length: 400 }, (_, i) =>
        idat.subarray(Math.floor((i * idat.length) / 400), Math.floor(((i + 1) * idat.length) / 400)),
      ),
    ),
  );
  err('palette without PLTE', png(ihdr(200, 150, 8, 3), [idat]));
  err('PLTE of 4 bytes', png(ihdr(200, 150, 8, 3), [idat], [chunk('PLTE', new Uint8Array(4))]));
  either(
    'PLTE of 300 entries',
    png(
      ihdr(200, 150, 8, 3),
      [idat],
      [
        chunk(
          'PLTE',
          Uint8Array.from({ length: 900 }, (_, i) => i & 255),
        ),
      ],
    ),
  );
  either(
    'tRNS longer than PLTE',
    png(
      ihdr(200, 150, 8, 3),
      [idat],
      [
        chunk(
          'PLTE',
          Uint8Array.from({ length: 768 }, (_, i) => i / 3),
        ),
        chunk('tRNS', new Uint8Array(1000).fill(128)),
      ],
    ),
  );
  err(
    'chunk length 2³¹ − 1',
    cat(
      PNG_SIG,
      chunk('IHDR', ihdr(200, 150, 8, 0)),
      new Uint8Array([0x7f, 0xff, 0xff, 0xff, 0x49, 0x44, 0x41, 0x54, 1, 2, 3]),
    ),
  );
  err(
    'chunk type with digits',
    cat(PNG_SIG, chunk('IHDR', ihdr(200, 150, 8, 0)), chunk('ID4T', idat), chunk('IEND', new Uint8Array(0))),
  );
  err(
    'IHDR of 12 bytes',
    cat(
      PNG_SIG,
      chunk('IHDR', ihdr(200, 150, 8, 0).subarray(0, 12)),
      chunk('IDAT', idat),
      chunk('IEND', new Uint8Array(0)),
    ),
  );
  err(
    'first chunk not IHDR',
    cat(
      PNG_SIG,
      chunk('tEXt', new Uint8Array(4)),
      chunk('IHDR', ihdr(200, 150, 8, 0)),
      chunk('IDAT', idat),
      chunk('IEND', new Uint8Array(0)),
    ),
  );
  either('data after IEND', cat(patternPng(200, 150, 0, 8), new Uint8Array(1000).fill(7)));
  const rows = patternRows(200, 150, 1, 8);
  err('row filter 5', png(ihdr(200, 150, 8, 0), [zlibSync(rows.map((b, i) => (i % 201 === 0 ? 5 : b)))]));
  err('one row short', png(ihdr(200, 150, 8, 0), [zlibSync(rows.subarray(0, 149 * 201))]));
  err('one row too many', png(ihdr(200, 150, 8, 0), [zlibSync(cat(rows, rows.subarray(0, 201)))]));
  err(
    '10 000 empty tEXt chunks and no IDAT',
    png(
      ihdr(200, 150, 8, 0),
      [],
      Array.from({ length: 10000 }, () => chunk('tEXt', new Uint8Array(0))),
    ),
  );
  return v;
}

function jpegVariants(): ImageVariant[] {
  const v: ImageVariant[] = [];
  const err = (name: string, bytes: Uint8Array): void => void v.push({ name, bytes, expect: 'error' });
  const sim = simulated();
  const good = jpegOf(sim.gray, sim.w, sim.h, 92);
  v.push({
    name: 'simulated axial plane',
    bytes: good,
    expect: 'success',
    check: hcNear(sim.hcMm, 0.1),
    pixelMm: sim.pixelMm,
  });
  const n = good.length;
  for (const at of [0, 1, 2, 3, 4, 20, 100, 200, 400, 600, n >> 2, n >> 1, n - 100, n - 2, n - 1])
    err(`truncated@${at}`, good.subarray(0, at));
  const base = jpegOf(patternGray(200, 150), 200, 150);
  const sof = markerAt(base, 0xc0);
  const sos = markerAt(base, 0xda);
  const edit = (f: (u: Uint8Array, dv: DataView) => void): Uint8Array => {
    const u = base.slice();
    f(u, new DataView(u.buffer));
    return u;
  };
  err(
    'SOF height 0 (DNL)',
    edit((_u, dv) => dv.setUint16(sof + 5, 0)),
  );
  err(
    'SOF 65535×65535',
    edit((_u, dv) => (dv.setUint16(sof + 5, 65535), dv.setUint16(sof + 7, 65535))),
  );
  err(
    'SOF 8000×5000 over 200×150 data',
    edit((_u, dv) => (dv.setUint16(sof + 5, 5000), dv.setUint16(sof + 7, 8000))),
  );
  err(
    'SOF 6000×6000 over 200×150 data',
    edit((_u, dv) => (dv.setUint16(sof + 5, 6000), dv.setUint16(sof + 7, 6000))),
  );
  err(
    'SOF 10×10',
    edit((_u, dv) => (dv.setUint16(sof + 5, 10), dv.setUint16(sof + 7, 10))),
  );
  v.push({
    name: 'SOF 400×300 over 200×150 data',
    bytes: edit((_u, dv) => (dv.setUint16(sof + 5, 300), dv.setUint16(sof + 7, 400))),
    expect: 'either',
    check: finiteJson,
  });
  err(
    'precision 12',
    edit((u) => (u[sof + 4] = 12)),
  );
  err(
    'precision 0',
    edit((u) => (u[sof + 4] = 0)),
  );
  for (const c of [0, 2, 5, 255])
    err(
      `${c} components`,
      edit((u) => (u[sof + 9] = c)),
    );
  for (const m of [0xc3, 0xc5, 0xc9, 0xca, 0xcf])
    err(
      `SOF marker FF ${m.toString(16)}`,
      edit((u) => (u[sof + 1] = m)),
    );
  err(
    'no SOF (becomes APP15)',
    edit((u) => (u[sof + 1] = 0xef)),
  );
  err('no SOS', base.subarray(0, sos));
  err('no EOI', base.subarray(0, base.length - 2));
  err(
    'segment length 0',
    edit((_u, dv) => dv.setUint16(sof + 2, 0)),
  );
  err(
    'segment length 1',
    edit((_u, dv) => dv.setUint16(sof + 2, 1)),
  );
  err(
    'segment length 65535',
    edit((_u, dv) => dv.setUint16(sof + 2, 65535)),
  );
  err(
    'garbage between markers',
    cat(base.subarray(0, sof), new Uint8Array([1, 2, 3, 4]), base.subarray(sof)),
  );
  v.push({
    name: 'scan data scrambled',
    bytes: edit((u) => u.fill(0x55, sos + 20, sos + 400)),
    expect: 'either',
    check: finiteJson,
  });
  err(
    'DHT with code lengths summing past 256',
    edit((u) => {
      const dht = markerAt(u, 0xc4);
      u.fill(0xff, dht + 5, dht + 21);
    }),
  );
  err('only SOI', new Uint8Array([0xff, 0xd8, 0xff]));
  return v;
}

function dicomVariants(): ImageVariant[] {
  const v: ImageVariant[] = [];
  const err = (name: string, bytes: Uint8Array): void => void v.push({ name, bytes, expect: 'error' });
  const ok = (name: string, bytes: Uint8Array, px: number | null): void =>
    void v.push({
      name,
      bytes,
      expect: 'success',
      check: (r) => {
        const j = JSON.parse(r.stdout) as {
          width: number;
          height: number;
          pixelMm: number | null;
          inRange: boolean;
        };
        if (!j.inRange) return 'pixel values outside 0..1';
        if (j.pixelMm !== px && !(px !== null && j.pixelMm !== null && Math.abs(j.pixelMm - px) < 1e-9))
          return `pixel size ${String(j.pixelMm)}, expected ${String(px)}`;
        return null;
      },
    });
  const good = dicom({ rows: 150, cols: 200, pixelSpacing: '0.2\\0.2' });
  ok('explicit VR, 0.2 mm', good, 0.2);
  ok(
    'implicit VR, 0.2 mm',
    dicom({ rows: 150, cols: 200, pixelSpacing: '0.2\\0.2', transferSyntax: '1.2.840.10008.1.2' }),
    0.2,
  );
  ok('no pixel spacing', dicom({ rows: 150, cols: 200 }), null);
  const n = good.length;
  for (const at of [0, 1, 100, 128, 131, 132, 140, 150, 170, 200, 230, 260, n >> 1, n - 1])
    err(`truncated@${at}`, good.subarray(0, at));
  for (const [r, c] of [
    [0, 200],
    [150, 0],
    [10, 10],
    [65535, 65535],
  ])
    err(`rows×cols ${r}×${c}`, dicom({ rows: r!, cols: c!, pixels: new Uint8Array(16) }));
  err('pixel data shorter than rows×cols', dicom({ rows: 300, cols: 200, pixels: new Uint8Array(1000) }));
  for (const b of [1, 12, 32, 0]) err(`${b} bits allocated`, dicom({ rows: 150, cols: 200, bits: b }));
  for (const s of [0, 2, 4]) err(`${s} samples per pixel`, dicom({ rows: 150, cols: 200, samples: s }));
  err(
    '3 samples, YBR_FULL',
    dicom({
      rows: 150,
      cols: 200,
      samples: 3,
      photometric: 'YBR_FULL',
      pixels: new Uint8Array(3 * 150 * 200),
    }),
  );
  for (const ts of [
    '1.2.840.10008.1.2.2',
    '1.2.840.10008.1.2.4.50',
    '1.2.840.10008.1.2.1.99',
    '1.2.840.10008.1.2.5',
    'garbage',
  ])
    err(`transfer syntax ${ts}`, dicom({ rows: 150, cols: 200, transferSyntax: ts }));
  err('pixel data length past the end', dicom({ rows: 150, cols: 200, pixelLength: 1e9 }));
  err('pixel data of undefined length', dicom({ rows: 150, cols: 200, pixelLength: 0xffffffff }));
  for (const [ps, want] of [
    ['abc', null],
    ['0\\0', null],
    ['-1\\-1', null],
    ['1e308\\1e308', null],
    ['1e-300\\1e-300', null],
    ['NaN\\NaN', null],
    ['0.2', null],
  ] as [string, number | null][]) {
    ok(`pixel spacing '${ps}'`, dicom({ rows: 150, cols: 200, pixelSpacing: ps }), want);
  }
  for (const f of ['abc', '-5', '1e9', '0']) {
    v.push({
      name: `number of frames '${f}'`,
      bytes: dicom({ rows: 150, cols: 200, frames: f }),
      expect: 'either',
      check: finiteJson,
    });
  }
  err(
    'no DICM marker',
    good.map((b, i) => (i === 128 ? 0 : b)),
  );
  err('DICM and nothing else', good.subarray(0, 132));
  // Sequences nested 20 000 deep (each an undefined-length SQ with one undefined-length item).
  const depth = 20000;
  const open = new Uint8Array([
    0x09, 0x00, 0x10, 0x00, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff,
    0xff, 0xff,
  ]);
  const nest = new Uint8Array(open.length * depth);
  for (let i = 0; i < depth; i++) nest.set(open, i * open.length);
  err('sequences nested 20 000 deep', cat(good.subarray(0, 132 + 8 + 20), nest));
  return v;
}

/** Every image case. */
export function imageCases(): FuzzCase[] {
  const out: FuzzCase[] = [];
  const predict = (group: 'png' | 'jpeg', ext: string, vs: ImageVariant[]): void => {
    vs.forEach((v, i) => {
      const file = `plane.${ext}`;
      out.push({
        id: `${group}/${v.name}/predict`,
        group,
        files: { [file]: v.bytes },
        argv: [
          'predict',
          'skull-hcvae',
          '--axial',
          file,
          '--pixel-mm',
          String(v.pixelMm ?? 0.2),
          '--k',
          '2',
          '--models',
          MODELS,
          '--json',
        ],
        expect: v.expect,
        check: v.check,
        quick: i % 30 === 1 || /bomb: 1000/.test(v.name),
      });
    });
  };
  predict('png', 'png', pngVariants());
  predict('jpeg', 'jpg', jpegVariants());
  dicomVariants().forEach((v, i) => {
    out.push({
      id: `dicom/${v.name}/read`,
      group: 'dicom',
      files: { 'plane.dcm': v.bytes },
      reader: 'dicom',
      argv: ['plane.dcm'],
      expect: v.expect,
      check: v.check,
      quick: i % 16 === 0 || /nested/.test(v.name),
    });
  });
  return out;
}
