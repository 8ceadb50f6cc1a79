/**
 * Per-vertex colours of the shown LV: wall thickness (viridis over a range in mm) or signed
 * displacement from a reference shape (blue inwards, white unchanged, red outwards; symmetric range
 * in mm). Returned as sRGB bytes for export and as linear floats for the renderer.
 */
import { applyColormap } from '../geometry/colormap';

/** Diverging blue–white–red (colour-blind-safe ends: Okabe–Ito blue and vermillion), t in [0, 1]. */
export function diverging(t: number): [number, number, number] {
  const c = Math.min(1, Math.max(0, t));
  const blue = [0, 114, 178];
  const red = [213, 94, 0];
  const white = [247, 247, 247];
  const [a, b, w] = c < 0.5 ? [blue, white, c / 0.5] : [white, red, (c - 0.5) / 0.5];
  return [0, 1, 2].map((i) => Math.round((a[i] as number) + ((b[i] as number) - (a[i] as number)) * w)) as [
    number,
    number,
    number,
  ];
}

/** sRGB bytes per vertex: displacement over ±`rangeMm`. */
export function displacementBytes(values: Float32Array, rangeMm: number): Uint8Array {
  const out = new Uint8Array(values.length * 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const rgb = Number.isFinite(v) ? diverging(0.5 + v / (2 * rangeMm)) : ([160, 160, 160] as const);
    out[3 * i] = rgb[0];
    out[3 * i + 1] = rgb[1];
    out[3 * i + 2] = rgb[2];
  }
  return out;
}

/** sRGB bytes per vertex for a scalar: thickness (viridis over [lo, hi]) or plain when null. */
export function scalarBytes(values: Float32Array | null, n: number, lo: number, hi: number): Uint8Array {
  if (!values) return new Uint8Array(n * 3).fill(220);
  return applyColormap(values, lo, hi, 'viridis');
}

/** CSS gradient (bottom → top) of the diverging map. */
export function divergingCssGradient(): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => `rgb(${diverging(t).join(',')}) ${t * 100}%`);
  return `linear-gradient(to top, ${stops.join(', ')})`;
}
