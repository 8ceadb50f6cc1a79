/**
 * The `latent-anatomy` command line: synthetic phantoms, meshes and measurements from NIfTI files.
 *
 * Run through `bin/latent-anatomy.mjs` (tsx) or `npx tsx training/cli.ts`. `main(argv)` returns the exit
 * status: 0 success, 1 bad input (missing file, unreadable NIfTI, impossible parameters), 2 wrong usage
 * (unknown command or option). Errors are one line on stderr; set LATENT_ANATOMY_DEBUG=1 for stacks.
 */
import { pathToFileURL } from 'node:url';
import { UserInputError } from '../src/io/errors.ts';
import { UsageError } from './cli/args.ts';
import type { CliIO } from './cli/common.ts';

interface Command {
  help: () => string;
  run: (argv: readonly string[], io: CliIO) => number | Promise<number>;
}

/** Commands load lazily, so one command's start-up does not pay for the others' modules. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  phantom: async () => {
    const m = await import('./cli/phantom.ts');
    return { help: m.PHANTOM_HELP, run: m.runPhantom };
  },
  mesh: async () => {
    const m = await import('./cli/mesh.ts');
    return { help: () => m.MESH_HELP, run: m.runMesh };
  },
  measure: async () => {
    const m = await import('./cli/measure.ts');
    return { help: () => m.MEASURE_HELP, run: m.runMeasure };
  },
  eval: async () => {
    const m = await import('./cli/eval.ts');
    return { help: () => m.EVAL_HELP, run: m.runEval };
  },
  encode: async () => {
    const m = await import('./cli/encode.ts');
    return { help: () => m.ENCODE_HELP, run: m.runEncode };
  },
  predict: async () => {
    const m = await import('./cli/predict.ts');
    return { help: () => m.PREDICT_HELP, run: m.runPredict };
  },
  train: async () => {
    const m = await import('./cli/train.ts');
    return { help: () => m.TRAIN_HELP, run: m.runTrain };
  },
};

export const MAIN_HELP = `latent-anatomy <command> [options]

Commands:
  phantom lv|skull   write a synthetic LV (ED/ES) or fetal skull as a NIfTI field or label map
  mesh FILE          extract a surface mesh (PLY, OBJ, STL), optionally coloured by LV wall thickness
  measure FILE       LV indexes (EDV, ESV, SV, EF, mass, max wall thickness) or skull biometry (BPD, OFD, HC, CI)
  train MODEL        train lv-vae, lv-lvae, skull-cvae or skull-hcvae on a synthetic cohort → public/models
  eval MODEL         evaluate a shipped model on its held-out test cohort → docs/results/<id>.md
  encode MODEL       encode your own LV label maps (ACDC or binary, any orientation) with a shipped model
  predict MODEL      predict a 3-D fetal skull with uncertainty and biometry from 2-D ultrasound planes

Run 'latent-anatomy <command> --help' for the options of a command. Docs: docs/cli.md`;

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Run the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const debug = process.env.LATENT_ANATOMY_DEBUG === '1';
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      const load = topic ? COMMANDS[topic] : undefined;
      io.out(load ? (await load()).help() : MAIN_HELP);
      if (command === undefined) io.err('error: no command given; see latent-anatomy --help');
      return command === undefined ? 2 : 0;
    }
    const load = COMMANDS[command];
    if (!load) {
      throw new UsageError(
        `unknown command '${command}'; expected one of ${Object.keys(COMMANDS).join(', ')} (see --help)`,
      );
    }
    const cmd = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(cmd.help());
      return 0;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof UserInputError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(
      `error: internal failure: ${msg.split('\n')[0]}${debug ? '' : ' (set LATENT_ANATOMY_DEBUG=1 for details)'}`,
    );
    return 1;
  }
}

// Run when executed directly (`tsx training/cli.ts …`); the bin script imports `main` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
