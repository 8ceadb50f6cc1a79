/**
 * Gradients of the polar patch network (`src/imaging/polarPatchNet.ts`) for training
 * (`trainPatchRefiner.ts`): the backward pass of its convolutions (circular along rays, zero-padded
 * along the radius), of the mean over rays broadcast to every ray, and of the ReLUs.
 */
import {
  type PatchConv,
  type PatchNetActs,
  type PolarPatchNet,
  padBins,
  patchNetLayers,
} from '../../src/imaging/polarPatchNet';

/**
 * Backward pass of `convForward(L, x) = y`: adds dL/dw and dL/db into `g`, and (when `dx` is given)
 * dL/dx into `dx`, from `dy` = dL/dy. 3 × 3 layers run four output channels at once, as the forward.
 */
export function convBackward(
  L: PatchConv,
  x: Float32Array,
  dy: Float32Array,
  rays: number,
  bins: number,
  g: PatchConv,
  dx: Float32Array | null,
): void {
  const { cin, cout, k, dil, w } = L;
  const plane = rays * bins;
  for (let o = 0; o < cout; o++) {
    let sb = 0;
    for (let q = o * plane; q < (o + 1) * plane; q++) sb += dy[q] as number;
    g.b[o] = (g.b[o] as number) + sb;
  }
  if (k === 1) {
    for (let o = 0; o < cout; o++)
      for (let i = 0; i < cin; i++) {
        const wv = w[o * cin + i] as number;
        const so = i * plane;
        const dO = o * plane;
        let s = 0;
        for (let q = 0; q < plane; q++) s += (dy[dO + q] as number) * (x[so + q] as number);
        g.w[o * cin + i] = (g.w[o * cin + i] as number) + s;
        if (dx)
          for (let q = 0; q < plane; q++) dx[so + q] = (dx[so + q] as number) + wv * (dy[dO + q] as number);
      }
    return;
  }
  const P = bins + 2 * dil;
  const d2 = 2 * dil;
  const xp = padBins(x, cin, rays, bins, dil);
  const dxp = dx ? new Float32Array(xp.length) : null;
  const zero = new Float32Array(bins);
  for (let o = 0; o < cout; o += 4) {
    const n = Math.min(4, cout - o);
    for (let i = 0; i < cin; i++) {
      for (let tr = 0; tr < 3; tr++) {
        const wi = (j: number): number => (((o + Math.min(j, n - 1)) * cin + i) * 3 + tr) * 3;
        // Output channels beyond `cout` (a last block of fewer than 4) read zeros and get no gradient.
        const wz = (j: number, t: number): number => (j < n ? (w[wi(j) + t] as number) : 0);
        const a0 = wz(0, 0),
          a1 = wz(0, 1),
          a2 = wz(0, 2);
        const b0 = wz(1, 0),
          b1 = wz(1, 1),
          b2 = wz(1, 2);
        const c0 = wz(2, 0),
          c1 = wz(2, 1),
          c2 = wz(2, 2);
        const e0 = wz(3, 0),
          e1 = wz(3, 1),
          e2 = wz(3, 2);
        let sa0 = 0,
          sa1 = 0,
          sa2 = 0,
          sb0 = 0,
          sb1 = 0,
          sb2 = 0;
        let sc0 = 0,
          sc1 = 0,
          sc2 = 0,
          se0 = 0,
          se1 = 0,
          se2 = 0;
        for (let r = 0; r < rays; r++) {
          const rr = (((r + (tr - 1) * dil) % rays) + rays) % rays;
          const src = (i * rays + rr) * P;
          const y0 = (o * rays + r) * bins;
          const D0 = dy.subarray(y0, y0 + bins);
          const D1 = n > 1 ? dy.subarray(y0 + plane, y0 + plane + bins) : zero;
          const D2 = n > 2 ? dy.subarray(y0 + 2 * plane, y0 + 2 * plane + bins) : zero;
          const D3 = n > 3 ? dy.subarray(y0 + 3 * plane, y0 + 3 * plane + bins) : zero;
          for (let q = 0; q < bins; q++) {
            const u = xp[src + q] as number;
            const v = xp[src + q + dil] as number;
            const z = xp[src + q + d2] as number;
            const p0 = D0[q] as number;
            const p1 = D1[q] as number;
            const p2 = D2[q] as number;
            const p3 = D3[q] as number;
            sa0 += p0 * u;
            sa1 += p0 * v;
            sa2 += p0 * z;
            sb0 += p1 * u;
            sb1 += p1 * v;
            sb2 += p1 * z;
            sc0 += p2 * u;
            sc1 += p2 * v;
            sc2 += p2 * z;
            se0 += p3 * u;
            se1 += p3 * v;
            se2 += p3 * z;
          }
          if (dxp)
            for (let q = 0; q < bins; q++) {
              const p0 = D0[q] as number;
              const p1 = D1[q] as number;
              const p2 = D2[q] as number;
              const p3 = D3[q] as number;
              dxp[src + q] = (dxp[src + q] as number) + a0 * p0 + b0 * p1 + c0 * p2 + e0 * p3;
              dxp[src + q + dil] = (dxp[src + q + dil] as number) + a1 * p0 + b1 * p1 + c1 * p2 + e1 * p3;
              dxp[src + q + d2] = (dxp[src + q + d2] as number) + a2 * p0 + b2 * p1 + c2 * p2 + e2 * p3;
            }
        }
        const sums = [sa0, sa1, sa2, sb0, sb1, sb2, sc0, sc1, sc2, se0, se1, se2];
        for (let j = 0; j < n; j++)
          for (let t = 0; t < 3; t++)
            g.w[wi(j) + t] = (g.w[wi(j) + t] as number) + (sums[3 * j + t] as number);
      }
    }
  }
  if (dx && dxp)
    for (let row = 0; row < cin * rays; row++)
      for (let q = 0; q < bins; q++)
        dx[row * bins + q] = (dx[row * bins + q] as number) + (dxp[row * P + q + dil] as number);
}

/** Zeroes `d` where the ReLU's output `a` was 0. */
function reluBack(d: Float32Array, a: Float32Array): void {
  for (let i = 0; i < d.length; i++) if (!((a[i] as number) > 0)) d[i] = 0;
}

/** Zero-filled gradient buffers shaped like `net`'s layers (file order). */
export const zeroGrads = (net: PolarPatchNet): PatchConv[] =>
  patchNetLayers(net).map((l) => ({
    ...l,
    w: new Float32Array(l.w.length),
    b: new Float32Array(l.b.length),
  }));

/**
 * Adds the gradients of the loss into `grads` (file order: body…, head, out), given the forward
 * pass's activations and dL/dlogits.
 */
export function patchNetBackward(
  net: PolarPatchNet,
  acts: PatchNetActs,
  dLogits: Float32Array,
  rays: number,
  bins: number,
  grads: PatchConv[],
): void {
  const plane = rays * bins;
  const nb = net.body.length;
  const dHead = new Float32Array(net.head.cout * plane);
  convBackward(net.out, acts.head, dLogits, rays, bins, grads[nb + 1] as PatchConv, dHead);
  reluBack(dHead, acts.head);
  const dCat = new Float32Array(acts.cat.length);
  convBackward(net.head, acts.cat, dHead, rays, bins, grads[nb] as PatchConv, dCat);
  const C = net.head.cin / 2;
  let dh = dCat.slice(0, C * plane);
  for (let c = 0; c < C; c++) {
    const dm = new Float32Array(bins);
    for (let r = 0; r < rays; r++) {
      const o = ((C + c) * rays + r) * bins;
      for (let q = 0; q < bins; q++) dm[q] = (dm[q] as number) + (dCat[o + q] as number) / rays;
    }
    for (let r = 0; r < rays; r++) {
      const o = (c * rays + r) * bins;
      for (let q = 0; q < bins; q++) dh[o + q] = (dh[o + q] as number) + (dm[q] as number);
    }
  }
  for (let l = nb - 1; l >= 0; l--) {
    reluBack(dh, acts.body[l + 1] as Float32Array);
    const x = acts.body[l] as Float32Array;
    const dx = l > 0 ? new Float32Array(x.length) : null;
    convBackward(net.body[l] as PatchConv, x, dh, rays, bins, grads[l] as PatchConv, dx);
    if (dx) dh = dx;
  }
}
