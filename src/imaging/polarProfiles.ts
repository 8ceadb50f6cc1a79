/**
 * Polar intensity profiles about an ellipse: for each of `rays` image directions θ_k = 2πk/rays from
 * the ellipse's centre, `samples` intensities at radii s·r_E(θ_k), s from `sMin` to `sMax` (r_E: the
 * ellipse's radius along θ_k). Each sample is the mean of 3 × 3 bilinear reads spanning its cell
 * (radial step × ray spacing), so speckle finer than the grid is averaged rather than aliased. The
 * patch is normalised by its own median and 99th percentile, so the unit of the image does not matter.
 * Used by the learned boundary refiner (`boundaryRefiner.ts`), at inference and in training.
 */

/** An image as the sampler reads it: row-major, x fastest, any intensity unit. */
export interface PixelImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** An ellipse in image pixels (x right, y down); angle of the a-axis from +x towards +y. */
export interface EllipsePx {
  cx: number;
  cy: number;
  a: number;
  b: number;
  angleRad: number;
}

/** The polar sampling grid. */
export interface PolarGrid {
  /** Ray count (directions from the centre). */
  rays: number;
  /** Samples per ray. */
  samples: number;
  /** Radial range as multiples of the ellipse's radius along the ray. */
  sMin: number;
  sMax: number;
}

/** Radius of ellipse `e` along image direction θ from its own centre, in the ellipse's unit. */
export function ellipseRadiusAt(e: EllipsePx, theta: number): number {
  const d = theta - e.angleRad;
  const c = Math.cos(d) / e.a;
  const s = Math.sin(d) / e.b;
  return 1 / Math.sqrt(c * c + s * s);
}

/** Radial position s of sample i on the grid. */
export const sampleS = (g: PolarGrid, i: number): number =>
  g.sMin + ((g.sMax - g.sMin) * i) / (g.samples - 1);

function bilinear(img: PixelImage, x: number, y: number, flipX: boolean): number {
  const { width: w, height: h, data } = img;
  const xx = flipX ? w - 1 - x : x;
  if (!(xx >= 0 && y >= 0 && xx <= w - 1 && y <= h - 1)) return 0;
  const i = Math.min(w - 2, Math.floor(xx));
  const j = Math.min(h - 2, Math.floor(y));
  const fx = xx - i;
  const fy = y - j;
  const o = j * w + i;
  const v00 = data[o] as number;
  const v10 = data[o + 1] as number;
  const v01 = data[o + w] as number;
  const v11 = data[o + w + 1] as number;
  return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
}

/**
 * Samples and normalises the polar patch about `e` (pixels). Returns the patch (rays × samples, ray
 * major) and r_E along each ray (pixels). `flipX` reads the image mirrored left–right (x → width − 1
 * − x) for augmentation; `e` is then in the mirrored image's coordinates.
 */
export function samplePolarPatch(
  img: PixelImage,
  e: EllipsePx,
  g: PolarGrid,
  flipX = false,
): { patch: Float32Array; radiusPx: Float64Array } {
  const N = g.rays;
  const M = g.samples;
  const patch = new Float32Array(N * M);
  const radiusPx = new Float64Array(N);
  const ds = (g.sMax - g.sMin) / (M - 1);
  for (let k = 0; k < N; k++) {
    const th = (2 * Math.PI * k) / N;
    const ux = Math.cos(th);
    const uy = Math.sin(th);
    const rE = ellipseRadiusAt(e, th);
    radiusPx[k] = rE;
    const dr = (ds * rE) / 3;
    for (let i = 0; i < M; i++) {
      const r = sampleS(g, i) * rE;
      const dt = (Math.PI * r) / N / 1.5; // a third of the ray spacing at this radius
      let acc = 0;
      for (let a = -1; a <= 1; a++) {
        const rr = r + a * dr;
        for (let b = -1; b <= 1; b++) {
          const x = e.cx + rr * ux - b * dt * uy;
          const y = e.cy + rr * uy + b * dt * ux;
          acc += bilinear(img, x, y, flipX);
        }
      }
      patch[k * M + i] = acc / 9;
    }
  }
  const sorted = Float32Array.from(patch).sort();
  const med = sorted[Math.floor(0.5 * (sorted.length - 1))] as number;
  const hi = sorted[Math.floor(0.99 * (sorted.length - 1))] as number;
  const scale = Math.max(hi - med, 1e-6 * Math.max(1, Math.abs(hi)));
  for (let q = 0; q < patch.length; q++) patch[q] = ((patch[q] as number) - med) / scale;
  return { patch, radiusPx };
}

/** Extra inputs per ray after the profiles: cos θ, sin θ, r_E in units of 50 mm. */
export const RAY_EXTRA_FEATURES = 3;

/** How a ray's input row is laid out. */
export interface FeatureLayout extends PolarGrid {
  /** Neighbouring rays on each side whose profiles enter a ray's input. */
  context: number;
  /** Also append the mean profile over all rays (the ring as a whole). */
  globalProfile?: boolean;
}

/** Input width of one ray's row. */
export const featureSize = (f: FeatureLayout): number =>
  (2 * f.context + 1 + (f.globalProfile ? 1 : 0)) * f.samples + RAY_EXTRA_FEATURES;

/**
 * The refiner's input rows (rays × {@link featureSize}): ray k's profile with those of its `context`
 * neighbours on each side (circularly), then cos θ_k, sin θ_k and r_E(θ_k) in units of 50 mm, then
 * (with `globalProfile`) the mean profile over all rays.
 */
export function rayFeatures(
  patch: Float32Array,
  radiusPx: Float64Array,
  f: FeatureLayout,
  pixelMm: number,
  out?: Float32Array,
  outOffset = 0,
): Float32Array {
  const N = f.rays;
  const M = f.samples;
  const { context } = f;
  const D = featureSize(f);
  const x = out ?? new Float32Array(N * D);
  const mean = new Float32Array(M);
  if (f.globalProfile) {
    for (let k = 0; k < N; k++)
      for (let i = 0; i < M; i++) mean[i] = (mean[i] as number) + (patch[k * M + i] as number) / N;
  }
  for (let k = 0; k < N; k++) {
    let o = outOffset + k * D;
    for (let j = -context; j <= context; j++) {
      const kk = (((k + j) % N) + N) % N;
      x.set(patch.subarray(kk * M, kk * M + M), o);
      o += M;
    }
    const th = (2 * Math.PI * k) / N;
    x[o] = Math.cos(th);
    x[o + 1] = Math.sin(th);
    x[o + 2] = ((radiusPx[k] as number) * pixelMm) / 50;
    if (f.globalProfile) x.set(mean, o + RAY_EXTRA_FEATURES);
  }
  return x;
}

/**
 * The affine map that takes ellipse `from` onto ellipse `to` (centre to centre, a-axis to a-axis),
 * as a function applying it in place to (x, y) pairs in the ellipses' unit.
 */
export function ellipseMap(from: EllipsePx, to: EllipsePx): (xy: Float32Array | Float64Array) => void {
  const c0 = Math.cos(from.angleRad);
  const s0 = Math.sin(from.angleRad);
  const c1 = Math.cos(to.angleRad);
  const s1 = Math.sin(to.angleRad);
  const ka = to.a / from.a;
  const kb = to.b / from.b;
  return (xy) => {
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const dx = (xy[i] as number) - from.cx;
      const dy = (xy[i + 1] as number) - from.cy;
      const u = (dx * c0 + dy * s0) * ka;
      const v = (-dx * s0 + dy * c0) * kb;
      xy[i] = to.cx + u * c1 - v * s1;
      xy[i + 1] = to.cy + u * s1 + v * c1;
    }
  };
}
