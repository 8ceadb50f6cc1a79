/**
 * The polar patch network's gradients (`patchNetGrad.ts`) against finite differences of its forward
 * pass, through the circular and dilated convolutions, the mean over rays and the ReLUs.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/anatomy/random';
import {
  type PatchConv,
  type PatchNetActs,
  type PolarPatchNet,
  patchNetForward,
  patchNetLayerShapes,
  patchNetLayers,
} from '../../src/imaging/polarPatchNet';
import { patchNetBackward, zeroGrads } from './patchNetGrad';

describe('patch network gradients', () => {
  it('match central differences of the loss Σ R · logits', () => {
    const rays = 8;
    const bins = 10;
    const rng = createRng(5);
    const shapes = patchNetLayerShapes({ width: 5, dilations: [1, 2] });
    const layers: PatchConv[] = shapes.map((s) => ({
      ...s,
      w: Float32Array.from({ length: s.cout * s.cin * s.k * s.k }, () => 0.8 * (rng.next() - 0.5)),
      b: Float32Array.from({ length: s.cout }, () => 0.2 * (rng.next() - 0.3)),
    }));
    const net: PolarPatchNet = {
      body: layers.slice(0, 2),
      head: layers[2] as PatchConv,
      out: layers[3] as PatchConv,
    };
    const x = Float32Array.from({ length: 5 * rays * bins }, () => rng.next() - 0.5);
    const R = Float32Array.from({ length: rays * bins }, () => rng.next() - 0.5);
    const loss = (): number => {
      const lg = patchNetForward(net, x, rays, bins);
      let s = 0;
      for (let j = 0; j < lg.length; j++) s += (R[j] as number) * (lg[j] as number);
      return s;
    };
    const acts = {} as PatchNetActs;
    patchNetForward(net, x, rays, bins, acts);
    const grads = zeroGrads(net);
    patchNetBackward(net, acts, R, rays, bins, grads);
    let checked = 0;
    patchNetLayers(net).forEach((L, l) => {
      const G = grads[l] as PatchConv;
      for (const key of ['w', 'b'] as const)
        for (let j = 0; j < L[key].length; j += key === 'w' ? 7 : 1)
          (() => {
            const v = L[key][j] as number;
            const h = 2e-3;
            L[key][j] = v + h;
            const lp = loss();
            L[key][j] = v - h;
            const lm = loss();
            L[key][j] = v;
            const l0 = loss();
            // A ReLU switching inside ±h shows as one-sided slopes that disagree: not a smooth point.
            if (Math.abs((lp - l0) / h - (l0 - lm) / h) > 0.005) return;
            const fd = (lp - lm) / (2 * h);
            expect(Math.abs((G[key][j] as number) - fd)).toBeLessThan(0.01 * Math.max(1, Math.abs(fd)));
            checked++;
          })();
    });
    expect(checked).toBeGreaterThan(60);
  });
});
