/**
 * Runs one fuzz case as a child process of the real CLI (`bin/latent-anatomy.mjs`) or of a reader
 * (`fuzz/readFile.mjs`) in a fresh folder, under a 10 s limit, measuring the child's peak memory with
 * GNU time when it is installed, and classifies the outcome.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';

export const ROOT = resolvePath(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'latent-anatomy.mjs');
const READER = join(ROOT, 'fuzz', 'readFile.mjs');
const GNU_TIME = '/usr/bin/time';

/** Wall-clock limit of one case, ms. */
export const TIME_LIMIT_MS = 10_000;
/** Peak-memory limit of one case, kB (1 GiB). */
export const MEMORY_LIMIT_KB = 1024 * 1024;

/** What the command should do with the input. */
export type Expectation = 'error' | 'success' | 'either';

/** One generated input and the command run on it. */
export interface FuzzCase {
  /** Unique name: group/what/command. */
  id: string;
  group: 'nifti' | 'png' | 'jpeg' | 'dicom' | 'args' | 'outputs';
  /** Files written into the case folder first (relative names; folders are created). */
  files?: Record<string, Uint8Array | string>;
  /** Symbolic links to create: name → target. */
  links?: Record<string, string>;
  /** Folders to create. */
  dirs?: string[];
  /** CLI arguments (or, with `reader`, the reader's). Paths are relative to the case folder. */
  argv: string[];
  reader?: 'dicom';
  /** `ulimit -f` in kB for the run. */
  fileLimitKb?: number;
  expect: Expectation;
  /** Files the command writes on success (nothing new may remain after a failure). */
  outputs?: string[];
  /** For a success: null when the output and numbers are right, else what is wrong. */
  check?: (r: RunResult, dir: string) => string | null;
  /** Part of the quick subset run by `npm test`. */
  quick?: boolean;
}

/** How the child ended. */
export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory, kB (null when GNU time is missing). */
  maxRssKb: number | null;
  timedOut: boolean;
}

export type Outcome =
  | 'clear error'
  | 'right success'
  | 'wrong success'
  | 'refused valid input'
  | 'unclear error'
  | 'internal failure'
  | 'hang'
  | 'over memory';

/** A case's classification; `partial` when files were left behind that should not be. */
export interface Verdict {
  id: string;
  group: FuzzCase['group'];
  outcome: Outcome;
  partial: string[];
  ms: number;
  maxRssKb: number | null;
  /** The first stderr line or the check's complaint, for the report. */
  detail: string;
}

const shellQuote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel), `${rel}/`);
    else out.push(rel);
  }
  return out;
}

/** Run `argv` (node arguments) in `cwd`; kills the whole process group at the time limit. */
export function runChild(
  nodeArgs: string[],
  cwd: string,
  opts: { fileLimitKb?: number; limitMs?: number } = {},
): Promise<RunResult> {
  const rssFile = join(cwd, '..', `${process.pid}-${Math.random().toString(36).slice(2)}.rss`);
  const gnu = existsSync(GNU_TIME);
  const cmd = [...(gnu ? [GNU_TIME, '-f', '%M', '-o', rssFile] : []), process.execPath, ...nodeArgs].map(
    shellQuote,
  );
  const script = `${opts.fileLimitKb ? `ulimit -f ${opts.fileLimitKb}; ` : ''}exec ${cmd.join(' ')}`;
  const limit = opts.limitMs ?? TIME_LIMIT_MS;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('bash', ['-c', script], {
      cwd,
      detached: true,
      env: { ...process.env, LATENT_ANATOMY_DEBUG: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }, limit);
    child.on('close', (code, childSignal) => {
      clearTimeout(timer);
      let signal: string | null = childSignal;
      const ms = performance.now() - t0;
      let maxRssKb: number | null = null;
      if (gnu && existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8');
        const m = /(\d+)\s*$/.exec(text.trim());
        if (m) maxRssKb = Number(m[1]);
        // GNU time reports a signalled child in its first line.
        if (/Command terminated by signal (\d+)/.test(text) && signal === null) {
          signal = `signal ${/signal (\d+)/.exec(text)?.[1] ?? '?'}`;
        }
        rmSync(rssFile, { force: true });
      }
      resolve({ code, signal, stdout, stderr, ms, maxRssKb, timedOut });
    });
  });
}

/** Classify a run of `c`. */
export function classify(c: FuzzCase, r: RunResult, dir: string, before: Set<string>): Verdict {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => l.startsWith('error: '));
  const other = lines.filter((l) => !/^(error|warning|note): /.test(l));
  const first = errors[0] ?? lines[0] ?? '';
  let outcome: Outcome;
  let detail = first;
  if (r.timedOut) outcome = 'hang';
  else if (r.maxRssKb !== null && r.maxRssKb > MEMORY_LIMIT_KB) outcome = 'over memory';
  else if (
    r.signal !== null ||
    (r.code !== 0 && r.code !== 1 && r.code !== 2) ||
    /internal failure/.test(r.stderr) ||
    /\n\s+at /.test(r.stderr)
  )
    outcome = 'internal failure';
  else if (r.code === 0) {
    if (c.expect === 'error') {
      outcome = 'wrong success';
      detail = `exit 0, expected an error; stdout: ${r.stdout.slice(0, 160)}`;
    } else {
      const complaint = c.check ? c.check(r, dir) : null;
      outcome = complaint === null ? 'right success' : 'wrong success';
      if (complaint !== null) detail = complaint;
    }
  } else if (errors.length !== 1 || other.length > 0) outcome = 'unclear error';
  else outcome = c.expect === 'success' ? 'refused valid input' : 'clear error';

  const after = existsSync(dir) ? listFiles(dir) : [];
  const allowed = new Set([...before, ...(r.code === 0 ? (c.outputs ?? []) : [])]);
  const partial = after.filter((f) => !allowed.has(f) && !(f.endsWith('/') && r.code === 0));
  return { id: c.id, group: c.group, outcome, partial, ms: Math.round(r.ms), maxRssKb: r.maxRssKb, detail };
}

/** Prepare the case folder under `work`, run the case, classify it and remove the folder. */
export async function runCase(c: FuzzCase, work: string, index: number): Promise<Verdict> {
  const dir = join(work, `case-${index}`);
  mkdirSync(dir, { recursive: true });
  for (const d of c.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
  for (const [name, bytes] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  for (const [name, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dir, name));
  const before = new Set(listFiles(dir));
  const nodeArgs = c.reader ? [READER, c.reader, ...c.argv] : [BIN, ...c.argv];
  const r = await runChild(nodeArgs, dir, { fileLimitKb: c.fileLimitKb });
  const v = classify(c, r, dir, before);
  rmSync(dir, { recursive: true, force: true });
  return v;
}

/** The table `npm run fuzz` prints. */
export interface FuzzTable {
  tried: number;
  clearError: number;
  rightSuccess: number;
  wrongSuccess: number;
  refusedValidInput: number;
  unclearError: number;
  internalFailure: number;
  hang: number;
  overMemory: number;
  partialFiles: number;
  slowestMs: number;
  maxRssMb: number | null;
  byGroup: Record<string, number>;
}

/** Count the verdicts. */
export function tabulate(vs: readonly Verdict[]): FuzzTable {
  const n = (o: Outcome): number => vs.filter((v) => v.outcome === o).length;
  const rss = vs.map((v) => v.maxRssKb).filter((x): x is number => x !== null);
  const byGroup: Record<string, number> = {};
  for (const v of vs) byGroup[v.group] = (byGroup[v.group] ?? 0) + 1;
  return {
    tried: vs.length,
    clearError: n('clear error'),
    rightSuccess: n('right success'),
    wrongSuccess: n('wrong success'),
    refusedValidInput: n('refused valid input'),
    unclearError: n('unclear error'),
    internalFailure: n('internal failure'),
    hang: n('hang'),
    overMemory: n('over memory'),
    partialFiles: vs.filter((v) => v.partial.length > 0).length,
    slowestMs: Math.max(0, ...vs.map((v) => v.ms)),
    maxRssMb: rss.length ? Math.round(Math.max(...rss) / 1024) : null,
    byGroup,
  };
}

/** True when a verdict is a failure of the reliability contract. */
export function isBad(v: Verdict): boolean {
  return !['clear error', 'right success'].includes(v.outcome) || v.partial.length > 0;
}
