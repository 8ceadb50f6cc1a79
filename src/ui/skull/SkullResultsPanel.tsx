import { useId } from 'react';
import { centile, gaFromHc, valueAtZ, zScore } from '../../anatomy/intergrowth';
import { headShapeOf } from '../../anatomy/skullPopulation';
import { useApp, useStoreApi } from '../../state/context';
import { Readout } from '../Readout';
import { SkullExport } from './SkullExport';
import { useSkullCommands } from '../commands';

function Biometry() {
  const store = useStoreApi();
  const p = useApp((s) => s.skullX.prediction);
  const gaEntered = useApp((s) => s.skullX.gaWeeks);
  const gaNote = useApp((s) => s.skullX.gaNote);
  const gaId = useId();
  const b = p?.biometry ?? null;
  const ga = gaEntered ?? (b ? gaFromHc(b.hcMm) : null);
  const gaInRange = ga !== null && ga >= 14 && ga <= 42;
  const hcCentile = b && ga !== null && gaInRange ? centile('hc', b.hcMm, ga) : null;
  const hcZ = b && ga !== null && gaInRange ? zScore('hc', b.hcMm, ga) : null;
  const shape = b ? headShapeOf(b.cephalicIndex) : null;
  const outside = b ? b.hcMm < valueAtZ('hc', -3, 20) || b.hcMm > valueAtZ('hc', 3, 36) : false;
  return (
    <section className="panel" aria-label="Biometry of the prediction">
      <h2>Biometry of the prediction</h2>
      <dl className="readouts">
        <Readout name="skull-bpd" label="BPD" unit="mm" value={b?.bpdMm ?? null} />
        <Readout name="skull-ofd" label="OFD" unit="mm" value={b?.ofdMm ?? null} />
        <Readout name="skull-hc" label="HC" unit="mm" value={b?.hcMm ?? null} />
        <Readout name="skull-ci" label="Cephalic index" unit="" value={b?.cephalicIndex ?? null} />
      </dl>
      <p data-readout="skull-head-shape" data-value={shape ?? ''}>
        Head shape: <b>{shape ?? '—'}</b>{' '}
        <span className="hint">(cephalic index &lt; 74 dolicho-, &gt; 83 brachycephalic)</span>
      </p>
      <div className="skull-ga">
        <label htmlFor={gaId}>Gestational age (weeks)</label>
        <input
          id={gaId}
          type="number"
          min={14}
          max={42}
          step={0.1}
          placeholder="from HC"
          value={gaEntered ?? ''}
          data-skull-ga
          onChange={(ev) => {
            const v = ev.currentTarget.valueAsNumber;
            store.getState().setSkullX({ gaWeeks: Number.isFinite(v) ? v : null, gaNote: null });
          }}
        />
      </div>
      <dl className="readouts">
        <Readout
          name="skull-ga"
          label={gaEntered !== null ? 'GA (entered)' : 'GA estimated from HC'}
          unit="w"
          value={ga}
        />
        <Readout name="skull-hc-centile" label="HC centile for GA" unit="" value={hcCentile} />
        <Readout name="skull-hc-z" label="HC z-score" unit="" value={hcZ} digits={2} />
      </dl>
      <p className="hint">
        INTERGROWTH-21st fetal head circumference standard.{' '}
        {gaEntered === null
          ? 'With GA estimated from HC the centile is 50 by construction — enter the GA to judge the size.'
          : ''}
      </p>
      {gaNote ? (
        <p className="hint" role="status" data-skull-ga-note>
          {gaNote}
        </p>
      ) : null}
      {gaEntered !== null && hcZ !== null && Math.abs(hcZ) > 3 ? (
        <p className="skull-slot-message" role="alert" data-skull-hc-flag>
          HC {b?.hcMm.toFixed(0)} mm is {Math.abs(hcZ).toFixed(1)} SD {hcZ > 0 ? 'above' : 'below'} the mean
          for {gaEntered} weeks: check the gestational age and each plane's pixel size before reading the
          centile.
        </p>
      ) : null}
      {gaEntered !== null && !gaInRange ? (
        <p className="skull-slot-message" role="alert">
          The centile needs a gestational age of 14–42 weeks; got {gaEntered}.
        </p>
      ) : null}
      {outside ? (
        <p className="skull-slot-message" role="alert">
          HC {b?.hcMm.toFixed(0)} mm is outside the 20–36-week range the model was trained on; treat the
          prediction with caution.
        </p>
      ) : null}
    </section>
  );
}

function Uncertainty() {
  const p = useApp((s) => s.skullX.prediction);
  const prev = useApp((s) => s.skullX.previous);
  const lastDrop = useApp((s) => s.skullX.lastDropMs);
  const axialShared = useApp(
    (s) => s.skullX.slots.axial.shared !== null && s.skullX.slots.axial.report === null,
  );
  const u = p?.uncertainty ?? null;
  const relSd = p?.outlineRelSd ?? 0;
  const change = u && prev ? u.meanMm - prev.meanMm : null;
  return (
    <section className="panel" aria-label="Uncertainty">
      <h2>Uncertainty</h2>
      <p className="hint">
        Per-vertex SD of the surface over {p?.k ?? 16} samples of the model's conditional prior, mm. Planes
        used:{' '}
        <span data-readout="skull-planes" data-value={p?.planesUsed.join('+') ?? ''}>
          {p?.planesUsed.join(' + ') ?? '—'}
        </span>
        {p?.planesFilled.length
          ? ` (${p.planesFilled.join(' and ')} filled with the training mean: this model expects all three)`
          : ''}
      </p>
      {p ? (
        <p className="hint" data-readout="skull-outline-rel-sd" data-value={relSd}>
          {relSd > 0
            ? `Includes the head detector's own size uncertainty (±${(100 * relSd).toFixed(1)} % of the outline).`
            : axialShared
              ? "The outline came from a shared link (no image), so the head detector's own uncertainty is not included."
              : 'The outline was drawn or edited by hand: no detector uncertainty is added.'}
        </p>
      ) : null}
      {p?.extrapolated ? (
        <p className="skull-slot-message" role="alert" data-skull-extrapolated>
          {p.extrapolated}
        </p>
      ) : null}
      <dl className="readouts">
        <Readout name="skull-unc-mean" label="Mean SD" unit="mm" value={u?.meanMm ?? null} digits={2} />
        <Readout name="skull-unc-p95" label="95th percentile" unit="mm" value={u?.p95Mm ?? null} digits={2} />
        <Readout
          name="skull-unc-change"
          label={prev ? `Change from ${prev.planes.join(' + ')}` : 'Change'}
          unit="mm"
          value={change}
          digits={2}
        />
      </dl>
      {change !== null ? (
        <p data-uncertainty-trend={change < 0 ? 'down' : change > 0 ? 'up' : 'same'}>
          {change < 0
            ? 'The model became more certain'
            : change > 0
              ? 'The model became less certain'
              : 'No change'}{' '}
          ({prev?.meanMm.toFixed(2)} → {u?.meanMm.toFixed(2)} mm mean SD).
        </p>
      ) : null}
      <dl className="readouts">
        <Readout
          name="skull-predict-ms"
          label="Prediction"
          unit="ms"
          value={p?.latencyMs ?? null}
          digits={0}
        />
        <Readout name="skull-drop-ms" label="Plane → shape" unit="ms" value={lastDrop} digits={0} />
      </dl>
    </section>
  );
}

function Truth() {
  const ex = useApp((s) => s.skullX.example);
  const p = useApp((s) => s.skullX.prediction);
  if (!ex) return null;
  const t = ex.subject.truth;
  const c = ex.comparison;
  const hcErr = p ? (100 * (p.biometry.hcMm - t.hcMm)) / t.hcMm : null;
  return (
    <section className="panel" aria-label="Comparison with the true skull">
      <h2>Held-out skull {ex.subject.index + 1}: truth</h2>
      <dl className="readouts">
        <Readout name="truth-hc" label="True HC" unit="mm" value={t.hcMm} />
        <Readout name="truth-hc-error" label="HC error" unit="%" value={hcErr} digits={1} />
        <Readout name="truth-ci" label="True cephalic index" unit="" value={t.cephalicIndex} />
        <Readout name="truth-ga" label="True GA" unit="w" value={t.gaWeeks} />
        <Readout name="truth-dice" label="Dice" unit="" value={c?.dice ?? null} digits={3} />
        <Readout
          name="truth-hausdorff"
          label="Hausdorff"
          unit="mm"
          value={c?.hausdorffMm ?? null}
          digits={2}
        />
        <Readout
          name="truth-hausdorff95"
          label="Hausdorff 95 %"
          unit="mm"
          value={c?.hausdorff95Mm ?? null}
          digits={2}
        />
      </dl>
      <p className="hint">Dice and Hausdorff of the shown surface's 64³ volume against the true skull's.</p>
    </section>
  );
}

function Latent() {
  const skull = useSkullCommands();
  const info = useApp((s) => s.skullX.model.info);
  const offsets = useApp((s) => s.skullX.offsets);
  const hasPrediction = useApp((s) => s.skullX.prediction !== null);
  if (!info || !hasPrediction) return null;
  const set = (l: number, d: number, v: number) => {
    const next = info.latent.map((lev, i) =>
      Array.from({ length: lev.size }, (_, j) => offsets[i]?.[j] ?? 0),
    );
    (next[l] as number[])[d] = Math.max(-3, Math.min(3, v));
    skull.setOffsets(next);
  };
  return (
    <section className="panel" aria-label="Latent space around the prediction">
      <h2>Explore around the prediction</h2>
      <p className="hint">
        Each latent dimension in units of its conditional prior's SD given the planes (0 = the prediction, ±3
        = the edge of what the model finds plausible).{' '}
        {info.kind === 'hierarchical-cvae'
          ? 'Levels follow the planes: z_axial, z_sagittal, z_coronal; a level whose plane is missing is free.'
          : ''}
      </p>
      {info.latent.map((lev, l) => (
        <fieldset key={lev.name} className="skull-latent-level">
          <legend>{lev.name}</legend>
          {Array.from({ length: lev.size }, (_, d) => {
            const v = offsets[l]?.[d] ?? 0;
            return (
              <label key={d} className="latent-row">
                <span>
                  {lev.name}[{d + 1}]
                </span>
                <input
                  type="range"
                  min={-3}
                  max={3}
                  step={0.05}
                  value={v}
                  data-skull-latent={`${l}-${d}`}
                  aria-valuetext={`${v.toFixed(2)} prior SD`}
                  onChange={(ev) => set(l, d, Number(ev.currentTarget.value))}
                />
                <output>{v.toFixed(2)}</output>
              </label>
            );
          })}
        </fieldset>
      ))}
      <button
        type="button"
        data-skull-latent-reset
        onClick={() => skull.setOffsets(info.latent.map((lev) => new Array<number>(lev.size).fill(0)))}
      >
        Back to the prediction
      </button>
    </section>
  );
}

/** The skull tab's right column: biometry, uncertainty, truth comparison, latent sliders, export. */
export function SkullResultsPanel() {
  return (
    <>
      <Biometry />
      <Uncertainty />
      <Truth />
      <Latent />
      <SkullExport />
    </>
  );
}
