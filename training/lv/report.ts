/**
 * Writes docs/results/<id>.md and .json from an evaluation, with the seed's published numbers beside
 * ours (REFERENCE.md §1; the talk's figures were not checked against the papers' text).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeOutputsAtomically } from '../cli/common';
import type { PlausibilityResult } from './plausibility';
import type { RealDataEvaluation, RealSummary } from './realData';
import path from 'node:path';
import type { LvEvaluation } from './evaluate';

/** The seed talk's reconstruction numbers (Biffi et al.): DSC ED / ES, Hausdorff ED / ES (mm). */
const SEED = {
  'lv-vae': { diceED: 0.71, diceES: 0.78, hdED: 4.87, hdES: 5.09, accuracy: 1.0 },
  'lv-lvae': { diceED: 0.79, diceES: 0.84, hdED: 3.92, hdES: 4.09, accuracy: 1.0 },
} as const;

const TARGETS = {
  'lv-vae': { dice: 0.85, hd95: null, accuracy: 0.98 },
  'lv-lvae': { dice: 0.9, hd95: 3, accuracy: 0.98 },
} as const;

function f(v: number, d = 3): string {
  return Number.isFinite(v) ? v.toFixed(d) : '—';
}

/** What the synthetic population of each version is (src/anatomy/lvPopulation.ts, docs/anatomy.md). */
const POPULATION_NOTES: Record<number, string> = {
  1: 'sized like the CMR reference norms, REFERENCE §2',
  2:
    'sized like segmented label maps: calibrated to the median masses, volumes and walls of the ' +
    "development set's 23 ACDC HCM and normal hearts measured through the import, held-out ones included",
};

function populationLine(v: number): string {
  const note = POPULATION_NOTES[v];
  return `Synthetic hearts (training, validation and these) come from population version ${v}${note ? ` (${note})` : ''}; docs/anatomy.md.`;
}

export function renderLvReport(e: LvEvaluation, minutes: number | null): string {
  const seed = SEED[e.id as keyof typeof SEED];
  const target = TARGETS[e.id as keyof typeof TARGETS];
  const r = e.reconstruction;
  const lines = [
    `# ${e.id}: evaluation on the held-out synthetic test set`,
    '',
    `${e.testSubjects} subjects (half HCM) drawn with seed ${e.testSeed}, never seen in training or validation.`,
    ...(e.population !== undefined ? [populationLine(e.population)] : []),
    'Shapes are decoded from the latent means, resampled to the 64³ × 1.6 mm output grid and compared with',
    "the generator's exact field on the same grid. Produced by `npx latent-anatomy eval " +
      e.id +
      '`' +
      (minutes !== null ? `; training took ${minutes.toFixed(1)} min on this 2-core machine.` : '.'),
    '',
    '## Reconstruction',
    '',
    '| metric | ED (ours) | ES (ours) | ED (seed) | ES (seed) | target |',
    '| --- | --- | --- | --- | --- | --- |',
    `| Dice | ${f(r.ED.dice)} (min ${f(r.ED.diceMin)}) | ${f(r.ES.dice)} (min ${f(r.ES.diceMin)}) | ${seed ? f(seed.diceED, 2) : '—'} | ${seed ? f(seed.diceES, 2) : '—'} | ≥ ${target?.dice ?? '—'} |`,
    `| Hausdorff max (mm) | ${f(r.ED.hausdorffMaxMm, 2)} | ${f(r.ES.hausdorffMaxMm, 2)} | ${seed ? f(seed.hdED, 2) : '—'} | ${seed ? f(seed.hdES, 2) : '—'} | — |`,
    `| Hausdorff 95th percentile (mm) | ${f(r.ED.hausdorff95Mm, 2)} | ${f(r.ES.hausdorff95Mm, 2)} | — | — | ${target?.hd95 !== null && target?.hd95 !== undefined ? `≤ ${target.hd95}` : '—'} |`,
    `| relative volume difference (mean / mean abs.) | ${f(r.ED.rvd)} / ${f(r.ED.absRvd)} | ${f(r.ES.rvd)} / ${f(r.ES.absRvd)} | — | — | — |`,
    '',
    "The seed's numbers are on real cine-MRI segmentations; ours are on synthetic anatomy, so they are a",
    'sanity reference, not a like-for-like comparison.',
    '',
    '## Classification (HCM vs healthy)',
    '',
    '| | ours | seed | target |',
    '| --- | --- | --- | --- |',
    `| accuracy | ${f(e.classification.accuracy)} | ${seed ? f(seed.accuracy, 2) : '—'} | ≥ ${target?.accuracy ?? '—'} |`,
    `| AUC | ${f(e.classification.auc)} | — | — |`,
    '',
    '## Latent navigation (μ ← μ ± λ ∂logit/∂μ, λ = 0.1, until p > 0.9 or 200 steps)',
    '',
    'Start and end codes are decoded' +
      (e.topLevelSeparation ? ' through the top-down prior means' : '') +
      '; changes are measured on the decoded ED shapes.',
    '',
    '| direction | subjects | arrived | mean steps | Δ max wall thickness (mm) | Δ mass (%) | Δ cavity volume (%) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...e.navigation.map(
      (n) =>
        `| ${n.direction} | ${n.subjects} | ${f(n.arrivedShare * 100, 1)} % | ${f(n.meanSteps, 1)} | ${f(n.meanDeltaMaxWallThicknessMm, 2)} | ${f(n.meanDeltaMassPct, 1)} | ${f(n.meanDeltaCavityPct, 1)} |`,
    ),
    '',
    'Targets: towards HCM ≥ 95 % arrive, Δ max wall thickness ≥ +3 mm, Δ mass ≥ +10 %; the reverse',
    'direction the reverse. Seed: the mean HCM shape has about 15 % more mass and a 6 % larger cavity than',
    'the mean healthy shape.',
  ];
  if (e.topLevelSeparation) {
    const t = e.topLevelSeparation;
    lines.push(
      '',
      '## 2-D top level',
      '',
      `Classifier on the ${t.dims}-D top-level mean: accuracy ${f(t.accuracy)}, AUC ${f(t.auc)}; the class means are`,
      `${f(t.meanDistanceInSd, 2)} pooled within-class SDs apart.`,
    );
  }
  if (e.shortAxisStacks) {
    const st = e.shortAxisStacks;
    lines.push(
      '',
      '## Your own data: synthetic short-axis stacks',
      '',
      `${st.subjects} test subjects cut into 1.5 × 1.5 × 10 mm short-axis stacks (7–14 slices, slice normal up to 30°`,
      'from the long axis, random in-plane rotation and world placement, nearest-label sampling, through NIfTI),',
      "imported like a user's files (`encode`), encoded and decoded; Dice against the full-resolution truth.",
      '',
      '| | ours | target |',
      '| --- | --- | --- |',
      `| classification accuracy | ${f(st.accuracy)} | ≥ 0.95 |`,
      `| reconstruction Dice ED (mean, min) | ${f(st.diceED)} (${f(st.diceEDMin)}) | ≥ 0.80 |`,
      `| reconstruction Dice ES (mean) | ${f(st.diceES)} | ≥ 0.80 |`,
    );
  }
  if (e.realData) lines.push(...realDataLines(e.realData));
  if (e.plausibility) lines.push(...plausibilityLines(e.plausibility));
  lines.push('', `Evaluation took ${f(e.seconds, 0)} s.`, '');
  return lines.join('\n');
}

export async function writeLvReport(e: LvEvaluation, docsDir: string, modelDir: string): Promise<string> {
  await mkdir(docsDir, { recursive: true });
  let minutes: number | null = null;
  const outputs: { path: string; bytes: string }[] = [];
  try {
    const m = JSON.parse(await readFile(path.join(modelDir, 'manifest.json'), 'utf8')) as {
      training?: { minutes?: number };
      metrics?: unknown;
    };
    minutes = m.training?.minutes ?? null;
    m.metrics = e;
    outputs.push({ path: path.join(modelDir, 'manifest.json'), bytes: JSON.stringify(m, null, 1) });
  } catch {
    // manifest unreadable: the report still gets written
  }
  const md = path.join(docsDir, `${e.id}.md`);
  outputs.push({ path: md, bytes: renderLvReport(e, minutes) });
  outputs.push({ path: path.join(docsDir, `${e.id}.json`), bytes: JSON.stringify(e, null, 2) + '\n' });
  // All or nothing, each file by temporary file + rename (the command checked the targets first).
  writeOutputsAtomically(outputs, [], true);
  return md;
}

function summaryRow(name: string, s: RealSummary): string {
  const d = (x: RealSummary['diceED']): string =>
    x ? `${x.mean.toFixed(3)} (min ${x.min.toFixed(3)}, ${x.below075} < 0.75)` : '—';
  const c = s.classification;
  const m = (x: RealSummary['diceED'] | undefined): string => (x ? x.mean.toFixed(3) : '—');
  return `| ${name} | ${s.n} | ${s.refused} | ${d(s.diceED)} | ${d(s.diceES)} | ${m(s.encoderDiceED)} / ${m(s.encoderDiceES)} | ${s.fitted ?? 0} | ${c ? `${c.accuracy.toFixed(3)} (HCM ${c.hcmFound}, normal ${c.normalFound})` : '—'} | ${c && Number.isFinite(c.auc) ? c.auc.toFixed(3) : '—'} | ${s.qualityNotOk} |`;
}

function realDataLines(r: RealDataEvaluation): string[] {
  return [
    '',
    '## Real patients (development set)',
    '',
    `Every ED/ES pair of \`${r.root.split('/').slice(-2).join('/')}\` encoded like a user's files (\`encode\`); Dice against the`,
    'imported shape, of the code shown (the encoder mean fitted to the shape when that overlaps better;',
    '"encoder mean" gives the mean Dice before fitting, "fitted" how many patients show the fitted code);',
    'HCM vs normal with p(HCM) ≥ 0.5. Subjects the model trained on are reported apart.',
    'Targets: Dice ≥ 0.85 mean at ED and ES with none below 0.75; accuracy ≥ 0.95 over all HCM and normal patients.',
    '',
    '| patients | n | refused | Dice ED | Dice ES | encoder mean ED / ES | fitted | accuracy | AUC | quality not ok |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    summaryRow('all', r.all),
    summaryRow('trained on', r.trainedOn),
    summaryRow('held out', r.heldOut),
    ...Object.entries(r.heldOutByGroup).map(([g, s]) => summaryRow(`held out, ${g}`, s)),
  ];
}

function plausibilityLines(p: PlausibilityResult): string[] {
  const row = (name: string, s: { n: number; valid: number; failures: Record<string, number> }): string =>
    `| ${name} | ${s.n} | ${s.valid} (${((100 * s.valid) / Math.max(1, s.n)).toFixed(1)} %) | ${
      Object.entries(s.failures)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ') || '—'
    } |`;
  return [
    '',
    '## Plausibility of the shapes the model shows',
    '',
    'Codes from the prior, from each class, and the means, decoded at ED and ES. Valid: one connected',
    'myocardium with a closed surface (Euler characteristic 2) at both phases, mass 40–400 g, EDV 40–350 mL,',
    'EF 20–85 %, maximal wall thickness 4–35 mm. Target ≥ 99 % per set, every mean valid.',
    '',
    '| set | n | valid | failures |',
    '| --- | --- | --- | --- |',
    row('prior samples', p.prior),
    row('healthy samples', p.healthy),
    row('HCM samples', p.hcm),
    row('means (prior, healthy, HCM)', p.means),
    '',
    `p(HCM) > 0.5 agrees with a decoded maximal wall ≥ 15 mm on ${(100 * p.pHcmAgreement.topLevel).toFixed(1)} % of the ${p.pHcmAgreement.n} class samples`,
    `with the top level's p, and on ${(100 * p.pHcmAgreement.reEncoded).toFixed(1)} % with the p of the decoded shape re-encoded.`,
    ...(p.means.invalid.length ? ['', `Invalid means: ${p.means.invalid.join(' | ')}.`] : []),
  ];
}
