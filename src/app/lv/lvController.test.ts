/** The cardiac controller as a whole: start, the worker's reports routed to the concerns, dispose. */
import { describe, expect, it } from 'vitest';
import type { ComputeCallbacks } from '../../pipeline/computeClient';
import type { Job } from '../../pipeline/protocol';
import { createLvController } from './lvController';
import { CPU_BACKEND, FakeLvClient, modelOutcome, testModel, testStore } from './lvTestKit';

const INDEX = { models: [{ id: 'lv-test', title: 't', anatomy: 'lv', manifest: 'm' }] };

function setup(search = '') {
  const store = testStore();
  let client: FakeLvClient | null = null;
  const c = createLvController(store, search, {
    makeClient: (cb: ComputeCallbacks) => (client = new FakeLvClient(cb)),
    fetchIndex: () => Promise.resolve(INDEX),
  });
  const fake = (): FakeLvClient & { cb: ComputeCallbacks } => {
    if (!client?.cb) throw new Error('not started');
    return client as FakeLvClient & { cb: ComputeCallbacks };
  };
  return { store, c, fake };
}

/** Lets the index fetch (a resolved promise) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('cardiac controller', () => {
  it('start asks for the backend of ?backend=; an unknown name is said and the choice left automatic', () => {
    const t = setup('?backend=cpu&source=phantom');
    t.c.start();
    expect(t.fake().inits).toEqual(['cpu']);
    expect(t.store.getState().source).toBe('phantom');
    const u = setup('?backend=quantum');
    u.c.start();
    expect(u.fake().inits).toEqual([null]);
    expect(u.store.getState().notices[0]?.level).toBe('warning');
  });

  it('no job before the backend answers; then the index, the model and its first full shape', async () => {
    const t = setup();
    t.c.start();
    t.store.getState().setPhase('ES');
    expect(t.fake().requests).toEqual([]);
    t.fake().cb.onReady(CPU_BACKEND);
    await settle();
    expect(t.store.getState().backend?.name).toBe('cpu');
    expect(t.fake().loads.map((l) => l.id)).toEqual(['lv-test']);
    t.fake().cb.onModelProgress?.('lv-test', 0.5, 'warming up');
    expect(t.store.getState().modelLoad).toMatchObject({ fraction: 0.5, stage: 'warming up' });
    t.fake().cb.onModelReady?.(testModel(), false);
    const job = t.fake().last() as Job & { kind: 'lv-model' };
    expect(job).toMatchObject({ kind: 'lv-model', modelId: 'lv-test', quality: 'full', step: null });
    expect(job.levels).toEqual([
      [0, 0, 0],
      [0.5, 0.5],
    ]);
    t.fake().cb.onResult(modelOutcome(job.levels, { pHcm: 0.2 }), 12, job);
    const s = t.store.getState();
    expect(s.lv?.model?.pHcm).toBe(0.2);
    expect(s.lastLatencyMs).toBe(12);
    expect(s.nav.path.map((p) => p.pHcm)).toEqual([0.2]);
  });

  it("another model's result is not shown", () => {
    const t = setup();
    t.c.start();
    t.fake().cb.onReady(CPU_BACKEND);
    t.fake().cb.onModelReady?.(testModel(), false);
    const job = t.fake().last();
    t.fake().cb.onResult(
      modelOutcome(
        [
          [0, 0, 0],
          [0.5, 0.5],
        ],
        { modelId: 'lv-old' },
      ),
      5,
      job,
    );
    expect(t.store.getState().lv).toBeNull();
  });

  it('without tfjs the phantom explorer goes on', () => {
    const t = setup();
    t.c.start();
    t.fake().cb.onInitError('no backend at all');
    const s = t.store.getState();
    expect(s.backendError).toBe('no backend at all');
    expect(s.source).toBe('phantom');
    expect(t.fake().last()).toEqual({ kind: 'lv', params: { septumMm: 10 }, thicknessPhases: ['ED'] });
  });

  it("the panels' commands reach their concerns; the debug hooks reach the worker", async () => {
    const t = setup();
    t.c.start();
    t.fake().cb.onReady(CPU_BACKEND);
    t.fake().cb.onModelReady?.(testModel(), false);
    const job = t.fake().last();
    t.fake().cb.onResult(
      modelOutcome([
        [0, 0, 0],
        [0.5, 0.5],
      ]),
      5,
      job,
    );
    t.c.commands.pin('A');
    expect(t.fake().pins).toEqual([1]);
    t.c.commands.navigate('step');
    expect(t.fake().last()).toMatchObject({ kind: 'lv-model', step: { sign: 1 } });
    expect(t.c.commands.shareQuery(t.store.getState())).toMatch(/^\?v=1&model=lv-test&z=/);
    t.c.commands.loadModel('lv-other');
    expect(t.fake().loads.map((l) => l.id)).toContain('lv-other');
    t.c.loseGpuDevice();
    expect(t.fake().lostDevice).toBe(1);
    await expect(t.c.memory()).resolves.toEqual({ numTensors: 7, numBytes: 700 });
  });

  it('dispose ends the worker and stops listening', () => {
    const t = setup();
    t.c.start();
    t.fake().cb.onInitError('none');
    const n = t.fake().requests.length;
    t.c.dispose();
    expect(t.fake().disposed).toBe(true);
    t.store.getState().setLvParam('septumMm', 20);
    expect(t.fake().requests).toHaveLength(n);
  });

  it('commands before start fail with a clear message', () => {
    const t = setup();
    expect(() => t.c.commands.pin('A')).not.toThrow(); // nothing shown: nothing to pin
    expect(() => t.c.loseGpuDevice()).toThrow('the cardiac controller is not started (call start() first)');
  });
});
