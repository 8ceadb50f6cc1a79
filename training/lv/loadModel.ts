/**
 * Loads a shipped cardiac model (manifest + component LayersModels) in Node, validating the manifest
 * with specific messages.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserInputError } from '../../src/io/errors';
import { validateLvManifest } from '../../src/model/lvModel';
import { loadLayersModelFromDir } from '../tf/saveLayersModel';
import type { LvNetworks } from './networks';

export interface LvManifest {
  schema: number;
  id: string;
  title: string;
  anatomy: 'lv';
  kind: 'vae' | 'ladder-vae';
  representation: { clipMm: number };
  grid: { internal: { dims: [number, number, number] } };
  latent: { levels: { name: string; size: number }[]; stats: unknown[] };
  files: Record<string, string>;
  training: Record<string, unknown> & { batch: number; testSeed: number; testN: number };
  metrics: unknown;
}

export interface LoadedLvModel {
  manifest: LvManifest;
  nets: LvNetworks;
  latent: number[];
  dir: string;
}

export async function loadLvModel(modelsDir: string, id: string): Promise<LoadedLvModel> {
  const dir = path.join(modelsDir, id);
  let manifest: LvManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as LvManifest;
  } catch (err) {
    throw new UserInputError(
      `cannot read model '${id}' (${path.join(dir, 'manifest.json')}): ${(err as Error).message.split('\n')[0]}; train it with 'latent-anatomy train ${id}'`,
    );
  }
  try {
    // One manifest check for the browser and Node (src/model/lvModel.ts).
    validateLvManifest(manifest, `${dir}/manifest.json`);
  } catch (err) {
    throw new UserInputError((err as Error).message);
  }
  const latent = manifest.latent.levels.map((l) => l.size);
  const load = async (name: string): Promise<tf.LayersModel> => {
    const rel = manifest.files[name];
    if (!rel) throw new UserInputError(`${dir}/manifest.json lists no '${name}' network`);
    return loadLayersModelFromDir(path.join(dir, path.dirname(rel)));
  };
  const topDown: tf.LayersModel[] = [];
  for (let l = 0; l < latent.length - 1; l++) topDown.push(await load(`prior_z${l + 1}`));
  const nets: LvNetworks = {
    encoder: await load('encoder'),
    decoder: await load('decoder'),
    classifier: await load('classifier'),
    topDown,
  };
  return { manifest, nets, latent, dir };
}
