/**
 * A one-phase drag update (LvOutcome.skippedPhase) completed from the shape before it: the skipped
 * phase's mesh and the indexes that depend on it are carried over, so the page never shows a missing
 * phase or a blank number while dragging. The carried values are those of the last update that had
 * both phases (SV and EF are never computed from two different shapes), and `staleIndexes` names
 * them so the page can say they are not current.
 */
import type { LvIndexValues, LvOutcome } from '../pipeline/protocol';

export type LvIndexName = keyof LvIndexValues;

/** Indexes that need the ED shape, the ES shape, or both. */
const NEEDS: Record<'ED' | 'ES', LvIndexName[]> = {
  ED: ['edvMl', 'massG', 'maxWallThicknessMm', 'svMl', 'efPct'],
  ES: ['esvMl', 'svMl', 'efPct'],
};

export interface MergedLvOutcome extends LvOutcome {
  /** Indexes carried over from an earlier shape (empty when every value is this shape's). */
  staleIndexes?: LvIndexName[];
}

export function mergeLvOutcome(prev: MergedLvOutcome | null, next: LvOutcome): MergedLvOutcome {
  const skipped = next.skippedPhase ?? null;
  if (!skipped) return { ...next, staleIndexes: [] };
  const stale = NEEDS[skipped];
  const indexes = { ...next.indexes };
  if (prev) for (const k of stale) indexes[k] = prev.indexes[k];
  else for (const k of stale) indexes[k] = NaN;
  return {
    ...next,
    ed: skipped === 'ED' && prev ? prev.ed : next.ed,
    es: skipped === 'ES' && prev ? prev.es : next.es,
    indexes,
    staleIndexes: [...stale],
  };
}
