/**
 * A preview of a detection for people: the image in gray with the outer outline (green), the fitted
 * ellipse (red), the measured edge points (magenta) and the canonical axes from the centroid (+s yellow, +t cyan), as RGB PNG bytes.
 */
import { encodePngRgb } from './pngEncode';
import type { HeadOutline } from './headOutline';
import type { GrayImage } from './types';

type Rgb = [number, number, number];

/** Draws the detection over the image; returns 8-bit RGB pixels (row-major triplets). */
export function renderDetection(img: GrayImage, det: HeadOutline, lineWidthPx = 2): Uint8Array {
  const { width: W, height: H } = img;
  const rgb = new Uint8Array(3 * W * H);
  for (let p = 0; p < W * H; p++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, img.data[p] as number)));
    rgb[3 * p] = v;
    rgb[3 * p + 1] = v;
    rgb[3 * p + 2] = v;
  }
  const r = Math.max(0, Math.floor((lineWidthPx - 1) / 2));
  const dot = (x: number, y: number, c: Rgb): void => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    for (let b = -r; b <= r; b++)
      for (let a = -r; a <= r; a++) {
        const i = xi + a;
        const j = yi + b;
        if (i < 0 || j < 0 || i >= W || j >= H) continue;
        rgb.set(c, 3 * (j * W + i));
      }
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: Rgb): void => {
    const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0)) + 1;
    for (let q = 0; q <= n; q++) dot(x0 + ((x1 - x0) * q) / n, y0 + ((y1 - y0) * q) / n, c);
  };
  const px = det.contourPx;
  const m = px.length / 2;
  // Ellipse (red).
  const { cxPx, cyPx, semiMajorMm, semiMinorMm, angleRad } = det.ellipse;
  const pxPerMm = 1 / det.pixelMm;
  const ea = semiMajorMm * pxPerMm;
  const eb = semiMinorMm * pxPerMm;
  const ca = Math.cos(angleRad);
  const sa = Math.sin(angleRad);
  let prev: [number, number] | null = null;
  for (let q = 0; q <= 360; q++) {
    const t = (2 * Math.PI * q) / 360;
    const x = cxPx + ea * Math.cos(t) * ca - eb * Math.sin(t) * sa;
    const y = cyPx + ea * Math.cos(t) * sa + eb * Math.sin(t) * ca;
    if (prev) line(prev[0], prev[1], x, y, [230, 40, 40]);
    prev = [x, y];
  }
  // Outline (green).
  for (let q = 0; q < m; q++) {
    const q1 = (q + 1) % m;
    line(
      px[2 * q] as number,
      px[2 * q + 1] as number,
      px[2 * q1] as number,
      px[2 * q1 + 1] as number,
      [40, 230, 60],
    );
  }
  // Measured edge points (magenta).
  for (let q = 0; q < det.edgePx.length / 2; q++)
    dot(det.edgePx[2 * q] as number, det.edgePx[2 * q + 1] as number, [240, 60, 240]);
  // Axes from the centroid, a third of the semi-axes long.
  const [cx, cy] = det.centroidPx;
  const L = 0.35 * eb;
  line(cx, cy, cx + L * det.sAxisPx[0], cy + L * det.sAxisPx[1], [250, 220, 40]);
  line(cx, cy, cx + L * det.tAxisPx[0], cy + L * det.tAxisPx[1], [40, 220, 250]);
  return rgb;
}

/** PNG bytes of {@link renderDetection}. */
export function detectionPreviewPng(img: GrayImage, det: HeadOutline, lineWidthPx = 2): Uint8Array {
  return encodePngRgb(renderDetection(img, det, lineWidthPx), img.width, img.height);
}
