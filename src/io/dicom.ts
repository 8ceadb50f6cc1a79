/**
 * A minimal DICOM reader for 2-D images (ultrasound planes dropped on the page): Part-10 files with
 * the Explicit or Implicit VR Little Endian transfer syntax, uncompressed 8- or 16-bit pixels,
 * MONOCHROME1/2 or RGB (reduced to luminance), first frame of a multi-frame file. The pixel size comes
 * from PixelSpacing (0028,0030), else ImagingPixelSpacing (0018,1164), else the first ultrasound region
 * of SequenceOfUltrasoundRegions (0018,6011) whose PhysicalDeltaX/Y (0018,602C/602E) are in cm.
 * Everything a person could have got wrong throws a `UserInputError` saying what and what would work.
 */
import { LUMA, type GrayImage } from './grayImage';
import { UserInputError } from './errors';

/** A decoded DICOM image. */
export interface DicomImage extends GrayImage {
  /** Pixel size in mm (mean of row and column spacing), or null when the file carries none. */
  pixelMm: number | null;
  /** Which header element gave the pixel size. */
  pixelSource: 'PixelSpacing' | 'ImagingPixelSpacing' | 'UltrasoundRegion' | null;
  transferSyntax: string;
  /** Things the reader changed or assumed (first of several frames, anisotropic pixels…). */
  warnings: string[];
}

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

/** Names of transfer syntaxes this reader refuses, for the message. */
function syntaxName(uid: string): string {
  if (uid === '1.2.840.10008.1.2.2') return 'Explicit VR Big Endian';
  if (uid === '1.2.840.10008.1.2.1.99') return 'Deflated Explicit VR Little Endian';
  if (uid === '1.2.840.10008.1.2.5') return 'RLE Lossless';
  if (/^1\.2\.840\.10008\.1\.2\.4\.(50|51)$/.test(uid)) return 'JPEG Baseline/Extended';
  if (/^1\.2\.840\.10008\.1\.2\.4\.(57|70)$/.test(uid)) return 'JPEG Lossless';
  if (/^1\.2\.840\.10008\.1\.2\.4\.(80|81)$/.test(uid)) return 'JPEG-LS';
  if (/^1\.2\.840\.10008\.1\.2\.4\.(90|91|201|202|203)$/.test(uid)) return 'JPEG 2000';
  if (/^1\.2\.840\.10008\.1\.2\.4\.10[0-9]$/.test(uid)) return 'MPEG video';
  return 'an unsupported encoding';
}

/** VRs whose explicit-VR header has a 4-byte length after two reserved bytes. */
const LONG_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const tagOf = (g: number, e: number) => ((g << 16) | e) >>> 0;
const T = {
  transferSyntax: tagOf(0x0002, 0x0010),
  samples: tagOf(0x0028, 0x0002),
  photometric: tagOf(0x0028, 0x0004),
  planar: tagOf(0x0028, 0x0006),
  frames: tagOf(0x0028, 0x0008),
  rows: tagOf(0x0028, 0x0010),
  cols: tagOf(0x0028, 0x0011),
  pixelSpacing: tagOf(0x0028, 0x0030),
  bitsAllocated: tagOf(0x0028, 0x0100),
  pixelRep: tagOf(0x0028, 0x0103),
  imagingSpacing: tagOf(0x0018, 0x1164),
  usRegions: tagOf(0x0018, 0x6011),
  unitsX: tagOf(0x0018, 0x6024),
  unitsY: tagOf(0x0018, 0x6026),
  deltaX: tagOf(0x0018, 0x602c),
  deltaY: tagOf(0x0018, 0x602e),
  pixelData: tagOf(0x7fe0, 0x0010),
  item: tagOf(0xfffe, 0xe000),
  itemEnd: tagOf(0xfffe, 0xe00d),
  seqEnd: tagOf(0xfffe, 0xe0dd),
};

/** VRs of the elements read, for Implicit VR files. */
const IMPLICIT_VR: Record<number, string> = {
  [T.samples]: 'US',
  [T.photometric]: 'CS',
  [T.planar]: 'US',
  [T.frames]: 'IS',
  [T.rows]: 'US',
  [T.cols]: 'US',
  [T.pixelSpacing]: 'DS',
  [T.bitsAllocated]: 'US',
  [T.pixelRep]: 'US',
  [T.imagingSpacing]: 'DS',
  [T.usRegions]: 'SQ',
  [T.unitsX]: 'US',
  [T.unitsY]: 'US',
  [T.deltaX]: 'FD',
  [T.deltaY]: 'FD',
};

interface Element {
  vr: string;
  offset: number;
  length: number;
}

type Dataset = Map<number, Element>;

const UNDEFINED = 0xffffffff;

/** Deepest nesting of sequences read (real files nest a few levels; a crafted one could overflow the stack). */
const MAX_SEQUENCE_DEPTH = 64;

/** Pixel sizes outside this range (mm) are not believed: the header is ignored with a warning. */
export const DICOM_PIXEL_MM_RANGE = [0.001, 10] as const;

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
  ) {}

  truncated(where: string): never {
    throw new UserInputError(
      `truncated DICOM file: it ends inside ${where} (${this.bytes.length} bytes); expected a complete file`,
    );
  }

  /**
   * Parses elements from `pos` until `end` (or an item/sequence delimiter when `untilDelimiter`).
   * Nested sequences become `items` of the returned list; returns the dataset and where it stopped.
   */
  parse(
    pos: number,
    end: number,
    explicit: boolean,
    sequences: Map<number, Dataset[]>,
    stopAt: number | null = null,
    depth = 0,
  ): { ds: Dataset; pos: number } {
    if (depth > MAX_SEQUENCE_DEPTH) {
      throw new UserInputError(
        `corrupt DICOM file: sequences nested more than ${MAX_SEQUENCE_DEPTH} deep; expected an image object`,
      );
    }
    const ds: Dataset = new Map();
    const v = this.view;
    while (pos < end) {
      if (pos + 8 > this.bytes.length) this.truncated('an element header');
      const g = v.getUint16(pos, true);
      const e = v.getUint16(pos + 2, true);
      const tag = tagOf(g, e);
      if (tag === T.itemEnd || tag === T.seqEnd) {
        if (stopAt === null) throw new UserInputError('corrupt DICOM file: a delimiter outside a sequence');
        return { ds, pos: pos + 8 };
      }
      let vr: string;
      let length: number;
      let header: number;
      const metaGroup = g === 0x0002;
      if ((explicit || metaGroup) && g !== 0xfffe) {
        vr = String.fromCharCode(this.bytes[pos + 4] ?? 0, this.bytes[pos + 5] ?? 0);
        if (!/^[A-Z]{2}$/.test(vr))
          throw new UserInputError(`corrupt DICOM file: element (${hex(g)},${hex(e)}) has no valid VR`);
        if (LONG_VR.has(vr)) {
          if (pos + 12 > this.bytes.length) this.truncated('an element header');
          length = v.getUint32(pos + 8, true);
          header = 12;
        } else {
          length = v.getUint16(pos + 6, true);
          header = 8;
        }
      } else {
        vr = IMPLICIT_VR[tag] ?? 'UN';
        length = v.getUint32(pos + 4, true);
        header = 8;
      }
      const start = pos + header;
      if (tag === T.pixelData && length === UNDEFINED) {
        throw new UserInputError(
          'this DICOM file holds compressed (encapsulated) pixel data; export the image uncompressed (Explicit or Implicit VR Little Endian) or as PNG',
        );
      }
      if (length === UNDEFINED || vr === 'SQ') {
        const items: Dataset[] = [];
        const seqEnd = length === UNDEFINED ? this.bytes.length : start + length;
        let p = start;
        while (p < seqEnd) {
          if (p + 8 > this.bytes.length) this.truncated('a sequence');
          const it = tagOf(v.getUint16(p, true), v.getUint16(p + 2, true));
          const itLen = v.getUint32(p + 4, true);
          if (it === T.seqEnd) {
            p += 8;
            break;
          }
          if (it !== T.item) throw new UserInputError('corrupt DICOM file: a sequence without items');
          const itEnd = itLen === UNDEFINED ? this.bytes.length : p + 8 + itLen;
          const r = this.parse(p + 8, itEnd, explicit, sequences, itLen === UNDEFINED ? 1 : null, depth + 1);
          items.push(r.ds);
          p = itLen === UNDEFINED ? r.pos : itEnd;
        }
        sequences.set(tag, [...(sequences.get(tag) ?? []), ...items]);
        ds.set(tag, { vr: 'SQ', offset: start, length: 0 });
        pos = length === UNDEFINED ? p : start + length;
        continue;
      }
      if (start + length > this.bytes.length) {
        if (tag === T.pixelData) this.truncated('the pixel data');
        this.truncated(`element (${hex(g)},${hex(e)})`);
      }
      ds.set(tag, { vr, offset: start, length });
      pos = start + length;
    }
    if (stopAt !== null && pos >= this.bytes.length && end === this.bytes.length)
      this.truncated('a sequence');
    return { ds, pos };
  }

  text(el: Element | undefined): string | null {
    if (!el) return null;
    let s = '';
    for (let i = 0; i < el.length; i++) s += String.fromCharCode(this.bytes[el.offset + i] ?? 0);
    return s.replace(/[\0 ]+$/, '').trim();
  }

  uint(el: Element | undefined): number | null {
    if (!el || el.length < 2) return null;
    if (el.vr === 'UL') return this.view.getUint32(el.offset, true);
    if (el.vr === 'IS') return Number(this.text(el));
    return this.view.getUint16(el.offset, true);
  }

  float64(el: Element | undefined): number | null {
    if (!el || el.length < 8) return null;
    return this.view.getFloat64(el.offset, true);
  }

  decimals(el: Element | undefined): number[] | null {
    const t = this.text(el);
    if (t === null || t === '') return null;
    return t.split('\\').map(Number);
  }
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** True when the bytes start like a DICOM Part-10 file ("DICM" at byte 128). */
export function isDicom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** Limits of {@link decodeDicom}. */
export interface DicomOptions {
  /** Largest accepted image, megapixels. Default 40. */
  maxMegapixels?: number;
  /** Smallest accepted side, pixels. Default 32. */
  minSidePx?: number;
}

/**
 * Decodes a 2-D DICOM image to luminance in [0, 1] (8-bit: value/255; 16-bit: stretched from the
 * stored minimum to maximum; MONOCHROME1 inverted) with its pixel size in mm when the header has one.
 */
export function decodeDicom(input: Uint8Array | ArrayBuffer, opts: DicomOptions = {}): DicomImage {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!isDicom(bytes)) {
    throw new UserInputError(
      'not a DICOM file: no "DICM" marker at byte 128; expected a DICOM Part-10 file (or a PNG or JPEG image)',
    );
  }
  const r = new Reader(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const seqs = new Map<number, Dataset[]>();
  // File meta: group 0002, always Explicit VR Little Endian.
  const v = r.view;
  let pos = 132;
  let tsEl: Element | undefined;
  while (pos + 8 <= bytes.length && v.getUint16(pos, true) === 0x0002) {
    const one = r.parse(pos, pos + 1, true, seqs);
    tsEl = one.ds.get(T.transferSyntax) ?? tsEl;
    pos = one.pos;
  }
  const ts = r.text(tsEl) ?? IMPLICIT_LE;
  if (ts !== EXPLICIT_LE && ts !== IMPLICIT_LE) {
    throw new UserInputError(
      `this DICOM file is encoded as ${syntaxName(ts)} (transfer syntax ${ts}), which this page cannot read; export it uncompressed (Explicit or Implicit VR Little Endian) or as PNG`,
    );
  }
  const { ds } = r.parse(pos, bytes.length, ts === EXPLICIT_LE, seqs);
  const warnings: string[] = [];
  const rows = r.uint(ds.get(T.rows));
  const cols = r.uint(ds.get(T.cols));
  const pixel = ds.get(T.pixelData);
  if (!pixel || rows === null || cols === null) {
    throw new UserInputError(
      'this DICOM file holds no image (no Rows, Columns or PixelData); expected an ultrasound image object',
    );
  }
  const minSide = opts.minSidePx ?? 32;
  const maxMp = opts.maxMegapixels ?? 40;
  if (rows < minSide || cols < minSide)
    throw new UserInputError(
      `image too small: ${cols} × ${rows} pixels; expected at least ${minSide} pixels on each side`,
    );
  if ((rows * cols) / 1e6 > maxMp)
    throw new UserInputError(
      `image too large: ${cols} × ${rows} pixels (${((rows * cols) / 1e6).toFixed(1)} megapixels); the limit is ${maxMp} megapixels`,
    );
  const bits = r.uint(ds.get(T.bitsAllocated)) ?? 8;
  const samples = r.uint(ds.get(T.samples)) ?? 1;
  const photometric = r.text(ds.get(T.photometric)) ?? 'MONOCHROME2';
  const planar = r.uint(ds.get(T.planar)) ?? 0;
  const signed = r.uint(ds.get(T.pixelRep)) === 1;
  const frames = Math.max(1, r.uint(ds.get(T.frames)) ?? 1);
  if (bits !== 8 && bits !== 16)
    throw new UserInputError(`unsupported DICOM pixel depth: ${bits} bits allocated; expected 8 or 16`);
  if (!(samples === 1 || (samples === 3 && bits === 8)))
    throw new UserInputError(
      `unsupported DICOM pixel layout: ${samples} samples of ${bits} bits; expected grayscale (1 sample) or 8-bit RGB`,
    );
  if (samples === 3 && photometric !== 'RGB')
    throw new UserInputError(
      `unsupported DICOM colour encoding ${photometric}; expected RGB or MONOCHROME (export the image as RGB or PNG)`,
    );
  if (frames > 1) warnings.push(`the file holds ${frames} frames; the first is used`);
  const n = rows * cols;
  const frameBytes = (n * samples * bits) / 8;
  if (pixel.length < frameBytes) r.truncated('the pixel data');
  const data = new Float32Array(n);
  const o = pixel.offset;
  if (samples === 3) {
    for (let i = 0; i < n; i++) {
      const at = (c: number) => bytes[planar === 1 ? o + c * n + i : o + 3 * i + c] ?? 0;
      data[i] = (LUMA[0] * at(0) + LUMA[1] * at(1) + LUMA[2] * at(2)) / 255;
    }
  } else if (bits === 8) {
    for (let i = 0; i < n; i++) data[i] = (bytes[o + i] ?? 0) / 255;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const val = signed ? v.getInt16(o + 2 * i, true) : v.getUint16(o + 2 * i, true);
      data[i] = val;
      if (val < lo) lo = val;
      if (val > hi) hi = val;
    }
    const span = hi > lo ? hi - lo : 1;
    for (let i = 0; i < n; i++) data[i] = ((data[i] as number) - lo) / span;
  }
  if (photometric === 'MONOCHROME1') for (let i = 0; i < n; i++) data[i] = 1 - (data[i] as number);

  const { pixelMm, pixelSource } = spacingOf(r, ds, seqs, warnings);
  return { width: cols, height: rows, data, pixelMm, pixelSource, transferSyntax: ts, warnings };
}

function spacingOf(
  r: Reader,
  ds: Dataset,
  seqs: Map<number, Dataset[]>,
  warnings: string[],
): Pick<DicomImage, 'pixelMm' | 'pixelSource'> {
  const [lo, hi] = DICOM_PIXEL_MM_RANGE;
  const pair = (vals: number[] | null, name: string): [number, number] | null => {
    if (!vals || vals.length < 2 || !vals.every((x) => Number.isFinite(x) && x > 0)) return null;
    const [a, b] = [vals[0] as number, vals[1] as number];
    if (a < lo || a > hi || b < lo || b > hi) {
      warnings.push(
        `${name} says ${a} × ${b} mm pixels, outside ${lo}–${hi} mm; it is ignored (enter the pixel size)`,
      );
      return null;
    }
    return [a, b];
  };
  const chosen = (
    rowCol: [number, number],
    source: NonNullable<DicomImage['pixelSource']>,
  ): Pick<DicomImage, 'pixelMm' | 'pixelSource'> => {
    const [a, b] = rowCol;
    if (Math.abs(a - b) / Math.max(a, b) > 0.02)
      warnings.push(
        `pixels are not square (${a.toFixed(4)} × ${b.toFixed(4)} mm); their mean ${((a + b) / 2).toFixed(4)} mm is used`,
      );
    return { pixelMm: (a + b) / 2, pixelSource: source };
  };
  const ps = pair(r.decimals(ds.get(T.pixelSpacing)), 'PixelSpacing');
  if (ps) return chosen(ps, 'PixelSpacing');
  const ips = pair(r.decimals(ds.get(T.imagingSpacing)), 'ImagingPixelSpacing');
  if (ips) return chosen(ips, 'ImagingPixelSpacing');
  for (const region of seqs.get(T.usRegions) ?? []) {
    const dx = r.float64(region.get(T.deltaX));
    const dy = r.float64(region.get(T.deltaY));
    const ux = r.uint(region.get(T.unitsX));
    const uy = r.uint(region.get(T.unitsY));
    // Units 3 = cm (DICOM PS3.3 C.8.5.5.1.15); other units (seconds, Hz, …) are not lengths.
    if (dx !== null && dy !== null && dx > 0 && dy > 0 && (ux ?? 3) === 3 && (uy ?? 3) === 3) {
      const p = pair([dy * 10, dx * 10], 'the ultrasound region');
      if (p) return chosen(p, 'UltrasoundRegion');
    }
  }
  return { pixelMm: null, pixelSource: null };
}
