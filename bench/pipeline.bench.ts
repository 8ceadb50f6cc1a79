/**
 * Benchmark: the phantom → mesh → wall thickness → indexes pipeline in Node (the same code the
 * compute worker runs). Prints one JSON object:
 * - `phaseMs`: stage timings (p50 / p95, ms) of `lvPhaseMeasures` for one phase on the full path
 *   (64³ × 1.6 mm, with and without thickness), the drag path (`quality: 'drag'` on the 64³ field, and
 *   the decoder's native 32³ × 3.2 mm grid measured as is), and the exact nearest-point reference;
 * - `jobMs`: whole jobs (phantom ED + ES, meshes, thickness on ED, indexes);
 * - `accuracy`: the walk against the exact nearest-point search, and drag against full quality, over a
 *   synthetic population (healthy and HCM, ED and ES).
 *
 *   npx tsx bench/pipeline.bench.ts [--runs 30] [--subjects 12]
 */
import { sampleLvCohort } from '../src/anatomy/lvPopulation';
import { validateLvParams } from '../src/anatomy/lvParams';
import { lvGrid, lvMyocardiumField } from '../src/anatomy/lvPhantom';
import {
  lvIndexesFromMeasures,
  lvPhaseMeasures,
  type LvPhaseOptions,
  type LvPhaseTimings,
} from '../src/geometry/lvIndexes';
import { lvCavityField } from '../src/geometry/lvCavity';
import { marchingCubes } from '../src/geometry/marchingCubes';
import { percentileOf } from '../src/geometry/percentile';
import type { Volume } from '../src/geometry/types';
import { classifyEndoEpi, maxWallThickness, thicknessOfClasses } from '../src/geometry/wallThickness';
import { runLvJob, runSkullJob } from '../src/pipeline/runJob';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const RUNS = arg('--runs', 30);
const SUBJECTS = arg('--subjects', 12);
const round = (x: number, d = 2): number => Number(x.toFixed(d));

function p50p95(xs: number[]): { p50: number; p95: number } {
  const a = Float64Array.from(xs);
  return { p50: round(percentileOf(a, 50)), p95: round(percentileOf(a, 95)) };
}

/** Times f over RUNS calls after 5 warm-up calls; returns p50/p95 (ms). */
function time(f: (i: number) => void, runs = RUNS): { p50: number; p95: number } {
  for (let i = 0; i < 5; i++) f(-1 - i);
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f(i);
    ts.push(performance.now() - t);
  }
  return p50p95(ts);
}

/** p50/p95 of each stage of lvPhaseMeasures over RUNS calls on `fields` (cycled). */
function stages(
  fields: Volume[],
  opts: LvPhaseOptions,
  runs = RUNS,
): Record<string, { p50: number; p95: number }> {
  const acc: Record<string, number[]> = {};
  for (let i = -5; i < runs; i++) {
    const timings = {} as LvPhaseTimings;
    lvPhaseMeasures(fields[(i + 5) % fields.length] as Volume, { ...opts, timings });
    if (i < 0) continue;
    for (const [k, v] of Object.entries(timings)) (acc[k] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, p50p95(v)]));
}

const base = validateLvParams({}).params;
// A drag: each field moves the septal wall a little, so no result can be cached.
const dragged = (i: number) => validateLvParams({ ...base, septalMm: 9 + (Math.abs(i) % 10) * 0.5 }).params;
const grid = lvGrid();
const grid32 = lvGrid({ size: 32, spacingMm: 3.2 });
const ed64 = Array.from({ length: 10 }, (_, i) => lvMyocardiumField(dragged(i), 'ED', grid));
const es64 = Array.from({ length: 10 }, (_, i) => lvMyocardiumField(dragged(i), 'ES', grid));
const ed32 = Array.from({ length: 10 }, (_, i) => lvMyocardiumField(dragged(i), 'ED', grid32));

const phaseMs = {
  full: stages(ed64, {}),
  fullNoThickness: stages(es64, { thickness: false }),
  drag: stages(ed64, { quality: 'drag' }),
  dragNoThickness: stages(es64, { quality: 'drag', thickness: false }),
  native32: stages(ed32, {}),
  exactReference: stages(ed64, { thicknessMethod: 'exact' }, 8),
};

const jobMs = {
  lvPhantomOnePhase: time((i) => lvMyocardiumField(dragged(i), 'ED', grid)),
  // Geometry of one shape: ED with thickness + ES without, as a model job does after decoding.
  measureEdEsFull: time((i) => {
    const k = Math.abs(i) % 10;
    lvIndexesFromMeasures(
      lvPhaseMeasures(ed64[k] as Volume),
      lvPhaseMeasures(es64[k] as Volume, { thickness: false }),
    );
  }),
  measureEdEsDrag: time((i) => {
    const k = Math.abs(i) % 10;
    lvIndexesFromMeasures(
      lvPhaseMeasures(ed64[k] as Volume, { quality: 'drag' }),
      lvPhaseMeasures(es64[k] as Volume, { quality: 'drag', thickness: false }),
    );
  }),
  // What a slider drag runs in the phantom explorer while ED is shown (phantom ED + ES included).
  lvJobDragEdShown: time((i) => runLvJob({ ...base, septalMm: 9 + (Math.abs(i) % 10) * 0.5 }, ['ED']), 15),
  lvJobBothThickness: time(
    (i) => runLvJob({ ...base, septalMm: 9 + (Math.abs(i) % 10) * 0.5 }, ['ED', 'ES']),
    15,
  ),
  skullJob128: time((i) => runSkullJob({ gaWeeks: 24 + (Math.abs(i) % 10) }), 3),
};

/** Walk vs exact per vertex, and drag vs full indexes, over a healthy + HCM population. */
function accuracy(): Record<string, unknown> {
  const diffs: number[] = [];
  const maxWtDiff: number[] = [];
  const d: Record<string, number[]> = { edvPct: [], esvPct: [], efPoints: [], massPct: [], maxWtMm: [] };
  for (const s of sampleLvCohort(2026, SUBJECTS, 0.5)) {
    const ed = lvMyocardiumField(s.params, 'ED', grid);
    const es = lvMyocardiumField(s.params, 'ES', grid);
    for (const myo of [ed, es]) {
      const mesh = marchingCubes(myo);
      const isEndo = classifyEndoEpi(mesh, lvCavityField(myo));
      const walk = thicknessOfClasses(mesh, isEndo, 'walk');
      const exact = thicknessOfClasses(mesh, isEndo, 'exact');
      for (let v = 0; v < walk.length; v++) diffs.push(Math.abs((walk[v] as number) - (exact[v] as number)));
      maxWtDiff.push(
        Math.abs(
          maxWallThickness({ thickness: walk, isEndo }) - maxWallThickness({ thickness: exact, isEndo }),
        ),
      );
    }
    const full = lvIndexesFromMeasures(lvPhaseMeasures(ed), lvPhaseMeasures(es, { thickness: false }));
    const drag = lvIndexesFromMeasures(
      lvPhaseMeasures(ed, { quality: 'drag' }),
      lvPhaseMeasures(es, { quality: 'drag', thickness: false }),
    );
    d.edvPct!.push((drag.edvMl / full.edvMl - 1) * 100);
    d.esvPct!.push((drag.esvMl / full.esvMl - 1) * 100);
    d.efPoints!.push(drag.efPct - full.efPct);
    d.massPct!.push((drag.massG / full.massG - 1) * 100);
    d.maxWtMm!.push(drag.maxWallThicknessMm - full.maxWallThicknessMm);
  }
  const a = Float64Array.from(diffs);
  const mean = (xs: number[]): number => xs.reduce((p, q) => p + q, 0) / xs.length;
  return {
    population: `sampleLvCohort(2026, ${SUBJECTS}, 0.5): ED and ES, 64³ × 1.6 mm`,
    walkVsExactMm: {
      vertices: diffs.length,
      mean: Number(mean(diffs).toExponential(2)),
      p95: Number(percentileOf(a, 95).toExponential(2)),
      p99: Number(percentileOf(a, 99).toExponential(2)),
      max: round(
        diffs.reduce((p, q) => Math.max(p, q), 0),
        3,
      ),
      robustMaxAbsDiffMax: round(Math.max(...maxWtDiff), 4),
    },
    dragVsFull: Object.fromEntries(
      Object.entries(d).map(([k, v]) => [
        k,
        { mean: round(mean(v), 3), maxAbs: round(Math.max(...v.map((x) => Math.abs(x))), 3) },
      ]),
    ),
  };
}

const result = {
  bench: 'pipeline',
  node: process.version,
  grid: `${grid.dims.join('x')} @ ${grid.spacing[0]} mm; drag ≈ 3.2 mm; native ${grid32.dims.join('x')} @ ${grid32.spacing[0]} mm`,
  runs: RUNS,
  vertices: {
    full: marchingCubes(ed64[0] as Volume).positions.length / 3,
    drag: lvPhaseMeasures(ed64[0] as Volume, { quality: 'drag', thickness: false }).mesh.positions.length / 3,
  },
  phaseMs,
  jobMs,
  accuracy: accuracy(),
  targets: { dragPhaseMs: 10, dragToColouredMeshMs: { p50: 50, p95: 100 } },
};
console.log(JSON.stringify(result, null, 2));
