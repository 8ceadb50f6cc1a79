/**
 * Benchmark: the phantom → mesh → wall thickness → indexes pipeline in Node (the same code the
 * compute worker runs). Prints one JSON object.
 *
 *   npx tsx bench/pipeline.bench.ts
 */
import { validateLvParams } from '../src/anatomy/lvParams';
import { lvGrid, lvMyocardiumField } from '../src/anatomy/lvPhantom';
import { lvPhaseMeasures } from '../src/geometry/lvIndexes';
import { marchingCubes } from '../src/geometry/marchingCubes';
import { runLvJob, runSkullJob } from '../src/pipeline/runJob';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function time(runs: number, f: (i: number) => void): number {
  f(-1); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f(i);
    ts.push(performance.now() - t);
  }
  return Number(median(ts).toFixed(2));
}

const RUNS = 10;
const grid = lvGrid();
const base = validateLvParams({}).params;
// A drag: each run moves the septal wall a little, so no result can be cached.
const dragged = (i: number) => validateLvParams({ ...base, septalMm: 9 + (i % 10) * 0.5 }).params;

const edField = lvMyocardiumField(base, 'ED', grid);
const edMesh = marchingCubes(edField);

const result = {
  bench: 'pipeline',
  node: process.version,
  grid: `${grid.dims.join('x')} @ ${grid.spacing[0]} mm`,
  runs: RUNS,
  medianMs: {
    lvPhantomOnePhase: time(RUNS, (i) => lvMyocardiumField(dragged(i), 'ED', grid)),
    lvPhantomEdEs: time(RUNS, (i) => {
      const p = dragged(i);
      lvMyocardiumField(p, 'ED', grid);
      lvMyocardiumField(p, 'ES', grid);
    }),
    marchingCubes64: time(RUNS, () => marchingCubes(edField)),
    phaseMeasuresWithThickness: time(RUNS, () => lvPhaseMeasures(edField, { mesh: edMesh })),
    phaseMeasuresNoThickness: time(RUNS, () => lvPhaseMeasures(edField, { mesh: edMesh, thickness: false })),
    // What a slider drag runs while ED is shown (ES measured without thickness).
    lvJobDragEdShown: time(RUNS, (i) => runLvJob({ ...base, septalMm: 9 + (i % 10) * 0.5 }, ['ED'])),
    lvJobBothThickness: time(RUNS, (i) => runLvJob({ ...base, septalMm: 9 + (i % 10) * 0.5 }, ['ED', 'ES'])),
    skullJob128: time(3, (i) => runSkullJob({ gaWeeks: 24 + Math.max(0, i) })),
  },
  targets: { lvPhantom64Ms: 100, dragToColouredMeshMs: 50 },
  vertices: edMesh.positions.length / 3,
};
console.log(JSON.stringify(result, null, 2));
