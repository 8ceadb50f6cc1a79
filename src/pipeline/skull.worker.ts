/// <reference lib="webworker" />
/**
 * The skull worker: reads dropped planes (PNG, JPEG, DICOM), detects the head, simulates example
 * planes, loads the skull models and predicts the skull with its uncertainty, off the main thread.
 * Messages are handled one at a time, in order.
 */
import * as tf from '@tensorflow/tfjs';
import { radialSkullBiometry } from '../anatomy/radialSkullBiometry';
import { skullShape } from '../anatomy/skullShape';
import { marchingCubes } from '../geometry/marchingCubes';
import { dice, hausdorff } from '../geometry/metrics';
import { radialMesh, radialVolume } from '../geometry/radialSurface';
import type { Mesh, Vec3, Volume } from '../geometry/types';
import { outerDistance } from '../anatomy/skullShape';
import { isUserInputError, UserInputError } from '../io/errors';
import { headSizeNote, profilePerimeterMm, sameProfile } from './skullSize';
import { initBackend } from '../model/backend';
import {
  loadSkullModelWith,
  predictSkull,
  validateSkullManifest,
  type SkullModel,
} from '../model/skullModel';
import { bonesTransfer, skullBonesOf } from './skullBones';
import { isZeroOffsets, radiiAtOffsets } from './skullLatent';
import {
  exampleSubject,
  readPlaneFile,
  reportPlane,
  simulateExamplePlanes,
  type PlaneKind,
  type PlaneReport,
  type ReadPlane,
} from './skullPlanes';
import type { FromSkullWorker, SkullPredictionResult, ToSkullWorker } from './skullProtocol';
import { MODELS_BASE } from '../app/modelsBase';
import { type RefinerState, fetchHeadRefiner } from './headRefiner';

/** The head outline's boundary refiner, fetched once (classical detection when it cannot load). */
let refinerLoad: Promise<RefinerState> | null = null;
const headRefiner = (): Promise<RefinerState> => (refinerLoad ??= fetchHeadRefiner(MODELS_BASE));

const scope = self as unknown as DedicatedWorkerGlobalScope;
const models = new Map<string, SkullModel>();
const planes = new Map<PlaneKind, ReadPlane>();
/** Each plane's last detection (a copy: the report's buffers are transferred to the page). */
const detections = new Map<PlaneKind, { profile: Float32Array; relSd: number }>();

function remember(kind: PlaneKind, report: PlaneReport): void {
  const d = report.detection;
  if (d) detections.set(kind, { profile: Float32Array.from(d.profileMm), relSd: d.uncertainty.relSd });
  else detections.delete(kind);
}
let truth: { index: number; vol: Volume<Float32Array>; mesh: Mesh } | null = null;

function send(msg: FromSkullWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function reportTransfer(r: PlaneReport): Transferable[] {
  const t: Transferable[] = [r.preview.gray.buffer];
  if (r.detection) t.push(r.detection.contourPx.buffer, r.detection.profileMm.buffer);
  return t;
}

/** Share of clearly coloured pixels (chroma > 40/255) of a PNG/JPEG, measured on a ≤ 256 px copy. */
async function colourFraction(bytes: Uint8Array): Promise<number> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return 0;
  try {
    const bmp = await createImageBitmap(new Blob([bytes.slice().buffer as ArrayBuffer]));
    const f = Math.min(1, 256 / Math.max(bmp.width, bmp.height));
    const w = Math.max(1, Math.round(bmp.width * f));
    const h = Math.max(1, Math.round(bmp.height * f));
    const ctx = new OffscreenCanvas(w, h).getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(bmp, 0, 0, w, h);
    bmp.close();
    const px = ctx.getImageData(0, 0, w, h).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4) {
      const r = px[i] as number;
      const g = px[i + 1] as number;
      const b = px[i + 2] as number;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
    }
    return coloured / (w * h);
  } catch {
    return 0;
  }
}

async function loadModel(base: string, id: string) {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`invalid model id '${id}'`);
  const old = models.get(id);
  if (old) return old;
  const res = await fetch(`${base}/${id}/manifest.json`);
  if (!res.ok)
    throw new Error(
      `the skull model '${id}' is not available (${base}/${id}/manifest.json: HTTP ${res.status})`,
    );
  // A static server may answer a missing file with the app's index.html.
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `the skull model '${id}' is not available here (${base}/${id}/manifest.json is not a JSON manifest)`,
    );
  }
  const manifest = validateSkullManifest(json, `${id}/manifest.json`);
  const model = await loadSkullModelWith(manifest, (rel) => tf.loadLayersModel(`${base}/${id}/${rel}`));
  // Warm-up: one prediction from the training-mean profiles so the first real one runs at full speed.
  const n = model.spec.profileN;
  const mean = (k: number) => model.spec.profileMean.slice(k * n, (k + 1) * n);
  try {
    await predictSkull(model, { axial: mean(0), sagittal: mean(1), coronal: mean(2) }, 16, 1);
  } catch (e) {
    model.dispose();
    throw new Error(
      `the skull model '${id}' (exported ${String((manifest as { createdAt?: unknown }).createdAt ?? '?')}) does not fit this version of the app's skull networks (${e instanceof Error ? e.message : String(e)}); it needs re-exporting with npx latent-anatomy train ${id}`,
      { cause: e },
    );
  }
  models.set(id, model);
  return model;
}

function truthFor(index: number, model: SkullModel) {
  if (truth?.index === index) return truth;
  const shape = skullShape(exampleSubject(index).params);
  const v = model.manifest.volume;
  const [nx, ny, nz] = v.dims;
  const data = new Float32Array(nx * ny * nz);
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++)
        data[i] = outerDistance(
          shape,
          v.originMm[0] + x * v.spacingMm[0],
          v.originMm[1] + y * v.spacingMm[1],
          v.originMm[2] + z * v.spacingMm[2],
        );
  const vol: Volume<Float32Array> = { dims: v.dims as Vec3, spacing: v.spacingMm, origin: v.originMm, data };
  truth = { index, vol, mesh: marchingCubes(vol) };
  return truth;
}

async function handle(msg: ToSkullWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      try {
        send({ type: 'ready', backend: await initBackend(msg.backend) });
      } catch (e) {
        send({ type: 'init-error', message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'load': {
      const m = await loadModel(msg.base, msg.id);
      const man = m.manifest;
      send({
        type: 'loaded',
        req: msg.req,
        info: {
          id: man.id,
          title: man.title,
          kind: man.kind,
          latent: man.latent.levels,
          requiredPlanes: man.planes.required,
          vertices: man.spec.vertices,
          metrics: man.metrics,
        },
      });
      return;
    }
    case 'plane': {
      const t0 = performance.now();
      const colour = /\.dcm$/i.test(msg.fileName) ? 0 : await colourFraction(msg.bytes);
      const read = readPlaneFile(msg.bytes, msg.fileName, colour);
      planes.set(msg.kind, read);
      const report = reportPlane(msg.kind, read, msg.pixelMm, await headRefiner());
      remember(msg.kind, report);
      send({ type: 'plane', req: msg.req, report, ms: performance.now() - t0 }, reportTransfer(report));
      return;
    }
    case 'pixel': {
      const t0 = performance.now();
      const read = planes.get(msg.kind);
      if (!read) throw new Error(`no ${msg.kind} image is loaded`);
      const report = reportPlane(
        msg.kind,
        { ...read, pixelMm: null, pixelSource: null },
        msg.pixelMm,
        await headRefiner(),
      );
      remember(msg.kind, report);
      send({ type: 'plane', req: msg.req, report, ms: performance.now() - t0 }, reportTransfer(report));
      return;
    }
    case 'clear':
      planes.delete(msg.kind);
      detections.delete(msg.kind);
      return;
    case 'example': {
      const t0 = performance.now();
      const subject = exampleSubject(msg.index);
      const sims = simulateExamplePlanes(subject.params, 7000 + msg.index);
      const reports = sims.map((s) => {
        const read: ReadPlane = {
          img: s.img,
          format: 'simulated',
          fileName: `held-out skull ${msg.index + 1}, ${s.kind} (simulated)`,
          pixelMm: s.pixelMm,
          pixelSource: 'simulated',
          warnings: [],
          colourFraction: 0,
        };
        planes.set(s.kind, read);
        const report = reportPlane(s.kind, read);
        remember(s.kind, report);
        return report;
      });
      send(
        { type: 'example', req: msg.req, subject, reports, ms: performance.now() - t0 },
        reports.flatMap(reportTransfer),
      );
      return;
    }
    case 'predict': {
      const model = models.get(msg.modelId);
      if (!model) throw new Error(`the skull model '${msg.modelId}' is not loaded yet`);
      const axial = msg.planes.axial;
      if (!axial) throw new Error('the axial plane is required for a prediction');
      const profiles = { axial, sagittal: msg.planes.sagittal, coronal: msg.planes.coronal };
      // Heads outside 20–36 weeks by size: no 3-D prediction far outside, marked extrapolated near.
      const size = headSizeNote(profilePerimeterMm(axial));
      if (size.prediction === 'no') throw new UserInputError(size.message ?? 'head size outside the models');
      // The detector's uncertainty enters the SD while the outline is the detected one (not hand-edited).
      const det = detections.get('axial');
      const outlineRelSd = det && sameProfile(det.profile, axial) ? det.relSd : 0;
      const t0 = performance.now();
      const pred = await predictSkull(model, profiles, msg.k, msg.seed, { relSd: outlineRelSd });
      const t1 = performance.now();
      const radii = isZeroOffsets(msg.offsets)
        ? pred.radii
        : await radiiAtOffsets(model, profiles, msg.offsets, pred.priorScale);
      const t2 = performance.now();
      const sphere = model.manifest.surface.sphere;
      const mesh = radialMesh(radii, sphere);
      const b = radialSkullBiometry(radii, sphere);
      const t3 = performance.now();
      const bones = skullBonesOf(radii, sphere, mesh.positions, b.gaFromHcWeeks, msg.gaWeeks ?? null);
      const result: SkullPredictionResult = {
        modelId: msg.modelId,
        positions: mesh.positions,
        normals: mesh.normals,
        indices: mesh.indices,
        radii,
        stdMm: pred.stdMm,
        outlineRelSd,
        extrapolated: size.prediction === 'extrapolated' ? size.message : null,
        uncertainty: pred.uncertainty,
        k: msg.k,
        planesUsed: pred.planesUsed,
        planesFilled: pred.planesFilled,
        biometry: {
          hcMm: b.hcMm,
          bpdMm: b.bpdMm,
          ofdMm: b.ofdMm,
          cephalicIndex: b.cephalicIndex,
          gaFromHcWeeks: b.gaFromHcWeeks,
          boneThicknessMm: b.boneThicknessMm,
        },
        offsets: msg.offsets,
        bones,
        timings: {
          predictMs: t1 - t0,
          offsetsMs: t2 - t1,
          meshMs: t3 - t2,
          bonesMs: performance.now() - t3,
        },
      };
      send({ type: 'prediction', req: msg.req, result }, [
        mesh.positions.buffer,
        mesh.normals.buffer,
        mesh.indices.buffer,
        pred.stdMm.buffer,
        ...bonesTransfer(bones),
      ]);
      return;
    }
    case 'compare': {
      const t0 = performance.now();
      const model = [...models.values()][0];
      if (!model) throw new Error('no skull model is loaded');
      const t = truthFor(msg.exampleIndex, model);
      const grid = { dims: t.vol.dims, spacing: t.vol.spacing, origin: t.vol.origin };
      const vol = radialVolume(msg.radii, model.manifest.surface.sphere, grid);
      const h = hausdorff(marchingCubes(vol), t.mesh);
      send({
        type: 'compare',
        req: msg.req,
        result: {
          exampleIndex: msg.exampleIndex,
          dice: dice(vol, t.vol),
          hausdorffMm: h.maxMm,
          hausdorff95Mm: h.p95Mm,
          ms: performance.now() - t0,
        },
      });
      return;
    }
  }
}

async function handleSafely(msg: ToSkullWorker): Promise<void> {
  try {
    await handle(msg);
  } catch (err) {
    const req = 'req' in msg ? msg.req : 0;
    send({
      type: 'error',
      req,
      message: err instanceof Error ? err.message : String(err),
      user: isUserInputError(err),
    });
  }
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToSkullWorker>) => {
  const msg = e.data;
  queue = queue.then(() => handleSafely(msg));
};
