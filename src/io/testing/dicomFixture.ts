/**
 * Writes small DICOM Part-10 files for tests (unit and end-to-end): one 2-D image, Explicit or
 * Implicit VR Little Endian, 8- or 16-bit grayscale or 8-bit RGB, with optional PixelSpacing,
 * ImagingPixelSpacing or an ultrasound region (PhysicalDeltaX/Y in cm).
 */

export interface DicomFixture {
  width: number;
  height: number;
  /** Stored values, row-major; RGB interleaved when samples = 3. */
  pixels: Uint8Array | Uint16Array;
  explicit?: boolean;
  samples?: 1 | 3;
  photometric?: string;
  /** Row\column spacing, mm. */
  pixelSpacing?: [number, number];
  imagingPixelSpacing?: [number, number];
  /** PhysicalDeltaX/Y in cm, units 3 (cm). Written as a sequence of one region. */
  usRegion?: { deltaXCm: number; deltaYCm: number; undefinedLength?: boolean };
  transferSyntax?: string;
  frames?: number;
  /** Write the pixel data as encapsulated (undefined length), as compressed files do. */
  encapsulated?: boolean;
}

class Out {
  parts: number[] = [];
  u16(v: number) {
    this.parts.push(v & 0xff, (v >> 8) & 0xff);
  }
  u32(v: number) {
    this.u16(v & 0xffff);
    this.u16((v >>> 16) & 0xffff);
  }
  bytes(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i] as number);
  }
  ascii(s: string) {
    this.bytes(Array.from(s, (c) => c.charCodeAt(0)));
  }
}

const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function pad(b: number[], vr: string): number[] {
  if (b.length % 2 === 0) return b;
  return [...b, vr === 'UI' || vr === 'OB' ? 0 : 0x20];
}

function element(out: Out, g: number, e: number, vr: string, value: number[], explicit: boolean): void {
  const v = pad(value, vr);
  out.u16(g);
  out.u16(e);
  if (explicit || g === 0x0002) {
    out.ascii(vr);
    if (LONG.has(vr)) {
      out.u16(0);
      out.u32(v.length);
    } else out.u16(v.length);
  } else out.u32(v.length);
  out.bytes(v);
}

const str = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const us = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const fd = (x: number) => Array.from(new Uint8Array(new Float64Array([x]).buffer));

/** The bytes of a DICOM file with the given image and header. */
export function writeDicom(f: DicomFixture): Uint8Array {
  const explicit = f.explicit ?? true;
  const ts = f.transferSyntax ?? (explicit ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2');
  const out = new Out();
  out.bytes(new Uint8Array(128));
  out.ascii('DICM');
  element(out, 0x0002, 0x0010, 'UI', str(ts), true);
  const samples = f.samples ?? 1;
  const bits = f.pixels instanceof Uint16Array ? 16 : 8;
  if (f.usRegion) {
    // (0018,6011) SQ with one item: units (0018,6024/6026) = 3 (cm), deltas (0018,602C/602E).
    const item = new Out();
    element(item, 0x0018, 0x6024, 'US', us(3), explicit);
    element(item, 0x0018, 0x6026, 'US', us(3), explicit);
    element(item, 0x0018, 0x602c, 'FD', fd(f.usRegion.deltaXCm), explicit);
    element(item, 0x0018, 0x602e, 'FD', fd(f.usRegion.deltaYCm), explicit);
    out.u16(0x0018);
    out.u16(0x6011);
    const undef = f.usRegion.undefinedLength ?? false;
    const itemLen = item.parts.length;
    const seqLen = undef ? 0xffffffff : itemLen + 8;
    if (explicit) {
      out.ascii('SQ');
      out.u16(0);
    }
    out.u32(seqLen);
    out.u16(0xfffe);
    out.u16(0xe000);
    out.u32(undef ? 0xffffffff : itemLen);
    out.bytes(item.parts);
    if (undef) {
      out.u16(0xfffe);
      out.u16(0xe00d);
      out.u32(0);
      out.u16(0xfffe);
      out.u16(0xe0dd);
      out.u32(0);
    }
  }
  if (f.imagingPixelSpacing)
    element(out, 0x0018, 0x1164, 'DS', str(f.imagingPixelSpacing.join('\\')), explicit);
  element(out, 0x0028, 0x0002, 'US', us(samples), explicit);
  element(out, 0x0028, 0x0004, 'CS', str(f.photometric ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')), explicit);
  if (f.frames) element(out, 0x0028, 0x0008, 'IS', str(String(f.frames)), explicit);
  element(out, 0x0028, 0x0010, 'US', us(f.height), explicit);
  element(out, 0x0028, 0x0011, 'US', us(f.width), explicit);
  if (f.pixelSpacing) element(out, 0x0028, 0x0030, 'DS', str(f.pixelSpacing.join('\\')), explicit);
  element(out, 0x0028, 0x0100, 'US', us(bits), explicit);
  element(out, 0x0028, 0x0101, 'US', us(bits), explicit);
  element(out, 0x0028, 0x0103, 'US', us(0), explicit);
  const raw = new Uint8Array(f.pixels.buffer, f.pixels.byteOffset, f.pixels.byteLength);
  if (f.encapsulated) {
    out.u16(0x7fe0);
    out.u16(0x0010);
    out.ascii('OB');
    out.u16(0);
    out.u32(0xffffffff);
    out.u16(0xfffe);
    out.u16(0xe000);
    out.u32(0);
    out.u16(0xfffe);
    out.u16(0xe0dd);
    out.u32(0);
  } else element(out, 0x7fe0, 0x0010, bits === 16 ? 'OW' : 'OB', Array.from(raw), explicit);
  return Uint8Array.from(out.parts);
}
