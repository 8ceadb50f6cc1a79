/**
 * Held-out evaluation of a skull model: for each plane subset (axial; axial + sagittal; all three),
 * Dice, Hausdorff (max and 95th percentile, mm) and relative volume difference of the decoded 64³
 * volume against the true synthetic skull, the predicted uncertainty (K samples) and how it tracks
 * the error, and biometry (HC, BPD, OFD, cephalic index, head-shape call) against the truth.
 */
import { radialSkullBiometry } from '../../src/anatomy/radialSkullBiometry';
import { headShapeOf } from '../../src/anatomy/skullPopulation';
import { skullOuterRadii } from '../../src/anatomy/skullRadii';
import { outerDistance, type SkullShape } from '../../src/anatomy/skullShape';
import { marchingCubes } from '../../src/geometry/marchingCubes';
import { meshVolume } from '../../src/geometry/meshTopology';
import { dice, hausdorff, relativeVolumeDifference } from '../../src/geometry/metrics';
import { radialVolume } from '../../src/geometry/radialSurface';
import type { Vec3, Volume } from '../../src/geometry/types';
import { predictSkull, type SkullModel, type SkullPlaneProfiles } from '../../src/model/skullModel';
import { EVAL_SUBSETS } from './batch';

export interface SubsetResult {
  subset: string;
  n: number;
  dice: { mean: number; sd: number };
  hausdorffMm: { mean: number; sd: number };
  hausdorff95Mm: { mean: number; sd: number };
  rvd: { mean: number; meanAbs: number };
  uncertainty: { meanMm: number; p95Mm: number };
  /** Pearson correlation of per-vertex predicted SD and per-vertex radial error (pooled), and the per-subject mean. */
  uncertaintyErrorCorrelation: { pooled: number; perSubjectMean: number };
  /** Mean radial error where the predicted SD is in the top quarter vs the bottom quarter (mm). */
  errorByUncertaintyQuartile: { bottomMm: number; topMm: number };
  biometry: {
    hcPctError: { meanAbs: number; max: number; within3Pct: number };
    bpdMmError: { meanAbs: number };
    ofdMmError: { meanAbs: number };
    cephalicIndexError: { meanAbs: number };
    headShapeAgreement: number;
  };
}

/** The volume grid of the manifest as a Volume frame. */
export function gridOf(model: SkullModel): { dims: Vec3; spacing: Vec3; origin: Vec3 } {
  const v = model.manifest.volume;
  return { dims: v.dims, spacing: v.spacingMm, origin: v.originMm };
}

/** True outer-surface signed distance sampled on `grid` (mm, negative inside). */
export function truthVolume(
  shape: SkullShape,
  grid: { dims: Vec3; spacing: Vec3; origin: Vec3 },
): Volume<Float32Array> {
  const [nx, ny, nz] = grid.dims;
  const data = new Float32Array(nx * ny * nz);
  let i = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let x = 0; x < nx; x++, i++)
        data[i] = outerDistance(
          shape,
          grid.origin[0] + x * grid.spacing[0],
          grid.origin[1] + j * grid.spacing[1],
          grid.origin[2] + k * grid.spacing[2],
        );
  return { dims: grid.dims, spacing: grid.spacing, origin: grid.origin, data };
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
const sd = (a: number[]): number => {
  const m = mean(a);
  return Math.sqrt(mean(a.map((v) => (v - m) ** 2)));
};

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = (x[i] as number) - mx;
    const b = (y[i] as number) - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy || 1);
}

/**
 * Evaluates `model` on subjects with their shapes and plane profiles (one entry per subject: axial,
 * sagittal, coronal profiles in mm).
 */
export async function evaluateSkull(
  model: SkullModel,
  shapes: SkullShape[],
  profiles: { axial: Float32Array; sagittal: Float32Array; coronal: Float32Array }[],
  opts: {
    k?: number;
    log?: (s: string) => void;
    /** Called with each prediction's radii (e.g. the bone evaluation, evaluateBones.ts). */
    onPrediction?: (subset: string, i: number, radii: Float32Array) => void;
  } = {},
): Promise<SubsetResult[]> {
  const k = opts.k ?? 16;
  const grid = gridOf(model);
  const sphere = model.manifest.surface.sphere;
  const truths = shapes.map((s) => {
    const vol = truthVolume(s, grid);
    const mesh = marchingCubes(vol);
    return { vol, mesh, volume: meshVolume(mesh), radii: skullOuterRadii(s, sphere) };
  });
  const results: SubsetResult[] = [];
  for (const sub of EVAL_SUBSETS) {
    const d: number[] = [];
    const hd: number[] = [];
    const hd95: number[] = [];
    const rvd: number[] = [];
    const um: number[] = [];
    const up: number[] = [];
    const corrs: number[] = [];
    const allStd: number[] = [];
    const allErr: number[] = [];
    const hcErr: number[] = [];
    const bpdErr: number[] = [];
    const ofdErr: number[] = [];
    const ciErr: number[] = [];
    let agree = 0;
    for (let i = 0; i < shapes.length; i++) {
      const pr = profiles[i] as (typeof profiles)[number];
      const planes: SkullPlaneProfiles = {
        axial: pr.axial,
        sagittal: sub.planes[0] ? pr.sagittal : null,
        coronal: sub.planes[1] ? pr.coronal : null,
      };
      const pred = await predictSkull(model, planes, k, 1000 + i);
      opts.onPrediction?.(sub.name, i, pred.radii);
      const t = truths[i] as (typeof truths)[number];
      const vol = radialVolume(pred.radii, sphere, grid);
      const mesh = marchingCubes(vol);
      d.push(dice(vol, t.vol));
      const h = hausdorff(mesh, t.mesh);
      hd.push(h.maxMm);
      hd95.push(h.p95Mm);
      rvd.push(relativeVolumeDifference(meshVolume(mesh), t.volume));
      um.push(pred.uncertainty.meanMm);
      up.push(pred.uncertainty.p95Mm);
      const err = new Float32Array(pred.radii.length);
      for (let v = 0; v < err.length; v++)
        err[v] = Math.abs((pred.radii[v] as number) - (t.radii[v] as number));
      corrs.push(pearson(pred.stdMm, err));
      for (let v = 0; v < err.length; v += 3) {
        allStd.push(pred.stdMm[v] as number);
        allErr.push(err[v] as number);
      }
      const s = shapes[i] as SkullShape;
      const b = radialSkullBiometry(pred.radii, sphere);
      hcErr.push((100 * (b.hcMm - s.hcMm)) / s.hcMm);
      bpdErr.push(Math.abs(b.bpdMm - s.bpdMm));
      ofdErr.push(Math.abs(b.ofdMm - s.ofdMm));
      ciErr.push(Math.abs(b.cephalicIndex - s.cephalicIndex));
      if (headShapeOf(b.cephalicIndex) === headShapeOf(s.cephalicIndex)) agree++;
    }
    const order = allStd.map((_, i) => i).sort((a, b) => (allStd[a] as number) - (allStd[b] as number));
    const q = Math.floor(order.length / 4);
    const bottom = mean(order.slice(0, q).map((i) => allErr[i] as number));
    const top = mean(order.slice(order.length - q).map((i) => allErr[i] as number));
    const absHc = hcErr.map(Math.abs);
    const r: SubsetResult = {
      subset: sub.name,
      n: shapes.length,
      dice: { mean: mean(d), sd: sd(d) },
      hausdorffMm: { mean: mean(hd), sd: sd(hd) },
      hausdorff95Mm: { mean: mean(hd95), sd: sd(hd95) },
      rvd: { mean: mean(rvd), meanAbs: mean(rvd.map(Math.abs)) },
      uncertainty: { meanMm: mean(um), p95Mm: mean(up) },
      uncertaintyErrorCorrelation: { pooled: pearson(allStd, allErr), perSubjectMean: mean(corrs) },
      errorByUncertaintyQuartile: { bottomMm: bottom, topMm: top },
      biometry: {
        hcPctError: {
          meanAbs: mean(absHc),
          max: Math.max(...absHc),
          within3Pct: absHc.filter((e) => e <= 3).length / absHc.length,
        },
        bpdMmError: { meanAbs: mean(bpdErr) },
        ofdMmError: { meanAbs: mean(ofdErr) },
        cephalicIndexError: { meanAbs: mean(ciErr) },
        headShapeAgreement: agree / shapes.length,
      },
    };
    opts.log?.(
      JSON.stringify({
        subset: r.subset,
        dice: +r.dice.mean.toFixed(4),
        hd: +r.hausdorffMm.mean.toFixed(2),
        unc: +r.uncertainty.meanMm.toFixed(3),
        corr: +r.uncertaintyErrorCorrelation.pooled.toFixed(3),
        hc: +r.biometry.hcPctError.meanAbs.toFixed(2),
      }),
    );
    results.push(r);
  }
  return results;
}
