/**
 * From latent codes to myocardium fields on the 64³ × 1.6 mm output grid, in Node (evaluation,
 * encode) — the same arithmetic the explorer runs in its worker.
 */
import * as tf from '@tensorflow/tfjs';
import { lvGrid } from '../../src/anatomy/lvPhantom';
import type { Volume } from '../../src/geometry/types';
import { priorChainToBottom } from '../../src/model/lvae';
import { myocardiumOn, unpackDecoded, type LvRepresentationInfo } from '../../src/model/lvDecoded';
import type { LvNetworks } from './networks';

/** Top-down prior means from a top-level code to the bottom level: z_l = μp_l(z_{l+1}). */
export function priorChainBottom(nets: LvNetworks, latent: number[], zTop: tf.Tensor2D): tf.Tensor2D {
  return priorChainToBottom(nets.topDown, latent, zTop);
}

/**
 * Decodes bottom-level codes [B, L] to ED and ES myocardium fields (mm, < 0 inside) on the output
 * grid, through the explorer's own unpacking and composition (model/lvDecoded.ts).
 */
export function decodeFields(
  nets: LvNetworks,
  z1: tf.Tensor2D,
  rep: LvRepresentationInfo,
): { ed: Volume<Float32Array>; es: Volume<Float32Array> }[] {
  const data = tf.tidy(() => (nets.decoder.apply(z1) as tf.Tensor).dataSync() as Float32Array);
  const b = z1.shape[0];
  const per = data.length / b;
  const out = lvGrid();
  const result: { ed: Volume<Float32Array>; es: Volume<Float32Array> }[] = [];
  for (let s = 0; s < b; s++) {
    const d = unpackDecoded(data.subarray(s * per, (s + 1) * per), rep);
    result.push({
      ed: myocardiumOn(d.ed, d, out, { oneHeart: true }),
      es: myocardiumOn(d.es, d, out, { oneHeart: true }),
    });
  }
  return result;
}
