/**
 * The skull models' whole code path on a tiny cohort (`train --quick`): cohort → PCA basis →
 * training with checkpoints → export → reload → prediction with uncertainty → `predict` on a simulated
 * PNG through the head detector, and the `predict` command's bad-input messages. Quality is not
 * asserted here (40 steps); the shipped models' quality is in docs/results/skull-*.md.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSkullParams } from '../../src/anatomy/skullParams';
import { headScene } from '../../src/anatomy/ultrasound/headScene';
import { simulateBMode } from '../../src/anatomy/ultrasound/bmode';
import { encodePngGray } from '../../src/io/pngEncode';
import { standardPlane } from '../../src/anatomy/ultrasound/planes';
import { predictSkull } from '../../src/model/skullModel';
import { main } from '../cli';
import { quickSkullConfig, SKULL_CONFIGS } from './config';
import { loadSkullModelFromDir } from './loadModel';
import { trainSkullModel } from './train';

let dir = '';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skull-quick-'));
  const lines: string[] = [];
  await trainSkullModel(quickSkullConfig(SKULL_CONFIGS['skull-hcvae']), {
    modelsDir: join(dir, 'models'),
    checkpointDir: join(dir, 'ck', 'skull-hcvae'),
    fresh: true,
    log: (l) => lines.push(l),
  });
  const steps = lines
    .filter((l) => l.startsWith('{"step"'))
    .map((l) => JSON.parse(l) as { step: number; loss: number });
  expect(steps.at(-1)?.step).toBe(40);
  expect(steps.every((s) => Number.isFinite(s.loss))).toBe(true);
  // The prior temperature was fitted for each plane set and written into the manifest.
  const cal = lines
    .filter((l) => l.startsWith('{"calibration"'))
    .map((l) => JSON.parse(l) as { tau: number });
  expect(cal).toHaveLength(4);
  expect(cal.every((c) => c.tau > 0.02 && c.tau < 20)).toBe(true);
  // A simulated axial plane of a 28-week skull, as a user would give it.
  const img = simulateBMode(headScene(defaultSkullParams(28), { seed: 3 }), standardPlane('axial'), {
    width: 400,
    height: 270,
    pixelMm: 0.42,
    seed: 5,
  });
  writeFileSync(join(dir, 'axial.png'), encodePngGray(img.data, img.width, img.height));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('skull-hcvae --quick', () => {
  it('exports a loadable model whose prediction leaves no tensors behind', async () => {
    const model = await loadSkullModelFromDir(join(dir, 'models'), 'skull-hcvae');
    expect(model.spec.latent).toEqual([8, 4, 4]);
    expect(model.manifest.volume.dims).toEqual([64, 64, 64]);
    const axial = Float32Array.from(model.spec.profileMean.subarray(0, model.spec.profileN));
    const before = tf.memory().numTensors;
    const p = await predictSkull(model, { axial }, 8, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(p.radii).toHaveLength(model.spec.vertices);
    expect(p.samples).toHaveLength(8 * model.spec.vertices);
    expect(p.uncertainty.meanMm).toBeGreaterThan(0);
    expect(p.planesUsed).toEqual(['axial']);
    expect(p.priorScale).toBe(model.manifest.calibration?.priorScale?.axial);
    // The detector's relative size SD enters each vertex's SD in quadrature: known answer.
    const q = await predictSkull(model, { axial }, 8, 3, { relSd: 0.05 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(q.modelStdMm)).toEqual(Array.from(p.stdMm));
    for (const v of [0, 100, 1600, model.spec.vertices - 1]) {
      const want = Math.hypot(p.stdMm[v] as number, 0.05 * (q.radii[v] as number));
      expect(q.stdMm[v]).toBeCloseTo(want, 4);
    }
    // Every vertex's SD grows (checked above), so the mean does, by an amount that depends on the radii.
    expect(q.uncertainty.meanMm).toBeGreaterThan(p.uncertainty.meanMm + 0.1);
    await expect(predictSkull(model, { axial }, 8, 3, { relSd: -1 })).rejects.toThrow(/relative SD/);
    await expect(predictSkull(model, { axial: new Float32Array(3) })).rejects.toThrow(/64 positive radii/);
    model.dispose();
  });

  it('predicts from a PNG through the CLI and writes a PLY', async () => {
    const r = await run(
      'predict',
      'skull-hcvae',
      '--axial',
      join(dir, 'axial.png'),
      '--pixel-mm',
      '0.42',
      '--models',
      join(dir, 'models'),
      '--json',
      '--out',
      join(dir, 'skull.ply'),
    );
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      planes: string[];
      detected: { axial: { hcMm: number } };
      biometry: { hcMm: number; headShape: string };
      uncertainty: { meanMm: number; k: number };
    };
    expect(j.planes).toEqual(['axial']);
    // The detector measures the simulated head (HC of a 28-week median skull ≈ 260 mm).
    expect(j.detected.axial.hcMm).toBeGreaterThan(240);
    expect(j.detected.axial.hcMm).toBeLessThan(280);
    expect(Number.isFinite(j.biometry.hcMm)).toBe(true);
    expect(j.uncertainty.k).toBe(16);
    const ply = readFileSync(join(dir, 'skull.ply'));
    expect(ply.subarray(0, 3).toString()).toBe('ply');
    expect(ply.subarray(0, 1500).toString('latin1')).toContain('property uchar bone_label');
  });

  it('a small head (pixel size of an early scan): 2-D measurements, its size in weeks, no 3-D prediction', async () => {
    const r = await run(
      'predict',
      'skull-hcvae',
      '--axial',
      join(dir, 'axial.png'),
      '--pixel-mm',
      '0.1',
      '--models',
      join(dir, 'models'),
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      prediction: null;
      reason: string;
      detected: { axial: { hcMm: number } };
    };
    expect(j.prediction).toBeNull();
    // 28-week head (HC ≈ 260 mm at 0.42 mm) read at 0.1 mm: ≈ 62 mm, about 11 weeks.
    expect(j.detected.axial.hcMm).toBeGreaterThan(55);
    expect(j.detected.axial.hcMm).toBeLessThan(70);
    expect(j.reason).toMatch(
      /^HC \d+\.\d mm ≈ 1[01] weeks: the 3-D models cover 20–36 weeks, so no 3-D prediction/,
    );
  });

  it('refuses bad input with specific messages and exit code 1 or 2', async () => {
    const axial = join(dir, 'axial.png');
    const models = join(dir, 'models');
    writeFileSync(join(dir, 'notes.txt'), 'hello, not an image');
    const png = readFileSync(axial);
    writeFileSync(join(dir, 'truncated.png'), png.subarray(0, Math.floor(png.length / 3)));
    writeFileSync(join(dir, 'uniform.png'), encodePngGray(new Uint8Array(200 * 150).fill(90), 200, 150));
    writeFileSync(join(dir, 'tiny.png'), encodePngGray(new Uint8Array([128]), 1, 1));
    writeFileSync(
      join(dir, 'noise.png'),
      encodePngGray(
        Uint8Array.from({ length: 300 * 200 }, (_, i) => (i * 7919) % 251),
        300,
        200,
      ),
    );
    const cases: [string[], RegExp][] = [
      [['--axial', axial, '--models', models], /--pixel-mm is required/],
      [['--axial', axial, '--pixel-mm', '-1', '--models', models], /pixel size in mm/],
      [['--axial', axial, '--pixel-mm', 'abc', '--models', models], /expects a number/],
      [['--pixel-mm', '0.2', '--models', models], /--axial IMAGE is required/],
      [['--axial', join(dir, 'missing.png'), '--pixel-mm', '0.2', '--models', models], /no such file/],
      [
        ['--axial', join(dir, 'notes.txt'), '--pixel-mm', '0.2', '--models', models],
        /not .*image|PNG or JPEG/i,
      ],
      [
        ['--axial', join(dir, 'truncated.png'), '--pixel-mm', '0.2', '--models', models],
        /truncat|corrupt|incomplete/i,
      ],
      [['--axial', join(dir, 'uniform.png'), '--pixel-mm', '0.2', '--models', models], /uniform|blank/i],
      [['--axial', join(dir, 'tiny.png'), '--pixel-mm', '0.2', '--models', models], /small|1×1|1 × 1/i],
      [['--axial', join(dir, 'noise.png'), '--pixel-mm', '0.2', '--models', models], /head/i],
      [
        ['--axial', axial, '--pixel-mm', '0.42', '--models', join(dir, 'nowhere')],
        /cannot read model 'skull-hcvae'/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await run('predict', 'skull-hcvae', ...args);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.err, args.join(' ')).toMatch(re);
      expect(r.err, args.join(' ')).not.toMatch(/at .*\.ts:\d+/);
    }
  }, 60_000);
});
