/**
 * The HC18 development set (`../shared/realdata/hc18/dev/`, CC BY 4.0, van den Heuvel et al. 2018):
 * its cases and the fixed split by fetus into a **tuning** part and a **held-out** part.
 *
 * Split rule: FNV-1a 32-bit hash of the subject string (the number before `_HC`, `_2HC`, …, as in
 * `cases.csv`); `hash % 10 < 4` → held-out, else tuning. All images of one fetus fall on one side.
 * On the 952 dev images: 391 held-out (174 with HC 175–330 mm), 561 tuning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of `cases.csv`. */
export interface Hc18Case {
  filename: string;
  pixelMm: number;
  hcMm: number;
  subject: string;
  part: 'tuning' | 'heldout';
}

/** HC range of the 3-D skull models (20–36 weeks), mm. */
export const IN_RANGE_HC_MM: [number, number] = [175, 330];

/** FNV-1a 32-bit hash of a string's UTF-8 bytes. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** The side of the split a fetus (subject id) is on. */
export function hc18Part(subject: string): 'tuning' | 'heldout' {
  return fnv1a(subject) % 10 < 4 ? 'heldout' : 'tuning';
}

/** Reads `cases.csv` of the dev folder. */
export function readHc18Cases(devDir: string): Hc18Case[] {
  const lines = readFileSync(join(devDir, 'cases.csv'), 'utf8').split(/\r?\n/);
  const out: Hc18Case[] = [];
  for (const line of lines.slice(1)) {
    const [filename, px, hc, subject] = line.split(',');
    if (!filename || !px || !hc || subject === undefined) continue;
    out.push({ filename, pixelMm: Number(px), hcMm: Number(hc), subject, part: hc18Part(subject) });
  }
  return out;
}
