/**
 * Left-ventricular clinical indexes from myocardium fields at end-diastole (ED) and end-systole (ES).
 *
 * Volumes come from closed marching-cubes meshes by the divergence theorem (mm³ → mL: / 1000):
 * - cavity volume: `isoSurfaceVolume(lvCavityField(myo))` (= `meshVolume(marchingCubes(…))` without
 *   building the mesh), the blood pool capped at the base;
 * - myocardial volume: `meshVolume(marchingCubes(myo))`, mass = volume × density (1.05 g/mL).
 *
 * Two qualities: `'full'` measures on the field's own grid; `'drag'` first coarsens the field to about
 * 3.2 mm voxels (block means, {@link coarseningFactors}) so that a slider drag can be measured every
 * frame (≈ 4× fewer vertices, ≈ 8× fewer voxels), and the full measurement follows when it settles.
 */
import { coarseningFactors, downsampleMean } from './downsample';
import { coarseLvCavityField, lvCavityField } from './lvCavity';
import { isoSurfaceVolume, marchingCubes } from './marchingCubes';
import { meshVolume } from './meshTopology';
import type { Mesh, Volume } from './types';
import {
  classifyEndoEpi,
  maxWallThickness,
  thicknessOfClasses,
  type ThicknessMethod,
  type WallThickness,
} from './wallThickness';

/** Myocardial density, g/mL. */
export const MYOCARDIUM_DENSITY_G_PER_ML = 1.05;

/** Measurement quality: on the field's grid, or on a grid coarsened for interactive drags. */
export type MeasureQuality = 'full' | 'drag';

/** Durations (ms) of the stages of one {@link lvPhaseMeasures} call; 0 for a stage that did not run. */
export interface LvPhaseTimings {
  /** Coarsening the field (`quality: 'drag'`). */
  downsample: number;
  /** Marching cubes of the myocardium (0 when `opts.mesh` was given). */
  mesh: number;
  /** Cavity field (slice-wise enclosed background). */
  cavityField: number;
  /** Cavity and myocardial volumes. */
  volumes: number;
  /** Endocardial / epicardial classification of the vertices. */
  classify: number;
  /** Per-vertex thickness and its robust maximum. */
  thickness: number;
  /** The whole call. */
  total: number;
}

/** Options for {@link lvPhaseMeasures}. */
export interface LvPhaseOptions {
  /**
   * Myocardium mesh already computed from this field (`marchingCubes(myo)`), reused if given. Not
   * allowed with `quality: 'drag'` when that coarsens the grid (the mesh would be of the other grid).
   */
  mesh?: Mesh;
  /** Compute per-vertex wall thickness (the costly part). Default true. */
  thickness?: boolean;
  /** Percentile for the robust maximum thickness over epicardial vertices. Default 99. */
  percentile?: number;
  /** Myocardial density, g/mL. Default 1.05. */
  densityGPerMl?: number;
  /**
   * `'full'` (default) measures on the field's grid; `'drag'` on the field coarsened to ≈ 3.2 mm voxels
   * (block means of `coarseningFactors(spacing)` voxels per axis; unchanged when already that coarse).
   */
  quality?: MeasureQuality;
  /** Nearest-point search of the thickness: `'walk'` (default) or `'exact'` (reference, slower). */
  thicknessMethod?: ThicknessMethod;
  /** When given, filled with the stages' durations (ms). */
  timings?: LvPhaseTimings;
}

/** Measures of one cardiac phase. */
export interface LvPhaseMeasures {
  /** LV cavity (blood pool) volume, mL. */
  cavityMl: number;
  /** Myocardial volume, mL. */
  myocardiumMl: number;
  /** Myocardial mass, g. */
  massG: number;
  /** Myocardium mesh (mm), on the measured grid (coarser than the field's for `quality: 'drag'`). */
  mesh: Mesh;
  /** Cavity mesh (mm), capped at the base; built on first read (the volume does not need it). */
  readonly cavityMesh: Mesh;
  /** Cavity field on the measured grid (< 0 in the blood pool); its dims/spacing/origin give that grid. */
  cavityField: Volume<Float32Array>;
  /** Per-vertex wall thickness on `mesh`, when requested. */
  thickness?: WallThickness;
  /** Robust maximum wall thickness, mm (NaN when thickness was not requested). */
  maxWallThicknessMm: number;
  /** The quality measured at. */
  quality: MeasureQuality;
}

const now = (): number => performance.now();

/**
 * Cavity and myocardial volumes, mass and (optionally) wall thickness of one phase, meshing each
 * surface once so callers that display the meshes can reuse them.
 *
 * @param myo - myocardium field (< 0 inside the myocardium, mm) in the canonical LV frame.
 * @throws RangeError for an unknown `quality` or `thicknessMethod`, or a reused mesh with a coarsening
 *   `'drag'` quality.
 */
export function lvPhaseMeasures(myo: Volume, opts: LvPhaseOptions = {}): LvPhaseMeasures {
  const t0 = now();
  const quality = opts.quality ?? 'full';
  if (quality !== 'full' && quality !== 'drag') {
    throw new RangeError(`lvPhaseMeasures: quality must be 'full' or 'drag'; got '${String(quality)}'`);
  }
  let field: Volume = myo;
  let t = t0;
  const timings: LvPhaseTimings = opts.timings ?? {
    downsample: 0,
    mesh: 0,
    cavityField: 0,
    volumes: 0,
    classify: 0,
    thickness: 0,
    total: 0,
  };
  timings.downsample = timings.mesh = timings.classify = timings.thickness = 0;
  const factors = coarseningFactors(myo.spacing);
  if (quality === 'drag') {
    const f = factors;
    if (f[0] > 1 || f[1] > 1 || f[2] > 1) {
      if (opts.mesh) {
        throw new RangeError(
          `lvPhaseMeasures: a mesh cannot be reused with quality 'drag' on a ${myo.spacing.join(' × ')} mm grid ` +
            `(the drag path meshes a ${f.join(' × ')}-times coarser grid); leave out opts.mesh`,
        );
      }
      field = downsampleMean(myo, f);
      timings.downsample = now() - t;
      t = now();
    }
  }
  let mesh = opts.mesh;
  if (!mesh) {
    mesh = marchingCubes(field);
    timings.mesh = now() - t;
    t = now();
  }
  // On a coarsened grid the cavity is found on the full grid and then coarsened: 3.2 mm voxels can open
  // gaps in a thin wall through which the slice-wise enclosure would leak (decoded shapes lost up to
  // half their EDV that way), and the block mean of g places the base cap between the fine slices.
  const cavityField = field === myo ? lvCavityField(field) : coarseLvCavityField(myo, factors);
  timings.cavityField = now() - t;
  t = now();
  // The cavity's volume without its mesh (the same triangles, summed as they are made); the mesh
  // itself is built only if a caller reads `cavityMesh`.
  const cavityMl = isoSurfaceVolume(cavityField) / 1000;
  const myocardiumMl = meshVolume(mesh) / 1000;
  timings.volumes = now() - t;
  const massG = myocardiumMl * (opts.densityGPerMl ?? MYOCARDIUM_DENSITY_G_PER_ML);
  let cavityMesh: Mesh | null = null;
  const out: LvPhaseMeasures = {
    cavityMl,
    myocardiumMl,
    massG,
    mesh,
    get cavityMesh(): Mesh {
      cavityMesh ??= marchingCubes(cavityField);
      return cavityMesh;
    },
    cavityField,
    maxWallThicknessMm: NaN,
    quality,
  };
  if (opts.thickness ?? true) {
    t = now();
    const isEndo = classifyEndoEpi(mesh, cavityField);
    timings.classify = now() - t;
    t = now();
    out.thickness = { thickness: thicknessOfClasses(mesh, isEndo, opts.thicknessMethod ?? 'walk'), isEndo };
    out.maxWallThicknessMm = maxWallThickness(out.thickness, opts.percentile ?? 99);
    timings.thickness = now() - t;
  }
  timings.total = now() - t0;
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
