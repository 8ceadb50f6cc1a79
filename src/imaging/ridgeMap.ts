/**
 * Maps the head detector works on, at a reduced "work" resolution: the box-downsampled image, the
 * field of view (everything but the black surround of a sector scan), and a bright-line ("ridge")
 * strength that is high on a thin bright band such as the skull and near zero on a step edge.
 *
 * Ridge strength at scale σ (work pixels): the image is smoothed with a Gaussian of σ; where the
 * Hessian has a negative eigenvalue the line normal n is its eigenvector, and the strength is the
 * two-sided contrast I(p) − max(I(p + d n), I(p − d n)) with d = 1.5σ + 1, clipped at 0 — a band
 * brighter than both of its sides, while a step edge (such as the border of the scan sector) gives
 * nothing. The map is the maximum over σ ∈ {1, 2, 3.5}, and zero outside the field of view.
 */
import type { GrayImage } from './types';

/** Work-resolution maps of an image. */
export interface WorkMaps {
  /** Downsampling factor (full-resolution pixels per work pixel, each way). */
  factor: number;
  width: number;
  height: number;
  /** Box-averaged image, [0, 1]. */
  image: Float32Array;
  /** 1 inside the field of view. */
  valid: Uint8Array;
  /** Ridge strength (intensity units, ≥ 0). */
  ridge: Float32Array;
}

/** Downsampling factor that brings the longer side to about 320–640 work pixels. */
export function workFactor(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.max(width, height) / 320));
}

/** Box-average downsampling by an integer factor (partial blocks at the right and bottom dropped). */
export function boxDownsample(img: GrayImage, f: number): GrayImage {
  if (f === 1) return img;
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const out = new Float32Array(w * h);
  const inv = 1 / (f * f);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let s = 0;
      for (let b = 0; b < f; b++) {
        const row = (j * f + b) * img.width + i * f;
        for (let a = 0; a < f; a++) s += img.data[row + a] as number;
      }
      out[j * w + i] = s * inv;
    }
  }
  return { width: w, height: h, data: out };
}

/** Normalised 1-D Gaussian kernel of σ (radius ⌈3σ⌉). */
function kernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/** One separable pass along rows (alongX) or columns, edge-clamped; interior without clamping. */
function blurPass(src: Float32Array, w: number, h: number, k: Float32Array, alongX: boolean): Float32Array {
  const out = new Float32Array(src.length);
  const r = (k.length - 1) >> 1;
  const n = alongX ? w : h;
  const lines = alongX ? h : w;
  const step = alongX ? 1 : w;
  for (let l = 0; l < lines; l++) {
    const base = alongX ? l * w : l;
    for (let i = 0; i < n; i++) {
      let s = 0;
      if (i >= r && i < n - r) {
        const o = base + (i - r) * step;
        for (let t = 0; t < k.length; t++) s += (k[t] as number) * (src[o + t * step] as number);
      } else {
        for (let t = -r; t <= r; t++) {
          const q = i + t < 0 ? 0 : i + t >= n ? n - 1 : i + t;
          s += (k[t + r] as number) * (src[base + q * step] as number);
        }
      }
      out[base + i * step] = s;
    }
  }
  return out;
}

/** Separable Gaussian blur of σ pixels (edge-clamped). */
export function gaussianBlur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const k = kernel(sigma);
  return blurPass(blurPass(src, w, h, k, true), w, h, k, false);
}

/** Bilinear sample of a w × h map at (x, y) (pixel centres at integers), clamped at the edges. */
export function bilinear(m: Float32Array, w: number, h: number, x: number, y: number): number {
  const xc = Math.min(Math.max(x, 0), w - 1);
  const yc = Math.min(Math.max(y, 0), h - 1);
  const i = Math.min(Math.floor(xc), w - 2);
  const j = Math.min(Math.floor(yc), h - 2);
  const tx = xc - i;
  const ty = yc - j;
  const p = j * w + i;
  return (
    ((m[p] as number) * (1 - tx) + (m[p + 1] as number) * tx) * (1 - ty) +
    ((m[p + w] as number) * (1 - tx) + (m[p + w + 1] as number) * tx) * ty
  );
}

/**
 * Field of view: on each row, the pixels from the first to the last one with signal (3 × 3 smoothed
 * value above 2/255). A sector scan is convex along rows, and the black of an acoustic shadow — which
 * runs down the beams and so always has tissue on either side along a row — stays inside.
 */
export function fieldOfView(img: GrayImage): Uint8Array {
  const { width: w, height: h, data } = img;
  const mean = gaussianBlur(data, w, h, 0.8);
  const valid = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    let a = -1;
    let b = -1;
    for (let i = 0; i < w; i++) {
      if ((mean[j * w + i] as number) > 2 / 255) {
        if (a < 0) a = i;
        b = i;
      }
    }
    if (a >= 0) valid.fill(1, j * w + a, j * w + b + 1);
  }
  return valid;
}

/** Ridge strength at one scale, maxed into `out`. */
function ridgeAtScale(
  img: Float32Array,
  w: number,
  h: number,
  valid: Uint8Array,
  sigma: number,
  out: Float32Array,
): void {
  const s = gaussianBlur(img, w, h, sigma);
  const d = 1.5 * sigma + 1;
  for (let j = 1; j < h - 1; j++) {
    for (let i = 1; i < w - 1; i++) {
      const p = j * w + i;
      if (!valid[p]) continue;
      const c = s[p] as number;
      const a = (s[p + 1] as number) - 2 * c + (s[p - 1] as number);
      const cc = (s[p + w] as number) - 2 * c + (s[p - w] as number);
      const b =
        ((s[p + w + 1] as number) -
          (s[p + w - 1] as number) -
          (s[p - w + 1] as number) +
          (s[p - w - 1] as number)) /
        4;
      const half = 0.5 * (a - cc);
      const lam = 0.5 * (a + cc) - Math.sqrt(half * half + b * b);
      if (!(lam < 0)) continue;
      // Eigenvector of λ_min: the better conditioned of (b, λ − a) and (λ − c, b).
      let nx = b;
      let ny = lam - a;
      if (Math.abs(lam - cc) + Math.abs(b) > Math.abs(nx) + Math.abs(ny)) {
        nx = lam - cc;
        ny = b;
      }
      const nn = Math.hypot(nx, ny);
      if (nn < 1e-12) continue;
      nx /= nn;
      ny /= nn;
      const x1 = i + d * nx;
      const y1 = j + d * ny;
      const x2 = i - d * nx;
      const y2 = j - d * ny;
      const side = Math.max(bilinear(s, w, h, x1, y1), bilinear(s, w, h, x2, y2));
      const r = c - side;
      if (r > (out[p] as number)) out[p] = r;
    }
  }
}

/**
 * Work image, field of view and ridge strength of a full-resolution image. Scales above 1.5 work
 * pixels are computed on a 2× box-downsampled copy (σ halved) and taken back by bilinear
 * interpolation, which costs a quarter as much and changes the map by little at those scales.
 */
export function workMaps(img: GrayImage, scales: readonly number[] = [1, 2, 3.5]): WorkMaps {
  const factor = workFactor(img.width, img.height);
  const small = boxDownsample(img, factor);
  const { width: w, height: h } = small;
  const valid = fieldOfView(small);
  const ridge = new Float32Array(w * h);
  const fine = scales.filter((s) => s <= 1.5);
  const coarse = scales.filter((s) => s > 1.5);
  for (const s of fine) ridgeAtScale(small.data, w, h, valid, s, ridge);
  if (coarse.length) {
    const half = boxDownsample(small, 2);
    const hw = half.width;
    const hh = half.height;
    const hv = new Uint8Array(hw * hh);
    for (let j = 0; j < hh; j++)
      for (let i = 0; i < hw; i++) {
        const p = 2 * j * w + 2 * i;
        hv[j * hw + i] = valid[p] && valid[p + 1] && valid[p + w] && valid[p + w + 1] ? 1 : 0;
      }
    const hr = new Float32Array(hw * hh);
    for (const s of coarse) ridgeAtScale(half.data, hw, hh, hv, s / 2, hr);
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) {
        const p = j * w + i;
        if (!valid[p]) continue;
        const v = bilinear(hr, hw, hh, (i - 0.5) / 2, (j - 0.5) / 2);
        if (v > (ridge[p] as number)) ridge[p] = v;
      }
  }
  return { factor, width: w, height: h, image: small.data, valid, ridge };
}
