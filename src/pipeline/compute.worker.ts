/// <reference lib="webworker" />
/**
 * Compute worker: hosts the TensorFlow.js backend and turns jobs (phantom parameters, later latent
 * codes) into meshes, colours' scalars and measurements, off the main thread.
 */
import { initBackend } from '../model/backend';
import type { FromWorker, ToWorker } from './protocol';
import { transferablesOf } from './protocol';
import { runJob } from './runJob';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function send(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    initBackend(msg.backend)
      .then((backend) => send({ type: 'ready', backend }))
      .catch((err: unknown) => send({ type: 'init-error', message: messageOf(err) }));
    return;
  }
  try {
    const outcome = runJob(msg.job);
    send({ type: 'result', id: msg.id, outcome }, transferablesOf(outcome));
  } catch (err) {
    send({ type: 'job-error', id: msg.id, message: messageOf(err) });
  }
};
