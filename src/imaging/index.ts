/**
 * 2-D ultrasound images in: decoding user files and finding the fetal head outline in a standard
 * plane, as a radial profile in the plane kind's canonical frame (see docs/imaging.md).
 */
export type { GrayImage } from './types';
export {
  type DecodeImageOptions,
  type DecodedImage,
  assertNotUniform,
  decodeImage,
  describeMagic,
  imageFormatOf,
  readImageSize,
} from './decodeImage';
export { type HeadOutline, type HeadOutlineOptions, type PlaneKind, detectHeadOutline } from './headOutline';
export { type HeadOutlineSummary, detectHeadInFile, summarizeHeadOutline } from './detectInFile';
export { type CanonicalProfile, canonicalProfile, polygonCentroid2d, rayPolygon } from './canonicalFrame';
export { detectionPreviewPng, renderDetection } from './preview';
export { encodePng, encodePngRgb, type PngImageSpec } from './pngEncode';
export {
  type DetectionError,
  type SimulatedPlane,
  defaultSimPixelMm,
  detectionError,
  simulatePlane,
} from './simulatedPlanes';
