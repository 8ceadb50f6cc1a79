/**
 * Separable Gaussian blur of a row-major 2-D Float32Array (x fastest), edge-clamped.
 */

function kernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp((-0.5 * i * i) / (sigma * sigma));
    k[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/**
 * Blurs `src` (w × h, x fastest) with Gaussian σ of `sx` pixels along x and `sy` along y (≤ 0: no
 * blur along that axis). Returns a new array.
 */
export function gaussianBlur2d(
  src: Float32Array,
  w: number,
  h: number,
  sx: number,
  sy: number,
): Float32Array {
  let a = Float32Array.from(src);
  const pass = (sigma: number, alongX: boolean): void => {
    if (!(sigma > 0)) return;
    const k = kernel(sigma);
    const r = (k.length - 1) >> 1;
    const out = new Float32Array(a.length);
    const n = alongX ? w : h;
    const lines = alongX ? h : w;
    const step = alongX ? 1 : w;
    for (let l = 0; l < lines; l++) {
      const base = alongX ? l * w : l;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = -r; t <= r; t++) {
          const q = i + t < 0 ? 0 : i + t >= n ? n - 1 : i + t;
          s += (k[t + r] as number) * (a[base + q * step] as number);
        }
        out[base + i * step] = s;
      }
    }
    a = out;
  };
  pass(sx, true);
  pass(sy, false);
  return a;
}
