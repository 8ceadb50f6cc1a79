/**
 * Left-ventricular clinical indexes from myocardium fields at end-diastole (ED) and end-systole (ES).
 *
 * Volumes come from closed marching-cubes meshes by the divergence theorem (mm³ → mL: / 1000):
 * - cavity volume: `meshVolume(marchingCubes(lvCavityField(myo)))`, the blood pool capped at the base;
 * - myocardial volume: `meshVolume(marchingCubes(myo))`, mass = volume × density (1.05 g/mL).
 */
import { lvCavityField } from './lvCavity';
import { marchingCubes } from './marchingCubes';
import { meshVolume } from './meshTopology';
import type { Mesh, Volume } from './types';
import { lvWallThickness, maxWallThickness, type WallThickness } from './wallThickness';

/** Myocardial density, g/mL. */
export const MYOCARDIUM_DENSITY_G_PER_ML = 1.05;

/** Options for {@link lvPhaseMeasures}. */
export interface LvPhaseOptions {
  /** Myocardium mesh already computed from this field (`marchingCubes(myo)`), reused if given. */
  mesh?: Mesh;
  /** Compute per-vertex wall thickness (the costly part). Default true. */
  thickness?: boolean;
  /** Percentile for the robust maximum thickness over epicardial vertices. Default 99. */
  percentile?: number;
  /** Myocardial density, g/mL. Default 1.05. */
  densityGPerMl?: number;
}

/** Measures of one cardiac phase. */
export interface LvPhaseMeasures {
  /** LV cavity (blood pool) volume, mL. */
  cavityMl: number;
  /** Myocardial volume, mL. */
  myocardiumMl: number;
  /** Myocardial mass, g. */
  massG: number;
  /** Myocardium mesh (mm). */
  mesh: Mesh;
  /** Cavity mesh (mm), capped at the base. */
  cavityMesh: Mesh;
  /** Cavity field on the myocardium grid (< 0 in the blood pool). */
  cavityField: Volume<Float32Array>;
  /** Per-vertex wall thickness on `mesh`, when requested. */
  thickness?: WallThickness;
  /** Robust maximum wall thickness, mm (NaN when thickness was not requested). */
  maxWallThicknessMm: number;
}

/**
 * Cavity and myocardial volumes, mass and (optionally) wall thickness of one phase, meshing each
 * surface once so callers that display the meshes can reuse them.
 *
 * @param myo - myocardium field (< 0 inside the myocardium, mm) in the canonical LV frame.
 */
export function lvPhaseMeasures(myo: Volume, opts: LvPhaseOptions = {}): LvPhaseMeasures {
  const mesh = opts.mesh ?? marchingCubes(myo);
  const cavityField = lvCavityField(myo);
  const cavityMesh = marchingCubes(cavityField);
  const cavityMl = meshVolume(cavityMesh) / 1000;
  const myocardiumMl = meshVolume(mesh) / 1000;
  const massG = myocardiumMl * (opts.densityGPerMl ?? MYOCARDIUM_DENSITY_G_PER_ML);
  const out: LvPhaseMeasures = {
    cavityMl,
    myocardiumMl,
    massG,
    mesh,
    cavityMesh,
    cavityField,
    maxWallThicknessMm: NaN,
  };
  if (opts.thickness ?? true) {
    out.thickness = lvWallThickness(mesh, myo, { cavityField });
    out.maxWallThicknessMm = maxWallThickness(out.thickness, opts.percentile ?? 99);
  }
  return out;
}

/** LV indexes from the two phases. */
export interface LvIndexes {
  /** End-diastolic cavity volume, mL. */
  edvMl: number;
  /** End-systolic cavity volume, mL. */
  esvMl: number;
  /** Stroke volume EDV − ESV, mL. */
  svMl: number;
  /** Ejection fraction SV / EDV × 100, %. */
  efPct: number;
  /** Myocardial mass at ED, g. */
  massG: number;
  /** Robust maximum wall thickness at ED, mm (NaN if ED thickness was not computed). */
  maxWallThicknessMm: number;
}

/** Indexes from already computed phase measures (ED with thickness for the maximum). */
export function lvIndexesFromMeasures(ed: LvPhaseMeasures, es: LvPhaseMeasures): LvIndexes {
  const svMl = ed.cavityMl - es.cavityMl;
  return {
    edvMl: ed.cavityMl,
    esvMl: es.cavityMl,
    svMl,
    efPct: ed.cavityMl > 0 ? (svMl / ed.cavityMl) * 100 : NaN,
    massG: ed.massG,
    maxWallThicknessMm: ed.maxWallThicknessMm,
  };
}

/**
 * EDV, ESV, SV, EF, mass (at ED) and robust maximum wall thickness (at ED) from myocardium fields.
 *
 * @param ed - myocardium field at end-diastole (< 0 inside the myocardium, mm).
 * @param es - myocardium field at end-systole, any grid.
 */
export function lvIndexes(
  ed: Volume,
  es: Volume,
  opts: Pick<LvPhaseOptions, 'percentile' | 'densityGPerMl'> = {},
): LvIndexes {
  const edM = lvPhaseMeasures(ed, { ...opts, thickness: true });
  const esM = lvPhaseMeasures(es, { ...opts, thickness: false });
  return lvIndexesFromMeasures(edM, esM);
}
