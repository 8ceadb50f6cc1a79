/**
 * The explorer's model jobs in Node on the shipped lv-lvae (tfjs cpu): class means decode to shapes
 * whose measured wall thickness and p(HCM) differ the right way, a navigation step towards HCM raises
 * the logit, drag quality meshes the internal grid, a phantom label map encoded by the browser path
 * comes back with indexes close to the phantom's, and no tensor is left behind.
 */
import type { LvDecodedPhase } from '../model/lvDecoded';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLvParams } from '../anatomy/lvParams';
import { lvGrid, lvLabelMap, lvTruth } from '../anatomy/lvPhantom';
import { writeNifti } from '../io/nifti';
import { LvSession } from '../model/lvSession';
import { initNodeBackend } from '../model/tf/nodeBackend';
import { loadLvModel } from '../../training/lv/loadModel';
import { runEncodeJob } from './encodeJob';
import { modelInfoFromManifest } from './modelInfo';
import { runCycleJob, runModelJob, seededEps } from './modelJob';
import type { LvModelJob } from './protocol';

let session: LvSession;

function job(levels: number[][], extra: Partial<LvModelJob> = {}): LvModelJob {
  return {
    kind: 'lv-model',
    modelId: 'lv-lvae',
    levels,
    lowerMode: 'means',
    eps: null,
    step: null,
    thicknessPhases: ['ED'],
    quality: 'full',
    referencePin: null,
    logvarQ: null,
    ...extra,
  };
}

describe('model jobs on lv-lvae (shipped in public/models)', () => {
  let healthy: number[][];
  /** Level sizes bottom → top, from the manifest (e.g. [70, 32, 2]). */
  let sizes: number[] = [];
  let hcm: number[][];
  beforeAll(async () => {
    await initNodeBackend('cpu');
    const m = await loadLvModel('public/models', 'lv-lvae');
    session = m.session;
    const info = modelInfoFromManifest(session.manifest);
    const top = info.levels[2]?.perClass;
    if (!top) throw new Error('lv-lvae manifest has no top-level class statistics');
    const zeros = (n: number) => new Array<number>(n).fill(0);
    sizes = session.manifest.latent.levels.map((l) => l.size);
    expect(sizes).toHaveLength(3);
    healthy = [zeros(sizes[0] ?? 0), zeros(sizes[1] ?? 0), top.healthy.mean];
    hcm = [zeros(sizes[0] ?? 0), zeros(sizes[1] ?? 0), top.hcm.mean];
  });

  it('mean HCM is thicker, heavier and classified HCM; mean healthy the opposite', async () => {
    const before = tf.memory().numTensors;
    const h = (await runModelJob(session, job(healthy), null)).outcome;
    const c = (await runModelJob(session, job(hcm), null)).outcome;
    expect(tf.memory().numTensors).toBe(before);
    expect(h.model?.pHcm).toBeLessThan(0.2);
    expect(c.model?.pHcm).toBeGreaterThan(0.8);
    // Through the prior means the class means are smoothed averages: the shipped model gives maximal
    // walls 10.2 / 17.6 mm and masses 112 / 205 g (healthy / HCM); a model whose priors send every
    // top-level code to one average heart gave 12.45 / 12.46 mm and fails here.
    expect(c.indexes.maxWallThicknessMm).toBeGreaterThan(h.indexes.maxWallThicknessMm + 1.5);
    expect(c.indexes.massG).toBeGreaterThan(1.1 * h.indexes.massG);
    expect(h.indexes.esvMl).toBeLessThan(h.indexes.edvMl);
    // The lower levels followed the prior means (one value per dimension of each level), top unchanged.
    expect(h.model?.levels.map((l) => l.length)).toEqual(sizes);
    expect(h.model?.levels[2]).toEqual(healthy[2]);
    // KL (mean term) of a prior-mean code: only the top level contributes, ½‖z3‖².
    const z3 = healthy[2] as number[];
    expect(h.model?.klPerLevel[2]).toBeCloseTo(0.5 * z3.reduce((s, v) => s + v * v, 0), 5);
    expect(h.model?.klPerLevel[0]).toBeCloseTo(0, 6);
  });

  it('p(HCM) of the shape on screen: an HCM shape under a healthy top level is classified by its shape', async () => {
    const c = (await runModelJob(session, job(hcm), null)).outcome;
    expect(c.model?.pHcmShape).toBeNull(); // lower levels at the prior means: the top level's p is the shape's
    const lower = c.model?.levels ?? [];
    // Keep the HCM heart's lower levels (what z1 decodes) and put the top level at the healthy mean.
    const edited = [lower[0] ?? [], lower[1] ?? [], healthy[2] ?? []];
    const e = (await runModelJob(session, job(edited, { lowerMode: 'free' }), null)).outcome;
    expect(e.model?.pHcm).toBeLessThan(0.5);
    expect(e.model?.pHcmShape).toBeGreaterThan(0.5);
    expect(e.indexes.maxWallThicknessMm).toBeCloseTo(c.indexes.maxWallThicknessMm, 1);
  });

  it('a navigation step towards HCM raises the logit; towards healthy lowers it', async () => {
    const start = (await runModelJob(session, job(healthy), null)).outcome.model?.logit ?? NaN;
    const up = (await runModelJob(session, job(healthy, { step: { sign: 1, lambda: 0.1 } }), null)).outcome;
    const down = (await runModelJob(session, job(healthy, { step: { sign: -1, lambda: 0.1 } }), null))
      .outcome;
    expect(up.model?.logit).toBeGreaterThan(start);
    expect(down.model?.logit).toBeLessThan(start);
    expect(up.model?.levels[2]).not.toEqual(healthy[2]);
  });

  it('samples mode is reproducible per seed and differs from the means', async () => {
    const eps = seededEps(sizes, 7);
    const a = (await runModelJob(session, job(healthy, { lowerMode: 'samples', eps }), null)).outcome;
    const b = (await runModelJob(session, job(healthy, { lowerMode: 'samples', eps }), null)).outcome;
    const m = (await runModelJob(session, job(healthy), null)).outcome;
    expect(a.model?.levels[0]).toEqual(b.model?.levels[0]);
    expect(a.model?.levels[0]).not.toEqual(m.model?.levels[0]);
  });

  it('drag quality meshes the 32³ grid; displacement from a pinned copy of itself is ~0 mm', async () => {
    const full = await runModelJob(session, job(healthy), null);
    const drag = (await runModelJob(session, job(healthy, { quality: 'drag' }), null)).outcome;
    expect(drag.ed.positions.length).toBeLessThan(full.outcome.ed.positions.length / 2);
    expect(
      Math.abs(drag.indexes.edvMl - full.outcome.indexes.edvMl) / full.outcome.indexes.edvMl,
    ).toBeLessThan(0.1);
    const pinned = full.fields;
    if (!pinned) throw new Error('a two-phase job returned no fields');
    const same = (await runModelJob(session, job(healthy, { referencePin: 1 }), pinned)).outcome;
    const d = same.ed.displacement ?? new Float32Array([NaN]);
    expect(Math.max(...Array.from(d, Math.abs))).toBeLessThan(0.05);
    const other = (await runModelJob(session, job(hcm, { referencePin: 1 }), pinned)).outcome;
    const dd = Array.from(other.ed.displacement ?? [], Math.abs);
    expect(Math.max(...dd)).toBeGreaterThan(1.5); // the class means' walls differ by ≈ 7 mm
  });

  it('decodes in plain JavaScript as tfjs does, and a one-phase drag job measures that phase alone', async () => {
    const js = LvSession.fromModel(session.model);
    expect(await js.useJsDecoder()).toBeNull();
    expect(js.decodesInJs).toBe(true);
    const z1 = Array.from({ length: sizes[0] ?? 0 }, (_, i) => Math.sin(i) * 0.8);
    const ref = await session.decode(z1);
    const mine = await js.decode(z1);
    const es = await js.decodePhase(z1, 'ES');
    const arrays = (p: LvDecodedPhase): Float32Array[] =>
      p.kind === 'solids' ? [p.solid, p.cavity] : [p.myo];
    const pairs: [Float32Array[], Float32Array[]][] = [
      [arrays(ref.ed), arrays(mine.ed)],
      [arrays(ref.es), arrays(es)],
    ];
    let worst = 0;
    for (const [a, b] of pairs) {
      expect(b.length).toBe(a.length);
      a.forEach((x, c) => {
        const y = b[c] as Float32Array;
        expect(y.length).toBe(x.length);
        for (let v = 0; v < x.length; v++)
          worst = Math.max(worst, Math.abs((x[v] as number) - (y[v] as number)));
      });
    }
    expect(worst).toBeLessThan(1e-3); // mm; both are Float32 sums of the same products
    const both = (await runModelJob(js, job(hcm, { quality: 'drag' }), null)).outcome;
    const edOnly = await runModelJob(js, job(hcm, { quality: 'drag', phases: ['ED'] }), null);
    const o = edOnly.outcome;
    expect(edOnly.fields).toBeNull();
    expect(o.skippedPhase).toBe('ES');
    expect(o.es.positions.length).toBe(0);
    expect(o.ed.positions.length).toBe(both.ed.positions.length);
    expect(o.indexes.edvMl).toBeCloseTo(both.indexes.edvMl, 3);
    expect(o.indexes.maxWallThicknessMm).toBeCloseTo(both.indexes.maxWallThicknessMm, 3);
    expect(o.indexes.esvMl).toBeNaN();
    expect(o.indexes.efPct).toBeNaN();
    const esOnly = (await runModelJob(js, job(hcm, { quality: 'drag', phases: ['ES'] }), null)).outcome;
    expect(esOnly.skippedPhase).toBe('ED');
    expect(esOnly.indexes.esvMl).toBeCloseTo(both.indexes.esvMl, 3);
    expect(esOnly.indexes.edvMl).toBeNaN();
    expect(esOnly.ed.positions.length).toBe(0);
  });

  it('cycle frames run from the ED to the ES cavity', async () => {
    const full = await runModelJob(session, job(healthy), null);
    if (!full.fields) throw new Error('a two-phase job returned no fields');
    const c = runCycleJob(full.fields, 4);
    expect(c.frames).toHaveLength(4);
    expect(c.frames[0]?.positions.length).toBe(full.outcome.ed.positions.length);
    expect(c.frames[3]?.positions.length).toBe(full.outcome.es.positions.length);
  });

  it('encodes a phantom NIfTI with the browser path: indexes close to the phantom, HCM detected', async () => {
    // A marked septal phenotype: the models trained on real hearts too call a default heart with a
    // 19 mm septum healthy (p 0.42), one with 24 mm borderline (0.54), 28 mm HCM (0.97).
    const params = { ...defaultLvParams(), septalMm: 28, lateralMm: 16 };
    const grid = lvGrid({ size: 72, spacingMm: 1.5 });
    const bytes = (phase: 'ED' | 'ES') => {
      const u8 = writeNifti(lvLabelMap(params, phase, grid), { datatype: 'uint8' });
      return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;
    };
    const before = tf.memory().numTensors;
    const r = await runEncodeJob(session, {
      kind: 'lv-encode',
      modelId: 'lv-lvae',
      ed: { name: 'ed.nii.gz', bytes: bytes('ED') },
      es: { name: 'es.nii.gz', bytes: bytes('ES') },
    });
    expect(tf.memory().numTensors).toBe(before);
    const truth = lvTruth(params);
    const o = r.outcome;
    expect(o.model?.pHcm).toBeGreaterThan(0.5);
    expect(Math.abs(o.indexes.edvMl - truth.edvMl) / truth.edvMl).toBeLessThan(0.15);
    expect(Math.abs(o.indexes.maxWallThicknessMm - truth.maxThicknessMm)).toBeLessThan(3);
    expect(o.encoded?.dice.ED).toBeGreaterThan(0.8);
    expect(o.model?.klComplete).toBe(true);
  });

  it('bad files get specific messages', async () => {
    const text = new TextEncoder().encode('not a nifti file at all').buffer as ArrayBuffer;
    await expect(
      runEncodeJob(session, {
        kind: 'lv-encode',
        modelId: 'lv-lvae',
        ed: { name: 'notes.txt', bytes: text },
        es: null,
      }),
    ).rejects.toThrow(/ED file "notes.txt".*NIfTI/);
    const empty = writeNifti(
      { ...lvGrid({ size: 20, spacingMm: 2 }), data: new Uint8Array(8000) },
      { datatype: 'uint8' },
    );
    await expect(
      runEncodeJob(session, {
        kind: 'lv-encode',
        modelId: 'lv-lvae',
        ed: { name: 'empty.nii', bytes: empty.buffer.slice(0) as ArrayBuffer },
        es: null,
      }),
    ).rejects.toThrow(/myocardium|empty/i);
  });
});
