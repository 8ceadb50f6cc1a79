/**
 * The CLI's reliability contract (issue 12), end to end through `bin/latent-anatomy.mjs`: outputs are
 * written all or nothing through a temporary file and a rename, never over an input, never over an
 * existing file without --force (also under `ulimit -f`); voxel geometry no anatomy has, a missing
 * models folder and an ES file that is not the ED's partner are refused with one clear line.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/io/errors.ts';
import { readNifti } from '../../src/io/nifti.ts';
import { writeOutputsAtomically } from './common.ts';

const ROOT = resolvePath(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'latent-anatomy.mjs');
let dir = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in `dir` through bash (so `ulimit` can be set first). */
function cli(args: string[], opts: { ulimitKb?: number } = {}): Promise<Run> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${opts.ulimitKb ? `ulimit -f ${opts.ulimitKb}; ` : ''}exec ${quoted}`;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      { cwd: dir, env: { ...process.env, LATENT_ANATOMY_DEBUG: '' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectOneLineError(r: Run, code: number, pattern: RegExp): void {
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.code).toBe(code);
}

/** Files in `dir` whose names start with `prefix` (temporary files included). */
function filesLike(prefix: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(prefix) || f.startsWith(`.${prefix}`));
}

/** A copy of the NIfTI-1 file `src` with pixdim[1..3] set to `mm` (float32, as stored). */
function withPixdim(src: string, dst: string, mm: number): void {
  const b = new Uint8Array(readFileSync(join(dir, src)));
  const dv = new DataView(b.buffer);
  for (let i = 1; i <= 3; i++) dv.setFloat32(76 + 4 * i, mm, true);
  writeFileSync(join(dir, dst), b);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latent-anatomy-reliability-'));
  const small = ['--dims', '32', '--spacing', '3.2'];
  const runs = await Promise.all([
    cli(['phantom', 'lv', '--labels', ...small, '--out', 'lab.nii']),
    cli(['phantom', 'skull', '--dims', '32', '--out', 'skull.nii.gz']),
    cli([
      'phantom',
      'lv',
      '--labels',
      '--phase',
      'ED',
      '--dims',
      '40',
      '--spacing',
      '3.2',
      '--out',
      'lab40.nii',
    ]),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('writing outputs', () => {
  it('refuses to overwrite an existing file without --force and replaces it with --force', async () => {
    writeFileSync(join(dir, 'old.ply'), 'precious');
    const r = await cli(['mesh', 'lab_ED.nii', '--out', 'old.ply']);
    expectOneLineError(r, 1, /'old\.ply' already exists; pass --force to overwrite it/);
    expect(readFileSync(join(dir, 'old.ply'), 'utf8')).toBe('precious');
    const f = await cli(['mesh', 'lab_ED.nii', '--out', 'old.ply', '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(readFileSync(join(dir, 'old.ply')).subarray(0, 3).toString()).toBe('ply');
    expect(filesLike('old.ply')).toEqual(['old.ply']); // no temporary file left
  });

  it('never writes over an input, even with --force (a link to it counts)', async () => {
    symlinkSync(join(dir, 'lab_ES.nii'), join(dir, 'alias.ply'));
    const before = readFileSync(join(dir, 'lab_ES.nii'));
    const r = await cli(['mesh', 'lab_ES.nii', '--out', 'alias.ply', '--force']);
    expectOneLineError(r, 1, /refusing to write 'alias\.ply': it is the input file 'lab_ES\.nii'/);
    expect(readFileSync(join(dir, 'lab_ES.nii')).equals(before)).toBe(true);
  });

  it('phantom checks every output before writing any (the second exists → nothing written)', async () => {
    writeFileSync(join(dir, 'pair_ES.nii'), 'old');
    const r = await cli(['phantom', 'lv', '--dims', '16', '--spacing', '6.4', '--out', 'pair.nii']);
    expectOneLineError(r, 1, /'pair_ES\.nii' already exists; pass --force/);
    expect(existsSync(join(dir, 'pair_ED.nii'))).toBe(false);
  });

  it('under ulimit -f 100 no truncated file is left, and an old output survives intact', async () => {
    const r = await cli(['phantom', 'lv', '--dims', '32', '--spacing', '3.2', '--out', 'big.nii'], {
      ulimitKb: 100,
    });
    expectOneLineError(r, 1, /cannot write 'big_ED\.nii': .*file-size limit.*no output was written/);
    expect(filesLike('big')).toEqual([]);

    writeFileSync(join(dir, 'kept.ply'), 'old mesh');
    const m = await cli(['mesh', 'lab40.nii', '--out', 'kept.ply', '--ascii', '--force'], {
      ulimitKb: 20,
    });
    expectOneLineError(m, 1, /cannot write 'kept\.ply': .*file-size limit/);
    expect(readFileSync(join(dir, 'kept.ply'), 'utf8')).toBe('old mesh');
    expect(filesLike('kept.ply')).toEqual(['kept.ply']);
  });

  it('writeOutputsAtomically: an input among the targets, a target named twice, a folder', () => {
    const input = join(dir, 'd_ED.nii.gz');
    writeFileSync(input, 'label map');
    const out = (path: string) => ({ path, bytes: 'x' });
    expect(() => writeOutputsAtomically([out(join(dir, 'd_ES.nii.gz')), out(input)], [input], true)).toThrow(
      /refusing to write '.*d_ED\.nii\.gz': it is the input file/,
    );
    expect(existsSync(join(dir, 'd_ES.nii.gz'))).toBe(false);
    expect(() =>
      writeOutputsAtomically([out(join(dir, 'q.ply')), out(join(dir, 'q.ply'))], [], false),
    ).toThrow(UserInputError);
    mkdirSync(join(dir, 'folder.ply'));
    expect(() => writeOutputsAtomically([out(join(dir, 'folder.ply'))], [], true)).toThrow(/is a directory/);
    writeOutputsAtomically([out(join(dir, 'new', 'deep', 'a.txt'))], [], false);
    expect(readFileSync(join(dir, 'new', 'deep', 'a.txt'), 'utf8')).toBe('x');
  });
});

describe.concurrent('inputs no anatomy has', () => {
  it.each([
    ['1e-30', 'tiny', 1e-30, /voxel size along x is 1(\.00)?e-30 mm/],
    ['1e30', 'huge', 1e30, /voxel size along x is 1(\.00)?e\+30 mm/],
    ['a denormal', 'denormal', 1e-40, /voxel size along x is 1(\.00)?e-40 mm/],
    ['0.005', 'fine', 0.005, /voxel size along x is 0\.00500 mm .* expected 0\.01–100 mm/],
    ['500', 'coarse', 500, /voxel size along x is 500 mm .* expected 0\.01–100 mm/],
  ])('measure and mesh refuse pixdim %s with the range that would work', async (_name, tag, mm, re) => {
    const file = `pix-${tag}.nii`;
    withPixdim('lab_ED.nii', file, mm);
    expectOneLineError(await cli(['measure', file, '--json']), 1, re);
    expectOneLineError(await cli(['mesh', file, '--out', `${file}.ply`]), 1, re);
    expect(existsSync(join(dir, `${file}.ply`))).toBe(false);
  });

  it('mesh --iso above every voxel is refused (it used to mesh the grid boundary)', async () => {
    expectOneLineError(
      await cli(['mesh', 'lab_ED.nii', '--iso', '1e308', '--out', 'iso.ply']),
      1,
      /no surface at iso 1e\+308: every voxel of the label 2 \(myocardium\) is below it \(maximum [\d.]+\); choose --iso between/,
    );
    expect(existsSync(join(dir, 'iso.ply'))).toBe(false);
  });

  it('no command: one error line (and the help on stdout), exit 2', async () => {
    const r = await cli([]);
    expectOneLineError(r, 2, /^error: no command given; see latent-anatomy --help$/);
    expect(r.stdout).toMatch(/Commands:/);
  });

  it('phantom --spacing 1e-300 is refused at argument parsing with the range', async () => {
    expectOneLineError(
      await cli(['phantom', 'lv', '--spacing', '1e-300', '--out', 'tiny.nii']),
      2,
      /--spacing expects a voxel size from 0\.01 to 20 mm; got '1e-300'/,
    );
  });

  it('phantom --spacing 0.01 writes a file its own reader accepts', async () => {
    const r = await cli([
      'phantom',
      'lv',
      '--labels',
      '--phase',
      'ED',
      '--dims',
      '8',
      '--spacing',
      '0.01',
      '--out',
      'micro.nii',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readNifti(readFileSync(join(dir, 'micro.nii'))).spacing[0]).toBeCloseTo(0.01, 6);
  });

  it('predict --models /nonexistent explains like encode does', async () => {
    expectOneLineError(
      await cli([
        'predict',
        'skull-hcvae',
        '--axial',
        'a.png',
        '--pixel-mm',
        '0.2',
        '--models',
        '/nonexistent',
      ]),
      1,
      /cannot read model 'skull-hcvae' \(\/nonexistent\/skull-hcvae\/manifest\.json\): no such file; pass --models DIR/,
    );
  });

  it('measure refuses an ES file that is a skull, or on another grid', async () => {
    expectOneLineError(
      await cli(['measure', 'lab_ED.nii', '--es', 'skull.nii.gz']),
      1,
      /--es 'skull\.nii\.gz': its header says it is a fetal skull; expected the end-systolic frame/,
    );
    expectOneLineError(
      await cli(['measure', 'lab_ED.nii', '--es', 'lab40.nii']),
      1,
      /--es 'lab40\.nii' is on a different grid \(40×40×40 voxels of 3\.2×3\.2×3\.2 mm\) than 'lab_ED\.nii' \(32×32×32/,
    );
  });

  it('an int16 .nii label map measures like its .nii.gz copy (Node Buffer views)', async () => {
    const ok = await cli(['measure', 'lab_ED.nii', '--es', 'lab_ES.nii', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const m = JSON.parse(ok.stdout) as { edvMl: number; efPct: number };
    expect(m.efPct).toBeGreaterThan(40);
    expect(m.efPct).toBeLessThan(85);
  });
});
