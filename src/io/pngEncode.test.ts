import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { encodePngGray } from './pngEncode';

describe('encodePngGray', () => {
  it('computes the PNG CRC-32', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes signature, IHDR and rows that decode back to the pixels', () => {
    const data = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const png = encodePngGray(data, 4, 3);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const dv = new DataView(png.buffer, png.byteOffset);
    expect(dv.getUint32(16)).toBe(4);
    expect(dv.getUint32(20)).toBe(3);
    const idatLen = dv.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = unzlibSync(png.subarray(41, 41 + idatLen));
    expect(Array.from(raw.subarray(0, 5))).toEqual([0, 0, 20, 40, 60]);
    expect(Array.from(raw.subarray(10, 15))).toEqual([0, 160, 180, 200, 220]);
    expect(() => encodePngGray(data, 5, 3)).toThrow(/width × height/);
  });
});
