/**
 * Test doubles for the skull controller's unit tests: a skull worker whose answers a test holds and
 * releases, plane reports and predictions with only the fields the controller reads. Not used by the page.
 */
import type { PredictRequest } from '../../pipeline/skullClient';
import type { ExampleSubject, PlaneKind, PlaneReport } from '../../pipeline/skullPlanes';
import type { SkullComparison, SkullModelInfo, SkullPredictionResult } from '../../pipeline/skullProtocol';
import { createAppStore, type AppStoreApi } from '../../state/store';
import type { SkullContext, SkullWorker } from './skullContext';

/** A promise a test settles by hand. */
export interface Held<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: Error): void;
}

export function held<T>(): Held<T> {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((_resolve, _reject) => {
    resolve = _resolve;
    reject = _reject;
  });
  return { promise, resolve, reject };
}

/** Records every call; each answer is held until the test settles it (or answered at once by `auto`). */
export class FakeSkullWorker implements SkullWorker {
  readonly loads: Held<SkullModelInfo>[] = [];
  readonly loadIds: string[] = [];
  readonly predicts: { req: PredictRequest; answer: Held<SkullPredictionResult | null> }[] = [];
  readonly planes: {
    kind: PlaneKind;
    fileName: string;
    answer: Held<{ report: PlaneReport; ms: number }>;
  }[] = [];
  readonly pixels: { kind: PlaneKind; pixelMm: number; answer: Held<PlaneReport> }[] = [];
  readonly examples: {
    index: number;
    answer: Held<{ subject: ExampleSubject; reports: PlaneReport[]; ms: number }>;
  }[] = [];
  readonly compares: { exampleIndex: number; answer: Held<SkullComparison> }[] = [];
  readonly cleared: PlaneKind[] = [];
  disposed = false;

  load(_base: string, id: string): Promise<SkullModelInfo> {
    const h = held<SkullModelInfo>();
    this.loads.push(h);
    this.loadIds.push(id);
    return h.promise;
  }
  plane(kind: PlaneKind, _bytes: Uint8Array, fileName: string) {
    const answer = held<{ report: PlaneReport; ms: number }>();
    this.planes.push({ kind, fileName, answer });
    return answer.promise;
  }
  pixel(kind: PlaneKind, pixelMm: number): Promise<PlaneReport> {
    const answer = held<PlaneReport>();
    this.pixels.push({ kind, pixelMm, answer });
    return answer.promise;
  }
  clear(kind: PlaneKind): void {
    this.cleared.push(kind);
  }
  example(index: number) {
    const answer = held<{ subject: ExampleSubject; reports: PlaneReport[]; ms: number }>();
    this.examples.push({ index, answer });
    return answer.promise;
  }
  compare(exampleIndex: number): Promise<SkullComparison> {
    const answer = held<SkullComparison>();
    this.compares.push({ exampleIndex, answer });
    return answer.promise;
  }
  predict(req: PredictRequest): Promise<SkullPredictionResult | null> {
    const answer = held<SkullPredictionResult | null>();
    this.predicts.push({ req, answer });
    return answer.promise;
  }
  dispose(): void {
    this.disposed = true;
  }
}

export function testStore(): AppStoreApi {
  return createAppStore({ lvParams: {}, skullParams: {}, anatomy: 'skull' });
}

/** A context over a new store with a fake worker (started on first use, as the real one). */
export function testContext(): SkullContext & { fake: FakeSkullWorker; started: () => boolean } {
  const store = testStore();
  const fake = new FakeSkullWorker();
  let started = false;
  return {
    store,
    fake,
    started: () => started,
    state: () => store.getState(),
    worker: () => {
      started = true;
      return fake;
    },
    dropT0: null,
  };
}

/** Lets settled promises' callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function modelInfo(id = 'skull-hcvae', sizes: number[] = [4, 2]): SkullModelInfo {
  return {
    id,
    title: id,
    kind: 'hierarchical-cvae',
    latent: sizes.map((size, i) => ({ name: `z${i + 1}`, size })),
    requiredPlanes: ['axial'],
    vertices: 3,
    metrics: null,
  };
}

/** A radial profile of 64 radii, mm. */
export const profile = (r: number) => new Float32Array(64).fill(r);

const GREY: Record<PlaneKind, number> = { axial: 0, sagittal: 100, coronal: 200 };

/** A plane report with a detected head of radius `r` mm (or no detection with `error`). */
export function planeReport(kind: PlaneKind, r: number | null, error: string | null = null): PlaneReport {
  return {
    kind,
    fileName: `${kind}.png`,
    format: 'png',
    width: 400,
    height: 300,
    pixelMm: 0.2,
    pixelSource: 'entered',
    // A different grey per plane: the plane checks flag two slots holding the same image.
    preview: { width: 4, height: 3, scale: 0.01, gray: new Uint8Array(12).fill(GREY[kind]) },
    detection:
      r === null
        ? null
        : ({
            profileMm: profile(r),
            warnings: [],
            hcMm: 2 * Math.PI * r,
          } as unknown as PlaneReport['detection']),
    error,
    warnings: [],
  };
}

/** A prediction from `planes` with uncertainty p95 `p95Mm` (only what the controller reads). */
export function prediction(planes: string[], p95Mm = 1, modelId = 'skull-hcvae'): SkullPredictionResult {
  return {
    modelId,
    positions: new Float32Array(9),
    normals: new Float32Array(9),
    indices: new Uint32Array([0, 1, 2]),
    radii: new Float32Array([50, 51, 52]),
    stdMm: new Float32Array([0.5, 1, 1.5]),
    uncertainty: { meanMm: p95Mm / 2, p95Mm },
    planesUsed: planes,
  } as SkullPredictionResult;
}
