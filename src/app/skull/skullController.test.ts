/** The skull controller: started once, wakes when the skull planes are shown, disposed cleanly. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { skullShareQuery } from './skullShare';
import { createSkullController } from './skullController';
import { emptySlot } from '../../state/skullExplorer';
import { FakeSkullWorker, flush, modelInfo, prediction, profile } from './skullTestKit';

function setup(search = '', anatomy: 'lv' | 'skull' = 'lv') {
  const store = createAppStore({ lvParams: {}, skullParams: {}, anatomy });
  const workers: FakeSkullWorker[] = [];
  const backends: (string | null)[] = [];
  const c = createSkullController(store, search, {
    makeWorker: (backend) => {
      backends.push(backend);
      const w = new FakeSkullWorker();
      workers.push(w);
      return w;
    },
  });
  return { store, c, workers, backends };
}

describe('skull controller', () => {
  it('on the cardiac tab nothing starts; the skull tab starts the worker and loads the model once', () => {
    const t = setup('?backend=cpu');
    t.c.start();
    t.c.start();
    expect(t.workers).toHaveLength(0);
    t.store.getState().setAnatomy('skull');
    expect(t.workers).toHaveLength(1);
    expect(t.backends).toEqual(['cpu']);
    expect(t.workers[0]?.loadIds).toEqual(['skull-hcvae']);
    t.store.getState().setAnatomy('lv');
    t.store.getState().setAnatomy('skull');
    expect(t.workers).toHaveLength(1);
    expect(t.workers[0]?.loadIds).toEqual(['skull-hcvae']); // still loading: not asked again
  });

  it('the skull phantom does not need the worker; switching to planes does', () => {
    const t = setup('', 'skull');
    t.store.getState().setSkullX({ source: 'phantom' });
    t.c.start();
    expect(t.workers).toHaveLength(0);
    t.store.getState().setSkullX({ source: 'planes' });
    expect(t.workers).toHaveLength(1);
  });

  it('a page opened on a skull link applies it at start', () => {
    const link = skullShareQuery({
      modelId: 'skull-cvae',
      profiles: { axial: profile(66) },
      offsets: [],
      gaWeeks: null,
      camera: null,
    });
    const t = setup(link, 'skull');
    t.c.start();
    const x = t.store.getState().skullX;
    expect(x.modelId).toBe('skull-cvae');
    expect(x.slots.axial.shared?.[0]).toBe(66);
    expect(t.workers[0]?.loadIds).toEqual(['skull-cvae']);
  });

  it('commands reach their concerns; dispose ends the worker and stops listening', () => {
    const t = setup('', 'skull');
    t.c.start();
    t.c.commands.setColorBy('bone');
    expect(t.store.getState().skullX.colorBy).toBe('bone');
    t.c.commands.removePlane('sagittal');
    expect(t.workers[0]?.cleared).toEqual(['sagittal']);
    t.c.dispose();
    expect(t.workers[0]?.disposed).toBe(true);
    t.store.getState().setAnatomy('lv');
    t.store.getState().setAnatomy('skull');
    expect(t.workers).toHaveLength(1);
  });

  it('a GA entered or cleared predicts the shown skull again with it; without a prediction it waits', async () => {
    const t = setup('', 'skull');
    t.c.start();
    const st = () => t.store.getState();
    st().setSkullX({ model: { status: 'ready', info: modelInfo(), message: null } });
    st().setSkullX({ gaWeeks: 30 });
    expect(t.workers[0]?.predicts).toHaveLength(0);
    st().setSkullSlot('axial', { ...emptySlot(), status: 'ready', shared: profile(70) });
    t.c.commands.setOffsets([
      [0, 0, 0, 0],
      [0, 0],
    ]);
    t.workers[0]?.predicts[0]?.answer.resolve(prediction(['axial']));
    await flush();
    st().setSkullX({ gaWeeks: 22 });
    expect(t.workers[0]?.predicts[1]?.req.gaWeeks).toBe(22);
    st().setSkullX({ gaWeeks: null });
    expect(t.workers[0]?.predicts[2]?.req.gaWeeks).toBeNull();
    expect(t.workers[0]?.predicts).toHaveLength(3);
  });
});
