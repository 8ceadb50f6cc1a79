/**
 * PNG reader limits: a decompression bomb is refused quickly, before it is inflated, with a message
 * that says so; the exact-size and truncated streams still behave.
 */
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../io/crc32';
import { UserInputError } from '../io/errors';
import { zlibBomb } from '../../fuzz/gen/deflate';
import { decodeImage } from './decodeImage';
import { decodePng } from './pngDecode';

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  dv.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** An 8-bit grayscale PNG of `w` × `h` whose IDAT holds `zdata` as is. */
function grayPng(w: number, h: number, zdata: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zdata),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Rows of a ramp image with filter byte 0: height × (1 + width) bytes. */
function rampRows(w: number, h: number): Uint8Array {
  const raw = new Uint8Array(h * (w + 1));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x + y) & 255;
  return raw;
}

describe('decodePng: inflation is bounded by the header', () => {
  it('refuses a 1000 × 1000 PNG whose data inflate to 256 MiB, fast and saying why', () => {
    const png = grayPng(1000, 1000, zlibBomb(256));
    const t0 = performance.now();
    let err: unknown;
    try {
      decodeImage(png);
    } catch (e) {
      err = e;
    }
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toMatch(
      /inflates to more than the 1001000 bytes a 1000 × 1000 8-bit grayscale image holds \(a decompression bomb\?\)/,
    );
    expect(ms).toBeLessThan(1500);
  });

  it('decodes a stream of exactly the implied size', () => {
    const img = decodePng(grayPng(40, 30, zlibSync(rampRows(40, 30))));
    expect(img.width).toBe(40);
    expect(img.data[41]).toBeCloseTo(2 / 255, 6); // (x 1, y 1)
  });

  it('refuses one extra row of data and a stream one row short', () => {
    const long = rampRows(40, 31);
    expect(() => decodePng(grayPng(40, 30, zlibSync(long)))).toThrow(/inflates to more than the 1230 bytes/);
    const short = rampRows(40, 29);
    expect(() => decodePng(grayPng(40, 30, zlibSync(short)))).toThrow(
      /truncated PNG: image data holds 1189 of 1230/,
    );
  });

  it('reports a zlib stream cut short as truncated', () => {
    const z = zlibSync(rampRows(40, 30));
    expect(() => decodePng(grayPng(40, 30, z.subarray(0, z.length - 30)))).toThrow(
      /corrupt or truncated PNG|truncated PNG/,
    );
  });
});

describe('decodePng messages', () => {
  it('a chunk running past the end says how many bytes the file has ("ends after 100 bytes")', () => {
    const png = grayPng(40, 30, zlibSync(rampRows(40, 30))).subarray(0, 100);
    expect(() => decodePng(png)).toThrow(/needs \d+ bytes but the file ends after 100 bytes$/);
  });
});
