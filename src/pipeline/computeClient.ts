/**
 * The page's handle on the compute worker: starts it, initialises the tfjs backend there, loads
 * models, and runs jobs with "latest wins" scheduling — while one job runs, newer requests replace
 * the pending one, so a fast slider drag never builds a queue and the shown shape is always the newest
 * finished one. Jobs requested with `keep` (a dropped file, a navigation step) are never replaced.
 */
import type { BackendInfo, BackendName } from '../model/backendNames';
import type { ModelInfo } from './modelInfo';
import type { FromWorker, Job, Outcome, ToWorker } from './protocol';
import { absNow, stampOutcome } from './updateTrace';

export interface ComputeCallbacks {
  onReady(backend: BackendInfo): void;
  onInitError(message: string): void;
  /** A finished job; `latencyMs` runs from the request of that job to its result. */
  onResult(outcome: Outcome, latencyMs: number, job: Job): void;
  onJobError(message: string, job: Job): void;
  onBusyChange(busy: boolean): void;
  onModelProgress?(id: string, fraction: number, stage: string): void;
  /** `restored`: the same model, reloaded on the CPU after a GPU device loss. */
  onModelReady?(info: ModelInfo, restored: boolean): void;
  /** The GPU device was lost; `abandoned` are the jobs that were running or kept waiting. */
  onDeviceLost?(message: string, abandoned: Job[]): void;
  onBackendChanged?(backend: BackendInfo): void;
  onModelError?(id: string, message: string): void;
}

interface Request {
  job: Job;
  t0: number;
  /** Absolute request time (see updateTrace). */
  requestedAt: number;
}

export class ComputeClient {
  private readonly worker: Worker;
  private nextId = 1;
  private inFlight: (Request & { id: number; postedAt: number }) | null = null;
  private pending: Request | null = null;
  private readonly kept: Request[] = [];
  private readonly memoryWaiters = new Map<number, (m: { numTensors: number; numBytes: number }) => void>();

  constructor(private readonly cb: ComputeCallbacks) {
    this.worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.handle(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const job = this.inFlight?.job;
      this.inFlight = null;
      if (job) this.cb.onJobError(`The compute worker failed: ${e.message || 'unknown error'}`, job);
      this.cb.onBusyChange(false);
    };
  }

  init(backend: BackendName | null): void {
    this.post({ type: 'init', backend });
  }

  /** Loads a model in the worker (progress, then onModelReady or onModelError). */
  loadModel(base: string, id: string): void {
    this.post({ type: 'load-model', base, id });
  }

  /** Keeps the last full model shape's fields in the worker as reference `pin`. */
  pin(pin: number): void {
    this.post({ type: 'pin', pin });
  }

  unpin(pin: number): void {
    this.post({ type: 'unpin', pin });
  }

  /** tf.memory() of the worker, after every earlier message was handled. */
  memory(): Promise<{ numTensors: number; numBytes: number }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.memoryWaiters.set(id, resolve);
      this.post({ type: 'memory', id });
    });
  }

  /** Test hook: makes the worker destroy its WebGPU device (no effect on other backends). */
  loseDevice(): void {
    this.post({ type: 'lose-device' });
  }

  /** True while a job runs or waits. */
  get busy(): boolean {
    return this.inFlight !== null || this.pending !== null || this.kept.length > 0;
  }

  /** Requests a job; supersedes any request still waiting to start unless either is `keep`. */
  request(job: Job, opts: { keep?: boolean } = {}): void {
    const r = { job, t0: performance.now(), requestedAt: absNow() };
    if (this.inFlight) {
      if (opts.keep) this.kept.push(r);
      else this.pending = r;
      return;
    }
    this.start(r);
  }

  dispose(): void {
    this.worker.terminate();
  }

  private start(r: Request): void {
    const id = this.nextId++;
    this.inFlight = { ...r, id, postedAt: absNow() };
    this.cb.onBusyChange(true);
    this.post({ type: 'job', id, job: r.job });
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
      case 'model-progress':
        this.cb.onModelProgress?.(msg.id, msg.fraction, msg.stage);
        return;
      case 'model-ready':
        this.cb.onModelReady?.(msg.info, msg.restored === true);
        return;
      case 'device-lost': {
        // The job in flight may never answer; it and the kept ones are reported, the pending one is
        // dropped (the page asks again for the current shape once the model is back).
        const abandoned = [this.inFlight?.job, ...this.kept.splice(0).map((r) => r.job)].filter(
          (j): j is Job => j !== undefined,
        );
        this.inFlight = null;
        this.pending = null;
        this.cb.onBusyChange(false);
        this.cb.onDeviceLost?.(msg.message, abandoned);
        return;
      }
      case 'backend-changed':
        this.cb.onBackendChanged?.(msg.backend);
        return;
      case 'model-error':
        this.cb.onModelError?.(msg.id, msg.message);
        return;
      case 'memory':
        this.memoryWaiters.get(msg.id)?.({ numTensors: msg.numTensors, numBytes: msg.numBytes });
        this.memoryWaiters.delete(msg.id);
        return;
      case 'result':
      case 'job-error': {
        const receivedAt = absNow();
        // An answer to a job abandoned after a device loss.
        if (!this.inFlight || this.inFlight.id !== msg.id) return;
        const started = this.inFlight;
        this.inFlight = null;
        const next = this.kept.shift() ?? this.pending;
        if (next === this.pending) this.pending = null;
        // Start the next job before handing over the result, so the worker never idles.
        if (next) this.start(next);
        if (started) {
          if (msg.type === 'result') {
            stampOutcome(msg.outcome, {
              requestedAt: started.requestedAt,
              postedAt: started.postedAt,
              workerStartAt: msg.startAt,
              workerEndAt: msg.endAt,
              receivedAt,
              stages: { ...msg.outcome.timings },
              quality: started.job.kind === 'lv-model' ? started.job.quality : started.job.kind,
            });
            this.cb.onResult(msg.outcome, performance.now() - started.t0, started.job);
          } else this.cb.onJobError(msg.message, started.job);
        }
        if (!next) this.cb.onBusyChange(false);
        return;
      }
    }
  }
}
