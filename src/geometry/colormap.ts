/**
 * Perceptual, colour-blind-safe colour lookup tables (viridis and cividis), as 0..255 RGB.
 *
 * The tables are the published colour stops of the two maps (viridis: 11 stops; cividis: 9 stops),
 * linearly interpolated between stops. Both are monotone in lightness, so thickness reads the same
 * in greyscale and for readers with red–green colour-vision deficiency.
 */

export type ColormapName = 'viridis' | 'cividis';

const STOPS: Record<ColormapName, readonly number[]> = {
  // #440154 #482475 #414487 #355f8d #2a788e #21918c #22a884 #44bf70 #7ad151 #bddf26 #fde725
  viridis: [
    68, 1, 84, 72, 36, 117, 65, 68, 135, 53, 95, 141, 42, 120, 142, 33, 145, 140, 34, 168, 132, 68, 191, 112,
    122, 209, 81, 189, 223, 38, 253, 231, 37,
  ],
  // #00204c #1f3a6e #414d6b #5f636e #7c7b78 #9b9377 #bcaf6f #dfcb5d #ffe945
  cividis: [
    0, 32, 76, 31, 58, 110, 65, 77, 107, 95, 99, 110, 124, 123, 120, 155, 147, 119, 188, 175, 111, 223, 203,
    93, 255, 233, 69,
  ],
};

/** Colour of `t` in [0, 1] (clamped; NaN maps to 0) as an [r, g, b] triple of 0..255 integers. */
export function colormap(name: ColormapName, t: number): [number, number, number] {
  const out = new Uint8Array(3);
  writeColor(STOPS[name], Number.isFinite(t) ? t : 0, out, 0);
  return [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0];
}

/**
 * Maps scalar values to RGB bytes (3 per value) over [lo, hi], clamping outside it.
 * @param values - e.g. per-vertex wall thickness in mm
 * @param out - optional output to reuse; must hold 3 × values.length bytes
 */
export function applyColormap(
  values: ArrayLike<number>,
  lo: number,
  hi: number,
  name: ColormapName = 'viridis',
  out?: Uint8Array,
): Uint8Array {
  const rgb = out ?? new Uint8Array(values.length * 3);
  const span = hi > lo ? hi - lo : 1;
  const stops = STOPS[name];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    writeColor(stops, Number.isFinite(v) ? (v - lo) / span : 0, rgb, i * 3);
  }
  return rgb;
}

/** CSS `linear-gradient` stops for a legend bar, bottom (lo) to top (hi). */
export function colormapCssGradient(name: ColormapName, direction = 'to top'): string {
  const stops = STOPS[name];
  const n = stops.length / 3;
  const parts: string[] = [];
  for (let s = 0; s < n; s++) {
    parts.push(
      `rgb(${stops[s * 3]}, ${stops[s * 3 + 1]}, ${stops[s * 3 + 2]}) ${((s / (n - 1)) * 100).toFixed(1)}%`,
    );
  }
  return `linear-gradient(${direction}, ${parts.join(', ')})`;
}

function writeColor(stops: readonly number[], t: number, out: Uint8Array, o: number): void {
  const n = stops.length / 3;
  const x = Math.min(1, Math.max(0, t)) * (n - 1);
  const s = Math.min(n - 2, Math.floor(x));
  const f = x - s;
  for (let c = 0; c < 3; c++) {
    const a = stops[s * 3 + c] ?? 0;
    const b = stops[(s + 1) * 3 + c] ?? 0;
    out[o + c] = Math.round(a + (b - a) * f);
  }
}
