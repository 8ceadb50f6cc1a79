/**
 * From latent codes to myocardium fields on the 64³ × 1.6 mm output grid, in Node (evaluation,
 * encode) — the same arithmetic the explorer runs in its worker.
 */
import * as tf from '@tensorflow/tfjs';
import { lvGrid } from '../../src/anatomy/lvPhantom';
import { resampleTrilinear } from '../../src/geometry/resample';
import type { Volume } from '../../src/geometry/types';
import { priorChainToBottom } from '../../src/model/lvae';
import { LV_MODEL_GRID } from './cohort';
import type { LvNetworks } from './networks';

/** Top-down prior means from a top-level code to the bottom level: z_l = μp_l(z_{l+1}). */
export function priorChainBottom(nets: LvNetworks, latent: number[], zTop: tf.Tensor2D): tf.Tensor2D {
  return priorChainToBottom(nets.topDown, latent, zTop);
}

/** Decodes bottom-level codes [B, L] to ED and ES fields (mm, < 0 in the myocardium) on the output grid. */
export function decodeFields(
  nets: LvNetworks,
  z1: tf.Tensor2D,
  clipMm: number,
): { ed: Volume<Float32Array>; es: Volume<Float32Array> }[] {
  const data = tf.tidy(() => (nets.decoder.apply(z1) as tf.Tensor).dataSync() as Float32Array);
  const b = z1.shape[0];
  const voxels = LV_MODEL_GRID.dims[0] * LV_MODEL_GRID.dims[1] * LV_MODEL_GRID.dims[2];
  const out = lvGrid();
  const result: { ed: Volume<Float32Array>; es: Volume<Float32Array> }[] = [];
  for (let s = 0; s < b; s++) {
    const ch = [new Float32Array(voxels), new Float32Array(voxels)];
    const base = s * voxels * 2;
    for (let v = 0; v < voxels; v++) {
      (ch[0] as Float32Array)[v] = (data[base + 2 * v] as number) * clipMm;
      (ch[1] as Float32Array)[v] = (data[base + 2 * v + 1] as number) * clipMm;
    }
    result.push({
      ed: resampleTrilinear({ ...LV_MODEL_GRID, data: ch[0] as Float32Array }, out),
      es: resampleTrilinear({ ...LV_MODEL_GRID, data: ch[1] as Float32Array }, out),
    });
  }
  return result;
}
