/** The backend asked for and what the page says about the one it got. */
import { describe, expect, it } from 'vitest';
import { backendFailed, backendReady, requestedBackend } from './backend';
import { CPU_BACKEND, testStore } from './lvTestKit';

describe('backend', () => {
  it('?backend= is read; an unknown name is a warning and automatic choice', () => {
    const store = testStore();
    expect(requestedBackend(store, '?backend=webgl')).toBe('webgl');
    expect(requestedBackend(store, '')).toBeNull();
    expect(store.getState().notices).toEqual([]);
    expect(requestedBackend(store, '?backend=quantum')).toBeNull();
    expect(store.getState().notices[0]?.text).toMatch(/Choosing automatically\.$/);
  });

  it('a fallback is one plain line, the reasons on demand; the first choice says nothing', () => {
    const store = testStore();
    backendReady(store, CPU_BACKEND);
    expect(store.getState().notices).toEqual([]);
    backendReady(store, { ...CPU_BACKEND, fallbacks: [{ name: 'webgpu', reason: 'no adapter' }] });
    const n = store.getState().notices[0];
    expect(n?.text).toBe(
      'The model runs on the processor: no graphics acceleration it can use was found. Everything works; it is a little slower.',
    );
    expect(n?.detail).toBe('webgpu is unavailable (no adapter); using cpu instead.');
  });

  it('no tfjs at all: the phantom source', () => {
    const store = testStore();
    backendFailed(store, 'nothing works');
    expect(store.getState()).toMatchObject({ backendError: 'nothing works', source: 'phantom' });
  });
});
