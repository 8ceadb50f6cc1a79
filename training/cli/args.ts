/**
 * A small command-line parser: `--flag value`, `--flag=value`, boolean switches, positionals.
 * Flag names are normalised to camelCase (`--septal-mm` ≡ `--septalMm`).
 */
import { UserInputError } from '../../src/io/errors.ts';

/** Wrong usage (unknown command or flag, missing value): exit code 2. */
export class UsageError extends UserInputError {
  override name = 'UsageError';
}

/** What a command accepts. */
export interface FlagSpec {
  /** Flags that take a value (camelCase). */
  values: readonly string[];
  /** Switches without a value (camelCase). */
  booleans: readonly string[];
  /** Number of positional arguments: [min, max]. */
  positionals: [number, number];
  /** Names the positionals in messages, e.g. 'lv|skull'. */
  positionalName: string;
}

/** Parsed arguments of one command. */
export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

/** `septal-mm` → `septalMm`. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `septalMm` → `septal-mm`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Parse `argv` (after the command name) against `spec`.
 * @throws UsageError naming the offending flag or argument.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec, command: string): ParsedArgs {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  const valueSet = new Set(spec.values);
  const boolSet = new Set(spec.booleans);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new UsageError(`${command}: unknown option '${arg}' (options start with --; see --help)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const name = camelCase(rawName);
    if (boolSet.has(name)) {
      if (eq >= 0) throw new UsageError(`${command}: --${rawName} is a switch and takes no value`);
      booleans.add(name);
    } else if (valueSet.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith('--') && value.length > 2)) {
          throw new UsageError(`${command}: --${rawName} needs a value`);
        }
        i++;
      }
      if (values.has(name)) throw new UsageError(`${command}: --${rawName} given twice`);
      values.set(name, value);
    } else {
      const hint = closest(name, [...spec.values, ...spec.booleans]);
      throw new UsageError(
        `${command}: unknown option '--${rawName}'${hint ? ` (did you mean --${hint}?)` : ''}; see ${command} --help`,
      );
    }
  }
  const [min, max] = spec.positionals;
  if (positionals.length < min) {
    throw new UsageError(`${command}: missing ${spec.positionalName}; see ${command} --help`);
  }
  if (positionals.length > max) {
    throw new UsageError(`${command}: unexpected argument '${positionals[max]}'; see ${command} --help`);
  }
  return { positionals, values, booleans };
}

/** Parse a number flag; `NaN`/`Infinity` spelled out are passed through for the validators to judge. */
export function numberFlag(args: ParsedArgs, name: string, command: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const t = raw.trim();
  const v = /^[+-]?(nan|inf|infinity)$/i.test(t)
    ? t.toLowerCase().includes('nan')
      ? NaN
      : t.startsWith('-')
        ? -Infinity
        : Infinity
    : t === ''
      ? NaN
      : Number(t);
  if (Number.isNaN(v) && !/nan/i.test(t)) {
    throw new UsageError(`${command}: --${kebabCase(name)} expects a number, got '${raw}'`);
  }
  return v;
}

/** Parse a positive integer flag. */
export function intFlag(
  args: ParsedArgs,
  name: string,
  command: string,
  min = 1,
  max = Infinity,
): number | undefined {
  const v = numberFlag(args, name, command);
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(
      `${command}: --${kebabCase(name)} expects a whole number${max < Infinity ? ` from ${min} to ${max}` : ` ≥ ${min}`}, got '${args.values.get(name)}'`,
    );
  }
  return v;
}

/** Parse an enumerated flag (case-insensitive). */
export function choiceFlag<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  command: string,
): T | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const hit = choices.find((c) => c.toLowerCase() === raw.toLowerCase());
  if (!hit)
    throw new UsageError(
      `${command}: --${kebabCase(name)} must be one of ${choices.join(', ')}; got '${raw}'`,
    );
  return hit;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
