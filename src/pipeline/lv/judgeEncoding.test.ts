/** The quality gate of an encoded heart: which reconstructed indexes are the model's error. */
import { describe, expect, it } from 'vitest';
import { judgeEncoding, type HeartIndexes } from './encodeHeart';

const heart = (o: Partial<HeartIndexes> = {}): HeartIndexes => ({
  edvMl: 140,
  esvMl: 60,
  svMl: 80,
  efPct: 57,
  massG: 130,
  maxWallThicknessMm: 11,
  ...o,
});
const good = { ED: 0.9, ES: 0.92 };

describe('quality gate of an encoding', () => {
  it('passes a close fit of a typical heart', () => {
    const q = judgeEncoding(good, heart(), [], heart());
    expect(q).toMatchObject({ ok: true, reasons: [] });
  });

  it('does not blame the model for an atypical heart it follows (dilated EF 13 %, hyperdynamic 86 %, small LV)', () => {
    const dcm = heart({ edvMl: 269, esvMl: 234, svMl: 35, efPct: 13.1 });
    expect(judgeEncoding(good, dcm, [], heart({ edvMl: 269, esvMl: 234, svMl: 35, efPct: 12.9 })).ok).toBe(
      true,
    );
    const hyper = heart({ edvMl: 133, esvMl: 19, svMl: 114, efPct: 85.6 });
    expect(judgeEncoding(good, hyper, [], heart({ efPct: 84.9 })).ok).toBe(true);
    // Beyond the range on the same side as the file, however far: the heart is what it is.
    expect(judgeEncoding(good, heart({ massG: 31 }), [], heart({ massG: 36 })).ok).toBe(true);
  });

  it('flags an index the model put outside the range of real hearts, naming the file’s own', () => {
    const q = judgeEncoding(good, heart({ efPct: 91 }), [], heart({ efPct: 70 }));
    expect(q.ok).toBe(false);
    expect(q.reasons).toEqual([
      "reconstruction: EF 91.0 % lies outside the range of real hearts (20–85 %), while the file's own is 70.0 %",
    ]);
    // Without the file's indexes the range alone decides.
    expect(judgeEncoding(good, heart({ efPct: 13 }), []).reasons).toEqual([
      'reconstruction: EF 13.0 % lies outside the range of real hearts (20–85 %)',
    ]);
    // Just outside, but more than 5 points from the file: flagged.
    expect(judgeEncoding(good, heart({ efPct: 86 }), [], heart({ efPct: 80 })).ok).toBe(false);
  });

  it('does not count ES indexes that an ED-only file leaves unmeasured, but does count impossible ones', () => {
    const edOnly = heart({ esvMl: null, svMl: null, efPct: null });
    expect(judgeEncoding({ ED: 0.9, ES: null }, edOnly, [], edOnly)).toMatchObject({ ok: true, reasons: [] });
    const q = judgeEncoding(good, heart({ esvMl: 150, svMl: -10, efPct: -7 }), [], heart());
    expect(q.ok).toBe(false);
    expect(q.reasons).toEqual([
      'reconstruction: SV < 0: the ES cavity is larger than the ED cavity',
      'reconstruction: EF outside 0–100 % (-7 %): the ED and ES shapes do not match',
    ]);
  });

  it('keeps the poor-fit and population reasons whatever the indexes', () => {
    const q = judgeEncoding(
      { ED: 0.7, ES: null },
      heart(),
      [{ name: 'z1', mahalanobis: 14, equivalentSd: 7.8 }],
      heart(),
    );
    expect(q.ok).toBe(false);
    expect(q.reasons[0]).toMatch(/^poor fit at ED: .* Dice 0\.70 \(below 0\.75\)/);
    expect(q.reasons[1]).toMatch(/^outside the model's population: level z1 lies 7\.8 SD/);
  });
});
