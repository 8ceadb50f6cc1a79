/**
 * Encoding imported LV label maps with a shipped model: the septum search by reconstruction when the
 * labels have no RV, and the encoding itself (latent means per level, p(HCM), reconstruction, indexes
 * of both shapes, Dice between them).
 */
import * as tf from '@tensorflow/tfjs';
import { lvIndexesFromMeasures, lvPhaseMeasures, type LvIndexes } from '../../src/geometry/lvIndexes';
import { dice } from '../../src/geometry/metrics';
import type { Volume } from '../../src/geometry/types';
import { LV_MODEL_GRID } from './cohort';
import { decodeFields } from './decode';
import type { LoadedLvModel } from './loadModel';
import { lvForward } from './model';
import { canonicaliseLv, prepareLvImport, type ImportedLv, type LabelVolume } from './importLv';

/** Rolls tried by {@link importLvWithModel} when there is no RV: 8 × 45°. */
export const SEPTUM_SEARCH_ROLLS_DEG = [0, 45, 90, 135, 180, 225, 270, 315];

/** Dice of the regions < 0 of one channel of two interleaved 2-channel tensors. */
function channelDice(a: Float32Array, b: ArrayLike<number>, c: number): number {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = c; i < a.length; i += 2) {
    const ia = a[i]! < 0;
    const ib = (b[i] as number) < 0;
    if (ia) na++;
    if (ib) nb++;
    if (ia && ib) both++;
  }
  return na + nb === 0 ? 1 : (2 * both) / (na + nb);
}

/**
 * Imports like {@link importLvLabelMaps}; when there is no RV to give the septum direction, tries the
 * {@link SEPTUM_SEARCH_ROLLS_DEG} rolls about the long axis and keeps the one whose encoded → decoded
 * shape best matches the imported one (mean Dice over the given phases on the model's 32³ grid).
 */
export function importLvWithModel(model: LoadedLvModel, ed: LabelVolume, es?: LabelVolume): ImportedLv {
  const prep = prepareLvImport(ed, es);
  const first = canonicaliseLv(prep, 0);
  if (first.report.septumFrom === 'rv') return first;
  const candidates = SEPTUM_SEARCH_ROLLS_DEG.map((deg, i) =>
    i === 0 ? first : canonicaliseLv(prep, (deg * Math.PI) / 180, true),
  );
  const size = LV_MODEL_GRID.dims[0];
  const per = first.modelInput.length;
  const batch = new Float32Array(per * candidates.length);
  candidates.forEach((c, i) => batch.set(c.modelInput, i * per));
  const recon = tf.tidy(() => {
    const x = tf.tensor5d(batch, [candidates.length, size, size, size, 2]);
    return lvForward(model.nets, model.latent, x, false).recon.dataSync() as Float32Array;
  });
  const scores = candidates.map((c, i) => {
    const r = recon.subarray(i * per, (i + 1) * per);
    return prep.es
      ? (channelDice(c.modelInput, r, 0) + channelDice(c.modelInput, r, 1)) / 2
      : channelDice(c.modelInput, r, 0);
  });
  const best = scores.indexOf(Math.max(...scores));
  const chosen = canonicaliseLv(prep, ((SEPTUM_SEARCH_ROLLS_DEG[best] ?? 0) * Math.PI) / 180, true);
  chosen.report.warnings = chosen.report.warnings.filter((w) => !w.startsWith('no RV'));
  chosen.report.warnings.push(
    `no RV (label 1): the septum direction was chosen by the model (best of ${candidates.length} rolls, ${SEPTUM_SEARCH_ROLLS_DEG[best]}°, model-grid Dice ${scores[best]?.toFixed(3)} vs worst ${Math.min(...scores).toFixed(3)})`,
  );
  return chosen;
}

/** Indexes of a shape; ES-dependent values are null when there is no real ES. */
export interface LvShapeIndexes {
  edvMl: number;
  esvMl: number | null;
  svMl: number | null;
  efPct: number | null;
  massG: number;
  maxWallThicknessMm: number;
}

/** What a model says about an imported LV. */
export interface LvEncoding {
  /** Latent means per level, bottom → top (for lv-lvae the top level is the classifier's 2-D code). */
  levels: { name: string; size: number; mean: number[] }[];
  /** Classifier logit of HCM and p(HCM) = sigmoid(logit). */
  logit: number;
  pHcm: number;
  predictedClass: 'hcm' | 'healthy';
  /** Decoded ED and ES myocardium fields (mm, < 0 inside) on the 64³ × 1.6 mm grid. */
  reconstruction: { ed: Volume<Float32Array>; es: Volume<Float32Array> };
  /** Indexes of the reconstruction and of the imported shape. */
  indexes: { reconstruction: LvShapeIndexes; imported: LvShapeIndexes };
  /** Dice(reconstruction, imported) on the 64³ grid; ES null without an ES map. */
  dice: { ED: number; ES: number | null };
  /** False when only ED was given: ES outputs (ESV, SV, EF of the reconstruction) are not meaningful. */
  esMeaningful: boolean;
}

function shapeIndexes(i: LvIndexes, esMeaningful: boolean): LvShapeIndexes {
  return {
    edvMl: i.edvMl,
    esvMl: esMeaningful ? i.esvMl : null,
    svMl: esMeaningful ? i.svMl : null,
    efPct: esMeaningful ? i.efPct : null,
    massG: i.massG,
    maxWallThicknessMm: i.maxWallThicknessMm,
  };
}

/**
 * Encodes an imported LV with a loaded model: latent means, p(HCM), the decoded shape, indexes of both
 * shapes and their Dice. Leaves tf.memory().numTensors unchanged.
 */
export function encodeLv(model: LoadedLvModel, imported: ImportedLv): LvEncoding {
  const size = LV_MODEL_GRID.dims[0];
  const { means, logit, z1 } = tf.tidy(() => {
    const x = tf.tensor5d(imported.modelInput, [1, size, size, size, 2]);
    const r = lvForward(model.nets, model.latent, x, false);
    return {
      means: r.means.map((m) => Array.from(m.dataSync())),
      logit: r.logit.dataSync()[0] ?? 0,
      z1: tf.keep((r.means[0] as tf.Tensor2D).clone()),
    };
  });
  let decoded: { ed: Volume<Float32Array>; es: Volume<Float32Array> } | undefined;
  try {
    decoded = decodeFields(model.nets, z1, model.manifest.representation.clipMm)[0];
  } finally {
    z1.dispose();
  }
  if (!decoded) throw new Error('encodeLv: the decoder returned no volume');
  const esMeaningful = !imported.report.esFromEd;
  const recEd = lvPhaseMeasures(decoded.ed);
  const recEs = lvPhaseMeasures(decoded.es, { thickness: false });
  const impEd = lvPhaseMeasures(imported.canonicalEd);
  const impEs = imported.canonicalEs ? lvPhaseMeasures(imported.canonicalEs, { thickness: false }) : impEd;
  const pHcm = 1 / (1 + Math.exp(-logit));
  const levelInfo = model.manifest.latent.levels;
  return {
    levels: means.map((mean, l) => ({
      name: levelInfo[l]?.name ?? `z${l + 1}`,
      size: mean.length,
      mean,
    })),
    logit,
    pHcm,
    predictedClass: pHcm >= 0.5 ? 'hcm' : 'healthy',
    reconstruction: decoded,
    indexes: {
      reconstruction: shapeIndexes(lvIndexesFromMeasures(recEd, recEs), esMeaningful),
      imported: shapeIndexes(lvIndexesFromMeasures(impEd, impEs), esMeaningful),
    },
    dice: {
      ED: dice(decoded.ed, imported.canonicalEd),
      ES: imported.canonicalEs ? dice(decoded.es, imported.canonicalEs) : null,
    },
    esMeaningful,
  };
}
