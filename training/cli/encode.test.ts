/**
 * `latent-anatomy encode` end to end, in-process, on a small untrained model with the shipped
 * interfaces (decoder basis from a 6-subject cohort's principal components), exported to a temporary
 * folder: no trained model is needed. Also: encodeLv leaves no tensors behind; bad input exits 1.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lvGrid, lvLabelMap } from '../../src/anatomy/lvPhantom';
import { createRng } from '../../src/anatomy/random';
import { sampleLvSubject } from '../../src/anatomy/lvPopulation';
import { affineFromParts } from '../../src/geometry/affine4';
import { readNifti, writeNifti } from '../../src/io/nifti';
import { initNodeBackend } from '../../src/model/tf/nodeBackend';
import { main } from '../cli';
import { buildLvCohort } from '../lv/cohort';
import { LV_CONFIGS, quickConfig } from '../lv/config';
import { exportLvModel } from '../lv/export';
import { encodeHeart } from '../../src/pipeline/lv/encodeHeart';
import { loadLvModel } from '../lv/loadModel';
import { buildLvNetworks, lvNetworkSpec, initDecoderBasis } from '../lv/networks';
import { pca } from '../lv/pca';

let dir = '';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encode-'));
  await initNodeBackend('cpu');
  const cfg = quickConfig(LV_CONFIGS['lv-lvae']);
  const train = buildLvCohort(11, 6);
  const nets = buildLvNetworks(lvNetworkSpec(cfg.latent, 4));
  const p = pca(train.t, train.n, train.targetVoxels * 4, 4, 20);
  initDecoderBasis(nets.decoder, p.mean, p.components, p.variances, 4);
  await exportLvModel(nets, { ...cfg, basisK: 4 }, train, join(dir, 'models'), {
    trainMinutes: 0,
    backend: 'cpu',
  });
  // A healthy subject's label maps on a 2 mm grid, placed obliquely in the world by the affine only.
  const s = sampleLvSubject(createRng(5), 'healthy');
  const grid = lvGrid({ size: 56, spacingMm: 2 });
  const c = Math.cos(0.7);
  const sn = Math.sin(0.7);
  const affine = affineFromParts([2 * c, 0, 2 * sn, 0, 2, 0, -2 * sn, 0, 2 * c], [-40, 10, 25]);
  for (const ph of ['ED', 'ES'] as const) {
    const vol = { ...lvLabelMap(s.params, ph, grid), affine };
    writeFileSync(join(dir, `${ph}.nii.gz`), writeNifti(vol, { gzip: true }));
  }
  writeFileSync(
    join(dir, 'bad.nii.gz'),
    writeNifti(
      {
        ...lvLabelMap(s.params, 'ED', grid),
        data: lvLabelMap(s.params, 'ED', grid).data.map((l) => (l === 3 ? 9 : l)),
      },
      { gzip: true },
    ),
  );
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('encode', () => {
  it('prints JSON with latent means per level, p(HCM), indexes, Dice and the import report', async () => {
    const r = await run(
      'encode',
      'lv-lvae',
      '--models',
      join(dir, 'models'),
      '--ed',
      join(dir, 'ED.nii.gz'),
      '--es',
      join(dir, 'ES.nii.gz'),
      '--json',
      '--out',
      join(dir, 'rec.nii.gz'),
    );
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      latent: { size: number; mean: number[] }[];
      classification: { logit: number; pHcm: number; predictedClass: string };
      indexes: {
        reconstruction: { edvMl: number; efPct: number | null };
        imported: { edvMl: number; efPct: number; maxWallThicknessMm: number };
        file: { edvMl: number; esvMl: number; efPct: number; massG: number; maxWallThicknessMm: number };
      };
      dice: { ED: number; ES: number };
      esMeaningful: boolean;
      import: { septumFrom: string; longAxisWorld: number[] };
      written: string[];
    };
    // The level sizes of the model this test exported (bottom → top), as its manifest has them.
    const manifest = JSON.parse(readFileSync(join(dir, 'models', 'lv-lvae', 'manifest.json'), 'utf8')) as {
      latent: { levels: { size: number }[] };
    };
    const sizes = manifest.latent.levels.map((l) => l.size);
    expect(sizes).toEqual(quickConfig(LV_CONFIGS['lv-lvae']).latent);
    expect(j.latent.map((l) => l.size)).toEqual(sizes);
    expect(j.latent.every((l) => l.mean.length === l.size && l.mean.every(Number.isFinite))).toBe(true);
    // Known answer: the reported p(HCM) is the sigmoid of the reported logit, and the class its sign.
    const { logit, pHcm, predictedClass } = j.classification;
    expect(Number.isFinite(logit)).toBe(true);
    expect(pHcm).toBeCloseTo(1 / (1 + Math.exp(-logit)), 9);
    expect(predictedClass).toBe(logit >= 0 ? 'hcm' : 'healthy');
    expect(j.esMeaningful).toBe(true);
    expect(j.import.septumFrom).toBe('rv');
    // The long axis was z in the label grid; the affine turned it by 0.7 rad about y.
    expect(j.import.longAxisWorld[0]).toBeCloseTo(Math.sin(0.7), 1);
    expect(j.import.longAxisWorld[2]).toBeCloseTo(Math.cos(0.7), 1);
    expect(j.indexes.imported.edvMl).toBeGreaterThan(60);
    expect(j.indexes.imported.efPct).toBeGreaterThan(40);
    // The file's own indexes are its voxel counts (2 mm voxels: 0.008 mL each; mass at 1.05 g/mL).
    const count = (ph: 'ED' | 'ES', l: number): number =>
      readNifti(readFileSync(join(dir, `${ph}.nii.gz`))).data.reduce(
        (a: number, v) => a + (v === l ? 1 : 0),
        0,
      );
    const edv = count('ED', 3) * 0.008;
    const esv = count('ES', 3) * 0.008;
    expect(j.indexes.file.edvMl).toBeCloseTo(edv, 6);
    expect(j.indexes.file.esvMl).toBeCloseTo(esv, 6);
    expect(j.indexes.file.efPct).toBeCloseTo((100 * (edv - esv)) / edv, 6);
    expect(j.indexes.file.massG).toBeCloseTo(count('ED', 2) * 0.008 * 1.05, 6);
    expect(j.indexes.file.maxWallThicknessMm).toBe(j.indexes.imported.maxWallThicknessMm);
    expect(j.dice.ED).toBeGreaterThan(0);
    expect(j.dice.ED).toBeLessThanOrEqual(1);
    expect(j.written).toHaveLength(2);
    const rec = readNifti(readFileSync(join(dir, 'rec_ED.nii.gz')));
    expect(rec.dims).toEqual([64, 64, 64]);
    expect(existsSync(join(dir, 'rec_ES.nii.gz'))).toBe(true);
  });

  it('flags ES outputs with ED alone and prints a table without --json', async () => {
    const r = await run('encode', 'lv-lvae', '--models', join(dir, 'models'), '--ed', join(dir, 'ED.nii.gz'));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: no ES map given/);
    expect(r.out).toMatch(/p\(HCM\) \d\.\d{3} → (hcm|healthy)/);
    expect(r.out).toMatch(/latent z3 \(2\): /);
    expect(r.out).toMatch(/ED only: ES outputs not meaningful/);
    expect(r.out).toMatch(/imported +EDV [\d.]+ mL +ESV — mL/);
    expect(r.out).toMatch(/file \(voxel counts\) +EDV [\d.]+ mL +ESV — mL +EF — %/);
  });

  it('bad input and wrong usage exit with one specific line', async () => {
    const bad = await run(
      'encode',
      'lv-lvae',
      '--models',
      join(dir, 'models'),
      '--ed',
      join(dir, 'bad.nii.gz'),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: ED: wrong label values 9 /);
    expect(bad.err.split('\n')).toHaveLength(1);
    const missing = await run('encode', 'lv-lvae', '--models', join(dir, 'models'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--ed .* is required/);
    const model = await run('encode', 'lv-foo', '--ed', join(dir, 'ED.nii.gz'));
    expect(model.code).toBe(2);
    const noModel = await run(
      'encode',
      'lv-vae',
      '--models',
      join(dir, 'models'),
      '--ed',
      join(dir, 'ED.nii.gz'),
    );
    expect(noModel.code).toBe(1);
    expect(noModel.err).toMatch(/cannot read model 'lv-vae'/);
  });

  it('encodeHeart (one path for the page and the CLI) leaves no tensors; without an RV the model picks the roll', async () => {
    const model = await loadLvModel(join(dir, 'models'), 'lv-lvae');
    const ed = readNifti(readFileSync(join(dir, 'ED.nii.gz')));
    const before = tf.memory().numTensors;
    const enc = await encodeHeart(model.session, ed);
    expect(tf.memory().numTensors).toBe(before);
    expect(enc.esMeaningful).toBe(false);
    expect(enc.indexes.reconstruction.efPct).toBeNull();
    expect(enc.dice.ES).toBeNull();
    expect(enc.imported.report.septumFrom).toBe('rv');
    // The code is fitted to the imported shape and kept only when it overlaps it better.
    expect(model.session.canFitCode).toBe(true);
    expect(['encoder', 'fitted']).toContain(enc.fit.method);
    expect(enc.fit.errorRatio).not.toBeNull();
    expect(enc.fit.errorRatio as number).toBeLessThanOrEqual(1 + 1e-6);
    if (enc.fit.method === 'fitted') expect(enc.dice.ED).toBeGreaterThan(enc.fit.encoderDice.ED);
    else expect(enc.dice.ED).toBe(enc.fit.encoderDice.ED);
    const noRv = { ...ed, data: ed.data.map((l) => (l === 1 ? 0 : l)) };
    const searched = await encodeHeart(model.session, noRv);
    expect(searched.imported.report.septumFrom).toBe('model-search');
    expect(tf.memory().numTensors).toBe(before);
    model.session.dispose();
  });
});
