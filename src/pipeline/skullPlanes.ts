/**
 * One plane slot's file → what the page shows and the model needs: the decoded grayscale image (PNG,
 * JPEG or DICOM, with the DICOM pixel size), a small preview, and the detected head outline with its
 * in-plane measurements and radial profile (mm). Also the simulated example planes of held-out
 * synthetic skulls. Pure: runs in the skull worker and in Node tests.
 */
import { skullShape } from '../anatomy/skullShape';
import { sampleSkullCohort } from '../anatomy/skullPopulation';
import type { SkullParams } from '../anatomy/skullParams';
import { simulateBMode } from '../anatomy/ultrasound/bmode';
import { headScene } from '../anatomy/ultrasound/headScene';
import { standardPlane } from '../anatomy/ultrasound/planes';
import { decodeImage } from '../imaging/decodeImage';
import { SIMULATED_EDGE_LEVELS } from '../imaging/edgeScan';
import { detectHeadOutline, type HeadOutline } from '../imaging/headOutline';
import type { RefinerState } from './headRefiner';
import type { GrayImage } from '../imaging/types';
import { decodeDicom, isDicom } from '../io/dicom';
import { isUserInputError, UserInputError } from '../io/errors';
import { type HeadSizeNote, headSizeNote } from './skullSize';

export type PlaneKind = 'axial' | 'sagittal' | 'coronal';
export const PLANE_KINDS: readonly PlaneKind[] = ['axial', 'sagittal', 'coronal'];

/** The fitted outline ellipse: centre in image pixels, semi-axes in mm, angle from image +x towards +y. */
export interface OutlineEllipse {
  cxPx: number;
  cyPx: number;
  semiMajorMm: number;
  semiMinorMm: number;
  angleRad: number;
}

/** What the detector found (the subset of HeadOutline the page uses). */
export interface PlaneDetection {
  ellipse: OutlineEllipse;
  /** Closed outer outline, (x, y) image pixels. */
  contourPx: Float32Array;
  /** Radial profile in the plane's canonical frame, mm (the model input). */
  profileMm: Float32Array;
  hcMm: number;
  bpdMm: number;
  ofdMm: number;
  confidence: number;
  /** The detector's own uncertainty: HC SD (mm), relative SD (enters the prediction's SD), a doubtful flag and why. */
  uncertainty: { hcSdMm: number; relSd: number; doubtful: boolean; reasons: string[] };
  /** Axial plane: the head's size in weeks and whether the 3-D models cover it (null for other planes). */
  size: HeadSizeNote | null;
  warnings: string[];
}

/** A grayscale preview, at most {@link PREVIEW_MAX_PX} on its longer side; `scale` = preview px per image px. */
export interface PlanePreview {
  width: number;
  height: number;
  scale: number;
  gray: Uint8Array;
}

/** The state of a plane after reading (and detecting when the pixel size is known). */
export interface PlaneReport {
  kind: PlaneKind;
  fileName: string;
  format: 'png' | 'jpeg' | 'dicom' | 'simulated';
  width: number;
  height: number;
  /** Pixel size used (mm) and where it came from; null when the file has none and none was entered. */
  pixelMm: number | null;
  pixelSource: 'dicom' | 'entered' | 'simulated' | null;
  preview: PlanePreview;
  detection: PlaneDetection | null;
  /** Why there is no detection (a message for a person), or null. */
  error: string | null;
  warnings: string[];
}

/** Longer side of the preview image, px. */
export const PREVIEW_MAX_PX = 480;

/** A grayscale image and its file facts, kept by the worker per slot for re-detection. */
export interface ReadPlane {
  img: GrayImage;
  format: PlaneReport['format'];
  fileName: string;
  pixelMm: number | null;
  pixelSource: PlaneReport['pixelSource'];
  warnings: string[];
  /** Fraction of clearly coloured pixels (0..1) when the caller measured it, else 0. */
  colourFraction: number;
}

/** Decodes a dropped file (DICOM by its marker, else PNG/JPEG). Throws UserInputError. */
export function readPlaneFile(bytes: Uint8Array, fileName: string, colourFraction = 0): ReadPlane {
  if (bytes.length === 0)
    throw new UserInputError(`'${fileName}' is empty (0 bytes); expected an image file`);
  if (isDicom(bytes)) {
    const d = decodeDicom(bytes);
    return {
      img: d,
      format: 'dicom',
      fileName,
      pixelMm: d.pixelMm,
      pixelSource: d.pixelMm !== null ? 'dicom' : null,
      warnings: d.warnings,
      colourFraction,
    };
  }
  try {
    const img = decodeImage(bytes);
    return {
      img,
      format: img.format,
      fileName,
      pixelMm: null,
      pixelSource: null,
      warnings: [],
      colourFraction,
    };
  } catch (e) {
    if (isUserInputError(e) && /not a PNG or JPEG/.test(e.message))
      throw new UserInputError(
        e.message.replace('expected a PNG or JPEG file', 'expected a PNG, JPEG or DICOM file'),
      );
    throw e;
  }
}

/** Box-downsampled 8-bit preview of an image. */
export function previewOf(img: GrayImage, maxPx = PREVIEW_MAX_PX): PlanePreview {
  const f = Math.max(1, Math.ceil(Math.max(img.width, img.height) / maxPx));
  const w = Math.max(1, Math.floor(img.width / f));
  const h = Math.max(1, Math.floor(img.height / f));
  const gray = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < f; dy++)
        for (let dx = 0; dx < f; dx++) s += img.data[(y * f + dy) * img.width + x * f + dx] ?? 0;
      gray[y * w + x] = Math.round((255 * s) / (f * f));
    }
  return { width: w, height: h, scale: 1 / f, gray };
}

function detectionOf(d: HeadOutline): PlaneDetection {
  const size = d.kind === 'axial' ? headSizeNote(d.hcMm) : null;
  const u = d.uncertainty;
  return {
    ellipse: { ...d.ellipse },
    contourPx: d.contourPx,
    profileMm: d.profileMm,
    hcMm: d.hcMm,
    bpdMm: d.bpdMm,
    ofdMm: d.ofdMm,
    confidence: d.confidence,
    uncertainty: { hcSdMm: u.hcSdMm, relSd: u.relSd, doubtful: u.doubtful, reasons: [...u.reasons] },
    size,
    warnings: size?.message ? [size.message, ...d.warnings] : d.warnings,
  };
}

/** Share of clearly coloured pixels above which an image is called a colour photograph. */
export const COLOUR_PHOTO_FRACTION = 0.2;

/**
 * Detects the head in a read plane at its pixel size (the file's, or `enteredPixelMm`) and reports
 * everything the slot shows. Never throws for bad input: the reason goes into `error`. `refiner`: the
 * boundary refiner for real planes (`headRefiner.ts`), or why there is none (a warning on axial planes).
 */
export function reportPlane(
  kind: PlaneKind,
  p: ReadPlane,
  enteredPixelMm: number | null = null,
  refiner: RefinerState = { refiner: null },
): PlaneReport {
  const pixelMm = p.pixelMm ?? enteredPixelMm;
  const pixelSource = p.pixelMm !== null ? p.pixelSource : enteredPixelMm !== null ? 'entered' : null;
  const base: PlaneReport = {
    kind,
    fileName: p.fileName,
    format: p.format,
    width: p.img.width,
    height: p.img.height,
    pixelMm,
    pixelSource,
    preview: previewOf(p.img),
    detection: null,
    error: null,
    warnings: [...p.warnings],
  };
  const colour = p.colourFraction > COLOUR_PHOTO_FRACTION;
  if (colour)
    base.warnings.push(
      `${Math.round(100 * p.colourFraction)} % of the pixels are coloured: this looks like a colour photograph or a Doppler overlay; it was reduced to luminance`,
    );
  if (pixelMm === null) {
    base.error =
      'this file does not say its pixel size: enter it in mm (e.g. 0.2; the scanner shows it, or measure a known depth marker)';
    return base;
  }
  try {
    // Simulated example planes: the simulator's own edge levels (its band is wider than its bone).
    // Real planes: the learned boundary refiner when it loaded (trained on real HC18 heads).
    const opts = p.format === 'simulated' ? { edgeLevels: SIMULATED_EDGE_LEVELS } : refiner;
    base.detection = detectionOf(detectHeadOutline(p.img, pixelMm, kind, opts));
  } catch (e) {
    if (!isUserInputError(e)) throw e;
    base.error = colour
      ? `this looks like a colour photograph, not an ultrasound plane (${e.message})`
      : `${e.message}. You can draw the outline by hand.`;
  }
  return base;
}

/** Image size (px) of the simulated example planes, as the skull models' evaluation uses. */
export const EXAMPLE_IMAGE = { width: 400, height: 270 };

/** Pixel size (mm) of a simulated example plane at a gestational age (the head fills the frame as in HC18). */
export function examplePixelMm(gaWeeks: number): number {
  const t = Math.min(1, Math.max(0, (gaWeeks - 20) / 16));
  return 2 * (0.16 + 0.1 * t);
}

/** Seed of the skull models' held-out test cohort (training/skull/config.ts). */
export const HELD_OUT_SEED = 20261999;

/** A held-out synthetic skull offered as an example: its parameters and true biometry. */
export interface ExampleSubject {
  index: number;
  params: SkullParams;
  truth: { hcMm: number; bpdMm: number; ofdMm: number; cephalicIndex: number; gaWeeks: number };
}

/** Subject `index` of the held-out cohort with its true biometry. */
export function exampleSubject(index: number): ExampleSubject {
  if (!Number.isInteger(index) || index < 0 || index >= 100)
    throw new RangeError(`example index must be 0–99 (the held-out cohort); got ${index}`);
  const params = (sampleSkullCohort(HELD_OUT_SEED, index + 1)[index] as { params: SkullParams }).params;
  const s = skullShape(params);
  return {
    index,
    params,
    truth: {
      hcMm: s.hcMm,
      bpdMm: s.bpdMm,
      ofdMm: s.ofdMm,
      cephalicIndex: s.cephalicIndex,
      gaWeeks: params.gaWeeks,
    },
  };
}

/** Simulated B-mode planes of a skull (8-bit grayscale), at the example pixel size. */
export function simulateExamplePlanes(
  params: SkullParams,
  seed: number,
  kinds: readonly PlaneKind[] = PLANE_KINDS,
): { kind: PlaneKind; img: GrayImage; pixelMm: number; png8: Uint8Array }[] {
  const scene = headScene(params, { seed });
  const pixelMm = examplePixelMm(params.gaWeeks);
  return kinds.map((kind, k) => {
    const b = simulateBMode(scene, standardPlane(kind), { ...EXAMPLE_IMAGE, pixelMm, seed: seed * 3 + k });
    return {
      kind,
      pixelMm,
      png8: b.data,
      img: { width: b.width, height: b.height, data: Float32Array.from(b.data, (v) => v / 255) },
    };
  });
}
