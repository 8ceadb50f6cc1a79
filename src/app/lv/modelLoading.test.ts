/** The model index, which model loads, and what a newly loaded (or restored) model starts with. */
import { describe, expect, it } from 'vitest';
import { MODELS_BASE } from '../modelsBase';
import { readLvShareLink } from './lvShareLink';
import { createModelLoading, defaultIntent, parseIndex, type FetchIndex } from './modelLoading';
import { modelOutcome, testContext, testModel } from './lvTestKit';

const INDEX = {
  models: [
    { id: 'lv-lvae', title: 'LVAE', anatomy: 'lv', manifest: 'lv-lvae/manifest.json' },
    { id: 'skull-cvae', title: 'skull', anatomy: 'skull', manifest: 'x' },
    { id: 'lv-vae', title: 'VAE', anatomy: 'lv', manifest: 'lv-vae/manifest.json' },
  ],
};

function setup(search = '', fetchIndex: FetchIndex = () => Promise.resolve(INDEX)) {
  const ctx = testContext();
  let stops = 0;
  const models = createModelLoading(ctx, {
    urlModel: new URLSearchParams(search).get('model'),
    link: readLvShareLink(ctx.store, search),
    stopCycle: () => stops++,
    fetchIndex,
  });
  return { ctx, models, store: ctx.store, stops: () => stops };
}

const notices = (t: ReturnType<typeof setup>) =>
  t.store.getState().notices.map((n) => `${n.level}: ${n.text}`);

describe('model loading', () => {
  it('the index lists only cardiac models; the first loads by default', async () => {
    expect(parseIndex(INDEX).map((m) => m.id)).toEqual(['lv-lvae', 'lv-vae']);
    expect(() => parseIndex({})).toThrow('models/index.json has no "models" list');
    const t = setup();
    await t.models.fetchIndex();
    expect(t.store.getState().models?.map((m) => m.id)).toEqual(['lv-lvae', 'lv-vae']);
    expect(t.ctx.client.loads).toEqual([{ base: MODELS_BASE, id: 'lv-lvae' }]);
    expect(t.store.getState().modelLoad).toMatchObject({
      id: 'lv-lvae',
      status: 'loading',
      stage: 'downloading',
    });
  });

  it('?model= picks the model; an unknown one is said and the first loads', async () => {
    const t = setup('?model=lv-vae');
    await t.models.fetchIndex();
    expect(t.ctx.client.loads.map((l) => l.id)).toEqual(['lv-vae']);
    const u = setup('?model=lv-nope');
    await u.models.fetchIndex();
    expect(u.ctx.client.loads.map((l) => l.id)).toEqual(['lv-lvae']);
    expect(notices(u)).toEqual(['error: There is no model "lv-nope"; loading lv-lvae.']);
  });

  it('an unreadable index leaves the phantom explorer', async () => {
    const t = setup('', () => Promise.reject(new Error('HTTP 404')));
    await t.models.fetchIndex();
    const s = t.store.getState();
    expect(s.source).toBe('phantom');
    expect(s.modelsError).toBe('HTTP 404');
    expect(notices(t)).toEqual([
      'error: The model list (models/index.json) could not be read: HTTP 404. The phantom explorer still works.',
    ]);
    expect(t.ctx.client.loads).toEqual([]);
  });

  it('the same model is not asked for twice while it loads', () => {
    const t = setup();
    t.models.loadModel('lv-vae');
    t.models.loadModel('lv-vae');
    t.models.loadModel('lv-lvae');
    expect(t.ctx.client.loads.map((l) => l.id)).toEqual(['lv-vae', 'lv-lvae']);
  });

  it('a new model starts at the healthy mean with no path, pins or cycle', () => {
    const t = setup();
    const s = t.store.getState();
    s.setNav({
      path: [
        {
          top: [],
          levels: [],
          lowerMode: 'means',
          pHcm: 0,
          maxWallThicknessMm: 0,
          massG: 0,
          efPct: 0,
          edvMl: 0,
        },
      ],
    });
    s.setPin('A', { slot: 'A', id: 1, intent: defaultIntent(null), outcome: modelOutcome([]), label: '' });
    s.setView({ colorBy: 'displacement', sideBySide: true });
    t.models.onReady(testModel('lv-lvae', [3, 2]), false);
    const after = t.store.getState();
    expect(after.modelLoad).toMatchObject({ id: 'lv-lvae', status: 'ready', fraction: 1 });
    expect(after.latent).toEqual({
      levels: [
        [0, 0, 0],
        [0.5, 0.5],
      ],
      lowerMode: 'means',
      seed: 1,
      logvarQ: null,
      interactive: false,
    });
    expect(after.nav.path).toEqual([]);
    expect(after.pins).toEqual({ A: null, B: null });
    expect(after.view).toMatchObject({ colorBy: 'thickness', sideBySide: false, interp: null });
    expect(t.stops()).toBe(1);
  });

  it('a model restored after a GPU loss keeps the code and pins', () => {
    const t = setup();
    t.models.onReady(testModel(), false);
    const s = t.store.getState();
    s.setLatent({
      ...defaultIntent(testModel()),
      levels: [
        [1, 1, 1],
        [2, 2],
      ],
    });
    t.models.onReady(testModel(), true);
    expect(t.store.getState().latent?.levels).toEqual([
      [1, 1, 1],
      [2, 2],
    ]);
    expect(t.stops()).toBe(1);
  });

  it("an opening link's code is used once, for its model", () => {
    const t = setup('?v=1&model=lv-test&z=0,0,0;1,-1&lower=samples&seed=7&cam=1,2,3,0,0,0');
    t.models.onReady(testModel('lv-other'), false);
    expect(t.store.getState().latent?.levels).toEqual([
      [0, 0, 0],
      [0.5, 0.5],
    ]);
    t.models.onReady(testModel('lv-test'), false);
    const s = t.store.getState();
    expect(s.latent).toMatchObject({
      levels: [
        [0, 0, 0],
        [1, -1],
      ],
      lowerMode: 'samples',
      seed: 7,
    });
    expect(s.camera).toEqual({ position: [1, 2, 3], target: [0, 0, 0] });
    t.models.onReady(testModel('lv-test'), false);
    expect(t.store.getState().latent?.levels).toEqual([
      [0, 0, 0],
      [0.5, 0.5],
    ]);
  });

  it('a failed load keeps the shown model, or falls back to the phantom without one', () => {
    const t = setup();
    t.models.onError('lv-vae', 'bad weights');
    expect(t.store.getState().source).toBe('phantom');
    expect(t.store.getState().modelLoad).toMatchObject({
      id: 'lv-vae',
      status: 'error',
      message: 'bad weights',
    });
    const u = setup();
    u.models.onReady(testModel('lv-lvae'), false);
    u.models.onError('lv-vae', 'bad weights');
    expect(u.store.getState().source).toBe('model');
    expect(notices(u)).toEqual(['error: Could not load model lv-vae: bad weights. Still showing lv-lvae.']);
  });

  it('switching to the model source loads the first model when none is loaded', async () => {
    const t = setup();
    t.store.subscribe((s, prev) => t.models.onStateChange(s, prev));
    t.store.getState().setSource('phantom');
    await t.models.fetchIndex();
    expect(t.ctx.client.loads).toEqual([]);
    t.store.getState().setSource('model');
    expect(t.ctx.client.loads.map((l) => l.id)).toEqual(['lv-lvae']);
  });
});
