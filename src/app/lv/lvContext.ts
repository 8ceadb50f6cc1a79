/**
 * What the cardiac controller's concerns share: the store, the compute worker's handle and the one
 * latent intent the controller set itself (a navigation step or an encoded file), which the store
 * subscription must not request again nor treat as a change of code by the person.
 */
import type { ComputeCallbacks, ComputeClient } from '../../pipeline/computeClient';
import type { Job } from '../../pipeline/protocol';
import type { LatentIntent } from '../../state/explorerSlice';
import type { AppStoreApi } from '../../state/store';

/** The part of the compute worker's handle the controller uses (a fake in the unit tests). */
export type LvClient = Pick<
  ComputeClient,
  'init' | 'loadModel' | 'pin' | 'unpin' | 'memory' | 'loseDevice' | 'request' | 'dispose'
>;

/** Starts a compute worker that reports to `callbacks`. */
export type MakeLvClient = (callbacks: ComputeCallbacks) => LvClient;

export interface LvContext {
  readonly store: AppStoreApi;
  readonly client: LvClient;
  /** The intent the controller itself last set (navigation, encoding), or null. */
  ownIntent: LatentIntent | null;
}

/** Asks the worker for `job`; `keep`: never replaced by a newer request (a dropped file, a step). */
export function requestJob(ctx: LvContext, job: Job | null, keep = false): void {
  if (job) ctx.client.request(job, { keep });
}
