/**
 * The page's handle on the skull worker: request/response with ids, and "latest wins" for
 * predictions — while one runs, a newer request replaces the waiting one (a slider drag never builds
 * a queue); replaced requests resolve to null.
 */
import type { BackendInfo, BackendName } from '../model/backendNames';
import type { ExampleSubject, PlaneKind, PlaneReport } from './skullPlanes';
import type {
  FromSkullWorker,
  PlaneInput,
  SkullComparison,
  SkullModelInfo,
  SkullPredictionResult,
  ToSkullWorker,
} from './skullProtocol';

/** A worker refusal whose message is meant for a person (bad file, bad value). */
export class SkullWorkerError extends Error {
  constructor(
    message: string,
    readonly user: boolean,
  ) {
    super(message);
    this.name = 'SkullWorkerError';
  }
}

type Pending = { resolve(v: FromSkullWorker): void; reject(e: Error): void };

/** What a prediction needs. */
export interface PredictRequest {
  modelId: string;
  planes: PlaneInput;
  k: number;
  seed: number;
  offsets: number[][];
  /** GA entered for the planes, weeks (sets the bones' suture widths and thickness; else from HC). */
  gaWeeks?: number | null;
}

export class SkullClient {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private ready: Promise<BackendInfo>;
  private predicting = false;
  private waiting: {
    req: PredictRequest;
    resolve(r: SkullPredictionResult | null): void;
    reject(e: Error): void;
  } | null = null;

  constructor(backend: BackendName | null) {
    this.worker = new Worker(new URL('./skull.worker.ts', import.meta.url), { type: 'module' });
    let onReady: (b: BackendInfo) => void = () => undefined;
    let onFail: (e: Error) => void = () => undefined;
    this.ready = new Promise<BackendInfo>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    this.worker.onmessage = (e: MessageEvent<FromSkullWorker>) => {
      const m = e.data;
      if (m.type === 'ready') return onReady(m.backend);
      if (m.type === 'init-error') return onFail(new Error(m.message));
      const p = this.pending.get(m.req);
      if (!p) return;
      this.pending.delete(m.req);
      if (m.type === 'error') p.reject(new SkullWorkerError(m.message, m.user));
      else p.resolve(m);
    };
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const err = new Error(`the skull worker failed: ${e.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.post({ type: 'init', backend });
  }

  /** Resolves with the backend once the worker's TensorFlow.js is ready. */
  whenReady(): Promise<BackendInfo> {
    return this.ready;
  }

  private post(msg: ToSkullWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private call<T extends FromSkullWorker['type']>(
    make: (req: number) => ToSkullWorker,
    type: T,
    transfer: Transferable[] = [],
  ): Promise<Extract<FromSkullWorker, { type: T }>> {
    const req = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(req, {
        resolve: (m) =>
          m.type === type
            ? resolve(m as Extract<FromSkullWorker, { type: T }>)
            : reject(new Error(`unexpected reply '${m.type}'`)),
        reject,
      });
      this.post(make(req), transfer);
    });
  }

  async load(base: string, id: string): Promise<SkullModelInfo> {
    await this.ready;
    return (await this.call((req) => ({ type: 'load', req, base, id }), 'loaded')).info;
  }

  /** Reads a dropped file into slot `kind` (bytes are transferred). */
  async plane(kind: PlaneKind, bytes: Uint8Array, fileName: string, pixelMm: number | null) {
    const m = await this.call((req) => ({ type: 'plane', req, kind, bytes, fileName, pixelMm }), 'plane', [
      bytes.buffer,
    ]);
    return { report: m.report, ms: m.ms };
  }

  /** Re-detects slot `kind` with a pixel size entered by the user. */
  async pixel(kind: PlaneKind, pixelMm: number): Promise<PlaneReport> {
    return (await this.call((req) => ({ type: 'pixel', req, kind, pixelMm }), 'plane')).report;
  }

  clear(kind: PlaneKind): void {
    this.post({ type: 'clear', kind });
  }

  async example(index: number): Promise<{ subject: ExampleSubject; reports: PlaneReport[]; ms: number }> {
    const m = await this.call((req) => ({ type: 'example', req, index }), 'example');
    return { subject: m.subject, reports: m.reports, ms: m.ms };
  }

  async compare(exampleIndex: number, radii: Float32Array): Promise<SkullComparison> {
    const copy = radii.slice();
    return (
      await this.call((req) => ({ type: 'compare', req, exampleIndex, radii: copy }), 'compare', [
        copy.buffer,
      ])
    ).result;
  }

  /** Predicts; resolves null when a newer request replaced this one before it ran. */
  predict(r: PredictRequest): Promise<SkullPredictionResult | null> {
    return new Promise((resolve, reject) => {
      if (this.predicting) {
        this.waiting?.resolve(null);
        this.waiting = { req: r, resolve, reject };
        return;
      }
      this.run(r, resolve, reject);
    });
  }

  private run(
    r: PredictRequest,
    resolve: (v: SkullPredictionResult | null) => void,
    reject: (e: Error) => void,
  ): void {
    this.predicting = true;
    const planes: PlaneInput = {
      axial: r.planes.axial?.slice() ?? null,
      sagittal: r.planes.sagittal?.slice() ?? null,
      coronal: r.planes.coronal?.slice() ?? null,
    };
    void this.call((req) => ({ type: 'predict', req, ...r, planes }), 'prediction')
      .then((m) => {
        resolve(m.result);
        return null;
      }, reject)
      .finally(() => {
        this.predicting = false;
        const w = this.waiting;
        this.waiting = null;
        if (w) this.run(w.req, w.resolve, w.reject);
      });
  }

  dispose(): void {
    this.worker.terminate();
  }
}
