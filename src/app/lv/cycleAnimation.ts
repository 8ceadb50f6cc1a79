/**
 * The cardiac-cycle animation: the worker decodes a few frames between ED and ES once, then a timer
 * plays them back and forth. A new code, a new model or a change of phase stops it.
 */
import type { MeshPayload } from '../../pipeline/protocol';
import { requestJob, type LvContext } from './lvContext';

/** Frames decoded per cycle (ED … ES). */
export const CYCLE_FRAMES = 8;
/** Time per shown frame, ms. */
export const CYCLE_FRAME_MS = 120;

export interface CycleAnimation {
  /** Starts (decodes the frames, then plays) or stops the animation. */
  cycle(play: boolean): void;
  /** The frames arrived: play them. */
  onFrames(frames: MeshPayload[]): void;
  /** The frames could not be made (or the job was abandoned). */
  onFailed(): void;
  /** Stops and forgets the frames. */
  stop(): void;
  dispose(): void;
}

export function createCycleAnimation(ctx: LvContext): CycleAnimation {
  const { store } = ctx;
  let timer: ReturnType<typeof setInterval> | null = null;

  function play(): void {
    if (timer) clearInterval(timer);
    let dir = 1;
    timer = setInterval(() => {
      const s = store.getState();
      const frames = s.view.cycle.frames;
      if (!frames || !s.view.cycle.playing) return;
      let f = s.view.cycle.frame + dir;
      if (f >= frames.length || f < 0) {
        dir = -dir;
        f = s.view.cycle.frame + dir;
      }
      s.setCycle({ frame: Math.max(0, Math.min(frames.length - 1, f)) });
    }, CYCLE_FRAME_MS);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    store.getState().setCycle({ playing: false, frames: null, frame: 0, loading: false });
  }

  return {
    cycle(on) {
      const s = store.getState();
      if (!on) return stop();
      if (s.source !== 'model' || !s.lv?.model) return;
      s.setCycle({ playing: true, loading: true });
      requestJob(ctx, { kind: 'lv-cycle', frames: CYCLE_FRAMES }, true);
    },
    onFrames(frames) {
      store.getState().setCycle({ frames, loading: false, frame: 0 });
      play();
    },
    onFailed() {
      store.getState().setCycle({ loading: false, playing: false });
    },
    stop,
    dispose() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
