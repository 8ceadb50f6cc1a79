/** Loads a skull model from a models folder in Node (CLI, evaluation). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSkullModelWith, validateSkullManifest, type SkullModel } from '../../src/model/skullModel';
import { loadLayersModelFromDir } from '../tf/saveLayersModel';

/** Reads `<modelsDir>/<id>/manifest.json`, validates it and loads every component. */
export async function loadSkullModelFromDir(modelsDir: string, id: string): Promise<SkullModel> {
  const dir = path.join(modelsDir, id);
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(
      `no skull model '${id}' in ${modelsDir} (missing ${file}); train it with: npx latent-anatomy train ${id}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const manifest = validateSkullManifest(json, file);
  return loadSkullModelWith(manifest, (rel) => loadLayersModelFromDir(path.join(dir, path.dirname(rel))));
}
