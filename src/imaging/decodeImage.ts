/**
 * Bytes of a PNG or JPEG file → a grayscale image in [0, 1], with the checks a user-supplied file
 * needs: what the file is when it is not an image, its size read from the header and refused before
 * any pixel is allocated (more than 40 megapixels, fewer than 32 pixels on a side), truncated or
 * corrupt data, and a blank (uniform) picture. Every refusal is a `UserInputError` whose message says
 * what was wrong and what would work. Runs unchanged in Node, the browser and a worker.
 */
import { UserInputError } from '../io/errors';
import { decodeJpeg, isJpeg, readJpegHeader } from './jpegDecode';
import { decodePng, isPng, readPngHeader } from './pngDecode';
import type { GrayImage } from './types';

export type { GrayImage } from './types';

/** Limits of {@link decodeImage}. */
export interface DecodeImageOptions {
  /** Largest accepted image, megapixels (width × height / 10⁶). Default 40. */
  maxMegapixels?: number;
  /** Smallest accepted width and height, pixels. Default 32. */
  minSidePx?: number;
  /** Accept a uniform image instead of refusing it. Default false. */
  allowUniform?: boolean;
}

/** A decoded image and the format it came from. */
export interface DecodedImage extends GrayImage {
  format: 'png' | 'jpeg';
}

/** Image format recognised from the leading bytes, or null. */
export function imageFormatOf(bytes: Uint8Array): 'png' | 'jpeg' | null {
  return isPng(bytes) ? 'png' : isJpeg(bytes) ? 'jpeg' : null;
}

const hex = (b: Uint8Array, n: number): string =>
  Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');
const ascii = (b: Uint8Array, n: number): string =>
  Array.from(b.subarray(0, n), (x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('');

/** Says what a file that is not PNG or JPEG looks like, from its leading bytes. */
export function describeMagic(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty (0 bytes)';
  const s = ascii(bytes, 16);
  const starts = (...b: number[]): boolean => b.every((x, i) => bytes[i] === x);
  let guess = '';
  if (starts(0x47, 0x49, 0x46, 0x38)) guess = 'a GIF image';
  else if (starts(0x42, 0x4d)) guess = 'a BMP image';
  else if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) guess = 'a TIFF image';
  else if (starts(0x52, 0x49, 0x46, 0x46) && ascii(bytes.subarray(8), 4) === 'WEBP') guess = 'a WebP image';
  else if (starts(0x25, 0x50, 0x44, 0x46)) guess = 'a PDF document';
  else if (starts(0x50, 0x4b, 0x03, 0x04)) guess = 'a ZIP archive';
  else if (starts(0x1f, 0x8b)) guess = 'gzip-compressed data (a .nii.gz volume?)';
  else if (bytes.length >= 132 && ascii(bytes.subarray(128), 4) === 'DICM')
    guess = 'a DICOM file (not supported yet)';
  else if (bytes.length >= 348 && ['n+1', 'ni1'].includes(ascii(bytes.subarray(344), 3)))
    guess = 'a NIfTI volume (use a 3-D import instead)';
  else if (starts(0x89, 0x50, 0x4e, 0x47)) guess = 'a damaged PNG signature';
  else if (starts(0xff, 0xd8)) guess = 'a damaged JPEG start';
  else if (
    Array.from(bytes.subarray(0, Math.min(64, bytes.length))).every(
      (x) => x === 9 || x === 10 || x === 13 || (x >= 32 && x !== 127),
    )
  )
    guess = 'text (UTF-8 or ASCII)';
  return `the file starts with ${hex(bytes, 8)} ('${s.slice(0, 8)}')${guess ? `, which looks like ${guess}` : ''}`;
}

/** Format and size from the header only (no pixel memory). Throws UserInputError if not PNG/JPEG. */
export function readImageSize(bytes: Uint8Array): { format: 'png' | 'jpeg'; width: number; height: number } {
  const f = imageFormatOf(bytes);
  if (f === 'png') {
    const h = readPngHeader(bytes);
    return { format: f, width: h.width, height: h.height };
  }
  if (f === 'jpeg') {
    const h = readJpegHeader(bytes);
    return { format: f, width: h.width, height: h.height };
  }
  throw new UserInputError(`not a PNG or JPEG image: ${describeMagic(bytes)}; expected a PNG or JPEG file`);
}

/**
 * Decodes PNG (every colour type, 1–16 bit, interlaced or not) or JPEG (baseline or progressive)
 * bytes to luminance in [0, 1]. Throws `UserInputError` for: not an image (the message shows the
 * leading bytes and a guess), a size beyond the limits (checked from the header before decoding),
 * truncated or corrupt data, and a blank image (max − min below 2/255).
 */
export function decodeImage(input: Uint8Array | ArrayBuffer, opts: DecodeImageOptions = {}): DecodedImage {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const maxMp = opts.maxMegapixels ?? 40;
  const minSide = opts.minSidePx ?? 32;
  const checkSize = (w: number, h: number): void => {
    if (w < minSide || h < minSide) {
      throw new UserInputError(
        `image too small: ${w} × ${h} pixels; expected at least ${minSide} pixels on each side (an ultrasound plane is typically 500–1000 pixels wide)`,
      );
    }
    if ((w * h) / 1e6 > maxMp) {
      throw new UserInputError(
        `image too large: ${w} × ${h} pixels (${((w * h) / 1e6).toFixed(1)} megapixels); the limit is ${maxMp} megapixels — downscale it first`,
      );
    }
  };
  const format = imageFormatOf(bytes);
  if (!format)
    throw new UserInputError(`not a PNG or JPEG image: ${describeMagic(bytes)}; expected a PNG or JPEG file`);
  const img = format === 'png' ? decodePng(bytes, checkSize) : decodeJpeg(bytes, checkSize);
  if (!opts.allowUniform) assertNotUniform(img);
  return { ...img, format };
}

/** Throws UserInputError when the image has (almost) one value everywhere. */
export function assertNotUniform(img: GrayImage): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi - lo >= 2 / 255)) {
    throw new UserInputError(
      `blank image: every pixel is ${Math.round(lo * 255)}/255 (uniform); expected an ultrasound plane showing the fetal head`,
    );
  }
}
