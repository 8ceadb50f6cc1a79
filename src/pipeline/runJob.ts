/**
 * Turns a job into meshes and measurements. Pure and synchronous: the compute worker runs it in the
 * browser, and benchmarks and tests run it unchanged in Node.
 */
import { validateLvParams } from '../anatomy/lvParams';
import { lvGrid, lvMyocardiumField, lvTruth } from '../anatomy/lvPhantom';
import { validateSkullParams } from '../anatomy/skullParams';
import { skullBoneField, skullGrid, skullTruth } from '../anatomy/skullPhantom';
import { lvIndexesFromMeasures, lvPhaseMeasures, type LvPhaseMeasures } from '../geometry/lvIndexes';
import { marchingCubes } from '../geometry/marchingCubes';
import { skullBiometry } from '../geometry/skullBiometry';
import type { LvJob, LvOutcome, MeshPayload, Outcome, SkullJob, SkullOutcome } from './protocol';

function now(): number {
  return performance.now();
}

function payloadOf(m: LvPhaseMeasures): MeshPayload {
  return {
    positions: m.mesh.positions,
    normals: m.mesh.normals,
    indices: m.mesh.indices,
    scalar: m.thickness?.thickness ?? null,
  };
}

/** LV phantom at ED and ES → meshes coloured by wall thickness, indexes, and what was asked. */
export function runLvJob(
  rawParams: Record<string, number>,
  thicknessPhases: readonly ('ED' | 'ES')[] = ['ED', 'ES'],
): LvOutcome {
  const timings: Record<string, number> = {};
  let t = now();
  const { params, messages } = validateLvParams(rawParams);
  const grid = lvGrid();
  const edField = lvMyocardiumField(params, 'ED', grid);
  const esField = lvMyocardiumField(params, 'ES', grid);
  timings.phantom = now() - t;
  t = now();
  const ed = lvPhaseMeasures(edField); // ED thickness always: it gives the maximal wall thickness
  const es = lvPhaseMeasures(esField, { thickness: thicknessPhases.includes('ES') });
  timings.meshAndMeasure = now() - t;
  const indexes = lvIndexesFromMeasures(ed, es);
  const truth = lvTruth(params);
  return {
    kind: 'lv',
    ed: payloadOf(ed),
    es: payloadOf(es),
    indexes,
    asked: {
      edvMl: truth.edvMl,
      esvMl: truth.esvMl,
      svMl: truth.svMl,
      efPct: truth.efPct,
      massG: truth.massG,
      maxWallThicknessMm: truth.maxThicknessMm,
    },
    params: { ...params },
    messages,
    timings,
  };
}

/** Grid of the skull viewer: 128³ × 1.1 mm (141 mm field of view holds a 36-week +3 SD head). */
export const SKULL_VIEW_GRID = { size: 128, spacingMm: 1.1 } as const;

/** Skull phantom → bone mesh and biometry in the transventricular plane. */
export function runSkullJob(rawParams: Record<string, number>): SkullOutcome {
  const timings: Record<string, number> = {};
  let t = now();
  const { params, messages } = validateSkullParams(rawParams);
  // The viewer uses a finer grid than the 64³ × 2.2 mm default so that 1–2 mm bone stays a closed
  // shell; bone thinner than one voxel is drawn one voxel thick (outer surface, OFD and HC unchanged).
  const field = skullBoneField(params, skullGrid(SKULL_VIEW_GRID), {
    minThicknessMm: SKULL_VIEW_GRID.spacingMm,
  });
  timings.phantom = now() - t;
  t = now();
  const mesh = marchingCubes(field);
  timings.mesh = now() - t;
  t = now();
  const b = skullBiometry(field);
  timings.biometry = now() - t;
  const truth = skullTruth(params);
  return {
    kind: 'skull',
    mesh: { positions: mesh.positions, normals: mesh.normals, indices: mesh.indices, scalar: null },
    biometry: { bpdMm: b.bpdMm, ofdMm: b.ofdMm, hcMm: b.hcMm, cephalicIndex: b.cephalicIndex },
    asked: truth,
    params: { ...params },
    messages,
    timings,
  };
}

/** Runs a phantom job (the model jobs are async: see modelJob.ts). */
export function runJob(job: LvJob | SkullJob): Outcome {
  return job.kind === 'lv' ? runLvJob(job.params, job.thicknessPhases) : runSkullJob(job.params);
}
