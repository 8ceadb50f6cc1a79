/**
 * Convenience for callers with a file (the CLI's `predict`, the upload panel): decode, detect, and a
 * plain JSON-ready summary of the detection.
 */
import { type DecodeImageOptions, type DecodedImage, decodeImage } from './decodeImage';
import { type HeadOutline, type HeadOutlineOptions, type PlaneKind, detectHeadOutline } from './headOutline';

/** Decodes PNG/JPEG bytes and finds the head; every refusal is a `UserInputError` naming the problem. */
export function detectHeadInFile(
  bytes: Uint8Array | ArrayBuffer,
  pixelMm: number,
  kind: PlaneKind,
  opts: { decode?: DecodeImageOptions; detect?: HeadOutlineOptions } = {},
): { image: DecodedImage; outline: HeadOutline } {
  const image = decodeImage(bytes, opts.decode);
  return { image, outline: detectHeadOutline(image, pixelMm, kind, opts.detect) };
}

/** JSON-ready summary of a detection (mm, pixels, radians; profile as a plain array; 0.01 resolution). */
export interface HeadOutlineSummary {
  kind: PlaneKind;
  pixelMm: number;
  hcMm: number;
  ofdMm: number;
  bpdMm: number;
  bpdMethod: HeadOutline['bpdMethod'];
  cephalicIndex: number;
  boneThicknessMm: number;
  ellipse: HeadOutline['ellipse'];
  centroidPx: [number, number];
  rotationRad: number;
  tFlipped: boolean;
  profileMm: number[];
  coverage: number;
  confidence: number;
  warnings: string[];
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** A plain object of a detection for `--json` output and logs. */
export function summarizeHeadOutline(d: HeadOutline): HeadOutlineSummary {
  return {
    kind: d.kind,
    pixelMm: d.pixelMm,
    hcMm: r2(d.hcMm),
    ofdMm: r2(d.ofdMm),
    bpdMm: r2(d.bpdMm),
    bpdMethod: d.bpdMethod,
    cephalicIndex: r2((100 * d.bpdMm) / d.ofdMm),
    boneThicknessMm: r2(d.boneThicknessMm),
    ellipse: {
      cxPx: r2(d.ellipse.cxPx),
      cyPx: r2(d.ellipse.cyPx),
      semiMajorMm: r2(d.ellipse.semiMajorMm),
      semiMinorMm: r2(d.ellipse.semiMinorMm),
      angleRad: Math.round(d.ellipse.angleRad * 1e4) / 1e4,
    },
    centroidPx: [r2(d.centroidPx[0]), r2(d.centroidPx[1])],
    rotationRad: Math.round(d.rotationRad * 1e4) / 1e4,
    tFlipped: d.tFlipped,
    profileMm: Array.from(d.profileMm, r2),
    coverage: r2(d.coverage),
    confidence: r2(d.confidence),
    warnings: [...d.warnings],
  };
}
