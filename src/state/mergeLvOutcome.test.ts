/**
 * One-phase drag updates completed from the previous shape: the skipped phase's mesh and its indexes
 * come from the previous outcome, SV and EF are never mixed from two shapes, the stale list names
 * what was carried over, and a two-phase update replaces everything.
 */
import { describe, expect, it } from 'vitest';
import type { LvOutcome, MeshPayload } from '../pipeline/protocol';
import { mergeLvOutcome } from './mergeLvOutcome';

const mesh = (n: number): MeshPayload => ({
  positions: new Float32Array(3 * n),
  normals: new Float32Array(3 * n),
  indices: new Uint32Array(n),
  scalar: null,
});

function outcome(
  ed: number,
  es: number,
  indexes: Partial<LvOutcome['indexes']>,
  skipped: LvOutcome['skippedPhase'] = null,
): LvOutcome {
  return {
    kind: 'lv',
    ed: mesh(ed),
    es: mesh(es),
    indexes: {
      edvMl: NaN,
      esvMl: NaN,
      svMl: NaN,
      efPct: NaN,
      massG: NaN,
      maxWallThicknessMm: NaN,
      ...indexes,
    },
    asked: null,
    params: {},
    messages: [],
    timings: {},
    skippedPhase: skipped,
  };
}

describe('mergeLvOutcome', () => {
  const full = outcome(30, 20, {
    edvMl: 150,
    esvMl: 60,
    svMl: 90,
    efPct: 60,
    massG: 120,
    maxWallThicknessMm: 11,
  });

  it('keeps the ES mesh and ESV, SV, EF of the previous shape when ES was skipped', () => {
    const m = mergeLvOutcome(full, outcome(33, 0, { edvMl: 160, massG: 125, maxWallThicknessMm: 12 }, 'ES'));
    expect(m.ed.positions.length).toBe(99);
    expect(m.es).toBe(full.es);
    expect(m.indexes).toEqual({
      edvMl: 160,
      esvMl: 60,
      svMl: 90,
      efPct: 60,
      massG: 125,
      maxWallThicknessMm: 12,
    });
    expect(m.staleIndexes).toEqual(['esvMl', 'svMl', 'efPct']);
  });

  it('keeps the ED side when ED was skipped, and chains over several one-phase updates', () => {
    const a = mergeLvOutcome(full, outcome(0, 22, { esvMl: 55 }, 'ED'));
    expect(a.ed).toBe(full.ed);
    expect(a.indexes).toEqual({
      edvMl: 150,
      esvMl: 55,
      svMl: 90,
      efPct: 60,
      massG: 120,
      maxWallThicknessMm: 11,
    });
    const b = mergeLvOutcome(a, outcome(0, 23, { esvMl: 50 }, 'ED'));
    expect(b.indexes.svMl).toBe(90);
    expect(b.indexes.esvMl).toBe(50);
    expect(b.staleIndexes).toContain('edvMl');
  });

  it('leaves skipped values unknown without a previous shape, and a full update replaces all', () => {
    const lone = mergeLvOutcome(null, outcome(10, 0, { edvMl: 140 }, 'ES'));
    expect(lone.indexes.esvMl).toBeNaN();
    expect(lone.es.positions.length).toBe(0);
    const next = outcome(31, 21, {
      edvMl: 151,
      esvMl: 61,
      svMl: 90,
      efPct: 59.6,
      massG: 121,
      maxWallThicknessMm: 11.5,
    });
    const m = mergeLvOutcome(lone, next);
    expect(m.indexes).toEqual(next.indexes);
    expect(m.staleIndexes).toEqual([]);
  });
});
