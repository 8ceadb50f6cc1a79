/**
 * Wires the skull explorer's part of the store to the skull worker: files and examples become plane
 * reports, plane changes and latent offsets become predictions (latest wins), an example's prediction
 * is compared with its true skull. One controller per store, started on first use.
 */
import { aboutFile, joinSentences } from '../../io/messages';
import { MODELS_BASE } from '../../app/controller';
import { parseBackendParam, type BackendName } from '../../model/backendNames';
import { SkullClient, SkullWorkerError } from '../../pipeline/skullClient';
import { editOutline, ellipseProblem } from '../../pipeline/skullOutlineEdit';
import {
  PLANE_KINDS,
  type OutlineEllipse,
  type PlaneKind,
  type PlaneReport,
} from '../../pipeline/skullPlanes';
import type { SkullPredictionResult } from '../../pipeline/skullProtocol';
import { parseSkullShare, type SkullShared } from './skullShare';
import { planeWarnings } from './planeChecks';
import { emptySlot, slotProfile, type SkullModelId } from '../../state/skullExplorer';
import type { AppStore, AppStoreApi } from '../../state/store';

/** Uncertainty samples per prediction. */
export const SKULL_K = 16;
/** Largest file accepted from a drop, bytes (the decoders also refuse images over 40 megapixels). */
export const MAX_FILE_BYTES = 80 * 1024 * 1024;

function modelsBase(search: string): string {
  const q = new URLSearchParams(search).get('skull-models');
  return q && /^[a-z-]+$/.test(q) ? `${import.meta.env.BASE_URL ?? '/'}${q}`.replace('//', '/') : MODELS_BASE;
}

function backendOf(search: string): BackendName | null {
  try {
    return parseBackendParam(new URLSearchParams(search).get('backend'));
  } catch {
    return null;
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SkullController {
  private client: SkullClient | null = null;
  private dropT0: number | null = null;
  private predictSeq = 0;
  private restored = false;

  constructor(
    private readonly store: AppStoreApi,
    private readonly search: string,
  ) {}

  private get s(): AppStore {
    return this.store.getState();
  }

  private worker(): SkullClient {
    this.client ??= new SkullClient(backendOf(this.search));
    return this.client;
  }

  /** Loads the selected model (once) and predicts when planes are there. */
  async ensureModel(): Promise<void> {
    const x = this.s.skullX;
    if (x.model.status === 'loading' || (x.model.status === 'ready' && x.model.info?.id === x.modelId))
      return;
    const id = x.modelId;
    this.s.setSkullX({ model: { status: 'loading', info: null, message: null } });
    try {
      const info = await this.worker().load(modelsBase(this.search), id);
      if (this.s.skullX.modelId !== id) return;
      this.s.setSkullX({
        model: { status: 'ready', info, message: null },
        offsets: info.latent.map((l, i) =>
          Array.from({ length: l.size }, (_, d) => this.s.skullX.offsets[i]?.[d] ?? 0),
        ),
      });
      this.predict();
    } catch (e) {
      this.s.setSkullX({
        model: {
          status: 'error',
          info: null,
          message: joinSentences(
            messageOf(e),
            'The plane readers still work; try the other model or reload.',
          ),
        },
      });
    }
  }

  selectModel(id: SkullModelId): void {
    if (this.s.skullX.modelId === id) return;
    this.s.setSkullX({ modelId: id, model: { status: 'idle', info: null, message: null }, prediction: null });
    void this.ensureModel();
  }

  private applyReport(kind: PlaneKind, report: PlaneReport, readMs: number | null): void {
    this.s.setSkullSlot(kind, {
      status: report.detection ? 'ready' : 'error',
      report,
      message: report.error,
      edited: null,
      shared: null,
      enabled: true,
      confirmed: false,
      readMs,
    });
  }

  /**
   * A new image (file or example) starts without a gestational age: the one entered before belonged
   * to the previous image. (No reader here finds a GA in a file's header, so none is carried over.)
   */
  private forgetGa(what: string): void {
    const ga = this.s.skullX.gaWeeks;
    if (ga === null) return;
    this.s.setSkullX({
      gaWeeks: null,
      gaNote: `The GA of ${ga} weeks entered before was for the previous image; ${what} carries none, so GA is estimated from HC until you enter this fetus's age.`,
    });
  }

  /** A file dropped or picked for slot `kind`. */
  async dropFile(kind: PlaneKind, file: File): Promise<void> {
    if (file.size > MAX_FILE_BYTES) {
      this.s.setSkullSlot(kind, {
        message: `'${file.name}' is ${(file.size / 1e6).toFixed(0)} MB; files up to ${MAX_FILE_BYTES / 1e6} MB are read (downscale the image first). The previous ${kind} plane is kept.`,
      });
      return;
    }
    this.dropT0 = performance.now();
    this.s.setSkullSlot(kind, { status: 'reading', message: null });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // A new image starts with no pixel size unless its own header carries one (never the previous
      // image's: a 19-week image's 0.14 mm pixels make a 37-week head far too small).
      const { report, ms } = await this.worker().plane(kind, bytes, file.name, null);
      this.leaveExample();
      this.applyReport(kind, report, ms);
      this.forgetGa(`'${file.name}'`);
      this.predict();
    } catch (e) {
      const prev = this.s.skullX.slots[kind];
      this.s.setSkullSlot(kind, {
        status: prev.report ? (prev.report.detection ? 'ready' : 'error') : 'empty',
        message: joinSentences(
          aboutFile(file.name, messageOf(e)),
          prev.report && `The previous ${kind} plane is kept.`,
        ),
      });
      if (!(e instanceof SkullWorkerError && e.user)) console.error(e);
    }
  }

  /** A pixel size entered for slot `kind` (mm). */
  async setPixel(kind: PlaneKind, pixelMm: number): Promise<void> {
    if (!(Number.isFinite(pixelMm) && pixelMm >= 0.01 && pixelMm <= 2)) {
      this.s.setSkullSlot(kind, {
        message: `a pixel size must be a number of mm from 0.01 to 2 (no ultrasound scanner uses others; typically 0.05–0.4); got ${String(pixelMm)}`,
      });
      return;
    }
    this.dropT0 = performance.now();
    this.s.setSkullSlot(kind, { status: 'reading', message: null });
    try {
      this.applyReport(kind, await this.worker().pixel(kind, pixelMm), null);
      this.predict();
    } catch (e) {
      this.s.setSkullSlot(kind, { status: 'error', message: messageOf(e) });
    }
  }

  removePlane(kind: PlaneKind): void {
    this.worker().clear(kind);
    this.s.setSkullSlot(kind, emptySlot());
    this.leaveExample();
    this.dropT0 = performance.now();
    this.predict();
  }

  /** Uses a plane despite its plane-check warnings. */
  confirmPlane(kind: PlaneKind): void {
    this.s.setSkullSlot(kind, { confirmed: true });
    this.dropT0 = performance.now();
    this.predict();
  }

  setEnabled(kind: PlaneKind, enabled: boolean): void {
    this.s.setSkullSlot(kind, { enabled });
    this.dropT0 = performance.now();
    this.predict();
  }

  /** Replaces the slot's outline by a hand-edited ellipse (null: back to the detection). */
  editEllipse(kind: PlaneKind, ellipse: OutlineEllipse | null): void {
    const slot = this.s.skullX.slots[kind];
    const r = slot.report;
    if (!r || r.pixelMm === null) return;
    if (!ellipse) {
      this.s.setSkullSlot(kind, { edited: null, status: r.detection ? 'ready' : 'error', message: r.error });
      this.predict();
      return;
    }
    const problem = ellipseProblem(ellipse, r.width, r.height, r.pixelMm);
    if (problem) {
      this.s.setSkullSlot(kind, { message: `outline not changed: ${problem}` });
      return;
    }
    try {
      this.dropT0 = performance.now();
      const edited = editOutline(kind, r.pixelMm, ellipse, r.detection);
      this.s.setSkullSlot(kind, { edited, status: 'ready', message: null });
      this.predict();
    } catch (e) {
      this.s.setSkullSlot(kind, { message: `outline not changed: ${messageOf(e)}` });
    }
  }

  /** Loads held-out example `index` into all three slots. */
  async loadExample(index: number): Promise<void> {
    this.dropT0 = performance.now();
    this.s.setSkullX({ busy: `simulating the planes of held-out skull ${index + 1}…` });
    for (const k of PLANE_KINDS) this.s.setSkullSlot(k, { status: 'reading', message: null });
    try {
      const { subject, reports, ms } = await this.worker().example(index);
      for (const r of reports) this.applyReport(r.kind, r, ms / reports.length);
      this.forgetGa(`held-out skull ${index + 1}`);
      this.s.setSkullX({ example: { subject, comparison: null, ms }, busy: null });
      this.predict();
    } catch (e) {
      this.s.setSkullX({ busy: null, message: `The example could not be made: ${messageOf(e)}` });
      for (const k of PLANE_KINDS)
        if (this.s.skullX.slots[k].status === 'reading') this.s.setSkullSlot(k, { status: 'empty' });
    }
  }

  private leaveExample(): void {
    if (this.s.skullX.example) this.s.setSkullX({ example: null });
  }

  setOffsets(offsets: number[][]): void {
    this.s.setSkullX({ offsets });
    this.predict(false);
  }

  setColorBy(colorBy: 'uncertainty' | 'bone'): void {
    const p = this.s.skullX.prediction;
    this.s.setSkullX({
      colorBy,
      prediction: p
        ? { ...p, mesh: { ...p.mesh, scalar: colorBy === 'uncertainty' ? p.stdMm : null } }
        : null,
    });
  }

  /** Predicts from the slots' current profiles (latest wins); clears the shape without an axial plane. */
  predict(planesChanged = true): void {
    const x = this.s.skullX;
    if (x.model.status !== 'ready' || !x.model.info) {
      if (x.model.status === 'idle') void this.ensureModel();
      return;
    }
    const warned = planeWarnings(x.slots);
    const planes = {
      axial: slotProfile(x.slots.axial, warned.axial.length > 0),
      sagittal: slotProfile(x.slots.sagittal, warned.sagittal.length > 0),
      coronal: slotProfile(x.slots.coronal, warned.coronal.length > 0),
    };
    if (!planes.axial) {
      this.dropT0 = null;
      const held = x.slots.axial.enabled && slotProfile(x.slots.axial) !== null;
      this.s.setSkullX({
        prediction: null,
        previous: null,
        message: held
          ? 'The axial plane has a warning (see its slot): confirm it to predict from it, or drop another.'
          : 'A prediction needs the axial (transventricular) plane: drop one, or pick an example.',
      });
      return;
    }
    const seq = ++this.predictSeq;
    const t0 = performance.now();
    const dropT0 = planesChanged ? this.dropT0 : null;
    this.s.setSkullX({ busy: 'predicting…', message: null });
    this.worker()
      .predict({ modelId: x.model.info.id, planes, k: SKULL_K, seed: 1, offsets: x.offsets })
      .then((r) => {
        if (r) this.show(r, performance.now() - t0, dropT0);
        if (seq === this.predictSeq) this.s.setSkullX({ busy: null });
        return null;
      })
      .catch((e: unknown) => {
        this.s.setSkullX({ busy: null, message: `Prediction failed: ${messageOf(e)}` });
      });
  }

  private show(r: SkullPredictionResult, latencyMs: number, dropT0: number | null): void {
    const x = this.s.skullX;
    const old = x.prediction;
    const planesChanged = !old || old.planesUsed.join() !== r.planesUsed.join() || old.modelId !== r.modelId;
    const previous =
      old && planesChanged && old.modelId === r.modelId
        ? { meanMm: old.uncertainty.meanMm, p95Mm: old.uncertainty.p95Mm, planes: old.planesUsed }
        : planesChanged
          ? null
          : x.previous;
    const range = x.range.auto ? { loMm: 0, hiMm: Math.max(0.05, r.uncertainty.p95Mm), auto: true } : x.range;
    this.s.setSkullX({
      prediction: {
        ...r,
        latencyMs,
        mesh: {
          positions: r.positions,
          normals: r.normals,
          indices: r.indices,
          scalar: x.colorBy === 'uncertainty' ? r.stdMm : null,
        },
      },
      previous,
      range,
      version: x.version + 1,
      lastDropMs: dropT0 !== null ? performance.now() - dropT0 : x.lastDropMs,
    });
    if (dropT0 !== null) this.dropT0 = null;
    const ex = x.example;
    if (ex) {
      const radii = r.radii;
      void this.worker()
        .compare(ex.subject.index, radii)
        .then((comparison) => {
          const now = this.s.skullX;
          if (now.example?.subject.index === comparison.exampleIndex && now.prediction?.radii === radii)
            this.s.setSkullX({ example: { ...now.example, comparison } });
          return null;
        })
        .catch((e: unknown) =>
          this.s.setSkullX({ message: `Comparison with the truth failed: ${messageOf(e)}` }),
        );
    }
  }

  /** Applies a shared link once (the link's outlines, model, offsets, GA and camera). */
  restoreFromUrl(): void {
    if (this.restored) return;
    this.restored = true;
    let shared: SkullShared | null;
    try {
      shared = parseSkullShare(this.search);
    } catch (e) {
      // Kept apart from the status message, which the next prediction replaces.
      this.s.setSkullX({ linkMessage: joinSentences(messageOf(e), 'Starting without it.') });
      return;
    }
    if (!shared) return;
    this.s.setSkullX({
      modelId: shared.modelId,
      offsets: shared.offsets,
      gaWeeks: shared.gaWeeks,
      gaNote: null,
    });
    if (shared.camera) this.s.setCamera(shared.camera);
    this.restoreShared(shared.profiles);
  }

  /** Restores planes from a shared link's profiles (no images). */
  restoreShared(profiles: Partial<Record<PlaneKind, Float32Array>>): void {
    for (const k of PLANE_KINDS) {
      const p = profiles[k];
      this.s.setSkullSlot(k, p ? { ...emptySlot(), status: 'ready', shared: p } : emptySlot());
    }
    this.predict();
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
  }
}

const controllers = new WeakMap<AppStoreApi, SkullController>();

/** The skull controller of a store (created on first use). */
export function skullControllerOf(store: AppStoreApi): SkullController {
  let c = controllers.get(store);
  if (!c) {
    c = new SkullController(store, typeof location === 'undefined' ? '' : location.search);
    controllers.set(store, c);
  }
  return c;
}
