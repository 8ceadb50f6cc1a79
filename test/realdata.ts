/**
 * The development set of real cases, `../shared/realdata` relative to the project root (CI has it
 * there too; README of that folder). Tests that need it call {@link realdataPath}: when the folder or
 * a file is missing the test fails with a message that says where it looked, never skips.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of the development set. */
export const REALDATA_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'realdata');

/**
 * Absolute path of `parts` inside the development set.
 *
 * @throws Error naming the missing path when it does not exist.
 */
export function realdataPath(...parts: string[]): string {
  const p = join(REALDATA_DIR, ...parts);
  if (!existsSync(p)) {
    throw new Error(
      `real-data test input missing: ${p} (the development set is expected at ../shared/realdata beside the project root)`,
    );
  }
  return p;
}
