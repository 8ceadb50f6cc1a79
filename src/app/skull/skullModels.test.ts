/** Which skull model is loaded: once, again on another choice, a late answer for an old choice ignored. */
import { describe, expect, it } from 'vitest';
import { MODELS_BASE } from '../modelsBase';
import { createSkullModels, skullModelsBase } from './skullModels';
import { flush, modelInfo, testContext } from './skullTestKit';

function setup() {
  const ctx = testContext();
  let predicted = 0;
  const m = createSkullModels(ctx, '', () => predicted++);
  return { ctx, m, fake: ctx.fake, x: () => ctx.state().skullX, predicted: () => predicted };
}

describe('skull models', () => {
  it('the models folder is the app’s unless ?skull-models= names a plain folder', () => {
    expect(skullModelsBase('')).toBe(MODELS_BASE);
    expect(skullModelsBase('?skull-models=models-quick')).toBe('/models-quick');
    expect(skullModelsBase('?skull-models=../etc')).toBe(MODELS_BASE);
  });

  it('loads the selected model once, sizes the offsets to its levels (keeping set ones), then predicts', async () => {
    const t = setup();
    t.ctx.state().setSkullX({ offsets: [[0.5]] });
    void t.m.ensureModel();
    void t.m.ensureModel();
    expect(t.fake.loadIds).toEqual(['skull-hcvae']);
    expect(t.x().model.status).toBe('loading');
    t.fake.loads[0]?.resolve(modelInfo('skull-hcvae', [3, 2]));
    await flush();
    expect(t.x().model.status).toBe('ready');
    expect(t.x().offsets).toEqual([
      [0.5, 0, 0],
      [0, 0],
    ]);
    expect(t.predicted()).toBe(1);
    await t.m.ensureModel();
    expect(t.fake.loadIds).toEqual(['skull-hcvae']);
  });

  it('another choice loads that model at once; the old one’s late answer is ignored', async () => {
    const t = setup();
    void t.m.ensureModel();
    t.m.selectModel('skull-cvae');
    t.m.selectModel('skull-cvae');
    expect(t.x().modelId).toBe('skull-cvae');
    expect(t.x().prediction).toBeNull();
    expect(t.fake.loadIds).toEqual(['skull-hcvae', 'skull-cvae']);
    t.fake.loads[0]?.resolve(modelInfo('skull-hcvae'));
    await flush();
    expect(t.x().model.status).toBe('loading');
    expect(t.predicted()).toBe(0);
    t.fake.loads[1]?.resolve(modelInfo('skull-cvae'));
    await flush();
    expect(t.x().model.info?.id).toBe('skull-cvae');
    expect(t.predicted()).toBe(1);
  });

  it('a failed load says what still works; asking again retries', async () => {
    const t = setup();
    void t.m.ensureModel();
    t.fake.loads[0]?.reject(new Error('model.json: HTTP 404'));
    await flush();
    expect(t.x().model).toEqual({
      status: 'error',
      info: null,
      message: 'model.json: HTTP 404. The plane readers still work; try the other model or reload.',
    });
    void t.m.ensureModel();
    expect(t.fake.loadIds).toHaveLength(2);
  });
});
