import { describe, expect, it } from 'vitest';

import type { Volume } from '../../src/geometry/types';
import { createRng } from '../../src/anatomy/random';
import { augmentLabelPair, DEFAULT_LABEL_AUGMENTATION, sliceAxisOf } from './augmentLabels';
import { buildRealLvCohort } from './cohort';
import { REALDATA_DEFAULT } from './realData';

/** A stack of 8 slices (10 mm) of 40 × 40 pixels (1.5 mm): a ring of label 2 around a disc of 3 on slices 1–6. */
function stack(): Volume<Float32Array> {
  const dims: [number, number, number] = [40, 40, 8];
  const data = new Float32Array(40 * 40 * 8);
  for (let k = 1; k <= 6; k++)
    for (let j = 0; j < 40; j++)
      for (let i = 0; i < 40; i++) {
        const r = Math.hypot((i - 20) * 1.5, (j - 20) * 1.5);
        data[i + 40 * (j + 40 * k)] = r < 12 ? 3 : r < 20 ? 2 : 0;
      }
  return { dims, spacing: [1.5, 1.5, 10], origin: [0, 0, 0], data };
}

const count = (v: Volume, label: number, slice?: number): number => {
  let n = 0;
  const per = v.dims[0] * v.dims[1];
  for (let i = 0; i < v.data.length; i++)
    if (v.data[i] === label && (slice === undefined || Math.floor(i / per) === slice)) n++;
  return n;
};

describe('augmentLabelPair', () => {
  it('is the identity with no warp, no shift and no dropped slice', () => {
    const ed = stack();
    const out = augmentLabelPair(createRng(1), ed, ed, {
      ...DEFAULT_LABEL_AUGMENTATION,
      warpMm: 0,
      sliceShiftMm: 0,
      dropEndSlice: 0,
    });
    expect(Array.from(out.ed.data)).toEqual(Array.from(ed.data));
    expect(Array.from(out.es!.data)).toEqual(Array.from(ed.data));
    expect(out.ed.spacing).toEqual(ed.spacing);
  });

  it('clears the first and last labelled slice of both phases, and only those', () => {
    const ed = stack();
    const out = augmentLabelPair(createRng(2), ed, stack(), {
      ...DEFAULT_LABEL_AUGMENTATION,
      warpMm: 0,
      sliceShiftMm: 0,
      dropEndSlice: 1,
    });
    for (const v of [out.ed, out.es!]) {
      expect(count(v, 2, 1) + count(v, 3, 1)).toBe(0);
      expect(count(v, 2, 6) + count(v, 3, 6)).toBe(0);
      for (let k = 2; k <= 5; k++) expect(count(v, 2, k)).toBe(count(ed, 2, k));
    }
  });

  it('warps both phases alike, keeps labels and volumes near the original, and is seeded', () => {
    const ed = stack();
    const a = augmentLabelPair(createRng(3), ed, ed);
    const b = augmentLabelPair(createRng(3), ed, ed);
    expect(Array.from(a.ed.data)).toEqual(Array.from(b.ed.data));
    expect(Array.from(a.es!.data)).toEqual(Array.from(a.ed.data)); // same input, same warp
    expect(Array.from(a.ed.data)).not.toEqual(Array.from(ed.data));
    expect(new Set(a.ed.data)).toEqual(new Set([0, 2, 3]));
    for (const label of [2, 3]) {
      const before = count(ed, label);
      const after = count(a.ed, label);
      // A dropped end slice removes at most 2 of 6 slices; the warp changes the rest by a few %.
      expect(after).toBeGreaterThan(0.55 * before);
      expect(after).toBeLessThan(1.2 * before);
    }
  });

  it('takes the slice axis as the axis of the largest spacing', () => {
    expect(sliceAxisOf([1.5, 1.5, 10])).toBe(2);
    expect(sliceAxisOf([8, 1.2, 1.2])).toBe(0);
    expect(sliceAxisOf([1.2, 6.5, 1.2])).toBe(1);
  });
});

describe('buildRealLvCohort with augmented copies (a real ACDC patient of the development set)', () => {
  it('adds the copies after the rolls, imported like the file, seeded, and close to the heart in size', () => {
    const aug = { ...DEFAULT_LABEL_AUGMENTATION, warpMm: 3.5, copies: 2, seed: 5 };
    const a = buildRealLvCohort(REALDATA_DEFAULT, ['acdc_test/patient102'], 1, 20, aug);
    const b = buildRealLvCohort(REALDATA_DEFAULT, ['acdc_test/patient102'], 1, 20, aug);
    expect(a.n).toBe(3);
    expect(a.augmented).toBe(2);
    expect(Array.from(a.y)).toEqual([0, 0, 0]); // patient102 is a normal heart: every copy keeps its class
    expect(Array.from(a.t)).toEqual(Array.from(b.t));
    const per = a.targetVoxels * 4;
    // Voxels inside the ED solid (channel 0 of the decoder target, channels interleaved).
    const inside = (i: number): number => {
      let n = 0;
      for (let v = 0; v < a.targetVoxels; v++) if (a.t[i * per + 4 * v]! < 0) n++;
      return n;
    };
    const original = inside(0);
    for (const i of [1, 2]) {
      let differ = 0;
      for (let j = 0; j < per; j++) if (a.t[i * per + j] !== a.t[j]) differ++;
      expect(differ).toBeGreaterThan(per / 10);
      expect(inside(i)).toBeGreaterThan(0.7 * original);
      expect(inside(i)).toBeLessThan(1.3 * original);
    }
  });
});
