/**
 * A small convolutional network over the whole polar patch about an ellipse (`polarProfiles.ts`:
 * rays × radial samples), the boundary refiner's second kind (`boundaryRefiner.ts`, kind
 * `polar-patch-refiner`). Every ray's reading sees the whole head: 3 × 3 convolutions with
 * dilations 1, 2, 4, … (circular along the rays, zero-padded along the radius), then the features'
 * mean over all rays is broadcast back to every ray beside its own features, a further 3 × 3
 * convolution and a 1 × 1 convolution give one logit per (ray, radial bin): a softmax over each ray's
 * bins says where the expert's ellipse crosses it (decoded as for the per-ray refiner).
 *
 * Activations are channel-major `[channel][ray][bin]` Float32Arrays. Inputs (5 channels): the
 * normalised patch, cos θ_k, sin θ_k, r_E(θ_k) in units of 50 mm, and s_i − 1 (where the bin lies
 * relative to the start ellipse: without it the convolutions could not know, and the start's closeness
 * to the expert's ellipse would be lost). Plain TypeScript, no tfjs.
 */

import { type PolarGrid, sampleS } from './polarProfiles';

/** One convolution: `k` × `k` (k = 1 or 3) taps, dilation `dil` along both axes. */
export interface PatchConv {
  cin: number;
  cout: number;
  k: 1 | 3;
  dil: number;
  /** Weights, `[cout][cin][k (ray offset)][k (bin offset)]`. */
  w: Float32Array;
  b: Float32Array;
}

/** The network: body convolutions (ReLU), the head on [body, mean over rays] (ReLU), the 1 × 1 output. */
export interface PolarPatchNet {
  body: PatchConv[];
  head: PatchConv;
  out: PatchConv;
}

/** Shape of a patch network (stored in its weights file's spec). */
export interface PatchNetShape {
  /** Channels of the body and the head. */
  width: number;
  /** Dilation of each body convolution (its length is the body's depth). */
  dilations: number[];
}

/** Input channels: patch, cos θ, sin θ, r_E / 50 mm, s − 1 (the bin's radius relative to the ellipse's). */
export const PATCH_NET_INPUTS = 5;

/** The layers' shapes for `shape`, in file order (body…, head, out). */
export function patchNetLayerShapes(
  shape: PatchNetShape,
): Array<Pick<PatchConv, 'cin' | 'cout' | 'k' | 'dil'>> {
  const C = shape.width;
  return [
    ...shape.dilations.map((dil, i) => ({
      cin: i === 0 ? PATCH_NET_INPUTS : C,
      cout: C,
      k: 3 as const,
      dil,
    })),
    { cin: 2 * C, cout: C, k: 3 as const, dil: 1 },
    { cin: C, cout: 1, k: 1 as const, dil: 1 },
  ];
}

/**
 * `x` (channels × rays × bins) copied with `pad` zeros at both radial ends of every ray:
 * channels × rays × (bins + 2 pad).
 */
export function padBins(
  x: Float32Array,
  channels: number,
  rays: number,
  bins: number,
  pad: number,
): Float32Array {
  const P = bins + 2 * pad;
  const xp = new Float32Array(channels * rays * P);
  for (let row = 0; row < channels * rays; row++)
    xp.set(x.subarray(row * bins, row * bins + bins), row * P + pad);
  return xp;
}

/**
 * `y = conv(x)` (+ bias) on `rays` × `bins` maps: circular along rays, zeros beyond the radial ends.
 * `y` (cout × rays × bins) is overwritten. 3 × 3 layers run four output channels and the three radial
 * taps at once (a plain loop per tap is ~3× slower in V8).
 */
export function convForward(
  L: PatchConv,
  x: Float32Array,
  rays: number,
  bins: number,
  y: Float32Array,
): void {
  const { cin, cout, k, dil, w, b } = L;
  const plane = rays * bins;
  for (let o = 0; o < cout; o++) y.fill(b[o] as number, o * plane, (o + 1) * plane);
  if (k === 1) {
    for (let o = 0; o < cout; o++)
      for (let i = 0; i < cin; i++) {
        const wv = w[o * cin + i] as number;
        const so = i * plane;
        const dO = o * plane;
        for (let q = 0; q < plane; q++) y[dO + q] = (y[dO + q] as number) + wv * (x[so + q] as number);
      }
    return;
  }
  const P = bins + 2 * dil;
  const xp = padBins(x, cin, rays, bins, dil);
  const d2 = 2 * dil;
  let o = 0;
  for (; o + 4 <= cout; o += 4) {
    for (let i = 0; i < cin; i++) {
      for (let tr = 0; tr < 3; tr++) {
        const wi = (oo: number): number => ((oo * cin + i) * 3 + tr) * 3;
        const i0 = wi(o);
        const i1 = wi(o + 1);
        const i2 = wi(o + 2);
        const i3 = wi(o + 3);
        const a0 = w[i0] as number,
          a1 = w[i0 + 1] as number,
          a2 = w[i0 + 2] as number;
        const b0 = w[i1] as number,
          b1 = w[i1 + 1] as number,
          b2 = w[i1 + 2] as number;
        const c0 = w[i2] as number,
          c1 = w[i2 + 1] as number,
          c2 = w[i2 + 2] as number;
        const e0 = w[i3] as number,
          e1 = w[i3 + 1] as number,
          e2 = w[i3 + 2] as number;
        for (let r = 0; r < rays; r++) {
          const rr = (((r + (tr - 1) * dil) % rays) + rays) % rays;
          const src = (i * rays + rr) * P;
          const y0 = (o * rays + r) * bins;
          const y1 = y0 + plane;
          const y2 = y1 + plane;
          const y3 = y2 + plane;
          for (let q = 0; q < bins; q++) {
            const u = xp[src + q] as number;
            const v = xp[src + q + dil] as number;
            const z = xp[src + q + d2] as number;
            y[y0 + q] = (y[y0 + q] as number) + a0 * u + a1 * v + a2 * z;
            y[y1 + q] = (y[y1 + q] as number) + b0 * u + b1 * v + b2 * z;
            y[y2 + q] = (y[y2 + q] as number) + c0 * u + c1 * v + c2 * z;
            y[y3 + q] = (y[y3 + q] as number) + e0 * u + e1 * v + e2 * z;
          }
        }
      }
    }
  }
  for (; o < cout; o++) {
    for (let i = 0; i < cin; i++) {
      for (let tr = 0; tr < 3; tr++) {
        const i0 = ((o * cin + i) * 3 + tr) * 3;
        const a0 = w[i0] as number,
          a1 = w[i0 + 1] as number,
          a2 = w[i0 + 2] as number;
        for (let r = 0; r < rays; r++) {
          const rr = (((r + (tr - 1) * dil) % rays) + rays) % rays;
          const src = (i * rays + rr) * P;
          const y0 = (o * rays + r) * bins;
          for (let q = 0; q < bins; q++)
            y[y0 + q] =
              (y[y0 + q] as number) +
              a0 * (xp[src + q] as number) +
              a1 * (xp[src + q + dil] as number) +
              a2 * (xp[src + q + d2] as number);
        }
      }
    }
  }
}

/** The network's input channels for one patch (rays × bins, ray major) on grid `g`. */
export function patchNetInput(
  patch: Float32Array,
  radiusPx: ArrayLike<number>,
  g: PolarGrid,
  pixelMm: number,
): Float32Array {
  const rays = g.rays;
  const bins = g.samples;
  const plane = rays * bins;
  const x = new Float32Array(PATCH_NET_INPUTS * plane);
  x.set(patch.subarray(0, plane), 0);
  for (let r = 0; r < rays; r++) {
    const th = (2 * Math.PI * r) / rays;
    const o = r * bins;
    x.fill(Math.cos(th), plane + o, plane + o + bins);
    x.fill(Math.sin(th), 2 * plane + o, 2 * plane + o + bins);
    x.fill(((radiusPx[r] as number) * pixelMm) / 50, 3 * plane + o, 3 * plane + o + bins);
    for (let q = 0; q < bins; q++) x[4 * plane + o + q] = sampleS(g, q) - 1;
  }
  return x;
}

/** Activations kept by {@link patchNetForward} for training (post-ReLU). */
export interface PatchNetActs {
  /** Input, then each body layer's output. */
  body: Float32Array[];
  /** The head's input: [last body output, its mean over rays broadcast]. */
  cat: Float32Array;
  /** The head's output. */
  head: Float32Array;
}

const relu = (v: Float32Array): void => {
  for (let i = 0; i < v.length; i++) if ((v[i] as number) < 0) v[i] = 0;
};

/**
 * Logits (rays × bins, ray major) of the network on input `x` (from {@link patchNetInput}).
 * `acts`, when given, receives the activations (training).
 */
export function patchNetForward(
  net: PolarPatchNet,
  x: Float32Array,
  rays: number,
  bins: number,
  acts?: PatchNetActs,
): Float32Array {
  const plane = rays * bins;
  const body: Float32Array[] = [x];
  let h = x;
  for (const L of net.body) {
    const y = new Float32Array(L.cout * plane);
    convForward(L, h, rays, bins, y);
    relu(y);
    body.push(y);
    h = y;
  }
  const C = net.head.cin / 2;
  const cat = new Float32Array(2 * C * plane);
  cat.set(h.subarray(0, C * plane), 0);
  for (let c = 0; c < C; c++) {
    const mean = new Float32Array(bins);
    for (let r = 0; r < rays; r++) {
      const o = (c * rays + r) * bins;
      for (let q = 0; q < bins; q++) mean[q] = (mean[q] as number) + (h[o + q] as number) / rays;
    }
    for (let r = 0; r < rays; r++) cat.set(mean, ((C + c) * rays + r) * bins);
  }
  const head = new Float32Array(net.head.cout * plane);
  convForward(net.head, cat, rays, bins, head);
  relu(head);
  const logits = new Float32Array(plane);
  convForward(net.out, head, rays, bins, logits);
  if (acts) {
    acts.body = body;
    acts.cat = cat;
    acts.head = head;
  }
  return logits;
}

/** Weights in file order (body…, head, out). */
export const patchNetLayers = (net: PolarPatchNet): PatchConv[] => [...net.body, net.head, net.out];

/** Number of weights and biases. */
export const patchNetParameters = (net: PolarPatchNet): number =>
  patchNetLayers(net).reduce((n, l) => n + l.w.length + l.b.length, 0);
