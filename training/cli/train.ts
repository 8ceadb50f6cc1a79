/**
 * `latent-anatomy train lv-vae|lv-lvae [--quick] [--epochs N] [--fresh] [--out DIR]`
 */
import { LV_CONFIGS, quickConfig, type LvModelId } from '../lv/config.ts';
import { trainLvModel } from '../lv/train.ts';
import { SKULL_CONFIGS, quickSkullConfig, type SkullModelId } from '../skull/config.ts';
import { trainSkullModel } from '../skull/train.ts';
import { intFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../../src/io/errors.ts';
import type { CliIO } from './common.ts';

export const TRAIN_SPEC: FlagSpec = {
  values: ['epochs', 'out', 'checkpoints'],
  booleans: ['quick', 'fresh', 'force'],
  positionals: [1, 1],
  positionalName: 'model id (lv-vae, lv-lvae, skull-cvae or skull-hcvae)',
};

export const TRAIN_HELP = `latent-anatomy train lv-vae|lv-lvae|skull-cvae|skull-hcvae [--quick] [--epochs N] [--fresh] [--force] [--out DIR] [--checkpoints DIR]

Generates the seeded synthetic cohort (cardiac: healthy and HCM, ED and ES; skull: fetal skulls of
20–36 weeks with varied standard-plane acquisitions), trains with tfjs in Node, checkpoints as it goes
(cardiac: every epoch; skull: every 500 steps; a rerun resumes, --fresh starts over) and exports the
model with its manifest to DIR/<id>/ (default public/models), listing it in DIR/index.json.

  --quick         the same code path on a tiny cohort (24 subjects, 2 epochs), for CI; exports to a
                  temporary-style DIR you give with --out (default public/models-quick)
  --epochs N      override the number of epochs (cardiac) or of optimiser steps (skull)
  --fresh         ignore an existing checkpoint
  --force         replace a model already exported to DIR/<id>/ (without it the command refuses)
  --out DIR       where to export (default public/models, or public/models-quick with --quick)`;

/** Refuse to replace an exported model (DIR/<id>/manifest.json) unless --force. */
function checkExportTarget(modelsDir: string, id: string, force: boolean): void {
  const manifest = join(modelsDir, id, 'manifest.json');
  if (!force && existsSync(manifest)) {
    throw new UserInputError(
      `'${manifest}' already exists: training would replace the model ${id} in ${join(modelsDir, id)}; pass --force to replace it, or --out DIR to export elsewhere`,
    );
  }
}

export async function runTrain(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, TRAIN_SPEC, 'train');
  const id = args.positionals[0] ?? '';
  const quick = args.booleans.has('quick');
  const force = args.booleans.has('force');
  if (id in SKULL_CONFIGS) {
    let sc = SKULL_CONFIGS[id as SkullModelId];
    if (quick) sc = quickSkullConfig(sc);
    const steps = intFlag(args, 'epochs', 'train', 1, 1000000);
    if (steps !== undefined) sc = { ...sc, steps };
    const modelsDir = args.values.get('out') ?? (quick ? 'public/models-quick' : 'public/models');
    checkExportTarget(modelsDir, sc.id, force);
    await trainSkullModel(sc, {
      modelsDir,
      checkpointDir: args.values.get('checkpoints') ?? `checkpoints/${sc.id}${quick ? '-quick' : ''}`,
      fresh: args.booleans.has('fresh'),
      log: io.out,
    });
    return 0;
  }
  if (!(id in LV_CONFIGS)) {
    throw new UsageError(`train: unknown model '${id}'; expected lv-vae, lv-lvae, skull-cvae or skull-hcvae`);
  }
  let cfg = LV_CONFIGS[id as LvModelId];
  if (quick) cfg = quickConfig(cfg);
  const epochs = intFlag(args, 'epochs', 'train', 1, 10000);
  if (epochs !== undefined) cfg = { ...cfg, epochs };
  const out = args.values.get('out') ?? (quick ? 'public/models-quick' : 'public/models');
  const checkpoints = args.values.get('checkpoints') ?? `checkpoints/${cfg.id}${quick ? '-quick' : ''}`;
  checkExportTarget(out, cfg.id, force);
  await trainLvModel(cfg, {
    modelsDir: out,
    checkpointDir: checkpoints,
    fresh: args.booleans.has('fresh'),
    log: io.out,
  });
  return 0;
}
