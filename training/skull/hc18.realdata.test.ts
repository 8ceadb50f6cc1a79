/**
 * The head detector on a few real HC18 images (../shared/realdata/hc18/dev, CC BY 4.0, van den Heuvel
 * et al. 2018): HC against the expert's annotation. Fails loudly when the data is missing. Images of
 * the tuning part, one per size band, from a first-trimester head to a 36-week one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/imaging/decodeImage';
import { detectHeadOutline } from '../../src/imaging/headOutline';
import { headSizeNote } from '../../src/pipeline/skullSize';
import { realdataPath } from '../../test/realdata';
import { hc18Part, readHc18Cases } from './hc18Split';

const dev = realdataPath('hc18', 'dev');
const cases = new Map(readHc18Cases(dev).map((c) => [c.filename, c]));

describe('head detector on real HC18 images', () => {
  it.each([
    ['672_HC.png', 0.04],
    ['731_3HC.png', 0.04],
    ['258_HC.png', 0.04],
    ['155_HC.png', 0.06],
  ])('%s: HC within %f of the annotation, a calm uncertainty', (file, tol) => {
    const c = cases.get(file);
    if (!c) throw new Error(`${file} is not in cases.csv`);
    const img = decodeImage(readFileSync(realdataPath('hc18', 'dev', file)));
    const d = detectHeadOutline(img, c.pixelMm, 'axial');
    expect(Math.abs(d.hcMm - c.hcMm) / c.hcMm).toBeLessThan(tol);
    expect(d.uncertainty.hcSdMm).toBeGreaterThan(0);
    expect(d.uncertainty.hcSdMm).toBeLessThan(0.04 * c.hcMm);
  });

  it('a first-trimester head (HC 70 mm at 0.07 mm per pixel) is measured and its size named, not refused', () => {
    const c = cases.get('061_HC.png');
    if (!c) throw new Error('061_HC.png is not in cases.csv');
    const img = decodeImage(readFileSync(realdataPath('hc18', 'dev', c.filename)));
    const d = detectHeadOutline(img, c.pixelMm, 'axial');
    expect(Math.abs(d.hcMm - c.hcMm) / c.hcMm).toBeLessThan(0.08);
    const note = headSizeNote(d.hcMm);
    expect(note.prediction).toBe('no');
    expect(note.message).toMatch(/^HC \d+\.\d mm ≈ 1[012] weeks: the 3-D models cover 20–36 weeks/);
  });

  it('the split keeps each fetus on one side', () => {
    expect(hc18Part('731')).toBe(hc18Part('731'));
    const all = readHc18Cases(dev);
    const held = all.filter((c) => c.part === 'heldout');
    expect(held.length).toBeGreaterThanOrEqual(200);
    for (const c of all) expect(c.part).toBe(hc18Part(c.subject));
  });
});
