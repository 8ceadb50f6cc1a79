/** Failed and abandoned jobs: each concern hears of its own job; the notices say what to do. */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../pipeline/protocol';
import { createGpuLoss, DEVICE_LOST } from './gpuLoss';
import { testStore } from './lvTestKit';

const STEP: Job = {
  kind: 'lv-model',
  modelId: 'm',
  levels: [],
  lowerMode: 'free',
  eps: null,
  step: { sign: 1, lambda: 0.1 },
  thicknessPhases: ['ED'],
  quality: 'full',
  referencePin: null,
  logvarQ: null,
};
const ENCODE: Job = {
  kind: 'lv-encode',
  modelId: 'm',
  ed: { name: 'a', bytes: new ArrayBuffer(0) },
  es: null,
};
const CYCLE: Job = { kind: 'lv-cycle', frames: 8 };

function setup() {
  const store = testStore();
  const heard: string[] = [];
  const gpu = createGpuLoss(store, {
    navigation: { onStepFailed: () => heard.push('step') },
    encoding: {
      onFailed: (m) => heard.push(`encode failed: ${m}`),
      onAbandoned: () => heard.push('encode abandoned'),
    },
    cycle: { onFailed: () => heard.push('cycle') },
  });
  const notices = () => store.getState().notices.map((n) => `${n.level}: ${n.text}`);
  return { store, gpu, heard, notices };
}

describe('GPU loss and failed jobs', () => {
  it('recognises a lost device in a job error', () => {
    expect(DEVICE_LOST.test('GPU device was lost')).toBe(true);
    expect(DEVICE_LOST.test('A valid external GPUDevice was destroyed')).toBe(true);
    expect(DEVICE_LOST.test('expected a 3-D label map')).toBe(false);
  });

  it('a failed step stops navigation and keeps the shape; a lost device adds what to do', () => {
    const t = setup();
    t.gpu.onJobError('Device lost', STEP);
    expect(t.heard).toEqual(['step']);
    expect(t.notices()).toEqual([
      'error: Could not build the shape: Device lost. The previous shape is kept.',
      'warning: The GPU device was lost; the page keeps the last shape. Reload to start the GPU again, or add ?backend=cpu.',
    ]);
  });

  it('a failed encode is the encoding concern’s alone', () => {
    const t = setup();
    t.gpu.onJobError('not a NIfTI file', ENCODE);
    expect(t.heard).toEqual(['encode failed: not a NIfTI file']);
    expect(t.notices()).toEqual([]);
  });

  it('abandoned jobs are returned to their concerns; one warning with the driver’s words as detail', () => {
    const t = setup();
    t.gpu.onDeviceLost('adapter gone', [STEP, ENCODE, CYCLE]);
    expect(t.heard).toEqual(['step', 'encode abandoned', 'cycle']);
    const n = t.store.getState().notices;
    expect(n).toHaveLength(1);
    expect(n[0]?.level).toBe('warning');
    expect(n[0]?.detail).toBe('adapter gone');
    expect(n[0]?.text).toContain('Continuing on the CPU');
  });
});
