import { useMemo } from 'react';
import { PANEL_REFRESH_MS } from './dragPolicy';
import { useApp, useLiveApp } from '../state/context';
import { POPULATION_LIMIT_SD, populationDistances } from '../state/population';
import { Term } from './Term';

/**
 * Says when the shown code has left the training population: the Mahalanobis distance to the
 * nearer class's training codes beyond 3 SD (equivalent normal deviate) on the classifier's level,
 * or on a lower level the person edited or a file set. Below that, a quiet line with the distance.
 */
export function PopulationNotice() {
  const info = useApp((s) => s.modelInfo);
  // Refreshed at most every 120 ms while dragging, like the other reporting panels.
  const model = useLiveApp((s) => (s.source === 'model' ? (s.lv?.model ?? null) : null), PANEL_REFRESH_MS);
  const distances = useMemo(() => {
    if (!info || !model || model.modelId !== info.id) return [];
    const all = populationDistances(model.levels, info.levels);
    // Lower levels that follow the prior (means or samples) are the model's own, not the person's.
    const top = info.levels[info.levels.length - 1]?.name;
    return model.lowerMode === 'free' ? all : all.filter((d) => d.name === top);
  }, [info, model]);
  if (distances.length === 0) return null;
  const worst = distances.reduce((a, b) => (b.sdEquivalent > a.sdEquivalent ? b : a));
  const out = worst.sdEquivalent > POPULATION_LIMIT_SD;
  // A code nearer than typical training codes has a negative deviate: "0.0 SD" reads better.
  const sd = Number.isFinite(worst.sdEquivalent) ? Math.max(0, worst.sdEquivalent).toFixed(1) : 'far';
  return (
    <div
      className={out ? 'population-notice population-out' : 'population-notice'}
      role={out ? 'alert' : 'status'}
      data-testid="population-notice"
      data-out={out ? 'true' : 'false'}
      data-sd={Number.isFinite(worst.sdEquivalent) ? worst.sdEquivalent.toFixed(3) : 'Infinity'}
      data-level={worst.name}
    >
      {out ? (
        <>
          <b>Outside the training population:</b> this code is {sd} SD from the nearest training codes (level{' '}
          {worst.name}); the model was never shown hearts like this, so the shape and its numbers are an
          extrapolation.
        </>
      ) : (
        <>
          Within the training population ({sd} SD from the {worst.nearer === 'hcm' ? 'HCM' : 'healthy'}{' '}
          training codes at level {worst.name}; the alarm is at {POPULATION_LIMIT_SD} SD).
        </>
      )}{' '}
      <Term
        term="SD"
        explain={`The Mahalanobis distance to the nearer class's training codes (per-dimension means and SDs in the model's manifest), turned into the number of standard deviations a single measurement would lie out with the same rarity. ${distances
          .map((d) => `${d.name}: distance ${d.mahalanobis.toFixed(1)} over ${d.dims} dimensions`)
          .join('; ')}.`}
      >
        how is this measured?
      </Term>
    </div>
  );
}
