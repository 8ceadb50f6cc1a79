/**
 * Synthetic left ventricle at end-diastole (ED) and end-systole (ES) as a signed distance field and
 * an ACDC-style label map.
 *
 * Canonical LV frame (mm): long axis = z through x = y = 0; apex at low z, the open valve plane
 * fixed at z = LV_FRAME.baseZMm (49 mm) for both phases; septum towards −x, lateral +x, anterior +y,
 * inferior −y. The myocardium is { 0 < d_c(x) < t(θ, h(x)) } ∩ { z < z_base }, with d_c the exact
 * distance outside the cavity (looked up in the meridian table of lvProfile) and h(x) the normalised
 * height of the nearest cavity point; so the distance from an epicardial point to the endocardium is
 * t at that point. Field: max(−d_c, d_c − t, z − z_base), negative inside the myocardium.
 */
import type { Volume } from '../geometry/types';
import { type VolumeGrid, centredGrid, checkGrid, copyGrid } from './grid';
import { type LvParams, LV_FRAME, exponentFromFill, validateLvParams } from './lvParams';
import {
  type MeridianLut,
  type MeridianProfile,
  buildMeridianLut,
  makeProfile,
  sampleMeridianLut,
} from './lvProfile';
import {
  type LvWallModel,
  circumferentialThickness,
  edThickness,
  esThickness,
  myocardialVolumeMm3,
  solveEsLambda,
} from './lvWall';

export type LvPhase = 'ED' | 'ES';

/** ACDC label values. */
export const LV_LABELS = { background: 0, rvCavity: 1, myocardium: 2, lvCavity: 3 } as const;

/** Myocardial density, g/mL. */
export const MYOCARDIAL_DENSITY = 1.05;

/**
 * The default LV grid: 64³ voxels of 1.6 mm (102.4 mm field of view), centred on the frame origin,
 * so voxel centres run from −50.4 to +50.4 mm. The LV axis is the grid's z axis; the base plane sits
 * at z = +49 mm (one voxel row above it is background), and every allowed heart keeps its outer wall
 * within 48.5 mm of the axis and within 97.5 mm below the base (validateLvParams enforces it).
 */
export function lvGrid(opts: { size?: number; spacingMm?: number } = {}): VolumeGrid {
  return centredGrid(opts.size ?? 64, opts.spacingMm ?? 1.6);
}

/** Cavity shape of one phase, derived from validated parameters. */
export interface LvCavityShape {
  lengthMm: number;
  /** Radius at the base (the widest level), mm. */
  radiusMm: number;
  /** Profile exponent p of r(h) = R·(1 − (1−h)^p)^½. */
  exponent: number;
  apexZMm: number;
  baseZMm: number;
  volumeMl: number;
}

/** The cavity shape of a phase (ED from EDV, length, sphericity; ES from ESV, shortened length, same p). */
export function lvCavityShape(p: LvParams, phase: LvPhase): LvCavityShape {
  const q = validateLvParams({ ...p }).params;
  const rEd = (q.sphericity * q.lengthMm) / 2;
  const fill = (q.edvMl * 1000) / (Math.PI * rEd * rEd * q.lengthMm);
  const exponent = exponentFromFill(fill);
  const baseZMm = LV_FRAME.baseZMm;
  if (phase === 'ED') {
    return {
      lengthMm: q.lengthMm,
      radiusMm: rEd,
      exponent,
      apexZMm: baseZMm - q.lengthMm,
      baseZMm,
      volumeMl: q.edvMl,
    };
  }
  const lengthMm = q.lengthMm * (1 - q.longShorteningPct / 100);
  const volumeMl = q.edvMl * (1 - q.efPct / 100);
  const radiusMm = Math.sqrt((volumeMl * 1000) / (Math.PI * lengthMm * fill));
  return { lengthMm, radiusMm, exponent, apexZMm: baseZMm - lengthMm, baseZMm, volumeMl };
}

interface PhaseModel {
  key: string;
  params: LvParams;
  shape: LvCavityShape;
  wall: LvWallModel;
  edMassMm3: number;
}

let lastModel: PhaseModel | null = null;
let lastLut: { key: string; lut: MeridianLut } | null = null;

function profileOf(s: LvCavityShape): MeridianProfile {
  return makeProfile(s.radiusMm, s.lengthMm, s.exponent, s.baseZMm);
}

/** Builds (or reuses) the wall model of a phase. Pure: the cache only avoids recomputation. */
function phaseModel(p: LvParams, phase: LvPhase): PhaseModel {
  const params = validateLvParams({ ...p }).params;
  const key = `${phase}:${JSON.stringify(params)}`;
  if (lastModel && lastModel.key === key) return lastModel;
  const walls = {
    septal: params.septalMm,
    anterior: params.anteriorMm,
    lateral: params.lateralMm,
    inferior: params.inferiorMm,
    apical: params.apicalMm,
  };
  const edShape = lvCavityShape(params, 'ED');
  const edWall: LvWallModel = { profile: profileOf(edShape), walls };
  const edMassMm3 = myocardialVolumeMm3(edWall);
  let model: PhaseModel;
  if (phase === 'ED') {
    model = { key, params, shape: edShape, wall: edWall, edMassMm3 };
  } else {
    const shape = lvCavityShape(params, 'ES');
    const wall: LvWallModel = {
      profile: profileOf(shape),
      walls,
      es: { edProfile: edWall.profile, lengthRatio: edShape.lengthMm / shape.lengthMm, lambda: 1 },
    };
    const lambda = solveEsLambda(wall, edMassMm3);
    wall.es = { edProfile: edWall.profile, lengthRatio: edShape.lengthMm / shape.lengthMm, lambda };
    model = { key, params, shape, wall, edMassMm3 };
  }
  lastModel = model;
  return model;
}

function lutFor(model: PhaseModel, grid: VolumeGrid): MeridianLut {
  const { dims, spacing, origin } = grid;
  const x0 = origin[0];
  const x1 = origin[0] + (dims[0] - 1) * spacing[0];
  const y0 = origin[1];
  const y1 = origin[1] + (dims[1] - 1) * spacing[1];
  const rhoMax = Math.hypot(Math.max(Math.abs(x0), Math.abs(x1)), Math.max(Math.abs(y0), Math.abs(y1)));
  const zMin = origin[2];
  const zMax = origin[2] + (dims[2] - 1) * spacing[2];
  const key = `${model.key}|${rhoMax}|${zMin}|${zMax}`;
  if (lastLut && lastLut.key === key) return lastLut.lut;
  // Only the table rows the grid's slices read are built (about a third of them at 64³).
  const zs = new Float64Array(dims[2]);
  for (let k = 0; k < dims[2]; k++) zs[k] = origin[2] + k * spacing[2];
  const lut = buildMeridianLut(model.wall.profile, rhoMax, zMin, zMax, undefined, zs);
  lastLut = { key, lut };
  return lut;
}

interface Outputs {
  myo?: Float32Array;
  cavity?: Float32Array;
  /** Epicardial solid (myocardium ∪ cavity) and the cavity, neither cut by the base plane. */
  solid?: Float32Array;
  openCavity?: Float32Array;
  labels?: Uint8Array;
}

const RV_HALF_ANGLE = (75 * Math.PI) / 180;

/** One pass over the grid filling whichever outputs are asked for. */
function evaluate(p: LvParams, phase: LvPhase, grid: VolumeGrid, out: Outputs): void {
  checkGrid(grid);
  const model = phaseModel(p, phase);
  const lut = lutFor(model, grid);
  const { dims, spacing, origin } = grid;
  const [nx, ny, nz] = dims;
  const nCol = nx * ny;
  const circ = new Float64Array(nCol);
  const rhoCol = new Float64Array(nCol);
  const rvAng = new Float64Array(nCol);
  const w = model.wall.walls;
  const cosHalf = Math.cos(RV_HALF_ANGLE);
  for (let j = 0; j < ny; j++) {
    const y = origin[1] + j * spacing[1];
    for (let i = 0; i < nx; i++) {
      const x = origin[0] + i * spacing[0];
      const c = i + nx * j;
      const rho = Math.hypot(x, y);
      rhoCol[c] = rho;
      const onAxis = rho < 1e-9;
      circ[c] = circumferentialThickness(w, onAxis ? 1 : x / rho, onAxis ? 0 : y / rho, onAxis);
      const g = onAxis ? 0 : (-x / rho - cosHalf) / (1 - cosHalf);
      rvAng[c] = g > 0 ? Math.sqrt(g) : 0;
    }
  }
  // Radius tables for the ES thickness rule.
  const es = model.wall.es;
  const nTab = 1024;
  const rEdTab = new Float64Array(nTab + 1);
  const rEsTab = new Float64Array(nTab + 1);
  if (es) {
    const pe = es.edProfile;
    const ps = model.wall.profile;
    for (let k = 0; k <= nTab; k++) {
      const hk = k / nTab;
      rEdTab[k] = pe.radiusMm * Math.sqrt(1 - Math.pow(1 - hk, pe.exponent));
      rEsTab[k] = ps.radiusMm * Math.sqrt(1 - Math.pow(1 - hk, ps.exponent));
    }
  }
  const baseZ = model.shape.baseZMm;
  const apexZ = model.shape.apexZMm;
  const len = model.shape.lengthMm;
  const rvWidth = 0.8 * model.shape.radiusMm + 4;
  const apical = w.apical;
  const tmp = new Float64Array(2);
  const { myo, cavity, labels, solid, openCavity } = out;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    const z = origin[2] + k * spacing[2];
    const zb = z - baseZ;
    const hz = (z - apexZ) / len;
    const rvTaper = hz <= 0.25 ? 0 : hz >= 0.45 ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * (hz - 0.25)) / 0.2);
    for (let c = 0; c < nCol; c++, idx++) {
      sampleMeridianLut(lut, rhoCol[c] as number, z, tmp);
      const d = tmp[0] as number;
      const h = tmp[1] as number;
      let t = edThickness(circ[c] as number, apical, h);
      if (es) {
        const f = (h < 0 ? 0 : h > 1 ? 1 : h) * nTab;
        const i0 = Math.min(nTab - 1, Math.floor(f));
        const u = f - i0;
        const rEd = (rEdTab[i0] as number) * (1 - u) + (rEdTab[i0 + 1] as number) * u;
        const rEs = (rEsTab[i0] as number) * (1 - u) + (rEsTab[i0 + 1] as number) * u;
        t = esThickness(t, rEd, rEs, es.lengthRatio, es.lambda);
      }
      const fm = Math.max(-d, d - t, zb);
      if (myo) myo[idx] = fm;
      if (cavity) cavity[idx] = Math.max(d, zb);
      if (solid) solid[idx] = d - t;
      if (openCavity) openCavity[idx] = d;
      if (labels) {
        let lab: number = LV_LABELS.background;
        if (fm < 0) lab = LV_LABELS.myocardium;
        else if (d < 0 && zb < 0) lab = LV_LABELS.lvCavity;
        else if (zb < 0) {
          const e = d - t;
          if (e > 0 && e < rvWidth * (rvAng[c] as number) * rvTaper) lab = LV_LABELS.rvCavity;
        }
        labels[idx] = lab;
      }
    }
  }
}

/**
 * Myocardium of phase `phase` as an approximate signed distance (mm) on `grid`: negative inside the
 * myocardium, 0 on the endocardium, epicardium and the base plane.
 */
export function lvMyocardiumField(p: LvParams, phase: LvPhase, grid: VolumeGrid): Volume<Float32Array> {
  const data = new Float32Array(checkGrid(grid));
  evaluate(p, phase, grid, { myo: data });
  return { ...copyGrid(grid), data };
}

/**
 * The two solids the myocardium is made of (geometry/lvComposition.ts): the epicardial solid
 * (myocardium ∪ cavity, d − t) and the cavity (d), approximate signed distances (mm, < 0 inside), not
 * cut by the base plane. max(solid, −cavity, z − z_base) is {@link lvMyocardiumField}.
 */
export function lvSolidFields(
  p: LvParams,
  phase: LvPhase,
  grid: VolumeGrid,
): { solid: Float32Array; cavity: Float32Array } {
  const n = checkGrid(grid);
  const solid = new Float32Array(n);
  const cavity = new Float32Array(n);
  evaluate(p, phase, grid, { solid, openCavity: cavity });
  return { solid, cavity };
}

/** LV cavity (closed by the base plane) as a signed distance (mm): max(d_c, z − z_base), negative inside. */
export function lvCavityField(p: LvParams, phase: LvPhase, grid: VolumeGrid): Volume<Float32Array> {
  const data = new Float32Array(checkGrid(grid));
  evaluate(p, phase, grid, { cavity: data });
  return { ...copyGrid(grid), data };
}

/**
 * ACDC-style labels on `grid`: 0 background, 1 RV cavity (a crescent of up to 0.8·R + 4 mm outside the
 * septum, ±75° around −x, from 25–45 % of the length up to the base), 2 LV myocardium, 3 LV cavity.
 */
export function lvLabelMap(p: LvParams, phase: LvPhase, grid: VolumeGrid): Volume<Uint8Array> {
  const data = new Uint8Array(checkGrid(grid));
  evaluate(p, phase, grid, { labels: data });
  return { ...copyGrid(grid), data };
}

/** Truth of what a parameter set asks for (after validation). */
export interface LvTruth {
  edvMl: number;
  esvMl: number;
  efPct: number;
  svMl: number;
  /** ED myocardial mass at 1.05 g/mL, numerically integrated from the wall model; equal at ES. */
  massG: number;
  /** Largest ED regional wall thickness, mm. */
  maxThicknessMm: number;
}

/** Analytic volumes and numerically integrated mass of the phantom asked for by `p`. */
export function lvTruth(p: LvParams): LvTruth {
  const model = phaseModel(p, 'ED');
  const q = model.params;
  const esvMl = q.edvMl * (1 - q.efPct / 100);
  return {
    edvMl: q.edvMl,
    esvMl,
    efPct: q.efPct,
    svMl: q.edvMl - esvMl,
    massG: (model.edMassMm3 / 1000) * MYOCARDIAL_DENSITY,
    maxThicknessMm: Math.max(q.septalMm, q.anteriorMm, q.lateralMm, q.inferiorMm, q.apicalMm),
  };
}
