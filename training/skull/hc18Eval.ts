/**
 * Head detector on the HC18 development set: per-image HC against the expert's annotation, by part
 * of the split (`hc18Split.ts`), as JSON lines (one per image) for `hc18Report.ts`.
 *
 * Run: `npx tsx training/skull/hc18Eval.ts [--part tuning|heldout|all] [--every N] [--in-range]
 *       [--refiner FILE.json|none] [--out FILE.jsonl]`. The boundary refiner is the shipped one
 * (`public/models/hc18-refiner/refiner.json`) unless `--refiner` names another or `none`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeImage } from '../../src/imaging/decodeImage';
import { detectHeadOutline } from '../../src/imaging/headOutline';
import { fitEllipse, ellipsePerimeter } from '../../src/geometry/ellipseFit';
import { rayPolygon } from '../../src/imaging/canonicalFrame';
import { ellipseRadius } from '../../src/imaging/outlineFit';
import { IN_RANGE_HC_MM, readHc18Cases } from './hc18Split';
import { readRefinerFile, refinerPathIn } from './refinerFile';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : def;
};
const devDir = resolve(arg('--dir', join(process.cwd(), '..', 'shared', 'realdata', 'hc18', 'dev')));
const part = arg('--part', 'all');
const every = Number(arg('--every', '1'));
const offset = Number(arg('--offset', '0'));
const inRange = args.includes('--in-range');
const only = arg('--only', '');
const out = arg('--out', '');
const levels = arg('--levels', '');
const refinerArg = arg('--refiner', refinerPathIn('public/models'));
const refinerState = refinerArg === 'none' ? { refiner: null } : readRefinerFile(refinerArg);
if (refinerState.refinerUnavailable) throw new Error(refinerState.refinerUnavailable);
const detectOpts = {
  ...refinerState,
  ...(levels ? { edgeLevels: levels.split(',').map(Number) as [number, number, number] } : {}),
};

const cases = readHc18Cases(devDir).filter(
  (c, i) =>
    (part === 'all' || c.part === part) &&
    (!inRange || (c.hcMm >= IN_RANGE_HC_MM[0] && c.hcMm <= IN_RANGE_HC_MM[1])) &&
    (!only || only.split(',').includes(c.filename)) &&
    i % every === offset,
);
const r = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;
const lines: string[] = [];
for (const c of cases) {
  const img = decodeImage(readFileSync(join(devDir, c.filename)));
  const ann = decodeImage(readFileSync(join(devDir, c.filename.replace(/\.png$/i, '_Annotation.png'))));
  const pts: number[] = [];
  for (let j = 0; j < ann.height; j++)
    for (let i = 0; i < ann.width; i++) if ((ann.data[j * ann.width + i] as number) > 0.5) pts.push(i, j);
  const ae = fitEllipse(Float64Array.from(pts));
  const rec: Record<string, unknown> = {
    file: c.filename,
    part: c.part,
    pixelMm: c.pixelMm,
    hcMm: c.hcMm,
    annCx: ae ? r(ae.cx, 1) : null,
    annCy: ae ? r(ae.cy, 1) : null,
    annA: ae ? r(ae.a * c.pixelMm) : null,
    annB: ae ? r(ae.b * c.pixelMm) : null,
    annHc: ae ? r(ellipsePerimeter(ae.a, ae.b) * c.pixelMm) : null,
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const d = detectHeadOutline(img, c.pixelMm, 'axial', detectOpts);
    const cpu = process.cpuUsage(c0);
    Object.assign(rec, {
      detHc: r(d.hcMm),
      errMm: r(d.hcMm - c.hcMm),
      errPct: r((100 * (d.hcMm - c.hcMm)) / c.hcMm),
      cx: r(d.ellipse.cxPx, 1),
      cy: r(d.ellipse.cyPx, 1),
      a: r(d.ellipse.semiMajorMm),
      b: r(d.ellipse.semiMinorMm),
      coverage: r(d.coverage),
      // Detected outline − annotated ellipse along 16 image directions from the annotation's centre, mm.
      radialDiffMm: ae
        ? Array.from({ length: 16 }, (_, k) => {
            const th = (2 * Math.PI * k) / 16;
            const rd = rayPolygon(d.contourPx, ae.cx, ae.cy, Math.cos(th), Math.sin(th));
            return r((rd - ellipseRadius(ae, ae.cx, ae.cy, th)) * c.pixelMm);
          })
        : null,
      confidence: r(d.confidence),
      support: r(d.ring.support),
      unc: {
        hcSdMm: r(d.uncertainty.hcSdMm),
        relSd: r(d.uncertainty.relSd, 4),
        jk: r(d.uncertainty.jackknifeRel, 4),
        alt: r(d.uncertainty.altRingRel, 4),
        rms: r(d.uncertainty.fitRmsMm, 3),
        rej: r(d.uncertainty.rejectedShare, 3),
        doubtful: d.uncertainty.doubtful,
      },
      refinement: d.refinement
        ? {
            id: d.refinement.id,
            shiftMm: r(d.refinement.hcShiftMm),
            sd: r(d.refinement.meanSdRel, 4),
            rms: r(d.refinement.rmsRel, 4),
            inliers: r(d.refinement.inlierShare, 3),
            startMove: r(d.refinement.startMoveRel, 4),
          }
        : null,
      contrast: r(d.ring.contrast),
      warnings: d.warnings,
      wallMs: r(performance.now() - t0, 1),
      cpuMs: r((cpu.user + cpu.system) / 1000, 1),
    });
  } catch (e) {
    const cpu = process.cpuUsage(c0);
    Object.assign(rec, {
      fail: e instanceof Error ? e.message : String(e),
      wallMs: r(performance.now() - t0, 1),
      cpuMs: r((cpu.user + cpu.system) / 1000, 1),
    });
  }
  const line = JSON.stringify(rec);
  lines.push(line);
  if (!out) process.stdout.write(`${line}\n`);
}
if (out) writeFileSync(out, `${lines.join('\n')}\n`);
