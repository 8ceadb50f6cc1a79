/**
 * `latent-anatomy eval lv-vae|lv-lvae [--models DIR] [--docs DIR] [--test-n N]`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePlausibility } from '../lv/plausibility.ts';
import { evaluateRealData, REALDATA_DEFAULT } from '../lv/realData.ts';
import { initNodeBackend } from '../../src/model/tf/nodeBackend.ts';
import { evaluateLvModel } from '../lv/evaluate.ts';
import { loadLvModel } from '../lv/loadModel.ts';
import { writeLvReport } from '../lv/report.ts';
import { runSkullEval } from '../skull/runEval.ts';
import { intFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import { checkOutputTargets, type CliIO } from './common.ts';

export const EVAL_SPEC: FlagSpec = {
  values: ['models', 'docs', 'testN', 'stacks', 'k', 'realdata', 'plausibilityN'],
  booleans: ['json', 'noImages', 'force'],
  positionals: [1, 1],
  positionalName: 'model id (lv-vae, lv-lvae, skull-cvae or skull-hcvae)',
};

export const EVAL_HELP = `latent-anatomy eval lv-vae|lv-lvae [--models DIR] [--docs DIR] [--test-n N] [--stacks N] [--realdata DIR] [--plausibility-n N] [--json] [--force]
latent-anatomy eval skull-cvae|skull-hcvae [--models DIR] [--docs DIR] [--test-n N] [--k 16] [--no-images] [--json] [--force]

Evaluates a shipped model on its held-out synthetic test cohort (its own seed, never trained on):
Dice, Hausdorff (max, 95th percentile) and relative volume difference at ED and ES, classification
accuracy and AUC, latent navigation validity, for lv-lvae the separation of the 2-D top level, and
N (default 20) test subjects cut into oblique 10 mm short-axis stacks and imported like users' files,
the real patients of the development set (--realdata, default ../shared/realdata; trained-on and
held-out apart), and the plausibility of N (--plausibility-n, default 1000; 0 skips) prior and class
samples and the means.
Skull models: Dice, Hausdorff and relative volume difference of the decoded 64³ volume for one, two and
three planes, the uncertainty (K samples) and its correlation with the error, and biometry errors —
once from the exact plane outlines and once from simulated ultrasound images through the head detector
(--no-images skips the latter).
Writes DOCS/<id>.md and .json (default docs/results) and stores the metrics in the model's manifest;
refuses to replace an existing DOCS/<id>.md or .json unless --force is given.`;

export async function runEval(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, EVAL_SPEC, 'eval');
  const id = args.positionals[0] ?? '';
  const modelsDir = args.values.get('models') ?? 'public/models';
  const docsDir = args.values.get('docs') ?? 'docs/results';
  const testN = intFlag(args, 'testN', 'eval', 2, 10000);
  const reportTargets = (): void =>
    checkOutputTargets(
      [join(docsDir, `${id}.md`), join(docsDir, `${id}.json`)],
      [],
      args.booleans.has('force'),
    );
  if (id === 'skull-cvae' || id === 'skull-hcvae') {
    reportTargets();
    await initNodeBackend('cpu');
    const { md, evaluation } = await runSkullEval(id, {
      modelsDir,
      docsDir,
      testN,
      k: intFlag(args, 'k', 'eval', 2, 256),
      images: !args.booleans.has('noImages'),
      log: (l) => io.err(l),
    });
    if (args.booleans.has('json')) io.out(JSON.stringify(evaluation, null, 2));
    else {
      const last = evaluation.inputs[evaluation.inputs.length - 1]?.results ?? [];
      io.out(`wrote ${md} (Dice ${last.map((r) => `${r.subset}: ${r.dice.mean.toFixed(3)}`).join(', ')})`);
    }
    return 0;
  }
  if (id !== 'lv-vae' && id !== 'lv-lvae')
    throw new UsageError(`eval: unknown model '${id}'; expected lv-vae, lv-lvae, skull-cvae or skull-hcvae`);
  reportTargets();
  await initNodeBackend('cpu');
  const model = await loadLvModel(modelsDir, id);
  const stacks = intFlag(args, 'stacks', 'eval', 0, 10000);
  const e = await evaluateLvModel(model, { testN, stacks, log: (l) => io.err(l) });
  const realRoot = args.values.get('realdata') ?? REALDATA_DEFAULT;
  e.realData = existsSync(realRoot)
    ? await evaluateRealData(model.session, realRoot, (l) => io.err(l))
    : null;
  if (!e.realData) io.err(`warning: no development set at ${realRoot}: real-data figures not computed`);
  const plausibilityN = intFlag(args, 'plausibilityN', 'eval', 0, 100000) ?? 1000;
  e.plausibility =
    plausibilityN > 0
      ? await evaluatePlausibility(model.session, plausibilityN, 20261207, (l) => io.err(l))
      : null;
  const md = await writeLvReport(e, docsDir, model.dir);
  if (args.booleans.has('json')) io.out(JSON.stringify(e, null, 2));
  else
    io.out(
      `wrote ${md} (Dice ED ${e.reconstruction.ED.dice.toFixed(3)}, ES ${e.reconstruction.ES.dice.toFixed(3)}, accuracy ${e.classification.accuracy.toFixed(3)})`,
    );
  return 0;
}
