import { OTHER_PHASE_REFRESH_MS, PANEL_REFRESH_MS } from './dragPolicy';
import { useRef } from 'react';
import { checkLvIndexes } from '../geometry/lvIndexValidity';
import { useApp, useLiveApp } from '../state/context';
import type { LvIndexName } from '../state/mergeLvOutcome';
import { Readout } from './Readout';

/** The indexes shown, in order: test name (`data-readout`), label, unit. */
const ROWS: { name: string; key: LvIndexName; label: string; unit: string }[] = [
  { name: 'edv', key: 'edvMl', label: 'EDV', unit: 'mL' },
  { name: 'esv', key: 'esvMl', label: 'ESV', unit: 'mL' },
  { name: 'sv', key: 'svMl', label: 'SV', unit: 'mL' },
  { name: 'ef', key: 'efPct', label: 'EF', unit: '%' },
  { name: 'mass', key: 'massG', label: 'Mass', unit: 'g' },
  { name: 'maxwt', key: 'maxWallThicknessMm', label: 'Max wall thickness', unit: 'mm' },
];

/** Live LV clinical indexes of the shown shape (with what a phantom was asked for), and p(HCM) for a model's code. */
export function LvReadouts() {
  const lv = useLiveApp((s) => s.lv, PANEL_REFRESH_MS);
  const source = useApp((s) => s.source);
  const m = lv?.indexes ?? null;
  const a = lv?.asked ?? null;
  const model = source === 'model' ? (lv?.model ?? null) : null;
  const stale = new Set(lv?.staleIndexes ?? []);
  // Impossible values (a volume ≤ 0, EF outside 0–100 %) are shown as "—" with why, never as numbers.
  const checked = m ? checkLvIndexes(m) : null;
  const quality = lv?.encoded?.quality;
  // The plausibility check comes with full-quality shapes only; while a slider is dragged the last
  // full shape's verdict stays, so the panel (and the map below it) keeps its height.
  const lastCheck = useRef<{ valid: boolean; reasons: string[] } | null>(null);
  if (lv?.shapeCheck) lastCheck.current = lv.shapeCheck;
  else if (model?.quality !== 'drag') lastCheck.current = null;
  const shapeCheck = lastCheck.current;
  return (
    <section className="panel" aria-label="Clinical indexes">
      <h2>Clinical indexes</h2>
      <dl className="readouts" data-quality={model?.quality ?? 'full'}>
        {ROWS.map((r) => (
          <Readout
            key={r.name}
            name={r.name}
            label={r.label}
            unit={r.unit}
            value={checked?.[r.key].value ?? null}
            why={checked?.[r.key].why ?? null}
            reference={a?.[r.key]}
            stale={stale.has(r.key)}
          />
        ))}
        {model && (model.lowerMode === 'means' || model.levels.length < 2) ? (
          <Readout name="phcm" label="p(HCM)" unit="%" value={model.pHcm * 100} digits={1} />
        ) : null}
        {model && model.lowerMode !== 'means' && model.levels.length > 1 ? (
          // The levels below the top were set by hand, sampled or encoded: the shape on screen is
          // classified itself (re-encoded), and the top level's own value is shown beside it, labelled.
          <>
            <Readout
              name="phcm"
              label="p(HCM) of the shape shown"
              unit="%"
              value={typeof model.pHcmShape === 'number' ? model.pHcmShape * 100 : null}
              why={typeof model.pHcmShape === 'number' ? null : 'classified when the shape settles'}
              digits={1}
            />
            <Readout
              name="phcm-top"
              label="p(HCM) of the top level alone"
              unit="%"
              value={model.pHcm * 100}
              digits={1}
            />
          </>
        ) : null}
      </dl>
      {model && shapeCheck && !shapeCheck.valid ? (
        <div className="quality-warning" role="status" data-testid="shape-warning">
          <p>
            <b>This shape is not a plausible heart</b> (the model decodes it, no patient has it):{' '}
            {shapeCheck.reasons.join('; ')}.
          </p>
        </div>
      ) : null}
      {quality && !quality.ok ? (
        <div className="quality-warning" role="alert" data-testid="quality-warning">
          <p>
            <b>This reconstruction may not represent the file:</b> read its numbers with care.
          </p>
          <ul>
            {(Array.isArray(quality.reasons) ? quality.reasons : []).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
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
