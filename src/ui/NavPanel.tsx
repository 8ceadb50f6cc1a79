import { useLvCommands } from './commands';
import { useApp } from '../state/context';
import { checkLvIndex } from '../geometry/lvIndexValidity';
import { PathChart } from './PathChart';
import { PopulationNotice } from './PopulationNotice';
import { Term } from './Term';

const possible = (name: 'efPct' | 'massG' | 'maxWallThicknessMm') => (v: number) =>
  checkLvIndex(name, v).value !== null;

/**
 * Gradient navigation μ ← μ ± λ ∂logit/∂μ on the classifier's level: target class, λ, steps per run,
 * play / pause / single step / undo, and p(HCM), maximal wall thickness, mass and EF along the path.
 */
export function NavPanel() {
  const nav = useApp((s) => s.nav);
  const setNav = useApp((s) => s.setNav);
  const ready = useApp((s) => s.modelInfo !== null && s.latent !== null);
  const commands = useLvCommands();
  const path = nav.path;
  return (
    <section className="panel" aria-label="Gradient navigation">
      <h2>Gradient navigation</h2>
      <p className="hint">
        Each step moves the code along the classifier’s gradient: μ ← μ {nav.target === 'hcm' ? '+' : '−'}{' '}
        <Term
          term="λ"
          explain="The step size: how far one step moves the code along the direction that changes p(HCM) fastest. Larger steps reach the other class in fewer steps but can overshoot."
        />{' '}
        ∂logit/∂μ (Biffi et al.). The shape is decoded and measured at every step.
      </p>
      <div className="nav-grid">
        <label className="field">
          <span>Towards</span>
          <select
            data-testid="nav-target"
            value={nav.target}
            onChange={(e) => setNav({ target: e.currentTarget.value === 'healthy' ? 'healthy' : 'hcm' })}
          >
            <option value="hcm">HCM</option>
            <option value="healthy">healthy</option>
          </select>
        </label>
        <label className="field">
          <span>λ (step size)</span>
          <input
            type="number"
            data-testid="nav-lambda"
            min={0.01}
            max={2}
            step={0.05}
            value={nav.lambda}
            onChange={(e) => {
              const v = e.currentTarget.valueAsNumber;
              if (Number.isFinite(v) && v > 0 && v <= 2) setNav({ lambda: v });
            }}
          />
        </label>
        <label className="field">
          <span>Steps</span>
          <input
            type="number"
            data-testid="nav-steps"
            min={1}
            max={100}
            step={1}
            value={nav.steps}
            onChange={(e) => {
              const v = Math.round(e.currentTarget.valueAsNumber);
              if (Number.isFinite(v) && v >= 1 && v <= 100) setNav({ steps: v });
            }}
          />
        </label>
      </div>
      <div className="sample-row" role="group" aria-label="Navigation controls">
        {nav.playing ? (
          <button type="button" data-nav="pause" onClick={() => commands.navigate('pause')}>
            Pause
          </button>
        ) : (
          <button type="button" data-nav="play" disabled={!ready} onClick={() => commands.navigate('play')}>
            Play {nav.remaining > 0 ? `(${nav.remaining} left)` : `${nav.steps} steps`}
          </button>
        )}
        <button
          type="button"
          data-nav="step"
          disabled={!ready || nav.playing}
          onClick={() => commands.navigate('step')}
        >
          Step
        </button>
        <button
          type="button"
          data-nav="undo"
          disabled={nav.playing || path.length < 2}
          onClick={() => commands.navigate('undo')}
        >
          Undo
        </button>
        <button
          type="button"
          data-nav="clear"
          disabled={nav.playing || path.length < 2}
          onClick={() => commands.navigate('clear')}
        >
          Clear path
        </button>
      </div>
      <p className="hint" data-testid="nav-status" data-path-length={path.length} data-playing={nav.playing}>
        Path: {path.length} point{path.length === 1 ? '' : 's'}
        {nav.playing ? `, running (${nav.remaining} steps left)` : ''}.
      </p>
      {nav.restarted ? (
        <p className="path-restarted" role="status" data-testid="path-restarted">
          {nav.restarted}
        </p>
      ) : null}
      <PopulationNotice />
      <div className="charts">
        <PathChart
          name="phcm"
          label="p(HCM)"
          unit=""
          digits={2}
          yRange={[0, 1]}
          yTicks={[0, 0.5, 1]}
          valid={(v) => v >= 0 && v <= 1}
          values={path.map((p) => p.pHcm)}
        />
        <PathChart
          name="maxwt"
          label="Max wall thickness"
          unit="mm"
          yRange={[0, 30]}
          yTicks={[0, 10, 20, 30]}
          valid={possible('maxWallThicknessMm')}
          values={path.map((p) => p.maxWallThicknessMm)}
        />
        <PathChart
          name="mass"
          label="Mass"
          unit="g"
          digits={0}
          yRange={[0, 400]}
          yTicks={[0, 100, 200, 300, 400]}
          valid={possible('massG')}
          values={path.map((p) => p.massG)}
        />
        <PathChart
          name="ef"
          label="EF"
          unit="%"
          yRange={[0, 100]}
          yTicks={[0, 25, 50, 75, 100]}
          valid={possible('efPct')}
          values={path.map((p) => p.efPct)}
        />
      </div>
    </section>
  );
}
