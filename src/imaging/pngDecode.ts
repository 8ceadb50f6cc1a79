/**
 * PNG reader (ISO/IEC 15948): every colour type and bit depth (gray 1–16 bit, gray + alpha, RGB,
 * RGBA, palette), Adam7 interlacing, CRC-checked chunks, zlib via fflate. Output is luminance in
 * [0, 1] (Rec. 601 weights), composited over black where there is alpha (palette tRNS included; a
 * gray or RGB tRNS colour key is ignored).
 *
 * The header is read on its own first (`readPngHeader`) so callers can refuse huge images before any
 * pixel memory is allocated; decompression is streamed into a buffer of exactly the size the header
 * implies (rows × (1 + bytes per row)) and stops with an error as soon as the stream would produce
 * more, so a decompression bomb costs at most one small input slice of work past that size.
 */
import { Unzlib } from 'fflate';
import { UserInputError } from '../io/errors';
import { crc32 } from '../io/crc32';
import { type GrayImage, LUMA } from './types';

/** PNG signature. */
export const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10] as const;

/** The IHDR fields of a PNG file. */
export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  /** 0 none, 1 Adam7. */
  interlace: number;
}

/** Largest image this reader decodes whatever the caller's limit (pixels); 256 megapixels. */
export const PNG_MAX_PIXELS = 2 ** 28;
/** Compressed bytes handed to the inflater at a time (≤ ~1032× as many come out of each). */
const INFLATE_SLICE = 16 * 1024;

const COLOUR_NAMES: Record<number, string> = {
  0: 'grayscale',
  2: 'RGB',
  3: 'palette',
  4: 'grayscale + alpha',
  6: 'RGBA',
};

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const ADAM7: [number, number, number, number][] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

const u32 = (b: Uint8Array, o: number): number =>
  (((b[o] as number) << 24) |
    ((b[o + 1] as number) << 16) |
    ((b[o + 2] as number) << 8) |
    (b[o + 3] as number)) >>>
  0;

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Walks the chunks, checking lengths and CRCs; stops after IEND (or `stopAfterHeader`). */
function readChunks(bytes: Uint8Array, stopAfterHeader: boolean): Chunk[] {
  if (!isPng(bytes)) throw new UserInputError('not a PNG file (the 8-byte PNG signature is missing)');
  const out: Chunk[] = [];
  let p = 8;
  for (;;) {
    if (p + 8 > bytes.length) {
      throw new UserInputError(
        `truncated PNG: the file ends after ${bytes.length} bytes, before the ${out.length ? 'IEND' : 'IHDR'} chunk`,
      );
    }
    const len = u32(bytes, p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    if (!/^[A-Za-z]{4}$/.test(type))
      throw new UserInputError(`corrupt PNG: invalid chunk type at byte ${p + 4}`);
    if (p + 12 + len > bytes.length) {
      throw new UserInputError(
        `truncated PNG: chunk ${type} at byte ${p} needs ${len} bytes but the file ends after ${bytes.length} bytes`,
      );
    }
    const crc = u32(bytes, p + 8 + len);
    if (crc32(bytes.subarray(p + 4, p + 8 + len)) !== crc)
      throw new UserInputError(`corrupt PNG: CRC mismatch in chunk ${type} at byte ${p}`);
    out.push({ type, data: bytes.subarray(p + 8, p + 8 + len) });
    p += 12 + len;
    if (out.length === 1 && type !== 'IHDR')
      throw new UserInputError('corrupt PNG: the first chunk is not IHDR');
    if (stopAfterHeader || type === 'IEND') return out;
  }
}

function parseHeader(c: Chunk): PngHeader {
  if (c.data.length !== 13) throw new UserInputError('corrupt PNG: IHDR is not 13 bytes');
  const d = c.data;
  const h: PngHeader = {
    width: u32(d, 0),
    height: u32(d, 4),
    bitDepth: d[8] as number,
    colorType: d[9] as number,
    interlace: d[12] as number,
  };
  const depths = DEPTHS[h.colorType];
  if (!depths) throw new UserInputError(`corrupt PNG: unknown colour type ${h.colorType}`);
  if (!depths.includes(h.bitDepth))
    throw new UserInputError(
      `corrupt PNG: bit depth ${h.bitDepth} is not allowed for colour type ${h.colorType}`,
    );
  if (d[10] !== 0 || d[11] !== 0 || h.interlace > 1)
    throw new UserInputError('corrupt PNG: unknown compression, filter or interlace method');
  if (h.width === 0 || h.height === 0) throw new UserInputError('corrupt PNG: zero width or height');
  if (h.width > 2 ** 31 - 1 || h.height > 2 ** 31 - 1)
    throw new UserInputError(
      `corrupt PNG: width or height above 2³¹ − 1 (${h.width} × ${h.height}); the PNG format forbids it`,
    );
  return h;
}

/** Reads only the PNG header (signature, IHDR with its CRC). */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  const first = readChunks(bytes, true)[0];
  if (!first) throw new UserInputError('truncated PNG: no IHDR chunk');
  return parseHeader(first);
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Reverses the per-row filters of one (sub-)image in place; returns the offset after it. */
function unfilter(raw: Uint8Array, off: number, rowBytes: number, rows: number, bpp: number): number {
  for (let y = 0; y < rows; y++) {
    const f = raw[off] as number;
    const row = off + 1;
    const prev = row - rowBytes - 1; // previous row's first byte (valid when y > 0)
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? (raw[row + i - bpp] as number) : 0;
      const b = y > 0 ? (raw[prev + i] as number) : 0;
      const c = y > 0 && i >= bpp ? (raw[prev + i - bpp] as number) : 0;
      const x = raw[row + i] as number;
      let v: number;
      switch (f) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4:
          v = x + paeth(a, b, c);
          break;
        default:
          throw new UserInputError(`corrupt PNG: unknown row filter ${f}`);
      }
      raw[row + i] = v & 255;
    }
    off += rowBytes + 1;
  }
  return off;
}

/** Thrown inside the inflater's callback to stop a stream that produces too much. */
class TooMuchData extends Error {}

/**
 * Inflates the zlib stream split over `idat` into exactly `expected` bytes, in slices, stopping as soon
 * as the stream produces more (a decompression bomb) or failing when it ends early (truncation).
 * `what()` describes the image for the messages.
 */
function inflateCapped(idat: readonly Uint8Array[], expected: number, what: () => string): Uint8Array {
  const raw = new Uint8Array(expected);
  let got = 0;
  let ended = false;
  const z = new Unzlib((chunk, final) => {
    if (got + chunk.length > expected) throw new TooMuchData();
    raw.set(chunk, got);
    got += chunk.length;
    if (final) ended = true;
  });
  const total = idat.reduce((n, d) => n + d.length, 0);
  let pushed = 0;
  try {
    for (const d of idat) {
      for (let o = 0; o < d.length; o += INFLATE_SLICE) {
        const piece = d.subarray(o, Math.min(d.length, o + INFLATE_SLICE));
        pushed += piece.length;
        z.push(piece, pushed === total);
        if (ended) break;
      }
      if (ended) break;
    }
  } catch (e) {
    if (e instanceof TooMuchData) {
      throw new UserInputError(
        `corrupt PNG: the compressed image data inflates to more than the ${expected} bytes a ${what()} image holds (a decompression bomb?); re-save the image`,
      );
    }
    throw new UserInputError(
      `corrupt or truncated PNG: the compressed image data cannot be read (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (got < expected) throw new UserInputError(`truncated PNG: image data holds ${got} of ${expected} bytes`);
  return raw;
}

/**
 * Decodes a PNG to luminance in [0, 1]. `checkSize(width, height)` is called after the header is read
 * and before anything is decompressed (throw from it to refuse an image).
 */
export function decodePng(
  bytes: Uint8Array,
  checkSize: (w: number, h: number) => void = () => {},
): GrayImage {
  const chunks = readChunks(bytes, false);
  const head = chunks[0];
  if (!head) throw new UserInputError('truncated PNG: no IHDR chunk');
  const h = parseHeader(head);
  checkSize(h.width, h.height);
  if (h.width * h.height > PNG_MAX_PIXELS)
    throw new UserInputError(
      `image too large: ${h.width} × ${h.height} pixels; this reader decodes at most ${PNG_MAX_PIXELS / 2 ** 20} megapixels`,
    );
  const { width: W, height: H, bitDepth: bd, colorType: ct } = h;
  const ch = CHANNELS[ct] as number;
  let palette: Float32Array | null = null;
  const idat: Uint8Array[] = [];
  for (const c of chunks) {
    if (c.type === 'PLTE') {
      if (c.data.length % 3 !== 0 || c.data.length === 0)
        throw new UserInputError('corrupt PNG: PLTE length is not a multiple of 3');
      const n = c.data.length / 3;
      palette = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        palette[i] =
          (LUMA[0] * (c.data[3 * i] as number) +
            LUMA[1] * (c.data[3 * i + 1] as number) +
            LUMA[2] * (c.data[3 * i + 2] as number)) /
          255;
      }
    } else if (c.type === 'tRNS' && ct === 3 && palette) {
      for (let i = 0; i < Math.min(c.data.length, palette.length); i++)
        palette[i] = (palette[i] as number) * ((c.data[i] as number) / 255);
    } else if (c.type === 'IDAT') idat.push(c.data);
  }
  if (ct === 3 && !palette) throw new UserInputError('corrupt PNG: palette image without a PLTE chunk');
  if (idat.length === 0) throw new UserInputError('truncated PNG: no image data (IDAT)');
  const bitsPP = ch * bd;
  const bpp = Math.max(1, bitsPP >> 3);
  const passes = h.interlace ? ADAM7 : [[0, 0, 1, 1] as [number, number, number, number]];
  const dims = passes.map(([x0, y0, dx, dy]) => {
    const w = W > x0 ? Math.ceil((W - x0) / dx) : 0;
    const hh = H > y0 ? Math.ceil((H - y0) / dy) : 0;
    return { w, h: w && hh ? hh : 0, rowBytes: Math.ceil((w * bitsPP) / 8) };
  });
  const expected = dims.reduce((n, d) => n + d.h * (d.rowBytes + 1), 0);
  const raw = inflateCapped(idat, expected, () => `${W} × ${H} ${bd}-bit ${COLOUR_NAMES[ct]}`);

  const out = new Float32Array(W * H);
  const maxV = (1 << bd) - 1;
  let off = 0;
  passes.forEach(([x0, y0, dx, dy], pi) => {
    const d = dims[pi] as { w: number; h: number; rowBytes: number };
    if (d.h === 0) return;
    const start = off;
    off = unfilter(raw, off, d.rowBytes, d.h, bpp);
    for (let y = 0; y < d.h; y++) {
      const row = start + y * (d.rowBytes + 1) + 1;
      const sample = (x: number, c: number): number => {
        if (bd === 8) return raw[row + x * ch + c] as number;
        if (bd === 16) {
          const q = row + 2 * (x * ch + c);
          return ((raw[q] as number) << 8) | (raw[q + 1] as number);
        }
        const bit = (x * ch + c) * bd;
        return ((raw[row + (bit >> 3)] as number) >> (8 - bd - (bit & 7))) & maxV;
      };
      const dst = (y0 + y * dy) * W + x0;
      for (let x = 0; x < d.w; x++) {
        let v: number;
        if (ct === 0) v = sample(x, 0) / maxV;
        else if (ct === 3) v = (palette as Float32Array)[sample(x, 0)] ?? 0;
        else if (ct === 4) v = (sample(x, 0) / maxV) * (sample(x, 1) / maxV);
        else {
          v = (LUMA[0] * sample(x, 0) + LUMA[1] * sample(x, 1) + LUMA[2] * sample(x, 2)) / maxV;
          if (ct === 6) v *= sample(x, 3) / maxV;
        }
        out[dst + x * dx] = v;
      }
    }
  });
  return { width: W, height: H, data: out };
}
