/**
 * Writes a trained skull model to <modelsDir>/<id>/: one float16 LayersModel per component and a
 * manifest that says everything a loader needs (spec, profile normalisation, surface and volume grids).
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { SkullModelSpec, SkullNets } from '../../src/model/skullCvae';
import { skullComponents } from '../../src/model/skullModel';
import { saveLayersModel } from '../tf/saveLayersModel';
import { replaceModelFolder } from '../lv/export';
import type { SkullTrainConfig } from './config';

export const SKULL_GENERATOR_VERSION = 2;
/** The decoded volume: 64³ voxels of 2.2 mm (140.8 mm field of view holds a +3 SD 36-week skull). */
export const SKULL_VOLUME = { dims: [64, 64, 64] as [number, number, number], spacingMm: 2.2 };

export function skullVolumeOrigin(): [number, number, number] {
  const o = (-(SKULL_VOLUME.dims[0] - 1) / 2) * SKULL_VOLUME.spacingMm;
  return [o, o, o];
}

function componentModels(nets: SkullNets): tf.LayersModel[] {
  if (!nets.posterior) throw new Error('cannot export a skull model without its posterior network');
  return [...nets.planes, ...nets.priors, nets.generator, nets.basis, nets.posterior];
}

export async function exportSkullModel(
  nets: SkullNets,
  spec: SkullModelSpec,
  cfg: SkullTrainConfig,
  modelsDir: string,
  info: { trainMinutes: number; backend: string; pcaExplained: number; truncationRmsMm: number },
): Promise<void> {
  // Written into a temporary folder that replaces the model's only when complete (no partial model).
  const final = path.join(modelsDir, cfg.id);
  const dir = `${final}.tmp-${process.pid}`;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  let bytes = 0;
  const names = skullComponents(spec.latent);
  const models = componentModels(nets);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const saved = await saveLayersModel(models[i] as tf.LayersModel, path.join(dir, name), { float16: true });
    files[name] = `${name}/model.json`;
    bytes += saved.modelJsonBytes + saved.weightsBytes;
  }
  const levelNames = cfg.hierarchical ? ['z_axial', 'z_sagittal', 'z_coronal'] : ['z'];
  const manifest = {
    schema: 1,
    id: cfg.id,
    title: cfg.title,
    anatomy: 'skull',
    kind: cfg.hierarchical ? 'hierarchical-cvae' : 'cvae',
    spec: {
      latent: spec.latent,
      hierarchical: spec.hierarchical,
      profileN: spec.profileN,
      featureN: spec.featureN,
      basisK: spec.basisK,
      vertices: spec.vertices,
    },
    latent: { levels: spec.latent.map((size, l) => ({ name: levelNames[l] ?? `z${l + 1}`, size })) },
    planes: {
      order: ['axial', 'sagittal', 'coronal'],
      required: cfg.hierarchical ? ['axial'] : ['axial', 'sagittal', 'coronal'],
      profile:
        'r_k (mm) from the outline area centroid to the outer skull outline along θ_k = 2πk/n from +s towards +t',
      frames: {
        axial: 's = front, t = left–right',
        sagittal: 's = front, t = up',
        coronal: 's = left–right, t = up',
      },
      profileMean: Array.from(spec.profileMean, (v) => +v.toFixed(4)),
      profileScale: +spec.profileScale.toFixed(5),
      missing: cfg.hierarchical
        ? 'absent sagittal/coronal: mask 0 (their latent levels fall back to the nested priors)'
        : 'all three planes expected; an absent plane is replaced by the training-mean profile',
    },
    surface: {
      kind: 'radial',
      sphere: cfg.sphere,
      centreMm: [0, 0, 0],
      frame:
        'skull frame: x occipito-frontal (front +x), y left–right, z up; origin at the centre of the transventricular plane',
      note: 'radii (mm) of the outer skull surface along latitude–longitude directions (src/geometry/radialSurface.ts)',
    },
    volume: {
      dims: SKULL_VOLUME.dims,
      spacingMm: [SKULL_VOLUME.spacingMm, SKULL_VOLUME.spacingMm, SKULL_VOLUME.spacingMm],
      originMm: skullVolumeOrigin(),
      field: 'signed radial distance to the outer surface, mm, negative inside (radialVolume)',
    },
    shapeBasis: {
      explainedVariance: +info.pcaExplained.toFixed(6),
      truncationRmsMm: +info.truncationRmsMm.toFixed(4),
    },
    files,
    bytes,
    training: { ...cfg, minutes: +info.trainMinutes.toFixed(1), tfjsBackend: info.backend },
    generatorVersion: SKULL_GENERATOR_VERSION,
    metrics: null as unknown,
    createdAt: new Date().toISOString(),
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  await replaceModelFolder(dir, final, modelsDir, {
    id: cfg.id,
    title: cfg.title,
    anatomy: 'skull',
    manifest: `${cfg.id}/manifest.json`,
  });
}
