import { describe, expect, it } from 'vitest';
import { decodeDicom, isDicom } from './dicom';
import { UserInputError } from './errors';
import { writeDicom } from '../../test/fixtures/dicomFixture';

/** A 40 × 36 ramp: value = x + 2y (8-bit) so every pixel is checkable. */
function ramp8(w = 40, h = 36): Uint8Array {
  const p = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p[y * w + x] = x + 2 * y;
  return p;
}

describe('decodeDicom', () => {
  it('reads 8-bit Explicit VR LE pixels and PixelSpacing', () => {
    const bytes = writeDicom({ width: 40, height: 36, pixels: ramp8(), pixelSpacing: [0.2, 0.2] });
    expect(isDicom(bytes)).toBe(true);
    const img = decodeDicom(bytes);
    expect([img.width, img.height]).toEqual([40, 36]);
    expect(img.data[0]).toBeCloseTo(0, 6);
    expect(img.data[5 * 40 + 7]).toBeCloseTo((7 + 10) / 255, 6);
    expect(img.pixelMm).toBeCloseTo(0.2, 9);
    expect(img.pixelSource).toBe('PixelSpacing');
    expect(img.warnings).toEqual([]);
  });

  it('reads Implicit VR LE 16-bit pixels stretched min→max and ImagingPixelSpacing', () => {
    const w = 32;
    const h = 32;
    const p = new Uint16Array(w * h);
    for (let i = 0; i < p.length; i++) p[i] = 1000 + 10 * i;
    const img = decodeDicom(
      writeDicom({ width: w, height: h, pixels: p, explicit: false, imagingPixelSpacing: [0.3, 0.3] }),
    );
    expect(img.transferSyntax).toBe('1.2.840.10008.1.2');
    expect(img.data[0]).toBeCloseTo(0, 6);
    expect(img.data[p.length - 1]).toBeCloseTo(1, 6);
    expect(img.data[100]).toBeCloseTo(100 / (p.length - 1), 5);
    expect(img.pixelMm).toBeCloseTo(0.3, 9);
    expect(img.pixelSource).toBe('ImagingPixelSpacing');
  });

  it.each([
    ['explicit, defined length', true, false],
    ['explicit, undefined length', true, true],
    ['implicit, defined length', false, false],
    ['implicit, undefined length', false, true],
  ])('takes the pixel size from an ultrasound region in cm (%s)', (_name, explicit, undefinedLength) => {
    const img = decodeDicom(
      writeDicom({
        width: 40,
        height: 36,
        pixels: ramp8(),
        explicit,
        usRegion: { deltaXCm: 0.025, deltaYCm: 0.025, undefinedLength },
      }),
    );
    expect(img.pixelMm).toBeCloseTo(0.25, 9);
    expect(img.pixelSource).toBe('UltrasoundRegion');
    expect(img.data[5 * 40 + 7]).toBeCloseTo(17 / 255, 6);
  });

  it('reports a missing pixel size as null and warns about non-square pixels', () => {
    expect(decodeDicom(writeDicom({ width: 40, height: 36, pixels: ramp8() })).pixelMm).toBeNull();
    const img = decodeDicom(writeDicom({ width: 40, height: 36, pixels: ramp8(), pixelSpacing: [0.2, 0.3] }));
    expect(img.pixelMm).toBeCloseTo(0.25, 9);
    expect(img.warnings.join()).toMatch(/not square/);
  });

  it('reduces RGB to luminance and inverts MONOCHROME1', () => {
    const rgb = new Uint8Array(32 * 32 * 3);
    for (let i = 0; i < 32 * 32; i++) rgb.set([200, 100, 50], 3 * i);
    rgb.set([0, 0, 0], 0);
    const img = decodeDicom(writeDicom({ width: 32, height: 32, pixels: rgb, samples: 3 }));
    expect(img.data[1]).toBeCloseTo((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255, 5);
    const m1 = decodeDicom(
      writeDicom({ width: 40, height: 36, pixels: ramp8(), photometric: 'MONOCHROME1' }),
    );
    expect(m1.data[0]).toBeCloseTo(1, 6);
  });

  it('uses the first frame of a multi-frame file and says so', () => {
    const two = new Uint8Array(40 * 36 * 2);
    two.set(ramp8());
    const img = decodeDicom(writeDicom({ width: 40, height: 36, pixels: two, frames: 2 }));
    expect(img.data[5 * 40 + 7]).toBeCloseTo(17 / 255, 6);
    expect(img.warnings.join()).toMatch(/2 frames/);
  });

  it('refuses compressed transfer syntaxes and encapsulated pixels with a clear message', () => {
    const jpeg = writeDicom({
      width: 40,
      height: 36,
      pixels: ramp8(),
      transferSyntax: '1.2.840.10008.1.2.4.50',
    });
    expect(() => decodeDicom(jpeg)).toThrow(/JPEG Baseline.*uncompressed/);
    const j2k = writeDicom({
      width: 40,
      height: 36,
      pixels: ramp8(),
      transferSyntax: '1.2.840.10008.1.2.4.90',
    });
    expect(() => decodeDicom(j2k)).toThrow(/JPEG 2000/);
    const enc = writeDicom({ width: 40, height: 36, pixels: ramp8(), encapsulated: true });
    expect(() => decodeDicom(enc)).toThrow(/compressed \(encapsulated\)/);
  });

  it('refuses non-DICOM, truncated, image-less and tiny files with UserInputError', () => {
    expect(() => decodeDicom(new Uint8Array(300))).toThrow(/not a DICOM file/);
    const ok = writeDicom({ width: 40, height: 36, pixels: ramp8(), pixelSpacing: [0.2, 0.2] });
    const cut = ok.slice(0, ok.length - 100);
    expect(() => decodeDicom(cut)).toThrow(UserInputError);
    expect(() => decodeDicom(cut)).toThrow(/truncated/);
    const small = writeDicom({ width: 8, height: 8, pixels: new Uint8Array(64) });
    expect(() => decodeDicom(small)).toThrow(/too small/);
    const headerOnly = ok.slice(0, 132 + 30);
    expect(() => decodeDicom(headerOnly)).toThrow(UserInputError);
  });
});
