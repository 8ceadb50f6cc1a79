/**
 * The page's handle on the compute worker: starts it, initialises the tfjs backend there, and runs
 * jobs with "latest wins" scheduling — while one job runs, newer requests replace the pending one,
 * so a fast slider drag never builds a queue and the shown shape is always the newest finished one.
 */
import type { BackendInfo, BackendName } from '../model/backendNames';
import type { FromWorker, Job, Outcome, ToWorker } from './protocol';

export interface ComputeCallbacks {
  onReady(backend: BackendInfo): void;
  onInitError(message: string): void;
  /** A finished job; `latencyMs` runs from the request of that job to its result. */
  onResult(outcome: Outcome, latencyMs: number): void;
  onJobError(message: string): void;
  onBusyChange(busy: boolean): void;
}

export class ComputeClient {
  private readonly worker: Worker;
  private nextId = 1;
  private inFlight: { id: number; t0: number } | null = null;
  private pending: { job: Job; t0: number } | null = null;

  constructor(private readonly cb: ComputeCallbacks) {
    this.worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.handle(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.cb.onJobError(`The compute worker failed: ${e.message || 'unknown error'}`);
      this.inFlight = null;
      this.cb.onBusyChange(false);
    };
  }

  init(backend: BackendName | null): void {
    this.post({ type: 'init', backend });
  }

  /** Requests a job; supersedes any request still waiting to start. */
  request(job: Job): void {
    const t0 = performance.now();
    if (this.inFlight) {
      this.pending = { job, t0 };
      return;
    }
    this.start(job, t0);
  }

  dispose(): void {
    this.worker.terminate();
  }

  private start(job: Job, t0: number): void {
    const id = this.nextId++;
    this.inFlight = { id, t0 };
    this.cb.onBusyChange(true);
    this.post({ type: 'job', id, job });
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private handle(msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        this.cb.onReady(msg.backend);
        return;
      case 'init-error':
        this.cb.onInitError(msg.message);
        return;
      case 'result':
      case 'job-error': {
        const started = this.inFlight;
        this.inFlight = null;
        if (msg.type === 'result') this.cb.onResult(msg.outcome, performance.now() - (started?.t0 ?? 0));
        else this.cb.onJobError(msg.message);
        const next = this.pending;
        this.pending = null;
        if (next) this.start(next.job, next.t0);
        else this.cb.onBusyChange(false);
        return;
      }
    }
  }
}
