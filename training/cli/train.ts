/**
 * `latent-anatomy train lv-vae|lv-lvae [--quick] [--epochs N] [--fresh] [--out DIR]`
 */
import { LV_CONFIGS, quickConfig, type LvModelId } from '../lv/config.ts';
import { trainLvModel } from '../lv/train.ts';
import { intFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import type { CliIO } from './common.ts';

export const TRAIN_SPEC: FlagSpec = {
  values: ['epochs', 'out', 'checkpoints'],
  booleans: ['quick', 'fresh'],
  positionals: [1, 1],
  positionalName: 'model id (lv-vae or lv-lvae)',
};

export const TRAIN_HELP = `latent-anatomy train lv-vae|lv-lvae [--quick] [--epochs N] [--fresh] [--out DIR] [--checkpoints DIR]

Generates the seeded synthetic cohort (healthy and HCM, ED and ES), trains on the tfjs wasm backend,
checkpoints after every epoch (a rerun resumes; --fresh starts over) and exports the model with its
manifest to DIR/<id>/ (default public/models), listing it in DIR/index.json.

  --quick         the same code path on a tiny cohort (24 subjects, 2 epochs), for CI; exports to a
                  temporary-style DIR you give with --out (default public/models-quick)
  --epochs N      override the number of epochs
  --fresh         ignore an existing checkpoint
  --out DIR       where to export (default public/models, or public/models-quick with --quick)`;

export async function runTrain(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, TRAIN_SPEC, 'train');
  const id = args.positionals[0] ?? '';
  if (!(id in LV_CONFIGS)) {
    throw new UsageError(`train: unknown model '${id}'; expected lv-vae or lv-lvae`);
  }
  const quick = args.booleans.has('quick');
  let cfg = LV_CONFIGS[id as LvModelId];
  if (quick) cfg = quickConfig(cfg);
  const epochs = intFlag(args, 'epochs', 'train', 1, 10000);
  if (epochs !== undefined) cfg = { ...cfg, epochs };
  const out = args.values.get('out') ?? (quick ? 'public/models-quick' : 'public/models');
  const checkpoints = args.values.get('checkpoints') ?? `checkpoints/${cfg.id}${quick ? '-quick' : ''}`;
  await trainLvModel(cfg, {
    modelsDir: out,
    checkpointDir: checkpoints,
    fresh: args.booleans.has('fresh'),
    log: io.out,
  });
  return 0;
}
