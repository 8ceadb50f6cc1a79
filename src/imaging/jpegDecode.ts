/**
 * JPEG reader: the frame header is parsed here (size known before any pixel is allocated), the
 * entropy-coded data is decoded by jpeg-js (baseline, extended sequential and progressive Huffman
 * JPEG; gray, YCbCr, Adobe CMYK/YCCK). Arithmetic-coded, lossless and 12-bit files are refused with a
 * message. Output is luminance in [0, 1] (Rec. 601 weights).
 */
import { decode as jpegJsDecode } from 'jpeg-js';
import { UserInputError } from '../io/errors';
import { type GrayImage, LUMA } from './types';

/** The frame header of a JPEG file. */
export interface JpegHeader {
  width: number;
  height: number;
  /** Colour components (1 gray, 3 YCbCr, 4 CMYK/YCCK). */
  components: number;
  /** Bits per sample (8; 12 is refused). */
  precision: number;
  /** SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive. */
  sofMarker: number;
  progressive: boolean;
  /** Byte offset of the first start-of-scan marker (0 if none before the end). */
  sosOffset: number;
}

/** True when the bytes start with the JPEG SOI marker and a second marker. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Reads the JPEG markers up to the frame header (and the first scan) without decoding pixels. */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  if (!isJpeg(bytes)) throw new UserInputError('not a JPEG file (no SOI marker FF D8 at the start)');
  let p = 2;
  let head: Omit<JpegHeader, 'sosOffset'> | null = null;
  const u16 = (o: number): number => ((bytes[o] as number) << 8) | (bytes[o + 1] as number);
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) throw new UserInputError(`corrupt JPEG: expected a marker at byte ${p}`);
    const m = bytes[p + 1] as number;
    if (m === 0xff) {
      p++; // fill byte
      continue;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2;
      continue;
    }
    if (m === 0xd9) break;
    const len = u16(p + 2);
    if (len < 2) throw new UserInputError(`corrupt JPEG: segment length ${len} at byte ${p}`);
    if (p + 2 + len > bytes.length)
      throw new UserInputError(`truncated JPEG: a segment at byte ${p} runs past the end of the file`);
    if (SOF.has(m) && !head) {
      if (len < 8) throw new UserInputError('corrupt JPEG: frame header too short');
      head = {
        precision: bytes[p + 4] as number,
        height: u16(p + 5),
        width: u16(p + 7),
        components: bytes[p + 9] as number,
        sofMarker: m,
        progressive: m === 0xc2 || m === 0xc6 || m === 0xca || m === 0xce,
      };
    }
    if (m === 0xda) {
      if (!head) throw new UserInputError('corrupt JPEG: image data (SOS) before the frame header (SOF)');
      return { ...head, sosOffset: p };
    }
    p += 2 + len;
  }
  if (!head)
    throw new UserInputError(
      `truncated JPEG: the file ends after ${bytes.length} bytes, before the frame header`,
    );
  throw new UserInputError('truncated JPEG: the file ends before the image data (no SOS marker)');
}

/**
 * Decodes a JPEG to luminance in [0, 1]. `checkSize(width, height)` is called after the frame header
 * is read and before decoding (throw from it to refuse an image).
 */
export function decodeJpeg(
  bytes: Uint8Array,
  checkSize: (w: number, h: number) => void = () => {},
): GrayImage {
  const h = readJpegHeader(bytes);
  if (h.width === 0 || h.height === 0)
    throw new UserInputError(
      'unsupported JPEG: the height is defined later in the file (DNL); re-save the image',
    );
  checkSize(h.width, h.height);
  if (h.sofMarker > 0xc2) {
    const kind =
      h.sofMarker >= 0xc9 ? 'arithmetic-coded' : h.sofMarker === 0xc3 ? 'lossless' : 'hierarchical';
    throw new UserInputError(
      `unsupported JPEG: ${kind} (marker FF ${h.sofMarker.toString(16).toUpperCase()}); re-save it as a baseline JPEG or a PNG`,
    );
  }
  if (h.precision !== 8)
    throw new UserInputError(`unsupported JPEG: ${h.precision}-bit samples; convert it to a 16-bit PNG`);
  // The last EOI must follow the main scan (an EXIF thumbnail's EOI comes before it).
  let eoi = -1;
  for (let q = bytes.length - 2; q > h.sosOffset; q--) {
    if (bytes[q] === 0xff && bytes[q + 1] === 0xd9) {
      eoi = q;
      break;
    }
  }
  if (eoi < 0)
    throw new UserInputError(
      'truncated JPEG: the end-of-image marker (FF D9) after the image data is missing',
    );
  // Every 8 × 8 block of the full-resolution component costs at least one bit (its DC code), so a
  // frame header claiming more blocks than the data have bits is corrupt — and decoding it would
  // spend seconds filling a huge frame from nothing.
  const blocks = Math.ceil(h.width / 8) * Math.ceil(h.height / 8);
  const dataBytes = eoi - h.sosOffset;
  if (dataBytes * 8 < blocks)
    throw new UserInputError(
      `corrupt JPEG: the header says ${h.width} × ${h.height} pixels, which need at least ${Math.ceil(blocks / 8)} bytes of image data; the file holds ${dataBytes}`,
    );
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpegJsDecode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: 64,
      maxMemoryUsageInMB: 1024,
    });
  } catch (e) {
    throw new UserInputError(`corrupt JPEG: ${e instanceof Error ? e.message : String(e)}`);
  }
  const n = img.width * img.height;
  if (img.width !== h.width || img.height !== h.height || img.data.length < 3 * n)
    throw new UserInputError('corrupt JPEG: the decoded size does not match the frame header');
  const out = new Float32Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    out[i] =
      (LUMA[0] * (d[3 * i] as number) +
        LUMA[1] * (d[3 * i + 1] as number) +
        LUMA[2] * (d[3 * i + 2] as number)) /
      255;
  }
  return { width: img.width, height: img.height, data: out };
}
