/**
 * Marching-cubes and LV-measure benchmark. Run: `npx tsx bench/marchingCubes.bench.ts`.
 *
 * Prints one JSON object: for spherical shell SDFs at 64³, 96³ and 128³ (1 mm spacing, radii 0.3 and
 * 0.4 of the size) our median time over ≥ 10 runs after warm-up, vertex and triangle counts, and
 * scikit-image's `marching_cubes` median on the same volume (via /usr/bin/python3, which has
 * python3-skimage); then the LV measurement chain on a 64³ cup.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridCenter, shellField } from '../src/geometry/fields.ts';
import { lvCavityField } from '../src/geometry/lvCavity.ts';
import { lvIndexes, lvPhaseMeasures } from '../src/geometry/lvIndexes.ts';
import { cupShape } from '../src/geometry/lvTestShapes.ts';
import { isoSurfaceVolume, marchingCubes } from '../src/geometry/marchingCubes.ts';
import type { Vec3, Volume } from '../src/geometry/types.ts';
import { lvWallThickness } from '../src/geometry/wallThickness.ts';

const WARMUP = 5;
const RUNS = 15;
const PYTHON = '/usr/bin/python3';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timeIt(fn: () => unknown, runs = RUNS, warmup = WARMUP): number {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return round(median(ts));
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Writes a Float32 volume as a C-order .npy of shape (nz, ny, nx). */
function writeNpy(path: string, vol: Volume<Float32Array>): void {
  const [nx, ny, nz] = vol.dims;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${nz}, ${ny}, ${nx}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(vol.data.buffer)]));
}

const PY_SCRIPT = `
import json, sys, time
import numpy as np
import skimage
from skimage.measure import marching_cubes
v = np.load(sys.argv[1])
runs, warm = int(sys.argv[2]), int(sys.argv[3])
for _ in range(warm):
    marching_cubes(v, level=0.0)
ts = []
for _ in range(runs):
    t0 = time.perf_counter()
    verts, faces, _n, _vals = marching_cubes(v, level=0.0)
    ts.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"medianMs": float(np.median(ts)), "vertices": int(len(verts)), "triangles": int(len(faces)),
                  "version": skimage.__version__}))
`;

type SkimageResult = { medianMs: number; vertices: number; triangles: number; version: string } | null;

function skimageTime(vol: Volume<Float32Array>, dir: string): { result: SkimageResult; reason?: string } {
  const file = join(dir, `vol_${vol.dims.join('x')}.npy`);
  writeNpy(file, vol);
  const out = spawnSync(PYTHON, ['-c', PY_SCRIPT, file, String(RUNS), '2'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (out.error) return { result: null, reason: `${PYTHON} could not run: ${out.error.message}` };
  if (out.status !== 0) {
    const reason = (out.stderr || '').trim().split('\n').slice(-1)[0] ?? `exit ${out.status}`;
    return { result: null, reason: `scikit-image unavailable: ${reason}` };
  }
  const r = JSON.parse(out.stdout.trim()) as NonNullable<SkimageResult>;
  return { result: { ...r, medianMs: round(r.medianMs) } };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const shells: Record<string, unknown>[] = [];
  let skimageVersion: string | null = null;
  let skimageReason: string | undefined;
  try {
    for (const n of [64, 96, 128]) {
      const dims: Vec3 = [n, n, n];
      const spacing: Vec3 = [1, 1, 1];
      const vol = shellField(dims, spacing, gridCenter(dims, spacing), 0.3 * n, 0.4 * n);
      const mesh = marchingCubes(vol);
      const oursMs = timeIt(() => marchingCubes(vol));
      const sk = skimageReason ? { result: null, reason: skimageReason } : skimageTime(vol, dir);
      if (!sk.result) skimageReason = sk.reason;
      else skimageVersion = sk.result.version;
      shells.push({
        size: n,
        oursMs,
        vertices: mesh.positions.length / 3,
        triangles: mesh.indices.length / 3,
        skimage: sk.result
          ? { medianMs: sk.result.medianMs, vertices: sk.result.vertices, triangles: sk.result.triangles }
          : null,
        speedup: sk.result ? round(sk.result.medianMs / oursMs) : null,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // LV chain on a 64³ cup (1 mm; cavity radius 0.3, epicardium 0.4 of the size, open 8 mm above centre).
  const dims: Vec3 = [64, 64, 64];
  const spacing: Vec3 = [1, 1, 1];
  const ed = cupShape(dims, spacing, 0.3 * 64, 0.4 * 64, 8);
  const es = cupShape(dims, spacing, 0.22 * 64, 0.36 * 64, 8);
  const myoMesh = marchingCubes(ed.field);
  const cavity = lvCavityField(ed.field);
  const lv = {
    grid: '64x64x64 @ 1 mm, cup',
    vertices: myoMesh.positions.length / 3,
    myocardiumMeshMs: timeIt(() => marchingCubes(ed.field)),
    cavityFieldMs: timeIt(() => lvCavityField(ed.field)),
    cavityMeshMs: timeIt(() => marchingCubes(cavity)),
    wallThicknessMs: timeIt(() => lvWallThickness(myoMesh, ed.field, { cavityField: cavity })),
    wallThicknessExactMs: timeIt(
      () => lvWallThickness(myoMesh, ed.field, { cavityField: cavity, method: 'exact' }),
      10,
      2,
    ),
    cavityVolumeMs: timeIt(() => isoSurfaceVolume(cavity)),
    phaseMeasuresNoThicknessMs: timeIt(() => lvPhaseMeasures(ed.field, { thickness: false })),
    phaseMeasuresMs: timeIt(() => lvPhaseMeasures(ed.field)),
    phaseMeasuresDragMs: timeIt(() => lvPhaseMeasures(ed.field, { quality: 'drag' })),
    lvIndexesMs: timeIt(() => lvIndexes(ed.field, es.field), 10, 2),
    indexes: Object.fromEntries(Object.entries(lvIndexes(ed.field, es.field)).map(([k, v]) => [k, round(v)])),
    analytic: {
      edvMl: round(ed.cavityMm3 / 1000),
      esvMl: round(es.cavityMm3 / 1000),
      massG: round((ed.myocardiumMm3 / 1000) * 1.05),
      maxWallThicknessMm: round(0.1 * 64),
    },
  };

  const result = {
    node: process.version,
    runs: RUNS,
    warmup: WARMUP,
    shells,
    skimage: skimageVersion ? { python: PYTHON, version: skimageVersion } : null,
    ...(skimageReason ? { skimageSkipped: skimageReason } : {}),
    lv,
  };
  console.log(JSON.stringify(result));
}

main();
