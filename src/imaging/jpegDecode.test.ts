/**
 * JPEG reader limits: a frame header claiming far more pixels than the data can hold is refused at
 * once (jpeg-js would spend more than 10 s filling a 40-megapixel frame from a few kilobytes).
 */
import { describe, expect, it } from 'vitest';
import { jpegOf, markerAt, patternGray } from '../../fuzz/gen/images';
import { decodeImage } from './decodeImage';

describe('decodeJpeg limits', () => {
  const base = jpegOf(patternGray(200, 150), 200, 150);
  const sof = markerAt(base, 0xc0);

  it('decodes the untouched file', () => {
    const img = decodeImage(base);
    expect([img.width, img.height]).toEqual([200, 150]);
  });

  it('refuses a 8000 × 5000 header over 200 × 150 data quickly, saying why', () => {
    const u = base.slice();
    const dv = new DataView(u.buffer);
    dv.setUint16(sof + 5, 5000);
    dv.setUint16(sof + 7, 8000);
    const t0 = performance.now();
    expect(() => decodeImage(u)).toThrow(
      /corrupt JPEG: the header says 8000 × 5000 pixels, which need at least 78125 bytes of image data; the file holds \d+/,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
