/** Every fuzz case, in a fixed order (ids are unique). */
import type { FuzzCase } from '../harness.ts';
import { cliCases } from './cli.ts';
import { imageCases } from './images.ts';
import { niftiCases } from './nifti.ts';

export { niftiReferences } from './nifti.ts';

export function allCases(): FuzzCase[] {
  const cases = [...niftiCases(), ...imageCases(), ...cliCases()];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate fuzz case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
