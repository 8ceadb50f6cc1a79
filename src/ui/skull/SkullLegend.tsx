import { colormapCssGradient } from '../../geometry/colormap';
import { SkullBoneLegend } from './SkullBoneLegend';
import { useApp, useStoreApi } from '../../state/context';
import { useSkullCommands } from '../commands';

const TICKS = 5;

/** Colour of the predicted skull (uncertainty in mm or its bones), the legend and the uncertainty range. */
export function SkullLegend() {
  const store = useStoreApi();
  const skull = useSkullCommands();
  const colorBy = useApp((s) => s.skullX.colorBy);
  const range = useApp((s) => s.skullX.range);
  const has = useApp((s) => s.skullX.prediction !== null);
  if (!has) return null;
  const setRange = (r: Partial<typeof range>) => store.getState().setSkullX({ range: { ...range, ...r } });
  const ticks = Array.from(
    { length: TICKS },
    (_, i) => range.hiMm - ((range.hiMm - range.loMm) * i) / (TICKS - 1),
  );
  return (
    <figure
      className="legend"
      aria-label="Uncertainty colour legend"
      data-testid="skull-legend"
      data-legend={colorBy}
    >
      <div role="radiogroup" aria-label="Skull colour" className="tabs">
        {(['uncertainty', 'bone'] as const).map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={colorBy === c}
            data-skull-color={c}
            onClick={() => skull.setColorBy(c)}
          >
            {c === 'uncertainty' ? 'Uncertainty' : 'Bones'}
          </button>
        ))}
      </div>
      {colorBy === 'uncertainty' ? (
        <>
          <figcaption>Uncertainty: SD of the surface (mm)</figcaption>
          <div className="legend-body">
            <div className="legend-bar" style={{ background: colormapCssGradient('viridis') }} />
            <ol className="legend-ticks" data-legend-max={range.hiMm} data-legend-auto={String(range.auto)}>
              {ticks.map((t) => (
                <li key={t.toFixed(4)}>{t.toFixed(2)}</li>
              ))}
            </ol>
          </div>
          <div className="legend-controls">
            <label>
              max
              <input
                type="number"
                step={0.1}
                min={0.01}
                value={Number(range.hiMm.toFixed(2))}
                aria-label="Uncertainty colour range maximum (mm)"
                onChange={(e) => {
                  const v = e.currentTarget.valueAsNumber;
                  if (Number.isFinite(v) && v > range.loMm) setRange({ hiMm: v, auto: false });
                }}
              />
            </label>
            <label>
              <input
                type="checkbox"
                checked={range.auto}
                onChange={(e) => {
                  const auto = e.currentTarget.checked;
                  const p95 = store.getState().skullX.prediction?.uncertainty.p95Mm;
                  setRange(
                    auto && p95 !== undefined ? { auto, loMm: 0, hiMm: Math.max(0.05, p95) } : { auto },
                  );
                }}
              />
              auto (0 … 95th percentile of this prediction; default a fixed 0–3 mm)
            </label>
          </div>
        </>
      ) : (
        <SkullBoneLegend />
      )}
    </figure>
  );
}
