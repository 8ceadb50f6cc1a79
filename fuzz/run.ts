/**
 * `npm run fuzz`: the reliability suite. Generates every case (fuzz/cases), runs each as a child
 * process of the real CLI in its own folder, and prints a JSON table of outcomes, followed by the
 * failures. Exit status 1 when any case is a wrong success, refused valid input, unclear error,
 * internal failure, hang, over memory or left a partial file.
 *
 *   npm run fuzz                      # all cases
 *   npm run fuzz -- --quick           # the subset `npm test` runs
 *   npm run fuzz -- --only png/       # cases whose id contains the text
 *   npm run fuzz -- --jobs 4 --report fuzz-report.json
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases, niftiReferences } from './cases/index.ts';
import { refs } from './cases/checks.ts';
import { isBad, runCase, tabulate, type FuzzCase, type FuzzTable, type Verdict } from './harness.ts';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  quick?: boolean;
  only?: string;
  jobs?: number;
  /** Called after each case. */
  onVerdict?: (v: Verdict, done: number, total: number) => void;
}

/** Run the reference measurements, then the cases; returns the table and every verdict. */
export async function runFuzz(
  opts: FuzzOptions = {},
): Promise<{ table: FuzzTable; verdicts: Verdict[]; referenceErrors: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'latent-anatomy-fuzz-'));
  const referenceErrors: string[] = [];
  try {
    let i = 0;
    for (const ref of niftiReferences) {
      const c: FuzzCase = {
        id: `reference/${ref.key}`,
        group: 'nifti',
        files: ref.files,
        argv: ref.argv,
        expect: 'success',
      };
      let json: Record<string, unknown> | null = null;
      const v = await runCase(
        { ...c, check: (r) => ((json = JSON.parse(r.stdout) as Record<string, unknown>), null) },
        work,
        i++,
      );
      if (v.outcome !== 'right success' || json === null) {
        referenceErrors.push(`${c.id}: ${v.outcome}: ${v.detail}`);
        continue;
      }
      const wrong = ref.truth(json);
      if (wrong) referenceErrors.push(`${c.id}: ${wrong}`);
      refs.set(ref.key, json);
    }
    let cases = allCases();
    if (opts.quick) cases = cases.filter((c) => c.quick);
    if (opts.only) cases = cases.filter((c) => c.id.includes(opts.only as string));
    const verdicts: Verdict[] = new Array<Verdict>(cases.length);
    const jobs = Math.max(1, opts.jobs ?? Math.min(4, availableParallelism()));
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const k = next++;
        const v = await runCase(cases[k]!, work, 100 + k);
        verdicts[k] = v;
        opts.onVerdict?.(v, ++done, cases.length);
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    return { table: tabulate(verdicts), verdicts, referenceErrors };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function cli(argv: string[]): Promise<number> {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const jobs = flag('--jobs');
  const report = flag('--report');
  const { table, verdicts, referenceErrors } = await runFuzz({
    quick: argv.includes('--quick'),
    only: flag('--only'),
    jobs: jobs ? Number(jobs) : undefined,
    onVerdict: (v, done, total) => {
      if (isBad(v))
        process.stderr.write(
          `[${done}/${total}] ${v.outcome}${v.partial.length ? ' + partial files' : ''}: ${v.id}: ${v.detail}\n`,
        );
      else if (done % 50 === 0) process.stderr.write(`[${done}/${total}]\n`);
    },
  });
  const failures = verdicts
    .filter(isBad)
    .map((v) => ({ id: v.id, outcome: v.outcome, partial: v.partial, detail: v.detail, ms: v.ms }));
  process.stdout.write(`${JSON.stringify({ table, referenceErrors, failures }, null, 2)}\n`);
  if (report) writeFileSync(report, JSON.stringify({ table, referenceErrors, verdicts }, null, 1));
  return failures.length > 0 || referenceErrors.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await cli(process.argv.slice(2));
}
