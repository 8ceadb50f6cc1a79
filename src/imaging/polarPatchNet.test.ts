/**
 * Known answers for the polar patch network's convolution (circular along rays, zero-padded along
 * the radius) and its mean-over-rays context.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../anatomy/random';
import {
  type PatchConv,
  type PolarPatchNet,
  convForward,
  patchNetForward,
  patchNetInput,
  patchNetLayerShapes,
} from './polarPatchNet';

/** A direct, unoptimised convolution: the definition the fast one must match. */
function naiveConv(L: PatchConv, x: Float32Array, rays: number, bins: number): Float32Array {
  const y = new Float32Array(L.cout * rays * bins);
  const h = (L.k - 1) / 2;
  for (let o = 0; o < L.cout; o++)
    for (let r = 0; r < rays; r++)
      for (let q = 0; q < bins; q++) {
        let s = L.b[o] as number;
        for (let i = 0; i < L.cin; i++)
          for (let tr = -h; tr <= h; tr++)
            for (let tb = -h; tb <= h; tb++) {
              const rr = (((r + tr * L.dil) % rays) + rays) % rays;
              const qq = q + tb * L.dil;
              if (qq < 0 || qq >= bins) continue;
              s +=
                (L.w[((o * L.cin + i) * L.k + tr + h) * L.k + tb + h] as number) *
                (x[(i * rays + rr) * bins + qq] as number);
            }
        y[(o * rays + r) * bins + q] = s;
      }
  return y;
}

function randomConv(cin: number, cout: number, k: 1 | 3, dil: number, seed: number): PatchConv {
  const rng = createRng(seed);
  return {
    cin,
    cout,
    k,
    dil,
    w: Float32Array.from({ length: cout * cin * k * k }, () => rng.next() - 0.5),
    b: Float32Array.from({ length: cout }, () => rng.next() - 0.5),
  };
}

describe('polar patch network', () => {
  it('shifts a patch circularly along the rays and with zeros along the radius (one tap)', () => {
    const rays = 6;
    const bins = 5;
    const x = Float32Array.from({ length: rays * bins }, (_, j) => j + 1);
    const L: PatchConv = { cin: 1, cout: 1, k: 3, dil: 2, w: new Float32Array(9), b: new Float32Array(1) };
    L.w[2 * 3 + 1] = 1; // ray offset +1 (× dilation 2), bin offset 0
    const y = new Float32Array(rays * bins);
    convForward(L, x, rays, bins, y);
    // Ray 5 reads ray (5 + 2) mod 6 = 1; ray 0 reads ray 2.
    expect(Array.from(y.subarray(5 * bins, 6 * bins))).toEqual([6, 7, 8, 9, 10]);
    expect(Array.from(y.subarray(0, bins))).toEqual([11, 12, 13, 14, 15]);
    L.w.fill(0);
    L.w[1 * 3 + 2] = 1; // bin offset +1 (× 2): the last two bins read beyond the radial end
    convForward(L, x, rays, bins, y);
    expect(Array.from(y.subarray(0, bins))).toEqual([3, 4, 5, 0, 0]);
  });

  it.each([
    [3, 5, 2],
    [4, 8, 1],
    [2, 1, 4],
  ])('matches the direct definition (%i → %i channels, dilation %i)', (cin, cout, dil) => {
    const rays = 8;
    const bins = 11;
    const rng = createRng(7);
    const x = Float32Array.from({ length: cin * rays * bins }, () => rng.next() - 0.5);
    for (const k of [1, 3] as const) {
      const L = randomConv(cin, cout, k, dil, 11 + k);
      const y = new Float32Array(cout * rays * bins);
      convForward(L, x, rays, bins, y);
      const ref = naiveConv(L, x, rays, bins);
      for (let j = 0; j < y.length; j++) expect(y[j]).toBeCloseTo(ref[j] as number, 5);
    }
  });

  it('gives every ray the same logits when the patch is the same along every ray (no direction inputs)', () => {
    const rays = 16;
    const bins = 12;
    const shapes = patchNetLayerShapes({ width: 4, dilations: [1, 2] });
    const layers = shapes.map((s, j) => randomConv(s.cin, s.cout, s.k, s.dil, 30 + j));
    // Direction inputs (cos θ, sin θ) switched off: their weights zero.
    const first = layers[0] as PatchConv;
    for (let o = 0; o < first.cout; o++)
      for (const i of [1, 2]) for (let t = 0; t < 9; t++) first.w[(o * first.cin + i) * 9 + t] = 0;
    const net: PolarPatchNet = {
      body: layers.slice(0, 2),
      head: layers[2] as PatchConv,
      out: layers[3] as PatchConv,
    };
    const patch = new Float32Array(rays * bins);
    for (let r = 0; r < rays; r++)
      for (let q = 0; q < bins; q++) patch[r * bins + q] = Math.exp(-((q - 6) ** 2));
    const x = patchNetInput(
      patch,
      new Float64Array(rays).fill(300),
      { rays, samples: bins, sMin: 0.5, sMax: 1.6 },
      0.2,
    );
    expect(x[3 * rays * bins]).toBeCloseTo(1.2, 6); // r_E 300 px × 0.2 mm / 50 mm
    expect(x[4 * rays * bins + 5 * bins + 11]).toBeCloseTo(0.6, 6); // last bin: s = 1.6
    const lg = patchNetForward(net, x, rays, bins);
    for (let r = 1; r < rays; r++)
      for (let q = 0; q < bins; q++) expect(lg[r * bins + q]).toBeCloseTo(lg[q] as number, 5);
  });
});
