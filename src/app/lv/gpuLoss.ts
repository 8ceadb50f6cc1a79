/**
 * Failed and abandoned jobs, GPU loss among them: each concern hears about its own job (a step, a
 * dropped file, the cycle), the page keeps the last shape and says what happened and what to do.
 */
import { joinSentences } from '../../io/messages';
import type { Job } from '../../pipeline/protocol';
import type { AppStoreApi } from '../../state/store';
import type { CycleAnimation } from './cycleAnimation';
import type { Encoding } from './encoding';
import type { Navigation } from './navigation';

/** A job error that means the WebGPU device is gone. */
export const DEVICE_LOST = /device (was )?lost|GPUDevice|webgpu/i;

export interface GpuLoss {
  /** A job failed in the worker. */
  onJobError(message: string, job: Job): void;
  /** The worker lost its GPU device and continues on the CPU; `abandoned` never finish. */
  onDeviceLost(message: string, abandoned: Job[]): void;
}

export interface GpuLossDeps {
  navigation: Pick<Navigation, 'onStepFailed'>;
  encoding: Pick<Encoding, 'onFailed' | 'onAbandoned'>;
  cycle: Pick<CycleAnimation, 'onFailed'>;
}

export function createGpuLoss(store: AppStoreApi, deps: GpuLossDeps): GpuLoss {
  return {
    onJobError(message, job) {
      if (job.kind === 'lv-encode') return deps.encoding.onFailed(message);
      if (job.kind === 'lv-cycle') deps.cycle.onFailed();
      if (job.kind === 'lv-model' && job.step) deps.navigation.onStepFailed();
      const s = store.getState();
      s.notify(
        'error',
        joinSentences(`Could not build the shape: ${message}`, 'The previous shape is kept.'),
      );
      if (DEVICE_LOST.test(message))
        s.notify(
          'warning',
          'The GPU device was lost; the page keeps the last shape. Reload to start the GPU again, or add ?backend=cpu.',
        );
    },
    onDeviceLost(message, abandoned) {
      for (const job of abandoned) {
        if (job.kind === 'lv-model' && job.step) deps.navigation.onStepFailed();
        if (job.kind === 'lv-encode') deps.encoding.onAbandoned();
        if (job.kind === 'lv-cycle') deps.cycle.onFailed();
      }
      store
        .getState()
        .notify(
          'warning',
          'The GPU device was lost. Continuing on the CPU: the model is reloaded there; your shape, code and pins are kept.',
          message,
        );
    },
  };
}
