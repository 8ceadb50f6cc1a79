/**
 * Dropped NIfTI label maps (ED, optional ES) → the loaded model's code: the encoded heart becomes the
 * shown code and the start of navigation; a failure keeps the previous shape.
 */
import { joinSentences } from '../../io/messages';
import type { Job, LvOutcome } from '../../pipeline/protocol';
import { requestJob, type LvContext } from './lvContext';
import { pathPoint } from './navigation';

export interface Encoding {
  encodeFiles(ed: File, es: File | null): Promise<void>;
  /** The worker encoded the files. */
  onEncoded(outcome: LvOutcome): void;
  /** The worker refused the files (`message` says why). */
  onFailed(message: string): void;
  /** The job was abandoned (the GPU was lost). */
  onAbandoned(): void;
}

export function createEncoding(ctx: LvContext): Encoding {
  const { store } = ctx;
  return {
    async encodeFiles(ed, es) {
      const s = store.getState();
      if (!s.modelInfo) {
        s.notify('error', 'Load a cardiac model first: dropped files are encoded by the model.');
        return;
      }
      s.setEncoding(ed.name);
      try {
        const job: Job = {
          kind: 'lv-encode',
          modelId: s.modelInfo.id,
          ed: { name: ed.name, bytes: await ed.arrayBuffer() },
          es: es ? { name: es.name, bytes: await es.arrayBuffer() } : null,
        };
        s.setNav({ playing: false, remaining: 0 });
        requestJob(ctx, job, true);
      } catch (err) {
        s.setEncoding(null);
        s.notify('error', `Could not read the dropped file: ${(err as Error).message}`);
      }
    },
    onEncoded(outcome) {
      const m = outcome.model;
      if (!m) return;
      const s = store.getState();
      s.setEncoding(null);
      ctx.ownIntent = {
        levels: m.levels,
        lowerMode: 'free',
        seed: 1,
        logvarQ: m.logvarQ,
        interactive: false,
      };
      s.setLatent(ctx.ownIntent);
      s.setNav({ path: [pathPoint(outcome)], remaining: 0, playing: false, restarted: null });
      const r = outcome.encoded;
      s.notify(
        'info',
        `Encoded ${r?.edName ?? 'the file'}${r?.esName ? ` and ${r.esName}` : ''}: p(HCM) ${(m.pHcm * 100).toFixed(1)} %. It is now the start of navigation.`,
      );
    },
    onFailed(message) {
      const s = store.getState();
      s.setEncoding(null);
      s.notify(
        'error',
        joinSentences(`Could not use the dropped file: ${message}`, 'The previous shape is kept.'),
      );
    },
    onAbandoned() {
      const s = store.getState();
      s.setEncoding(null);
      s.notify('error', 'The dropped file was not finished when the GPU was lost; drop it again.');
    },
  };
}
