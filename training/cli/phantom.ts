/**
 * `latent-anatomy phantom lv|skull`: a synthetic anatomy as a NIfTI signed distance field or label map.
 */
import { createRng } from '../../src/anatomy/random.ts';
import { UserInputError } from '../../src/io/errors.ts';
import { writeNifti } from '../../src/io/nifti.ts';
import { ANATOMIES, type AnatomyName, type CliAnatomy, type Phase } from './anatomies.ts';
import { camelCase, choiceFlag, intFlag, numberFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import { checkOutputTargets, VOXEL_MM_RANGE, warn, writeOutputsAtomically, type CliIO } from './common.ts';

const COMMON_VALUES = ['out', 'phase', 'seed', 'class', 'dims', 'spacing'] as const;

function specFor(anatomy: CliAnatomy): FlagSpec {
  return {
    values: [...COMMON_VALUES, ...Object.keys(anatomy.specs)],
    booleans: ['labels', 'force'],
    positionals: [1, 1],
    positionalName: 'anatomy (lv or skull)',
  };
}

function paramLines(anatomy: CliAnatomy): string {
  return Object.entries(anatomy.specs)
    .map(([key, s]) => {
      const unit = s.unit ? ` ${s.unit}` : '';
      return `  --${key.padEnd(20)} ${s.label}: ${s.min}–${s.max}${unit} (default ${s.default})`;
    })
    .join('\n');
}

/** Help text, listing the parameters of both anatomies. */
export function PHANTOM_HELP(): string {
  return `latent-anatomy phantom lv|skull --out <file.nii[.gz]> [options]

Write a synthetic anatomy as NIfTI: by default the float32 signed distance field (mm, negative inside
the myocardium or bone); with --labels the uint8 label map (LV: 0 background, 1 RV cavity,
2 myocardium, 3 LV cavity, as in ACDC). Parameters outside their range are clamped with a warning.

Options:
  --out FILE           output .nii or .nii.gz (required); with --phase both, FILE_ED / FILE_ES are written
  --phase ED|ES|both   LV phase(s) (default both)
  --labels             write the label map instead of the distance field
  --seed N             sample a random subject of the population (with --class) instead of parameters
  --class NAME         population class for --seed: lv healthy|hcm (default healthy), skull normal
                       (skull: --gaWeeks may fix the age of the sampled subject)
  --dims N             grid size N³ (default: the anatomy's grid, LV 64)
  --spacing MM         voxel size in mm, ${VOXEL_MM_RANGE[0]}–${MAX_SPACING_MM} (default: the anatomy's grid, LV 1.6)
  --force              overwrite the output file(s) if they exist
  --help               show this help
Parameters may also be written in kebab-case (--septal-mm 18).

LV parameters:
${paramLines(ANATOMIES.lv)}

Skull parameters:
${paramLines(ANATOMIES.skull)}

Examples:
  latent-anatomy phantom lv --septalMm 18 --efPct 60 --out hcm.nii.gz      # writes hcm_ED / hcm_ES
  latent-anatomy phantom lv --seed 7 --class hcm --phase ED --labels --out s7_ED.nii.gz
  latent-anatomy phantom skull --out skull.nii.gz`;
}

/** Largest --spacing, mm. */
const MAX_SPACING_MM = 20;

function phasePath(out: string, phase: Phase): string {
  const m = /^(.*?)(\.nii(?:\.gz)?)$/i.exec(out);
  return m ? `${m[1]}_${phase}${m[2]}` : `${out}_${phase}`;
}

export function runPhantom(argv: readonly string[], io: CliIO): number {
  const all: FlagSpec = {
    ...specFor(ANATOMIES.lv),
    values: [...new Set([...specFor(ANATOMIES.lv).values, ...Object.keys(ANATOMIES.skull.specs)])],
  };
  const args = parseArgs(argv, all, 'phantom');
  const which = args.positionals[0] ?? '';
  if (which !== 'lv' && which !== 'skull') {
    throw new UsageError(`phantom: unknown anatomy '${which}'; expected lv or skull`);
  }
  const anatomy = ANATOMIES[which as AnatomyName];
  const foreign = [...args.values.keys()].filter((k) => !specFor(anatomy).values.includes(k));
  if (foreign.length > 0) {
    throw new UsageError(
      `phantom: unknown option '--${foreign[0]}' for ${anatomy.name}; see phantom --help for the ${anatomy.name} parameters`,
    );
  }
  const out = args.values.get('out');
  if (!out) throw new UsageError('phantom: --out <file.nii.gz> is required');
  if (!/\.nii(\.gz)?$/i.test(out))
    throw new UsageError(`phantom: --out must end in .nii or .nii.gz; got '${out}'`);
  const gzip = /\.gz$/i.test(out);

  const phaseArg = choiceFlag(args, 'phase', ['ED', 'ES', 'both'] as const, 'phantom');
  if (phaseArg && anatomy.phases.length === 0) {
    throw new UsageError(`phantom: --phase applies to lv only; ${anatomy.name} has a single shape`);
  }
  const phases: (Phase | undefined)[] =
    anatomy.phases.length === 0
      ? [undefined]
      : !phaseArg || phaseArg === 'both'
        ? [...anatomy.phases]
        : [phaseArg];

  const size = intFlag(args, 'dims', 'phantom', 8, 512);
  const spacingMm = numberFlag(args, 'spacing', 'phantom');
  if (spacingMm !== undefined && !(spacingMm >= VOXEL_MM_RANGE[0] && spacingMm <= MAX_SPACING_MM)) {
    throw new UsageError(
      `phantom: --spacing expects a voxel size from ${VOXEL_MM_RANGE[0]} to ${MAX_SPACING_MM} mm; got '${args.values.get('spacing')}'`,
    );
  }
  const grid = anatomy.grid({ size, spacingMm });
  const full = anatomy.grid({});
  const fov = (g: typeof grid): number => Math.min(...g.dims.map((d, i) => d * g.spacing[i]!));
  if (fov(grid) < fov(full) - 1e-6) {
    warn(
      io,
      `the grid covers ${fov(grid).toFixed(1)} mm but the ${anatomy.name} frame needs ${fov(full).toFixed(1)} mm; the shape will be cut off (raise --dims or --spacing)`,
    );
  }

  const seed = intFlag(args, 'seed', 'phantom', 0, 2 ** 53);
  const cls = args.values.get('class');
  const paramKeys = Object.keys(anatomy.specs).filter((k) => args.values.has(k));
  let requested: Partial<Record<string, unknown>>;
  if (seed !== undefined) {
    const fixed = paramKeys.filter((k) => anatomy.seedable.includes(k));
    const clash = paramKeys.filter((k) => !anatomy.seedable.includes(k));
    if (clash.length > 0) {
      throw new UsageError(
        `phantom: --seed samples ${clash.length > 1 ? 'these parameters' : 'this parameter'}; drop --seed or drop --${clash.join(', --')}`,
      );
    }
    const given: Record<string, number> = {};
    for (const k of fixed) given[k] = numberFlag(args, k, 'phantom') ?? NaN;
    const c = cls ?? anatomy.classes[0] ?? '';
    if (!anatomy.classes.includes(c)) {
      throw new UsageError(
        `phantom: --class for ${anatomy.name} must be one of ${anatomy.classes.join(', ')}; got '${c}'`,
      );
    }
    const drawn = anatomy.sample(createRng(seed), c, given);
    io.err(`note: seed ${seed} drew a ${drawn.note} subject`);
    requested = drawn.params;
  } else {
    if (cls !== undefined)
      throw new UsageError('phantom: --class needs --seed N (it picks the population to sample)');
    requested = {};
    for (const key of paramKeys) requested[camelCase(key)] = numberFlag(args, key, 'phantom');
  }
  const { params, messages } = anatomy.validate(requested);
  for (const m of messages) warn(io, m);

  const pathOf = (phase: Phase | undefined): string =>
    phases.length > 1 && phase ? phasePath(out, phase) : out;
  const force = args.booleans.has('force');
  checkOutputTargets(phases.map(pathOf), [], force);
  const outputs: { path: string; bytes: Uint8Array }[] = [];
  for (const phase of phases) {
    const path = pathOf(phase);
    const kind = args.booleans.has('labels') ? 'labels' : 'field';
    let bytes: Uint8Array;
    try {
      const vol =
        kind === 'labels' ? anatomy.labels(params, phase, grid) : anatomy.field(params, phase, grid);
      const description = ['latent-anatomy', anatomy.name, phase, kind].filter(Boolean).join(' ');
      bytes = writeNifti(vol, { gzip, description, datatype: kind === 'labels' ? 'uint8' : 'float32' });
    } catch (e) {
      if (e instanceof RangeError) throw new UserInputError(`phantom: ${e.message}`);
      throw e;
    }
    outputs.push({ path, bytes });
  }
  writeOutputsAtomically(outputs, [], force);
  const written = outputs.map((o) => o.path);
  const what = args.booleans.has('labels') ? 'label map' : 'signed distance field';
  io.out(
    written.length > 1
      ? `wrote ${written.join(' and ')} (${anatomy.name} ${what}, ${phases.join(' and ')})`
      : `wrote ${written[0]} (${anatomy.name} ${what}${phases[0] ? `, ${phases[0]}` : ''})`,
  );
  io.out(`parameters: ${JSON.stringify(params)}`);
  return 0;
}
