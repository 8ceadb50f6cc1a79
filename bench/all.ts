/**
 * `npm run bench`: runs every benchmark script (each prints one JSON object) and prints them merged
 * as one JSON object. The browser benchmark needs the production build (`npx vite build`) and
 * Debian's chromium; it is skipped with a reason when either is missing.
 *
 *   npx tsx bench/all.ts [--only marchingCubes,pipeline,browser]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHES = ['marchingCubes', 'pipeline', 'browser', 'skull'] as const;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : [...BENCHES];

const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${process.platform} ${process.arch}`,
};
for (const name of BENCHES) {
  if (!only.includes(name)) continue;
  if (
    (name === 'browser' || name === 'skull') &&
    (!existsSync('dist/index.html') || !existsSync('/usr/bin/chromium'))
  ) {
    out[name] = { skipped: 'needs `npx vite build` and /usr/bin/chromium' };
    continue;
  }
  try {
    const stdout = execFileSync('npx', ['tsx', `bench/${name}.bench.ts`], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    out[name] = JSON.parse(stdout);
  } catch (err) {
    out[name] = { error: (err as Error).message.split('\n')[0] };
  }
}
console.log(JSON.stringify(out, null, 2));
