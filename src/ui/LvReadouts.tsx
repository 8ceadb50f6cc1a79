import { OTHER_PHASE_REFRESH_MS } from '../app/dragPolicy';
import { useApp, useLiveApp } from '../state/context';
import { PANEL_REFRESH_MS } from '../app/dragPolicy';
import { Readout } from './Readout';

/** Live LV clinical indexes of the shown shape (with what a phantom was asked for), and p(HCM) for a model's code. */
export function LvReadouts() {
  const lv = useLiveApp((s) => s.lv, PANEL_REFRESH_MS);
  const source = useApp((s) => s.source);
  const m = lv?.indexes ?? null;
  const a = lv?.asked ?? null;
  const model = source === 'model' ? (lv?.model ?? null) : null;
  const stale = new Set(lv?.staleIndexes ?? []);
  return (
    <section className="panel" aria-label="Clinical indexes">
      <h2>Clinical indexes</h2>
      <dl className="readouts" data-quality={model?.quality ?? 'full'}>
        <Readout
          name="edv"
          stale={stale.has('edvMl')}
          label="EDV"
          unit="mL"
          value={m?.edvMl ?? null}
          reference={a?.edvMl}
        />
        <Readout
          name="esv"
          stale={stale.has('esvMl')}
          label="ESV"
          unit="mL"
          value={m?.esvMl ?? null}
          reference={a?.esvMl}
        />
        <Readout
          name="sv"
          stale={stale.has('svMl')}
          label="SV"
          unit="mL"
          value={m?.svMl ?? null}
          reference={a?.svMl}
        />
        <Readout
          name="ef"
          stale={stale.has('efPct')}
          label="EF"
          unit="%"
          value={m?.efPct ?? null}
          reference={a?.efPct}
        />
        <Readout
          name="mass"
          stale={stale.has('massG')}
          label="Mass"
          unit="g"
          value={m?.massG ?? null}
          reference={a?.massG}
        />
        <Readout
          name="maxwt"
          stale={stale.has('maxWallThicknessMm')}
          label="Max wall thickness"
          unit="mm"
          value={m?.maxWallThicknessMm ?? null}
          reference={a?.maxWallThicknessMm}
        />
        {model ? <Readout name="phcm" label="p(HCM)" unit="%" value={model.pHcm * 100} digits={1} /> : null}
      </dl>
      {model ? (
        // Always there, with room for the longest text: the map below must not move under a pointer
        // that starts dragging on it.
        <p className="hint readout-quality" data-testid="readout-quality">
          {model.quality === 'drag'
            ? `Draft while dragging (3.2 mm grid); full quality when the slider settles.${
                stale.size > 0
                  ? ` Greyed values come from the other phase's last update (refreshed every ${OTHER_PHASE_REFRESH_MS} ms while dragging).`
                  : ''
              }`
            : 'Full quality: meshes and indexes on the 64³ × 1.6 mm grid, both phases.'}
        </p>
      ) : null}
    </section>
  );
}
