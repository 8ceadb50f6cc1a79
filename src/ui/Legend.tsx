import { colormapCssGradient } from '../geometry/colormap';
import { useApp } from '../state/context';
import { divergingCssGradient } from '../scene/colors';
import { DISPLACEMENT_RANGE_MM } from '../scene/meshGeometry';

const TICKS = 5;

/** Signed displacement legend: ± the displacement range in mm from the reference pin. */
function DisplacementLegend({ reference }: { reference: string }) {
  const r = DISPLACEMENT_RANGE_MM;
  const ticks = Array.from({ length: TICKS }, (_, i) => r - (2 * r * i) / (TICKS - 1));
  return (
    <figure
      className="legend"
      aria-label="Displacement colour legend"
      data-testid="legend"
      data-legend="displacement"
    >
      <figcaption>Displacement from pin {reference} (mm)</figcaption>
      <div className="legend-body">
        <div className="legend-bar" style={{ background: divergingCssGradient() }} />
        <ol className="legend-ticks">
          {ticks.map((t) => (
            <li key={t.toFixed(3)}>{t > 0 ? `+${t.toFixed(1)} out` : t < 0 ? `${t.toFixed(1)} in` : '0'}</li>
          ))}
        </ol>
      </div>
    </figure>
  );
}

/** Wall-thickness colour legend in mm with an adjustable (or automatic) range; or the displacement legend. */
export function Legend() {
  const range = useApp((s) => s.colorRange);
  const setRange = useApp((s) => s.setColorRange);
  const displacement = useApp((s) => s.source === 'model' && s.view.colorBy === 'displacement');
  const reference = useApp((s) => s.view.reference);
  if (displacement) return <DisplacementLegend reference={reference} />;
  const ticks = Array.from(
    { length: TICKS },
    (_, i) => range.hiMm - ((range.hiMm - range.loMm) * i) / (TICKS - 1),
  );
  return (
    <figure
      className="legend"
      aria-label="Wall thickness colour legend"
      data-testid="legend"
      data-legend="thickness"
    >
      <figcaption>Wall thickness (mm)</figcaption>
      <div className="legend-body">
        <div className="legend-bar" style={{ background: colormapCssGradient('viridis') }} />
        <ol className="legend-ticks">
          {ticks.map((t) => (
            <li key={t.toFixed(3)}>{t.toFixed(1)}</li>
          ))}
        </ol>
      </div>
      <div className="legend-controls">
        <label>
          min
          <input
            type="number"
            step={0.5}
            value={range.loMm}
            aria-label="Colour range minimum (mm)"
            onChange={(e) => {
              const v = e.currentTarget.valueAsNumber;
              if (Number.isFinite(v) && v < range.hiMm) setRange({ loMm: v, auto: false });
            }}
          />
        </label>
        <label>
          max
          <input
            type="number"
            step={0.5}
            value={range.hiMm}
            aria-label="Colour range maximum (mm)"
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
            onChange={(e) => setRange({ auto: e.currentTarget.checked })}
          />
          auto
        </label>
      </div>
    </figure>
  );
}
