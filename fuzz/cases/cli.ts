/**
 * Option and output cases for every command: numbers out of range or not numbers, unknown and
 * repeated options, missing values, odd paths; outputs that exist, are inputs, are folders, sit
 * under a file, or hit a file-size limit (`ulimit -f`) — none may leave a partial file.
 */
import { join } from 'node:path';
import { lvGrid, lvLabelMap } from '../../src/anatomy/lvPhantom.ts';
import { defaultLvParams } from '../../src/anatomy/lvParams.ts';
import { niftiOf } from '../gen/nifti.ts';
import { ROOT, type FuzzCase } from '../harness.ts';
import { filesWritten, finiteJson, meshWritten } from './checks.ts';

const LAB = niftiOf(
  lvLabelMap(defaultLvParams(), 'ED', lvGrid({ size: 32, spacingMm: 3.2 })),
  'latent-anatomy lv ED labels',
);
const LAB_ES = niftiOf(
  lvLabelMap(defaultLvParams(), 'ES', lvGrid({ size: 32, spacingMm: 3.2 })),
  'latent-anatomy lv ES labels',
);
const MODELS = join(ROOT, 'public', 'models');
const SMALL = ['--dims', '16', '--spacing', '6.4'];

export function cliCases(): FuzzCase[] {
  const out: FuzzCase[] = [];
  const args = (
    id: string,
    argv: string[],
    expect: FuzzCase['expect'] = 'error',
    extra: Partial<FuzzCase> = {},
  ): void =>
    void out.push({
      id: `args/${id}`,
      group: 'args',
      argv,
      expect,
      files: { 'ed.nii': LAB, 'es.nii': LAB_ES },
      ...extra,
    });

  // phantom: every LV parameter with values that are not numbers or out of range → warnings, clamped, written.
  const lvParams = [
    'edvMl',
    'lengthMm',
    'sphericity',
    'efPct',
    'septalMm',
    'anteriorMm',
    'lateralMm',
    'inferiorMm',
    'apicalMm',
    'longShorteningPct',
  ];
  const odd = ['NaN', 'Infinity', '-Infinity', '1e308', '-1e308', '0', '-5'];
  lvParams.forEach((p, i) => {
    for (const val of odd.filter((_, k) => (k + i) % 2 === 0)) {
      args(
        `phantom lv --${p} ${val}`,
        ['phantom', 'lv', `--${p}`, val, '--phase', 'ED', ...SMALL, '--out', 'p.nii'],
        'success',
        {
          outputs: ['p.nii'],
          check: filesWritten('p.nii'),
        },
      );
    }
    args(`phantom lv --${p} abc`, ['phantom', 'lv', `--${p}`, 'abc', '--out', 'p.nii']);
    args(`phantom lv --${p} (no value)`, ['phantom', 'lv', '--out', 'p.nii', `--${p}`]);
  });
  for (const g of ['NaN', '1e308', '-3', '0', '50']) {
    args(
      `phantom skull --gaWeeks ${g}`,
      ['phantom', 'skull', '--gaWeeks', g, '--dims', '16', '--spacing', '8', '--out', 's.nii'],
      'success',
      {
        outputs: ['s.nii'],
        check: filesWritten('s.nii'),
      },
    );
  }
  for (const d of ['0', '7', '513', '1e9', '3.5', '-16', 'abc', 'NaN', ''])
    args(`phantom --dims '${d}'`, ['phantom', 'lv', '--dims', d, '--out', 'p.nii']);
  for (const s of ['0', '-1', '1e-300', '0.009', '20.5', '1e308', 'NaN', 'Infinity', 'abc', ''])
    args(`phantom --spacing '${s}'`, ['phantom', 'lv', '--spacing', s, '--out', 'p.nii'], 'error', {
      quick: s === '1e-300',
    });
  for (const s of ['-1', '1e20', '2.5', 'abc'])
    args(`phantom --seed ${s}`, ['phantom', 'lv', '--seed', s, '--out', 'p.nii']);
  args('phantom --class martian', ['phantom', 'lv', '--seed', '1', '--class', 'martian', '--out', 'p.nii']);
  args('phantom --class without --seed', ['phantom', 'lv', '--class', 'hcm', '--out', 'p.nii']);
  args('phantom --phase XX', ['phantom', 'lv', '--phase', 'XX', '--out', 'p.nii']);
  args('phantom skull --phase ED', ['phantom', 'skull', '--phase', 'ED', '--out', 's.nii']);
  args('phantom heart', ['phantom', 'heart', '--out', 'p.nii']);
  args('phantom without --out', ['phantom', 'lv']);
  args('phantom --out p.txt', ['phantom', 'lv', '--out', 'p.txt']);
  args('phantom --out given twice', ['phantom', 'lv', '--out', 'a.nii', '--out', 'b.nii']);
  args('phantom --labels=yes', ['phantom', 'lv', '--labels=yes', '--out', 'p.nii']);
  args('phantom lv --gaWeeks (skull only)', ['phantom', 'lv', '--gaWeeks', '20', '--out', 'p.nii']);
  args('phantom -x', ['phantom', 'lv', '-x', '--out', 'p.nii']);
  args('phantom lv extra positional', ['phantom', 'lv', 'skull', '--out', 'p.nii']);

  // mesh.
  for (const iso of ['NaN', 'Infinity', '1e308', 'abc'])
    args(`mesh --iso ${iso}`, ['mesh', 'ed.nii', '--iso', iso, '--out', 'm.ply']);
  args('mesh --iso 1e6 (no surface)', ['mesh', 'ed.nii', '--iso', '-1e6', '--out', 'm.ply']);
  for (const l of ['-1', '1e10', '2.5', 'abc', '7'])
    args(`mesh --label ${l}`, ['mesh', 'ed.nii', '--label', l, '--out', 'm.ply']);
  for (const r of ['5', '20:0', 'a:b', '0:NaN', '1e309:1e310'])
    args(`mesh --thickness-range ${r}`, [
      'mesh',
      'ed.nii',
      '--thickness',
      '--thickness-range',
      r,
      '--out',
      'm.ply',
    ]);
  args('mesh --colormap jet', ['mesh', 'ed.nii', '--colormap', 'jet', '--out', 'm.ply']);
  args('mesh --out m.vtk', ['mesh', 'ed.nii', '--out', 'm.vtk']);
  args('mesh without --out', ['mesh', 'ed.nii']);
  args('mesh without input', ['mesh', '--out', 'm.ply']);
  args('mesh two inputs', ['mesh', 'ed.nii', 'es.nii', '--out', 'm.ply']);
  for (const fmt of ['ply', 'obj', 'stl']) {
    args(`mesh --out m.${fmt}`, ['mesh', 'ed.nii', '--out', `m.${fmt}`], 'success', {
      outputs: [`m.${fmt}`],
      check: fmt === 'ply' ? meshWritten('m.ply') : filesWritten(`m.${fmt}`),
      quick: fmt === 'ply',
    });
  }

  // measure.
  args('measure --anatomy brain', ['measure', 'ed.nii', '--anatomy', 'brain']);
  args('measure --es on skull', ['measure', 'ed.nii', '--anatomy', 'skull', '--es', 'es.nii']);
  args('measure --es missing', ['measure', 'ed.nii', '--es', 'nothing.nii']);
  args('measure --es itself', ['measure', 'ed.nii', '--es', 'ed.nii', '--json'], 'either', {
    check: finiteJson,
  });
  args('measure --label 9', ['measure', 'ed.nii', '--label', '9']);
  args('measure --json=1', ['measure', 'ed.nii', '--json=1']);
  args('measure ED ES', ['measure', 'ed.nii', '--es', 'es.nii', '--json'], 'success', {
    check: finiteJson,
    quick: true,
  });

  // predict (options are checked before any image is read).
  const pred = ['predict', 'skull-hcvae', '--axial', 'a.png', '--models', MODELS];
  for (const p of ['0', '-1', '2.5', 'NaN', 'Infinity', '1e-300', 'abc'])
    args(`predict --pixel-mm ${p}`, [...pred, '--pixel-mm', p]);
  args('predict without --pixel-mm', pred);
  for (const g of ['5', '50', 'NaN', 'abc'])
    args(`predict --ga-weeks ${g}`, [...pred, '--pixel-mm', '0.2', '--ga-weeks', g]);
  for (const k of ['0', '1', '257', '2.5', '1e9'])
    args(`predict --k ${k}`, [...pred, '--pixel-mm', '0.2', '--k', k]);
  args('predict --out x.png', [...pred, '--pixel-mm', '0.2', '--out', 'x.png']);
  args('predict skull-xyz', ['predict', 'skull-xyz', '--axial', 'a.png', '--pixel-mm', '0.2']);
  args('predict without --axial', ['predict', 'skull-hcvae', '--pixel-mm', '0.2']);
  args(
    'predict --models /nonexistent',
    ['predict', 'skull-hcvae', '--axial', 'a.png', '--pixel-mm', '0.2', '--models', '/nonexistent'],
    'error',
    { quick: true },
  );
  args('predict --models a file', [
    'predict',
    'skull-hcvae',
    '--axial',
    'a.png',
    '--pixel-mm',
    '0.2',
    '--models',
    'ed.nii',
  ]);
  args('predict missing image', [...pred, '--pixel-mm', '0.2']);

  // encode, eval, train: ids, folders and options (checked before any training or evaluation).
  args('encode lv-xyz', ['encode', 'lv-xyz', '--ed', 'ed.nii']);
  args('encode without --ed', ['encode', 'lv-lvae']);
  args('encode --models /nonexistent', ['encode', 'lv-lvae', '--ed', 'ed.nii', '--models', '/nonexistent']);
  args('encode --out x.ply', ['encode', 'lv-lvae', '--ed', 'ed.nii', '--out', 'x.ply']);
  args('eval xyz', ['eval', 'xyz']);
  args('eval lv-lvae --test-n 1', ['eval', 'lv-lvae', '--test-n', '1']);
  args('eval lv-lvae --models /nonexistent', [
    'eval',
    'lv-lvae',
    '--models',
    '/nonexistent',
    '--docs',
    'docs',
  ]);
  args('train xyz', ['train', 'xyz']);
  args('train lv-vae --epochs 0', ['train', 'lv-vae', '--epochs', '0']);
  args('train lv-vae --epochs abc', ['train', 'lv-vae', '--epochs', 'abc']);
  args(
    'train lv-vae into the shipped models (exists)',
    ['train', 'lv-vae', '--out', MODELS, '--checkpoints', 'ck'],
    'error',
    { quick: true },
  );
  args(
    'eval lv-lvae over an existing report',
    ['eval', 'lv-lvae', '--models', MODELS, '--docs', 'docs'],
    'error',
    {
      files: { 'docs/lv-lvae.md': 'old report', 'ed.nii': LAB },
    },
  );
  args('unknown command', ['frobnicate']);
  args('no command', []);
  args('unknown option with suggestion', ['mesh', 'ed.nii', '--outt', 'm.ply']);

  // Outputs.
  const o = (id: string, c: Omit<FuzzCase, 'id' | 'group'>): void =>
    void out.push({ id: `outputs/${id}`, group: 'outputs', ...c });
  o('mesh over an existing file', {
    files: { 'ed.nii': LAB, 'm.ply': 'old' },
    argv: ['mesh', 'ed.nii', '--out', 'm.ply'],
    expect: 'error',
    quick: true,
  });
  o('mesh over an existing file with --force', {
    files: { 'ed.nii': LAB, 'm.ply': 'old' },
    argv: ['mesh', 'ed.nii', '--out', 'm.ply', '--force'],
    expect: 'success',
    outputs: ['m.ply'],
    check: meshWritten('m.ply'),
  });
  o('mesh onto its input through a link, --force', {
    files: { 'ed.nii': LAB },
    links: { 'm.ply': 'ed.nii' },
    argv: ['mesh', 'ed.nii', '--out', 'm.ply', '--force'],
    expect: 'error',
    quick: true,
  });
  o('mesh onto a folder', {
    files: { 'ed.nii': LAB },
    dirs: ['m.ply'],
    argv: ['mesh', 'ed.nii', '--out', 'm.ply', '--force'],
    expect: 'error',
  });
  o('mesh under a file', {
    files: { 'ed.nii': LAB, f: 'x' },
    argv: ['mesh', 'ed.nii', '--out', 'f/m.ply'],
    expect: 'error',
  });
  o('mesh into new folders', {
    files: { 'ed.nii': LAB },
    argv: ['mesh', 'ed.nii', '--out', 'a/b/m.ply'],
    expect: 'success',
    outputs: ['a/b/m.ply'],
    check: meshWritten('a/b/m.ply'),
  });
  o('mesh under ulimit -f 20', {
    files: { 'ed.nii': LAB },
    argv: ['mesh', 'ed.nii', '--out', 'm.ply', '--ascii'],
    fileLimitKb: 20,
    expect: 'error',
    quick: true,
  });
  o('mesh under ulimit -f 20 over an old file', {
    files: { 'ed.nii': LAB, 'm.ply': 'old' },
    argv: ['mesh', 'ed.nii', '--out', 'm.ply', '--ascii', '--force'],
    fileLimitKb: 20,
    expect: 'error',
  });
  o('phantom both, ES exists', {
    files: { 'p_ES.nii': 'old' },
    argv: ['phantom', 'lv', ...SMALL, '--out', 'p.nii'],
    expect: 'error',
  });
  o('phantom both, ES is a folder', {
    dirs: ['p_ES.nii'],
    argv: ['phantom', 'lv', ...SMALL, '--out', 'p.nii', '--force'],
    expect: 'error',
  });
  o('phantom both under ulimit -f 100', {
    argv: ['phantom', 'lv', '--dims', '32', '--spacing', '3.2', '--out', 'p.nii'],
    fileLimitKb: 100,
    expect: 'error',
    quick: true,
  });
  o('phantom both, --force over old files', {
    files: { 'p_ED.nii': 'old', 'p_ES.nii': 'old' },
    argv: ['phantom', 'lv', ...SMALL, '--out', 'p.nii', '--force'],
    expect: 'success',
    outputs: ['p_ED.nii', 'p_ES.nii'],
    check: filesWritten('p_ED.nii', 'p_ES.nii'),
  });
  o('predict --out over an existing file', {
    files: { 'm.ply': 'old', 'a.png': 'x' },
    argv: [
      'predict',
      'skull-hcvae',
      '--axial',
      'a.png',
      '--pixel-mm',
      '0.2',
      '--models',
      MODELS,
      '--out',
      'm.ply',
    ],
    expect: 'error',
  });
  o('encode --out over its input', {
    files: { 'd_ED.nii.gz': LAB },
    argv: ['encode', 'lv-lvae', '--ed', 'd_ED.nii.gz', '--models', MODELS, '--out', 'd.nii.gz'],
    expect: 'error',
    quick: true,
  });
  return out;
}
