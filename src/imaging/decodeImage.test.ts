import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as jpegJsEncode } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../io/crc32';
import { encodePngGray } from '../io/pngEncode';
import { createRng } from '../anatomy/random';
import { decodeImage, describeMagic, readImageSize } from './decodeImage';
import { type PngImageSpec, encodePng } from './pngEncode';
import { realdataPath } from '../../test/realdata';

const W = 37;
const H = 33;
/** A known test pattern: value in [0, 1] at (x, y) per channel c. */
const pat = (x: number, y: number, c = 0): number => ((x * 7 + y * 3 + c * 50) % 97) / 96;

function spec(
  colorType: PngImageSpec['colorType'],
  bitDepth: PngImageSpec['bitDepth'],
  interlace = false,
): PngImageSpec {
  const ch = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const max = (1 << bitDepth) - 1;
  const samples = new Array<number>(W * H * ch);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < ch; c++) {
        // Alpha channels get a fixed 3/4 (of max) so the compositing is checked too.
        const alpha = (colorType === 4 && c === 1) || (colorType === 6 && c === 3);
        samples[(y * W + x) * ch + c] = alpha ? Math.round(0.75 * max) : Math.round(pat(x, y, c) * max);
      }
  return { width: W, height: H, colorType, bitDepth, samples, interlace };
}

/** Expected luminance of `spec` at pixel (x, y). */
function expected(s: PngImageSpec, x: number, y: number): number {
  const max = (1 << s.bitDepth) - 1;
  const q = (c: number): number => Math.round(pat(x, y, c) * max) / max;
  const aq = Math.round(0.75 * max) / max;
  switch (s.colorType) {
    case 0:
      return q(0);
    case 4:
      return q(0) * aq;
    case 2:
      return 0.299 * q(0) + 0.587 * q(1) + 0.114 * q(2);
    case 6:
      return (0.299 * q(0) + 0.587 * q(1) + 0.114 * q(2)) * aq;
    default:
      return NaN;
  }
}

function maxError(s: PngImageSpec): number {
  const img = decodeImage(encodePng(s));
  expect([img.width, img.height, img.format]).toEqual([W, H, 'png']);
  let e = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      e = Math.max(e, Math.abs((img.data[y * W + x] as number) - expected(s, x, y)));
  return e;
}

describe('decodeImage: PNG', () => {
  it.each([
    [0, 1],
    [0, 2],
    [0, 4],
    [0, 8],
    [0, 16],
    [2, 8],
    [2, 16],
    [4, 8],
    [4, 16],
    [6, 8],
    [6, 16],
  ] as const)('colour type %i, %i-bit, plain and Adam7-interlaced, all row filters', (ct, bd) => {
    expect(maxError(spec(ct, bd))).toBeLessThan(1e-6);
    expect(maxError(spec(ct, bd, true))).toBeLessThan(1e-6);
  });

  it('16-bit keeps precision that 8-bit would lose', () => {
    const s: PngImageSpec = {
      width: 32,
      height: 32,
      colorType: 0,
      bitDepth: 16,
      samples: Array.from({ length: 1024 }, (_, i) => 30000 + i),
    };
    const img = decodeImage(encodePng(s));
    expect(img.data[1]! - img.data[0]!).toBeCloseTo(1 / 65535, 9);
  });

  it('palette (1, 4 and 8 bit) with tRNS alpha', () => {
    for (const bd of [1, 4, 8] as const) {
      const n = 1 << bd;
      const palette = new Uint8Array(3 * n);
      for (let i = 0; i < n; i++) palette.set([(i * 37 + 20) % 256, (i * 91) % 256, (i * 13) % 256], 3 * i);
      const alpha = new Uint8Array(n).fill(255);
      alpha[1] = 0; // index 1 fully transparent → black
      const samples = Array.from({ length: 40 * 40 }, (_, i) => (i * 5) % n);
      const img = decodeImage(
        encodePng({
          width: 40,
          height: 40,
          colorType: 3,
          bitDepth: bd,
          samples,
          palette,
          paletteAlpha: alpha,
        }),
      );
      for (let i = 0; i < samples.length; i += 7) {
        const k = samples[i] as number;
        const lum =
          k === 1
            ? 0
            : (0.299 * palette[3 * k]! + 0.587 * palette[3 * k + 1]! + 0.114 * palette[3 * k + 2]!) / 255;
        expect(img.data[i]).toBeCloseTo(lum, 5);
      }
    }
  });

  it('reads the project PNG writer’s 8-bit output exactly', () => {
    const data = new Uint8Array(64 * 48).map((_, i) => (i * 13) % 256);
    const img = decodeImage(encodePngGray(data, 64, 48));
    for (let i = 0; i < data.length; i++) expect(img.data[i]).toBeCloseTo(data[i]! / 255, 6);
  });

  it('reads a real 8-bit HC18 image', () => {
    const real = decodeImage(readFileSync(realdataPath('hc18', '298_HC.png')));
    expect([real.width, real.height]).toEqual([800, 540]);
  });
});

describe('decodeImage: JPEG', () => {
  it('baseline colour JPEG (jpeg-js encoder) to luminance', () => {
    const w = 48;
    const h = 40;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) rgba.set([4 * x, 5 * y, 128, 255], 4 * (y * w + x));
    const jpg = jpegJsEncode({ width: w, height: h, data: rgba }, 95).data;
    const img = decodeImage(new Uint8Array(jpg));
    expect([img.width, img.height, img.format]).toEqual([w, h, 'jpeg']);
    let e = 0;
    for (let y = 2; y < h - 2; y++)
      for (let x = 2; x < w - 2; x++)
        e = Math.max(e, Math.abs(img.data[y * w + x]! - (0.299 * 4 * x + 0.587 * 5 * y + 0.114 * 128) / 255));
    expect(e).toBeLessThan(0.03);
  });

  it('progressive grayscale JPEG (libjpeg-turbo file)', () => {
    const bytes = readFileSync(join(__dirname, 'testdata', 'progressive_gray_40x36.jpg'));
    const img = decodeImage(bytes);
    expect([img.width, img.height]).toEqual([40, 36]);
    let sum = 0;
    for (let y = 0; y < 36; y++)
      for (let x = 0; x < 40; x++) {
        const ring = Math.abs(Math.hypot(x - 20, y - 18) - 10) < 1.5;
        const v = ring ? 240 : Math.min(255, 40 + 3 * x + 2 * y);
        sum += Math.abs(img.data[y * 40 + x]! - v / 255);
      }
    expect(sum / (40 * 36)).toBeLessThan(0.02);
  });
});

describe('decodeImage: bad input', () => {
  const good = encodePngGray(
    new Uint8Array(64 * 64).map((_, i) => i % 251),
    64,
    64,
  );

  it('not an image: says what the bytes look like', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj');
    expect(() => decodeImage(pdf)).toThrow(
      /not a PNG or JPEG image: the file starts with 25 50 44 46.*PDF document/,
    );
    expect(() => decodeImage(new TextEncoder().encode('hello, world — not an image at all'))).toThrow(
      /looks like text/,
    );
    expect(() => decodeImage(new Uint8Array(0))).toThrow(/empty \(0 bytes\)/);
    expect(describeMagic(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toMatch(/GIF/);
  });

  it('truncated or corrupt PNG', () => {
    expect(() => decodeImage(good.subarray(0, good.length - 30))).toThrow(/truncated PNG/);
    expect(() => decodeImage(good.subarray(0, 20))).toThrow(/truncated PNG/);
    const bad = Uint8Array.from(good);
    bad[60] = (bad[60] as number) ^ 0xff; // inside IDAT
    expect(() => decodeImage(bad)).toThrow(/corrupt PNG: CRC mismatch in chunk IDAT/);
  });

  it('truncated JPEG', () => {
    const bytes = readFileSync(join(__dirname, 'testdata', 'progressive_gray_40x36.jpg'));
    expect(() => decodeImage(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated JPEG/);
    expect(() => decodeImage(bytes.subarray(0, 30))).toThrow(/truncated JPEG/);
  });

  it('too small and too large, refused from the header before decoding', () => {
    const tiny = encodePngGray(new Uint8Array([0]), 1, 1);
    expect(() => decodeImage(tiny)).toThrow(/image too small: 1 × 1 pixels/);
    // A 20000 × 20000 header with no pixel data behind it: refused on size, never decompressed.
    const big = Uint8Array.from(good);
    const dv = new DataView(big.buffer);
    dv.setUint32(16, 20000);
    dv.setUint32(20, 20000);
    dv.setUint32(29, crc32(big.subarray(12, 29))); // a valid IHDR: only the size is absurd
    expect(readImageSize(big)).toEqual({ format: 'png', width: 20000, height: 20000 });
    expect(() => decodeImage(big)).toThrow(
      /image too large: 20000 × 20000 pixels \(400\.0 megapixels\); the limit is 40/,
    );
  });

  it('a JPEG frame header of 20000 × 20000 is refused before decoding', () => {
    const bytes = Uint8Array.from(readFileSync(join(__dirname, 'testdata', 'progressive_gray_40x36.jpg')));
    let sof = -1;
    for (let p = 2; p + 1 < bytes.length; p++) {
      if (bytes[p] === 0xff && bytes[p + 1] === 0xc2) {
        sof = p;
        break;
      }
    }
    expect(sof).toBeGreaterThan(0);
    const dv = new DataView(bytes.buffer);
    dv.setUint16(sof + 5, 20000); // height
    dv.setUint16(sof + 7, 20000); // width
    expect(readImageSize(bytes)).toEqual({ format: 'jpeg', width: 20000, height: 20000 });
    expect(() => decodeImage(bytes)).toThrow(/image too large: 20000 × 20000 pixels/);
  });

  it('blank and uniform images', () => {
    expect(() => decodeImage(encodePngGray(new Uint8Array(64 * 64), 64, 64))).toThrow(
      /blank image: every pixel is 0\/255/,
    );
    expect(() => decodeImage(encodePngGray(new Uint8Array(64 * 64).fill(200), 64, 64))).toThrow(/uniform/);
    const rng = createRng(1);
    const noisy = new Uint8Array(64 * 64).map(() => rng.int(0, 255));
    expect(decodeImage(encodePngGray(noisy, 64, 64)).width).toBe(64);
  });
});
