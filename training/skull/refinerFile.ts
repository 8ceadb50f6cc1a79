/**
 * The boundary refiner's weights from a file (CLI, evaluation): the refiner, or why there is none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HEAD_REFINER_FILE,
  HEAD_REFINER_ID,
  type RefinerState,
  refinerFromText,
} from '../../src/pipeline/headRefiner';

/** Reads `path`, or `<modelsDir>/hc18-refiner/refiner.json` given a models folder. */
export function readRefinerFile(path: string): RefinerState {
  if (!existsSync(path))
    return { refiner: null, refinerUnavailable: `the boundary refiner's weights are missing (${path})` };
  return refinerFromText(readFileSync(path, 'utf8'), path);
}

/** The shipped refiner's file in a models folder. */
export const refinerPathIn = (modelsDir: string): string =>
  join(modelsDir, HEAD_REFINER_ID, HEAD_REFINER_FILE);
