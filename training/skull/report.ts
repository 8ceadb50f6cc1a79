/**
 * Writes docs/results/<id>.md and .json for a skull model, beside the seed talk's table
 * (Cerrolaza et al. 2018 as quoted in REFERENCE.md §1; Dice / Hausdorff mm / relative volume difference).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeOutputsAtomically } from '../cli/common';
import path from 'node:path';
import type { SubsetResult } from './evaluate';
import type { BoneSubsetResult } from './evaluateBones';
import { renderBoneTables } from './reportBones';

const SEED: Record<string, Record<string, [number, number, number]>> = {
  'skull-cvae': {
    axial: [0.83, 6.23, 0.09],
    'axial + sagittal': [0.86, 5.43, 0.03],
    'axial + sagittal + coronal': [0.91, 4.33, 0.03],
  },
  'skull-hcvae': {
    axial: [0.86, 5.04, 0.04],
    'axial + sagittal': [0.89, 4.81, 0.03],
    'axial + sagittal + coronal': [0.91, 4.12, 0.03],
  },
};

export interface SkullEvaluation {
  id: string;
  testSeed: number;
  testSubjects: number;
  k: number;
  /** Where the plane profiles came from. */
  inputs: { name: string; description: string; results: SubsetResult[]; bones?: BoneSubsetResult[] }[];
  trainMinutes: number | null;
  modelBytes: number | null;
  extra?: Record<string, unknown>;
}

const f = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function renderSkullReport(e: SkullEvaluation): string {
  const seed = SEED[e.id] ?? {};
  const lines: string[] = [
    `# ${e.id}: evaluation on the held-out synthetic test set`,
    '',
    `${e.testSubjects} fetal skulls (20–36 weeks) drawn with seed ${e.testSeed}, never seen in training or`,
    'validation. The prediction (prior means) is rasterised to the 64³ × 2.2 mm volume and compared with the',
    "generator's exact outer-surface field on the same grid; Hausdorff distances are between the two",
    `marching-cubes surfaces. Uncertainty: K = ${e.k} samples of the conditional prior, per-vertex SD of the`,
    'radius (mm). Produced by `npx latent-anatomy eval ' +
      e.id +
      '`' +
      (e.trainMinutes !== null
        ? `; training took ${e.trainMinutes.toFixed(1)} min on this 2-core machine.`
        : '.'),
    e.id === 'skull-cvae'
      ? '\nThe CVAE needs all three planes; with fewer, the missing planes are replaced by the training-mean profile.'
      : '',
  ];
  for (const inp of e.inputs) {
    lines.push('', `## Planes: ${inp.name}`, '', inp.description, '');
    lines.push(
      '| planes | Dice | Hausdorff max (mm) | Hausdorff 95 % (mm) | RVD (mean, mean abs) | seed talk (Dice / HD / RVD) |',
      '|---|---|---|---|---|---|',
    );
    for (const r of inp.results) {
      const s = seed[r.subset];
      lines.push(
        `| ${r.subset} | ${f(r.dice.mean)} ± ${f(r.dice.sd)} | ${f(r.hausdorffMm.mean, 2)} ± ${f(r.hausdorffMm.sd, 2)} | ${f(r.hausdorff95Mm.mean, 2)} | ${f(r.rvd.mean, 4)}, ${f(r.rvd.meanAbs, 4)} | ${s ? `${s[0]} / ${s[1]} / ${s[2]}` : '—'} |`,
      );
    }
    lines.push(
      '',
      '| planes | mean uncertainty (mm) | 95th pct (mm) | corr(SD, error) pooled | per subject | error where SD is lowest / highest quarter (mm) |',
      '|---|---|---|---|---|---|',
    );
    for (const r of inp.results) {
      lines.push(
        `| ${r.subset} | ${f(r.uncertainty.meanMm)} | ${f(r.uncertainty.p95Mm)} | ${f(r.uncertaintyErrorCorrelation.pooled)} | ${f(r.uncertaintyErrorCorrelation.perSubjectMean)} | ${f(r.errorByUncertaintyQuartile.bottomMm)} / ${f(r.errorByUncertaintyQuartile.topMm)} |`,
      );
    }
    lines.push(
      '',
      '| planes | HC error (mean abs %, max %) | HC within 3 % | BPD error (mm) | OFD error (mm) | cephalic index error | head-shape call agrees |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of inp.results) {
      const b = r.biometry;
      lines.push(
        `| ${r.subset} | ${f(b.hcPctError.meanAbs, 2)}, ${f(b.hcPctError.max, 2)} | ${f(100 * b.hcPctError.within3Pct, 0)} % | ${f(b.bpdMmError.meanAbs, 2)} | ${f(b.ofdMmError.meanAbs, 2)} | ${f(b.cephalicIndexError.meanAbs, 2)} | ${f(100 * b.headShapeAgreement, 0)} % |`,
      );
    }
    if (inp.bones) lines.push(...renderBoneTables(inp.bones, seed));
  }
  if (e.modelBytes !== null) lines.push('', `Model files: ${(e.modelBytes / 1e6).toFixed(2)} MB.`);
  return lines.join('\n') + '\n';
}

/** The bone segmentation's summary of one subset for the manifest (empty without a bone evaluation). */
function boneMetrics(bones: BoneSubsetResult[] | undefined, subset: string): Record<string, number> {
  const b = bones?.find((x) => x.subset === subset);
  if (!b) return {};
  return {
    bonePlateDice: +b.meanOfBones.plateDice.toFixed(4),
    boneSectorDice: +b.meanOfBones.sectorDice.toFixed(4),
    boneHausdorffMm: +b.meanOfBones.hausdorffMm.toFixed(3),
    boneHausdorff95Mm: +b.meanOfBones.hausdorff95Mm.toFixed(3),
  };
}

/** Writes the report files and stores the metrics in the model's manifest. Returns the .md path. */
export async function writeSkullReport(
  e: SkullEvaluation,
  docsDir: string,
  modelDir: string,
): Promise<string> {
  await mkdir(docsDir, { recursive: true });
  const md = path.join(docsDir, `${e.id}.md`);
  const mf = path.join(modelDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(mf, 'utf8')) as Record<string, unknown>;
  manifest.metrics = {
    testSeed: e.testSeed,
    testSubjects: e.testSubjects,
    k: e.k,
    byInputs: Object.fromEntries(
      e.inputs.map((i) => [
        i.name,
        i.results.map((r) => ({
          subset: r.subset,
          dice: +r.dice.mean.toFixed(4),
          hausdorffMm: +r.hausdorffMm.mean.toFixed(3),
          rvd: +r.rvd.mean.toFixed(4),
          uncertaintyMm: +r.uncertainty.meanMm.toFixed(4),
          hcPctError: +r.biometry.hcPctError.meanAbs.toFixed(3),
          ...boneMetrics(i.bones, r.subset),
        })),
      ]),
    ),
  };
  // All or nothing, each file by temporary file + rename.
  writeOutputsAtomically(
    [
      { path: md, bytes: renderSkullReport(e) },
      { path: path.join(docsDir, `${e.id}.json`), bytes: JSON.stringify(e, null, 1) + '\n' },
      { path: mf, bytes: JSON.stringify(manifest, null, 1) },
    ],
    [],
    true,
  );
  return md;
}
