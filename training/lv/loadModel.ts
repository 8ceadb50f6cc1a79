/**
 * A shipped cardiac model in Node: the file-system {@link ModelFiles} for the one loader
 * (`loadLvModelFrom`, src/model/lvModel.ts, which validates the manifest), plus the training code's
 * view of the networks (encoder included) for evaluation.
 */
import type * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserInputError } from '../../src/io/errors';
import {
  loadLvModelFrom,
  type LvModel,
  type LvModelManifest,
  type ModelFiles,
} from '../../src/model/lvModel';
import { LvSession } from '../../src/model/lvSession';
import { loadLayersModelFromDir } from '../tf/saveLayersModel';
import type { LvNetworks } from './networks';

/** A loaded model with its networks as the training code names them. */
export interface LoadedLvModel {
  manifest: LvModelManifest;
  nets: LvNetworks;
  latent: number[];
  dir: string;
  /** The same networks as a session (the path the page and the CLI encode through). */
  session: LvSession;
}

/** A model folder on disk. */
export function nodeModelFiles(dir: string): ModelFiles {
  return {
    root: dir,
    async json(rel) {
      return JSON.parse(await readFile(path.join(dir, rel), 'utf8')) as unknown;
    },
    layers: (rel: string): Promise<tf.LayersModel> =>
      loadLayersModelFromDir(path.join(dir, path.dirname(rel))),
  };
}

/**
 * Loads `<modelsDir>/<id>` with its encoder.
 *
 * @throws UserInputError naming the folder and what to do when the model is missing or invalid.
 */
export async function loadLvModel(modelsDir: string, id: string): Promise<LoadedLvModel> {
  const dir = path.join(modelsDir, id);
  let model: LvModel;
  try {
    model = await loadLvModelFrom(nodeModelFiles(dir), id, { withEncoder: true });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new UserInputError(
      /manifest not found/.test(msg ?? '')
        ? `cannot read model '${id}' (${path.join(dir, 'manifest.json')}): train it with 'latent-anatomy train ${id}', or give --models the folder that holds it`
        : (msg ?? `model '${id}' could not be loaded`),
    );
  }
  const nets: LvNetworks = {
    encoder: model.encoder as tf.LayersModel,
    decoder: model.decoder,
    classifier: model.classifier,
    topDown: model.topDown,
  };
  return {
    manifest: model.manifest,
    nets,
    latent: model.manifest.latent.levels.map((l) => l.size),
    dir,
    session: LvSession.fromModel(model),
  };
}
