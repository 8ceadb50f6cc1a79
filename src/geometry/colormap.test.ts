import { describe, expect, it } from 'vitest';
import { applyColormap, colormap, colormapCssGradient } from './colormap';

/** Relative luminance (sRGB, 0..1). */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('colormap', () => {
  it('hits the published viridis end stops', () => {
    expect(colormap('viridis', 0)).toEqual([68, 1, 84]);
    expect(colormap('viridis', 1)).toEqual([253, 231, 37]);
    expect(colormap('viridis', 0.5)).toEqual([33, 145, 140]);
  });

  it('is monotone in luminance for both maps', () => {
    for (const name of ['viridis', 'cividis'] as const) {
      let prev = -1;
      for (let i = 0; i <= 100; i++) {
        const l = luminance(colormap(name, i / 100));
        expect(l).toBeGreaterThan(prev);
        prev = l;
      }
    }
  });

  it('clamps out-of-range and NaN values', () => {
    const rgb = applyColormap([-5, 0, 10, 20, Number.NaN], 0, 10);
    expect(Array.from(rgb.subarray(0, 3))).toEqual([68, 1, 84]);
    expect(Array.from(rgb.subarray(6, 9))).toEqual([253, 231, 37]);
    expect(Array.from(rgb.subarray(9, 12))).toEqual([253, 231, 37]);
    expect(Array.from(rgb.subarray(12, 15))).toEqual([68, 1, 84]);
  });

  it('builds a CSS gradient with every stop', () => {
    const css = colormapCssGradient('viridis');
    expect(css.startsWith('linear-gradient(to top, rgb(68, 1, 84) 0.0%')).toBe(true);
    expect(css.match(/rgb\(/g)?.length).toBe(11);
  });
});
