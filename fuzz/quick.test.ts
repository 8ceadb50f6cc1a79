/**
 * The quick subset of the reliability suite (`npm run fuzz -- --quick`, a few dozen cases) inside
 * `npm test`: every case must end in a clear error or a right success, with no partial output file,
 * under 10 s and 1 GiB each. The full suite is `npm run fuzz` (docs/reliability.md).
 */
import { expect, it } from 'vitest';
import { isBad } from './harness.ts';
import { runFuzz } from './run.ts';

it(
  'quick fuzz subset: no wrong success, internal failure, hang or partial file',
  { timeout: 240_000 },
  async () => {
    const { table, verdicts, referenceErrors } = await runFuzz({ quick: true, jobs: 2 });
    expect(referenceErrors).toEqual([]);
    expect(table.tried).toBeGreaterThanOrEqual(30);
    expect(
      verdicts.filter(isBad).map((v) => `${v.outcome}: ${v.id}: ${v.detail} ${v.partial.join(' ')}`),
    ).toEqual([]);
    expect(table.clearError).toBeGreaterThan(0);
    expect(table.rightSuccess).toBeGreaterThan(0);
  },
);
