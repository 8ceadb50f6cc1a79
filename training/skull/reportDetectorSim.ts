/**
 * Accuracy report of the head detector, printed as JSON:
 * - every HC18 image found in the folder (default `<repo>/../shared/realdata/hc18`, the CSV beside
 *   it gives pixel size and annotated HC): detected HC against the annotation, % error, timing, and
 *   where the annotation image is there, the detected contour's distance from the annotated ellipse;
 * - simulated planes of a seeded cohort of skulls (default 30) per plane kind: profile error against
 *   `skullSectionProfile` (mean abs, bias, 90th percentile), against its image-rule normalisation
 *   (`.canonical`), axial HC error, rotation error, failures.
 *
 * Run: `npx tsx training/skull/reportDetectorSim.ts [--dir DIR] [--skulls N] [--write-previews]`; with
 * `--write-previews` it writes docs/img/imaging/*.png (detections drawn over the images).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleSkullCohort } from '../../src/anatomy/skullPopulation';
import { defaultSkullParams } from '../../src/anatomy/skullParams';
import { fitEllipse, ellipsePerimeter } from '../../src/geometry/ellipseFit';
import { decodeImage } from '../../src/imaging/decodeImage';
import { rayPolygon } from '../../src/imaging/canonicalFrame';
import { type HeadOutline, type PlaneKind, detectHeadOutline } from '../../src/imaging/headOutline';
import { SIMULATED_EDGE_LEVELS } from '../../src/imaging/edgeScan';
import { detectionPreviewPng } from '../../src/imaging/preview';
import { detectionError, simulatePlane } from '../../src/imaging/simulatedPlanes';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const SIM = { edgeLevels: SIMULATED_EDGE_LEVELS };
const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : def;
};
const dir = resolve(arg('--dir', join(repo, '..', 'shared', 'realdata', 'hc18')));
const nSkulls = Number(arg('--skulls', '30'));
const writePreviews = args.includes('--write-previews');
const imgDir = join(repo, 'docs', 'img', 'imaging');
if (writePreviews) mkdirSync(imgDir, { recursive: true });

const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
};
const pct = (a: number[], q: number): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) : NaN;
};
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);

/** Median wall and CPU milliseconds of `f` over `n` runs after two warm-up runs. */
function timeIt(f: () => void, n = 7): { wallMs: number; cpuMs: number } {
  f();
  f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: round(median(wall), 1), cpuMs: round(median(cpu), 1) };
}

// Real HC18 images.
const hc18: Record<string, unknown>[] = [];
const csvPath = join(dir, 'training_set_pixel_size_and_HC.csv');
if (existsSync(csvPath)) {
  for (const line of readFileSync(csvPath, 'utf8').split(/\r?\n/).slice(1)) {
    const [file, px, hc] = line.split(',');
    if (!file || !px || !hc || !existsSync(join(dir, file))) continue;
    const pixelMm = Number(px);
    const annotated = Number(hc);
    const img = decodeImage(readFileSync(join(dir, file)));
    // The annotation (an ellipse drawn on a black image) as a check of the convention, when present.
    const annPath = join(dir, file.replace(/\.png$/i, '_Annotation.png'));
    let annotation: { cx: number; cy: number; xy: Float64Array; hcMm: number } | null = null;
    if (existsSync(annPath)) {
      const ann = decodeImage(readFileSync(annPath));
      const pts: number[] = [];
      for (let j = 0; j < ann.height; j++)
        for (let i = 0; i < ann.width; i++) if ((ann.data[j * ann.width + i] as number) > 0.5) pts.push(i, j);
      const e = fitEllipse(Float64Array.from(pts));
      if (e) {
        const xy = new Float64Array(720);
        for (let q = 0; q < 360; q++) {
          const t = (2 * Math.PI * q) / 360;
          xy[2 * q] =
            e.cx + e.a * Math.cos(t) * Math.cos(e.angleRad) - e.b * Math.sin(t) * Math.sin(e.angleRad);
          xy[2 * q + 1] =
            e.cy + e.a * Math.cos(t) * Math.sin(e.angleRad) + e.b * Math.sin(t) * Math.cos(e.angleRad);
        }
        annotation = { cx: e.cx, cy: e.cy, xy, hcMm: ellipsePerimeter(e.a, e.b) * pixelMm };
      }
    }
    try {
      const det = detectHeadOutline(img, pixelMm, 'axial');
      // Signed distance of the detected contour from the annotated ellipse along 360 rays, mm.
      let contourVsAnnotation: Record<string, number> | undefined;
      if (annotation) {
        const d: number[] = [];
        for (let q = 0; q < 360; q++) {
          const t = (2 * Math.PI * q) / 360;
          const ra = rayPolygon(annotation.xy, annotation.cx, annotation.cy, Math.cos(t), Math.sin(t));
          const rd = rayPolygon(det.contourPx, annotation.cx, annotation.cy, Math.cos(t), Math.sin(t));
          if (Number.isFinite(ra) && Number.isFinite(rd)) d.push((rd - ra) * pixelMm);
        }
        contourVsAnnotation = {
          meanMm: round(mean(d)),
          meanAbsMm: round(mean(d.map(Math.abs))),
          maxAbsMm: round(Math.max(...d.map(Math.abs))),
          annotationEllipseHcMm: round(annotation.hcMm, 1),
        };
      }
      hc18.push({
        file,
        pixelMm: round(pixelMm, 4),
        annotatedHcMm: annotated,
        detectedHcMm: round(det.hcMm, 1),
        errorPct: round((100 * (det.hcMm - annotated)) / annotated, 2),
        ofdMm: round(det.ofdMm, 1),
        bpdMm: round(det.bpdMm, 1),
        bpdMethod: det.bpdMethod,
        boneThicknessMm: round(det.boneThicknessMm, 2),
        coverage: round(det.coverage, 2),
        confidence: round(det.confidence, 2),
        warnings: det.warnings,
        contourVsAnnotation,
        time: timeIt(() => detectHeadOutline(img, pixelMm, 'axial')),
      });
      if (writePreviews)
        writeFileSync(
          join(imgDir, `hc18_${file.replace(/\.png$/i, '')}_detected.png`),
          detectionPreviewPng(img, det),
        );
    } catch (e) {
      hc18.push({
        file,
        pixelMm,
        annotatedHcMm: annotated,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}

// Simulated planes.
const KINDS: PlaneKind[] = ['axial', 'sagittal', 'coronal'];
const cohort = sampleSkullCohort(20260, nSkulls);
const simulated: Record<string, unknown> = {};
for (const kind of KINDS) {
  const mae: number[] = [];
  const bias: number[] = [];
  const maeCanon: number[] = [];
  const maxErr: number[] = [];
  const hcErr: number[] = [];
  const rotErr: number[] = [];
  const failures: string[] = [];
  cohort.forEach((subj, i) => {
    const sim = simulatePlane(subj.params, kind, { seed: 1000 + i });
    let det: HeadOutline;
    try {
      det = detectHeadOutline(sim.image, sim.pixelMm, kind, SIM);
    } catch (e) {
      failures.push(
        `#${i} (${subj.params.gaWeeks.toFixed(1)} w): ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
    const err = detectionError(sim, det);
    mae.push(err.maeMm);
    bias.push(err.biasMm);
    maxErr.push(err.maxMm);
    rotErr.push(Math.abs(err.rotationErrorDeg));
    let c = 0;
    for (let k = 0; k < 64; k++)
      c += Math.abs((det.profileMm[k] as number) - (sim.truth.canonical.profile[k] as number));
    maeCanon.push(c / 64);
    if (kind === 'axial') hcErr.push(err.hcErrorPct);
  });
  simulated[kind] = {
    planes: nSkulls,
    detected: mae.length,
    profileMaeMm: {
      mean: round(mean(mae)),
      median: round(median(mae)),
      p90: round(pct(mae, 0.9)),
      max: round(Math.max(...mae)),
    },
    profileBiasMm: round(mean(bias)),
    profileMaxErrorMm: { median: round(median(maxErr)), max: round(Math.max(...maxErr)) },
    profileMaeVsCanonicalTruthMm: round(mean(maeCanon)),
    rotationErrorDeg: { median: round(median(rotErr), 1), max: round(Math.max(...rotErr), 1) },
    ...(kind === 'axial'
      ? {
          hcErrorPct: {
            mean: round(mean(hcErr)),
            meanAbs: round(mean(hcErr.map(Math.abs))),
            maxAbs: round(Math.max(...hcErr.map(Math.abs))),
            within3pct: `${hcErr.filter((v) => Math.abs(v) <= 3).length}/${hcErr.length}`,
          },
        }
      : {}),
    failures,
  };
  if (writePreviews) {
    const sim = simulatePlane(defaultSkullParams(28), kind, { seed: 28 });
    const det = detectHeadOutline(sim.image, sim.pixelMm, kind, SIM);
    writeFileSync(join(imgDir, `sim_${kind}_28w_detected.png`), detectionPreviewPng(sim.image, det));
  }
}

const sim28 = simulatePlane(defaultSkullParams(28), 'axial', { seed: 28 });
const report = {
  method: 'src/imaging/headOutline.ts (see docs/imaging.md); simulated planes with SIMULATED_EDGE_LEVELS',
  hc18,
  simulated: {
    note: `${nSkulls} skulls (sampleSkullCohort seed 20260), one augmented plane each (rotation ±10°, shift ±7 px, no scaling), 400 × 270 px at 0.32–0.52 mm; truth = skullSectionProfile with 2 mm slice`,
    ...simulated,
  },
  timing400x270: timeIt(() => detectHeadOutline(sim28.image, sim28.pixelMm, 'axial', SIM)),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
