import type { OutlineEllipse, PlaneKind } from '../../pipeline/skullPlanes';
import type { SkullSlot } from '../../state/skullExplorer';
import { useSkullCommands } from '../commands';
import { outlineOf } from './planeOutline';

export interface EllipseFieldsProps {
  kind: PlaneKind;
  slot: SkullSlot;
}

/** Numeric fields for the ellipse (keyboard editing of the outline). */
export function EllipseFields({ kind, slot }: EllipseFieldsProps) {
  const skull = useSkullCommands();
  const o = outlineOf(slot);
  const r = slot.report;
  if (!r || r.pixelMm === null) return null;
  const e = o?.ellipse ?? null;
  const set = (patch: Partial<OutlineEllipse>) => {
    if (e) skull.editEllipse(kind, { ...e, ...patch });
  };
  const field = (
    label: string,
    key: keyof OutlineEllipse,
    value: number,
    step: number,
    toStored = (v: number) => v,
  ) => (
    <label>
      {label}
      <input
        type="number"
        step={step}
        defaultValue={Number(value.toFixed(2))}
        key={`${key}-${value.toFixed(3)}`}
        data-ellipse={`${kind}-${key}`}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter') {
            const v = ev.currentTarget.valueAsNumber;
            if (Number.isFinite(v)) set({ [key]: toStored(v) });
          }
        }}
        onBlur={(ev) => {
          const v = ev.currentTarget.valueAsNumber;
          if (Number.isFinite(v) && Math.abs(toStored(v) - (e?.[key] ?? NaN)) > 1e-6)
            set({ [key]: toStored(v) });
        }}
      />
    </label>
  );
  return (
    <details className="skull-edit" open={!slot.report?.detection || slot.edited !== null}>
      <summary>Edit the outline {slot.edited ? '(edited by hand)' : ''}</summary>
      {e ? (
        <div className="skull-edit-fields">
          {field('centre x (px)', 'cxPx', e.cxPx, 1)}
          {field('centre y (px)', 'cyPx', e.cyPx, 1)}
          {field('semi-major (mm)', 'semiMajorMm', e.semiMajorMm, 0.5)}
          {field('semi-minor (mm)', 'semiMinorMm', e.semiMinorMm, 0.5)}
          {field('angle (°)', 'angleRad', (e.angleRad * 180) / Math.PI, 1, (v) => (v * Math.PI) / 180)}
        </div>
      ) : null}
      <div className="skull-edit-actions">
        {!e ? (
          <button
            type="button"
            data-draw={kind}
            onClick={() => {
              const s = Math.min(r.width, r.height) * 0.3 * (r.pixelMm ?? 1);
              skull.editEllipse(kind, {
                cxPx: r.width / 2,
                cyPx: r.height / 2,
                semiMajorMm: s * 1.25,
                semiMinorMm: s,
                angleRad: 0,
              });
            }}
          >
            Draw the outline by hand
          </button>
        ) : null}
        {slot.edited ? (
          <button type="button" onClick={() => skull.editEllipse(kind, null)}>
            {slot.report?.detection ? 'Back to the detected outline' : 'Discard the hand-drawn outline'}
          </button>
        ) : null}
      </div>
      <p className="hint">
        Drag the handles on the image (centre, end of the long axis, end of the short axis), or type values
        and press Enter.
      </p>
    </details>
  );
}
