/**
 * A grayscale image, shared by the file readers (DICOM, PNG, JPEG) and the head detector.
 */

/** A grayscale image: row-major (x fastest), intensities in [0, 1]. */
export interface GrayImage {
  /** Columns, pixels. */
  width: number;
  /** Rows, pixels. */
  height: number;
  /** width × height intensities in [0, 1]; colour files are reduced to luminance (Rec. 601 weights). */
  data: Float32Array;
}

/** Rec. 601 luma weights (R, G, B). */
export const LUMA: readonly [number, number, number] = [0.299, 0.587, 0.114];
