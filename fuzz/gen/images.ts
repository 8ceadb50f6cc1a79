/**
 * Image files for the reader fuzz: PNG built chunk by chunk (any IHDR, any IDAT bytes), JPEG from
 * jpeg-js's encoder with its markers then edited, and DICOM Part-10 files built element by element.
 */
import { zlibSync } from 'fflate';
import { encode as encodeJpegJs } from 'jpeg-js';
import { crc32 } from '../../src/io/crc32.ts';

/** Concatenate byte arrays. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const PNG_SIG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** One PNG chunk with its CRC (or a wrong one). */
export function chunk(type: string, body: Uint8Array, badCrc = false): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i) & 255;
  out.set(body, 8);
  dv.setUint32(8 + body.length, (crc32(out.subarray(4, 8 + body.length)) ^ (badCrc ? 1 : 0)) >>> 0);
  return out;
}

/** IHDR body. */
export function ihdr(w: number, h: number, bitDepth: number, colorType: number, interlace = 0): Uint8Array {
  const b = new Uint8Array(13);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, w >>> 0);
  dv.setUint32(4, h >>> 0);
  b.set([bitDepth, colorType, 0, 0, interlace], 8);
  return b;
}

/** A whole PNG from its parts. */
export function png(head: Uint8Array, idat: Uint8Array[], extra: Uint8Array[] = []): Uint8Array {
  return cat(
    PNG_SIG,
    chunk('IHDR', head),
    ...extra,
    ...idat.map((d) => chunk('IDAT', d)),
    chunk('IEND', new Uint8Array(0)),
  );
}

/**
 * Filtered rows (filter 0) of a `w` × `h` test pattern: a bright ring on a speckled dark background,
 * `channels` samples of `bitDepth` bits per pixel.
 */
export function patternRows(w: number, h: number, channels: number, bitDepth: number): Uint8Array {
  const rowBytes = Math.ceil((w * channels * bitDepth) / 8);
  const raw = new Uint8Array(h * (rowBytes + 1));
  const max = 2 ** bitDepth - 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot((x - w / 2) / (w * 0.35), (y - h / 2) / (h * 0.3));
      const v = Math.abs(r - 1) < 0.06 ? 1 : 0.1 + 0.1 * (((x * 7919 + y * 104729) % 97) / 97);
      for (let c = 0; c < channels; c++) {
        const s = Math.round(v * max);
        const bit = (x * channels + c) * bitDepth;
        const at = y * (rowBytes + 1) + 1;
        if (bitDepth === 16) {
          raw[at + 2 * (x * channels + c)] = s >> 8;
          raw[at + 2 * (x * channels + c) + 1] = s & 255;
        } else if (bitDepth === 8) raw[at + x * channels + c] = s;
        else raw[at + (bit >> 3)] = raw[at + (bit >> 3)]! | (s << (8 - bitDepth - (bit & 7)));
      }
    }
  }
  return raw;
}

/** A valid non-interlaced PNG of the test pattern. */
export function patternPng(w: number, h: number, colorType: number, bitDepth: number): Uint8Array {
  const ch = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType] ?? 1;
  const extra: Uint8Array[] = [];
  if (colorType === 3) {
    const pal = new Uint8Array(3 * 2 ** bitDepth);
    for (let i = 0; i < 2 ** bitDepth; i++)
      pal.fill(Math.round((255 * i) / (2 ** bitDepth - 1)), 3 * i, 3 * i + 3);
    extra.push(chunk('PLTE', pal));
  }
  return png(ihdr(w, h, bitDepth, colorType), [zlibSync(patternRows(w, h, ch, bitDepth))], extra);
}

/** An 8-bit grayscale image (0–255 samples, row-major) as a baseline JPEG. */
export function jpegOf(gray: Uint8Array, w: number, h: number, quality = 85): Uint8Array {
  const rgba = new Uint8Array(4 * w * h);
  for (let i = 0; i < w * h; i++) rgba.set([gray[i]!, gray[i]!, gray[i]!, 255], 4 * i);
  return new Uint8Array(encodeJpegJs({ data: rgba, width: w, height: h }, quality).data);
}

/** The 8-bit test pattern as gray samples. */
export function patternGray(w: number, h: number): Uint8Array {
  const rows = patternRows(w, h, 1, 8);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(rows.subarray(y * (w + 1) + 1, (y + 1) * (w + 1)), y * w);
  return out;
}

/** Byte offset of the first JPEG marker `m` (FF m) after the SOI, or -1. */
export function markerAt(b: Uint8Array, m: number): number {
  for (let i = 2; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === m) return i;
  return -1;
}

// ---- DICOM ----

function el(group: number, elem: number, vr: string, value: Uint8Array, explicit = true): Uint8Array {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'OF'].includes(vr);
  const head = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, group, true);
  dv.setUint16(2, elem, true);
  if (explicit) {
    head[4] = vr.charCodeAt(0);
    head[5] = vr.charCodeAt(1);
    if (long) dv.setUint32(8, value.length, true);
    else dv.setUint16(6, value.length, true);
  } else dv.setUint32(4, value.length, true);
  return cat(head, value);
}

const u16 = (v: number): Uint8Array => new Uint8Array(new Uint16Array([v]).buffer);
const text = (s: string): Uint8Array => {
  const t = s.length % 2 ? `${s} ` : s;
  return new Uint8Array([...t].map((c) => c.charCodeAt(0)));
};
const uid = (s: string): Uint8Array => {
  const b = [...s].map((c) => c.charCodeAt(0));
  if (b.length % 2) b.push(0);
  return new Uint8Array(b);
};

/** What a DICOM test file holds (fields may be wrong on purpose). */
export interface DicomSpec {
  rows: number;
  cols: number;
  bits?: number;
  samples?: number;
  photometric?: string;
  pixelSpacing?: string;
  transferSyntax?: string;
  /** Pixel bytes (default: the test pattern at 8 bits). */
  pixels?: Uint8Array;
  /** Declared PixelData length (default: the real one; 0xFFFFFFFF = undefined length). */
  pixelLength?: number;
  frames?: string;
}

/** A DICOM Part-10 file (preamble, DICM, file meta, dataset) from `spec`. */
export function dicom(spec: DicomSpec): Uint8Array {
  const ts = spec.transferSyntax ?? '1.2.840.10008.1.2.1';
  const explicit = ts !== '1.2.840.10008.1.2';
  const meta = el(0x0002, 0x0010, 'UI', uid(ts));
  const pixels =
    spec.pixels ?? (spec.rows * spec.cols <= 4e6 ? patternGray(spec.cols, spec.rows) : new Uint8Array(16));
  const pix = el(0x7fe0, 0x0010, 'OW', pixels, explicit);
  if (spec.pixelLength !== undefined) {
    new DataView(pix.buffer).setUint32(explicit ? 8 : 4, spec.pixelLength >>> 0, true);
  }
  const parts = [
    el(0x0028, 0x0002, 'US', u16(spec.samples ?? 1), explicit),
    el(0x0028, 0x0004, 'CS', text(spec.photometric ?? 'MONOCHROME2'), explicit),
    ...(spec.frames !== undefined ? [el(0x0028, 0x0008, 'IS', text(spec.frames), explicit)] : []),
    el(0x0028, 0x0010, 'US', u16(spec.rows), explicit),
    el(0x0028, 0x0011, 'US', u16(spec.cols), explicit),
    ...(spec.pixelSpacing !== undefined ? [el(0x0028, 0x0030, 'DS', text(spec.pixelSpacing), explicit)] : []),
    el(0x0028, 0x0100, 'US', u16(spec.bits ?? 8), explicit),
    pix,
  ];
  const pre = new Uint8Array(132);
  pre.set([0x44, 0x49, 0x43, 0x4d], 128);
  return cat(pre, meta, ...parts);
}
