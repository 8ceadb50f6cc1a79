/**
 * End-to-end tests of the `latent-anatomy` CLI: each case spawns `node bin/latent-anatomy.mjs`
 * (tsx start-up ≈ 0.5 s), in a temporary directory; independent cases run concurrently.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../src/io/nifti.ts';
import { parsePly } from '../test/fixtures/parseMesh.ts';
import { realdataPath } from '../test/realdata.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'latent-anatomy.mjs');
let dir = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...process.env, LATENT_ANATOMY_DEBUG: '' }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** stderr must be exactly one `error: …` line (no stack trace). */
function expectOneLineError(r: Run, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** INTERGROWTH-21st median head circumference (mm) at `ga` weeks (REFERENCE.md §2). */
function intergrowthHc(ga: number): number {
  return -28.2849 + 1.69267 * ga * ga - 0.397485 * ga * ga * Math.log(ga);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latent-anatomy-cli-'));
  const vol = { dims: [6, 5, 4] as [number, number, number], spacing: [1, 1, 1] as [number, number, number] };
  const good = writeNifti({ ...vol, origin: [0, 0, 0], data: new Uint8Array(120).fill(2) });
  writeFileSync(join(dir, 'truncated.nii'), good.subarray(0, good.length - 40));
  const wrong = good.slice();
  wrong.set([0x6e, 0x69, 0x33, 0], 344);
  writeFileSync(join(dir, 'wrong-magic.nii'), wrong);
  const fourD = good.slice();
  const dv = new DataView(fourD.buffer);
  dv.setInt16(40, 4, true);
  dv.setInt16(48, 10, true);
  writeFileSync(join(dir, 'movie.nii'), fourD);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('latent-anatomy CLI', () => {
  describe('LV: phantom → measure → mesh', () => {
    beforeAll(async () => {
      const r = await cli('phantom', 'lv', '--efPct', '60', '--septal-mm', '18', '--out', 'lv.nii.gz');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/wrote lv_ED\.nii\.gz and lv_ES\.nii\.gz/);
    });

    it('measure --json gives the asked EF (±3 %) and septal max thickness (±1.5 mm)', async () => {
      const r = await cli('measure', 'lv_ED.nii.gz', '--es', 'lv_ES.nii.gz', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const m = JSON.parse(r.stdout) as Record<string, number>;
      expect(m.anatomy).toBe('lv');
      expect(Math.abs(m.efPct! - 60)).toBeLessThanOrEqual(3);
      expect(Math.abs(m.maxWallThicknessMm! - 18)).toBeLessThanOrEqual(1.5);
      expect(m.edvMl).toBeGreaterThan(130);
      expect(m.edvMl).toBeLessThan(170);
      expect(m.svMl).toBeCloseTo(m.edvMl! - m.esvMl!, 2);
    });

    it('measure prints a table for a single phase', async () => {
      const r = await cli('measure', 'lv_ED.nii.gz');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/LV ED/);
      expect(r.stdout).toMatch(/Cavity volume\s+\d+\.\d mL/);
      expect(r.stdout).toMatch(/Max wall thickness\s+1[6-9]\.\d mm/);
    });

    it('mesh --thickness writes a PLY with colours and a thickness property', async () => {
      const r = await cli('mesh', 'lv_ED.nii.gz', '--thickness', '--out', 'lv.ply');
      expect(r.code).toBe(0);
      const ply = parsePly(readFileSync(join(dir, 'lv.ply')));
      expect(ply.vertexCount).toBeGreaterThan(1000);
      expect(ply.faceCount).toBeGreaterThan(ply.vertexCount);
      expect(ply.vertexProps).toEqual(['x', 'y', 'z', 'nx', 'ny', 'nz', 'red', 'green', 'blue', 'thickness']);
      const t = ply.vertex.thickness!.filter(Number.isFinite).sort((a, b) => a - b);
      expect(t[Math.floor(t.length * 0.99)]).toBeGreaterThan(15);
      expect(new Set(ply.vertex.red).size).toBeGreaterThan(10); // a colour ramp, not one colour
    });

    it('phantom --labels writes an ACDC-style label map that mesh and measure accept', async () => {
      const p = await cli('phantom', 'lv', '--phase', 'ES', '--labels', '--out', 'lab.nii');
      expect(p.code).toBe(0);
      expect(existsSync(join(dir, 'lab.nii'))).toBe(true);
      const m = await cli('measure', 'lab.nii', '--json');
      expect(m.code).toBe(0);
      const j = JSON.parse(m.stdout) as { phase: string; source: string; cavityMl: number };
      expect(j.phase).toBe('ES');
      expect(j.source).toMatch(/label 2/);
      expect(j.cavityMl).toBeGreaterThan(20);
    });
  });

  it('phantom skull → measure gives HC within 3 % of the INTERGROWTH median (hcZ = 0)', async () => {
    const p = await cli('phantom', 'skull', '--gaWeeks', '28', '--hcZ', '0', '--out', 'skull.nii.gz');
    expect(p.code).toBe(0);
    const r = await cli('measure', 'skull.nii.gz', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as Record<string, number>;
    expect(Math.abs(m.hcMm! / intergrowthHc(28) - 1)).toBeLessThanOrEqual(0.03);
    expect(m.cephalicIndex).toBeGreaterThan(70);
    expect(m.cephalicIndex).toBeLessThan(90);
  });

  it('real ACDC label maps: measure gives plausible indexes and mesh uses label 2', async () => {
    const ed = realdataPath('acdc', 'patient030_ED_gt.nii.gz');
    const es = realdataPath('acdc', 'patient030_ES_gt.nii.gz');
    const [m, s] = await Promise.all([
      cli('measure', ed, '--es', es, '--json'),
      cli('mesh', ed, '--out', 'acdc.stl'),
    ]);
    expect(m.code).toBe(0);
    const j = JSON.parse(m.stdout) as Record<string, number | string>;
    expect(j.source).toMatch(/label 2/);
    expect(j.edvMl).toBeGreaterThan(60);
    expect(j.edvMl).toBeLessThan(250);
    expect(j.efPct).toBeGreaterThan(40);
    expect(j.efPct).toBeLessThan(90);
    expect(j.massG).toBeGreaterThan(60);
    expect(j.maxWallThicknessMm).toBeGreaterThan(8);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/wrote acdc\.stl: \d+ vertices.*label 2 \(myocardium\)/);
  });

  it('a grid too small for the anatomy gives a warning', async () => {
    const r = await cli('phantom', 'lv', '--phase', 'ED', '--dims', '16', '--out', 'small.nii');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the grid covers 25\.6 mm .* cut off/);
  });

  describe('bad input: one line, no stack trace', () => {
    it('missing file → exit 1', async () => {
      expectOneLineError(await cli('measure', 'nope.nii.gz'), 1, /cannot read 'nope\.nii\.gz': no such file/);
    });
    it('truncated NIfTI → exit 1', async () => {
      expectOneLineError(
        await cli('mesh', 'truncated.nii', '--out', 'x.ply'),
        1,
        /truncated\.nii: the file is truncated: the header says 120 bytes of voxel data .* holds 80/,
      );
    });
    it('wrong magic → exit 1', async () => {
      expectOneLineError(await cli('measure', 'wrong-magic.nii', '--anatomy', 'lv'), 1, /wrong magic/);
    });
    it('4-D → exit 1', async () => {
      expectOneLineError(
        await cli('measure', 'movie.nii'),
        1,
        /expected a 3-D volume; got 4-D with 10 frames — pick one frame first/,
      );
    });
    it('--efPct NaN → a warning, the default, exit 0', async () => {
      const r = await cli(
        'phantom',
        'lv',
        '--efPct',
        'NaN',
        '--phase',
        'ED',
        '--dims',
        '32',
        '--spacing',
        '3.2',
        '--out',
        'nan.nii.gz',
      );
      expect(r.code).toBe(0);
      expect(r.stderr.trim()).toMatch(/^warning: efPct = NaN is not a number; using default 70 %$/);
      expect(existsSync(join(dir, 'nan.nii.gz'))).toBe(true);
    });
    it('out-of-range parameter → a clamp warning', async () => {
      const r = await cli(
        'phantom',
        'lv',
        '--septalMm',
        '99',
        '--phase',
        'ED',
        '--dims',
        '32',
        '--spacing',
        '3.2',
        '--out',
        'big.nii',
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^warning: septalMm 99 is above 30; clamped to 30 mm/m);
    });
    it('unknown flag → exit 2 with a suggestion', async () => {
      expectOneLineError(
        await cli('phantom', 'lv', '--septalMn', '12', '--out', 'x.nii'),
        2,
        /unknown option '--septalMn' \(did you mean --septalMm\?\)/,
      );
    });
    it('unknown command → exit 2', async () => {
      expectOneLineError(await cli('meshify', 'x'), 2, /unknown command 'meshify'/);
    });
    it('measure without a recognisable anatomy → exit 2 asking for --anatomy', async () => {
      const vol = writeNifti({
        dims: [4, 4, 4],
        spacing: [1, 1, 1],
        origin: [0, 0, 0],
        data: new Float32Array(64),
      });
      writeFileSync(join(dir, 'anon.nii'), vol);
      expectOneLineError(await cli('measure', 'anon.nii'), 2, /pass --anatomy lv or --anatomy skull/);
    });
  });

  it('--help works for every command', async () => {
    const runs = await Promise.all([
      cli('--help'),
      cli('phantom', '--help'),
      cli('mesh', '--help'),
      cli('measure', '--help'),
    ]);
    for (const r of runs) expect(r.code).toBe(0);
    expect(runs[0]!.stdout).toMatch(/Commands:/);
    expect(runs[1]!.stdout).toMatch(/--septalMm/);
    expect(runs[1]!.stdout).toMatch(/--gaWeeks/);
    expect(runs[2]!.stdout).toMatch(/--thickness/);
    expect(runs[3]!.stdout).toMatch(/--es FILE/);
  });
});
