/**
 * DICOM reader limits found by the fuzz suite: a pixel size no image has is not believed (warning,
 * no pixel size), and sequences nested thousands deep are refused instead of overflowing the stack.
 */
import { describe, expect, it } from 'vitest';
import { cat, dicom } from '../../fuzz/gen/images';
import { decodeDicom } from './dicom';
import { UserInputError } from './errors';

describe('decodeDicom limits', () => {
  it('keeps a plausible pixel size', () => {
    const d = decodeDicom(dicom({ rows: 40, cols: 50, pixelSpacing: '0.2\\0.2' }));
    expect(d.pixelMm).toBeCloseTo(0.2, 9);
    expect(d.pixelSource).toBe('PixelSpacing');
  });

  it.each(['1e308\\1e308', '1e-300\\1e-300', '50\\50'])('ignores PixelSpacing %s with a warning', (ps) => {
    const d = decodeDicom(dicom({ rows: 40, cols: 50, pixelSpacing: ps }));
    expect(d.pixelMm).toBeNull();
    expect(d.warnings.join(' ')).toMatch(
      /PixelSpacing says .* mm pixels, outside 0\.001–10 mm; it is ignored/,
    );
  });

  it('refuses sequences nested 20 000 deep with a message, not a stack overflow', () => {
    const good = dicom({ rows: 40, cols: 50 });
    const open = new Uint8Array([
      0x09, 0x00, 0x10, 0x00, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff,
      0xff, 0xff,
    ]);
    const nest = new Uint8Array(open.length * 20000);
    for (let i = 0; i < 20000; i++) nest.set(open, i * open.length);
    const bytes = cat(good.subarray(0, 132 + 8 + 20), nest);
    expect(() => decodeDicom(bytes)).toThrow(UserInputError);
    expect(() => decodeDicom(bytes)).toThrow(/sequences nested more than 64 deep/);
  });
});
