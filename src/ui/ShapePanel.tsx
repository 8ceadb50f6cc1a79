import { useLvCommands } from './commands';
import { useApp } from '../state/context';
import { withTop } from '../state/explorerSlice';

/**
 * How the shape is shown: colour by wall thickness or by displacement from a pinned shape, two pins
 * (A and B) for comparison side by side with linked cameras, interpolation between them, and the
 * cardiac-cycle animation.
 */
export function ShapePanel() {
  const pins = useApp((s) => s.pins);
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const latent = useApp((s) => s.latent);
  const setLatent = useApp((s) => s.setLatent);
  const hasShape = useApp((s) => s.lv?.model !== undefined && s.lv !== null);
  const commands = useLvCommands();
  const bothPinned = pins.A !== null && pins.B !== null;

  const interpolate = (t: number, interactive: boolean) => {
    const a = pins.A?.intent.levels;
    const b = pins.B?.intent.levels;
    if (!a || !b || !latent) return;
    const levels = a.map((la, l) => la.map((v, i) => (1 - t) * v + t * (b[l]?.[i] ?? v)));
    setView({ interp: t });
    setLatent({
      ...withTop(latent, levels[levels.length - 1] ?? [], interactive),
      levels,
      lowerMode: 'free',
    });
  };

  return (
    <section className="panel" aria-label="Shape display">
      <h2>Shape</h2>
      <div className="pin-grid">
        {(['A', 'B'] as const).map((slot) => {
          const p = pins[slot];
          return (
            <div key={slot} className="pin-row" data-pin={slot}>
              <strong>Pin {slot}</strong>
              <span className="hint">{p ? p.label : 'empty'}</span>
              <button
                type="button"
                disabled={!hasShape}
                onClick={() => commands.pin(slot)}
                data-testid={`pin-${slot}`}
              >
                Pin current
              </button>
              <button type="button" disabled={!p} onClick={() => commands.unpin(slot)}>
                Unpin
              </button>
            </div>
          );
        })}
      </div>
      <div role="radiogroup" aria-label="Colour by" className="tabs small">
        <button
          type="button"
          role="radio"
          aria-checked={view.colorBy === 'thickness'}
          data-color-by="thickness"
          onClick={() => setView({ colorBy: 'thickness' })}
        >
          Wall thickness
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={view.colorBy === 'displacement'}
          data-color-by="displacement"
          disabled={!pins.A && !pins.B}
          onClick={() =>
            setView({
              colorBy: 'displacement',
              reference: pins[view.reference] ? view.reference : pins.A ? 'A' : 'B',
            })
          }
        >
          Displacement from pin {pins[view.reference] ? view.reference : pins.A ? 'A' : 'B'}
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={view.sideBySide}
          disabled={!pins.A}
          data-testid="side-by-side"
          onChange={(e) => setView({ sideBySide: e.currentTarget.checked })}
        />
        Show pin A side by side (linked cameras)
      </label>
      <label className="field">
        <span>Interpolate A → B</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          disabled={!bothPinned}
          value={view.interp ?? 0}
          data-testid="interp"
          aria-valuetext={`${((view.interp ?? 0) * 100).toFixed(0)} % of the way from A to B`}
          onChange={(e) => interpolate(Number(e.currentTarget.value), true)}
        />
        <output>{((view.interp ?? 0) * 100).toFixed(0)} %</output>
      </label>
      <div className="sample-row">
        <button
          type="button"
          data-testid="cycle"
          disabled={!hasShape || view.cycle.loading}
          aria-pressed={view.cycle.playing}
          onClick={() => commands.cycle(!view.cycle.playing)}
        >
          {view.cycle.loading ? 'Preparing cycle…' : view.cycle.playing ? 'Stop cycle' : 'Play cardiac cycle'}
        </button>
      </div>
      {view.cycle.playing ? (
        <p className="hint">
          Cycle: ED and ES signed distance fields blended (a display morph, not modelled mid-phases).
        </p>
      ) : null}
    </section>
  );
}
