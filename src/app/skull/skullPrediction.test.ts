/** Skull predictions: what is asked of the worker, what is shown, latest wins, colours. */
import { describe, expect, it } from 'vitest';
import { SkullWorkerError } from '../../pipeline/skullClient';
import { emptySlot } from '../../state/skullExplorer';
import { createSkullPrediction, SKULL_K } from './skullPrediction';
import { flush, modelInfo, prediction, profile, testContext } from './skullTestKit';

function setup(ready = true) {
  const ctx = testContext();
  let ensured = 0;
  const p = createSkullPrediction(ctx, () => {
    ensured++;
    return Promise.resolve();
  });
  if (ready)
    ctx.state().setSkullX({
      model: { status: 'ready', info: modelInfo(), message: null },
      offsets: [
        [0, 0, 0, 0],
        [0, 0],
      ],
    });
  return { ctx, p, fake: ctx.fake, x: () => ctx.state().skullX, ensured: () => ensured };
}

const shared = (r: number) => ({ ...emptySlot(), status: 'ready' as const, shared: profile(r) });

describe('skull prediction', () => {
  it('without a ready model it loads one (when idle) and predicts nothing', () => {
    const t = setup(false);
    t.p.predict();
    expect(t.ensured()).toBe(1);
    expect(t.ctx.started()).toBe(false);
    t.ctx.state().setSkullX({ model: { status: 'loading', info: null, message: null } });
    t.p.predict();
    expect(t.ensured()).toBe(1);
  });

  it('needs the axial plane, and says so', () => {
    const t = setup();
    t.ctx.state().setSkullSlot('sagittal', shared(60));
    t.p.predict();
    expect(t.fake.predicts).toEqual([]);
    expect(t.x().message).toBe(
      'A prediction needs the axial (transventricular) plane: drop one, or pick an example.',
    );
  });

  it('asks with the used planes, K samples and the offsets; shows the result with its colours', async () => {
    const t = setup();
    t.ctx.state().setSkullSlot('axial', shared(70));
    t.ctx.state().setSkullSlot('coronal', { ...shared(55), enabled: false });
    t.p.predict();
    expect(t.x().busy).toBe('predicting…');
    const req = t.fake.predicts[0]?.req;
    expect(req?.k).toBe(SKULL_K);
    expect(req?.modelId).toBe('skull-hcvae');
    expect(req?.planes.axial?.[0]).toBe(70);
    expect(req?.planes.coronal).toBeNull();
    expect(req?.offsets).toEqual([
      [0, 0, 0, 0],
      [0, 0],
    ]);
    t.fake.predicts[0]?.answer.resolve(prediction(['axial'], 2));
    await flush();
    const x = t.x();
    expect(x.busy).toBeNull();
    expect(x.version).toBe(1);
    expect(x.prediction?.mesh.scalar).toBe(x.prediction?.stdMm);
    expect(x.previous).toBeNull();
    t.p.setColorBy('bone');
    expect(t.x().prediction?.mesh.scalar).toBeNull();
    t.p.setColorBy('uncertainty');
    expect(t.x().prediction?.mesh.scalar?.[2]).toBe(1.5);
  });

  it('a change of planes keeps the uncertainty before it; only the latest request clears busy', async () => {
    const t = setup();
    t.ctx.state().setSkullSlot('axial', shared(70));
    t.p.predict();
    t.fake.predicts[0]?.answer.resolve(prediction(['axial'], 2));
    await flush();
    t.ctx.state().setSkullSlot('sagittal', shared(65));
    t.p.predict();
    t.p.predict();
    t.fake.predicts[1]?.answer.resolve(null); // replaced by the newer request
    await flush();
    expect(t.x().busy).toBe('predicting…');
    t.fake.predicts[2]?.answer.resolve(prediction(['axial', 'sagittal'], 0.6));
    await flush();
    expect(t.x().busy).toBeNull();
    expect(t.x().version).toBe(2);
    expect(t.x().previous).toEqual({ meanMm: 1, p95Mm: 2, planes: ['axial'] });
  });

  it('offsets predict again without counting as a change of planes; a failure is said', async () => {
    const t = setup();
    t.ctx.state().setSkullSlot('axial', shared(70));
    t.ctx.dropT0 = performance.now();
    t.p.setOffsets([
      [1, 0, 0, 0],
      [0, -1],
    ]);
    expect(t.x().offsets).toEqual([
      [1, 0, 0, 0],
      [0, -1],
    ]);
    expect(t.fake.predicts[0]?.req.offsets).toEqual([
      [1, 0, 0, 0],
      [0, -1],
    ]);
    t.fake.predicts[0]?.answer.resolve(prediction(['axial']));
    await flush();
    expect(t.x().lastDropMs).toBeNull();
    t.p.predict();
    t.fake.predicts[1]?.answer.reject(new Error('out of memory'));
    await flush();
    expect(t.x()).toMatchObject({ busy: null, message: 'Prediction failed: out of memory' });
  });

  it('asks with the GA entered on the page, or none (the bones then follow the HC)', () => {
    const t = setup();
    t.ctx.state().setSkullSlot('axial', shared(70));
    t.p.predict();
    expect(t.fake.predicts[0]?.req.gaWeeks).toBeNull();
    t.ctx.state().setSkullX({ gaWeeks: 24.5 });
    t.p.predict();
    expect(t.fake.predicts[1]?.req.gaWeeks).toBe(24.5);
  });

  it('a head the 3-D models do not cover: its size sentence, and no skull of the planes before', async () => {
    const t = setup();
    t.ctx.state().setSkullSlot('axial', shared(70));
    t.p.predict();
    t.fake.predicts[0]?.answer.resolve(prediction(['axial']));
    await flush();
    expect(t.x().prediction).not.toBeNull();
    t.ctx.state().setSkullSlot('axial', shared(12));
    t.p.predict();
    const sentence =
      'HC 77.6 mm ≈ 13 weeks: the 3-D models cover 20–36 weeks, so no 3-D prediction is made; the 2-D measurements of the outline are shown';
    t.fake.predicts[1]?.answer.reject(new SkullWorkerError(sentence, true));
    await flush();
    expect(t.x()).toMatchObject({ busy: null, prediction: null, previous: null, message: sentence });
  });
});
