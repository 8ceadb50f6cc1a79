/**
 * PNG writer for any colour type and bit depth, optionally Adam7-interlaced, with every row filter:
 * the detector's RGB preview images, the simulated ultrasound figures (8-bit gray) and test files for
 * the PNG reader.
 */
import { zlibSync } from 'fflate';
import { crc32 } from './crc32';

/** What to encode. Samples are channel-interleaved, row-major, in 0 … 2^bitDepth − 1. */
export interface PngImageSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  samples: ArrayLike<number>;
  /** RGB triplets (colour type 3). */
  palette?: Uint8Array;
  /** Palette alpha values (colour type 3). */
  paletteAlpha?: Uint8Array;
  interlace?: boolean;
  /** Row filter: 0–4 for all rows, or 'cycle' (row y uses y mod 5). Default 'cycle'. */
  filter?: 0 | 1 | 2 | 3 | 4 | 'cycle';
}

const CH = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const ADAM7: [number, number, number, number][] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  dv.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Packs one (sub-)image's rows and filters them; returns filter byte + row bytes per row. */
function packRows(
  spec: PngImageSpec,
  xs: number[],
  ys: number[],
  filterOf: (y: number) => number,
): Uint8Array {
  const ch = CH[spec.colorType];
  const bd = spec.bitDepth;
  const rowBytes = Math.ceil((xs.length * ch * bd) / 8);
  const bpp = Math.max(1, (ch * bd) >> 3);
  const out = new Uint8Array(ys.length * (rowBytes + 1));
  let prev = new Uint8Array(rowBytes);
  ys.forEach((y, r) => {
    const row = new Uint8Array(rowBytes);
    let bit = 0;
    for (const x of xs) {
      for (let c = 0; c < ch; c++) {
        const v = Math.round(spec.samples[(y * spec.width + x) * ch + c] as number);
        if (bd === 16) {
          row[bit >> 3] = (v >> 8) & 255;
          row[(bit >> 3) + 1] = v & 255;
        } else if (bd === 8) row[bit >> 3] = v & 255;
        else row[bit >> 3] = (row[bit >> 3] as number) | ((v & ((1 << bd) - 1)) << (8 - bd - (bit & 7)));
        bit += bd;
      }
    }
    const f = filterOf(r);
    const o = r * (rowBytes + 1);
    out[o] = f;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? (row[i - bpp] as number) : 0;
      const b = r > 0 ? (prev[i] as number) : 0;
      const cc = r > 0 && i >= bpp ? (prev[i - bpp] as number) : 0;
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, cc);
      out[o + 1 + i] = ((row[i] as number) - pred) & 255;
    }
    prev = row;
  });
  return out;
}

/** Encodes an image as PNG bytes. */
export function encodePng(spec: PngImageSpec): Uint8Array {
  const { width: W, height: H } = spec;
  if (!(Number.isInteger(W) && Number.isInteger(H) && W > 0 && H > 0))
    throw new RangeError(`expected positive integer width and height; got ${W}×${H}`);
  if (spec.samples.length !== W * H * CH[spec.colorType])
    throw new RangeError(`expected ${W * H * CH[spec.colorType]} samples; got ${spec.samples.length}`);
  const fsel = spec.filter ?? 'cycle';
  const filterOf = (r: number): number => (fsel === 'cycle' ? r % 5 : fsel);
  const range = (a: number, n: number, d: number): number[] => {
    const out: number[] = [];
    for (let v = a; v < n; v += d) out.push(v);
    return out;
  };
  const parts: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of spec.interlace ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const xs = range(x0, W, dx);
    const ys = range(y0, H, dy);
    if (xs.length && ys.length) parts.push(packRows(spec, xs, ys, filterOf));
  }
  const raw = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    raw.set(p, o);
    o += p.length;
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, W);
  dv.setUint32(4, H);
  ihdr.set([spec.bitDepth, spec.colorType, 0, 0, spec.interlace ? 1 : 0], 8);
  const chunks = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (spec.palette) chunks.push(chunk('PLTE', spec.palette));
  if (spec.paletteAlpha) chunks.push(chunk('tRNS', spec.paletteAlpha));
  chunks.push(chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(chunks.reduce((n, p) => n + p.length, 0));
  o = 0;
  for (const p of chunks) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Encodes an 8-bit RGB image (row-major, RGB triplets) as PNG bytes. */
export function encodePngRgb(rgb: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng({ width, height, colorType: 2, bitDepth: 8, samples: rgb, filter: 1 });
}

/**
 * Encodes an 8-bit grayscale image (row-major, x fastest) as PNG bytes (no row filter).
 *
 * @throws RangeError when `data.length` is not `width × height` with positive integer sizes.
 */
export function encodePngGray(data: Uint8Array, width: number, height: number): Uint8Array {
  if (
    !(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) ||
    data.length !== width * height
  ) {
    throw new RangeError(
      `expected width × height = data length with positive integer sizes; got ${width}×${height} for ${data.length} bytes`,
    );
  }
  return encodePng({ width, height, colorType: 0, bitDepth: 8, samples: data, filter: 0 });
}
