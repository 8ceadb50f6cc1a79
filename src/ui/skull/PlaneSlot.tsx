import { useId, useMemo, useState, type DragEvent } from 'react';
import type { PlaneKind } from '../../pipeline/skullPlanes';
import { useApp } from '../../state/context';
import { planeWarnings } from './planeChecks';
import { useSkullCommands } from '../commands';
import { EllipseFields } from './EllipseFields';
import { InlineReadout } from './InlineReadout';
import { outlineOf } from './planeOutline';
import { PlanePreview } from './PlanePreview';

const TITLES: Record<PlaneKind, string> = {
  axial: 'Axial (transventricular) — required',
  sagittal: 'Mid-sagittal — optional',
  coronal: 'Coronal — optional',
};

export interface PlaneSlotProps {
  kind: PlaneKind;
}

/**
 * One plane slot: drop or pick a PNG, JPEG or DICOM file; the pixel size from the file or typed in;
 * the preview with the detected (or hand-edited) head outline and its measurements; whether the plane
 * goes into the prediction.
 */
export function PlaneSlot({ kind }: PlaneSlotProps) {
  const skull = useSkullCommands();
  const slots = useApp((s) => s.skullX.slots);
  const slot = slots[kind];
  const checks = useMemo(() => planeWarnings(slots)[kind], [slots, kind]);
  const inputId = useId();
  const pxId = useId();
  const [over, setOver] = useState(false);
  const r = slot.report;
  const o = outlineOf(slot);
  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    setOver(false);
    const f = ev.dataTransfer.files[0];
    if (f) void skull.dropFile(kind, f);
  };
  const needsPixel = r !== null && r.pixelSource !== 'dicom' && r.pixelSource !== 'simulated';
  return (
    <section
      className={`skull-slot${over ? ' drop-over' : ''}`}
      data-slot={kind}
      data-status={slot.status}
      data-read-ms={slot.readMs ?? ''}
      aria-labelledby={`${inputId}-h`}
      onDragOver={(ev) => {
        ev.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <h3 id={`${inputId}-h`}>{TITLES[kind]}</h3>
      <div className="skull-slot-row">
        <label htmlFor={inputId} className="file-button">
          {r ? 'Replace…' : 'Choose or drop a file…'}
        </label>
        <input
          id={inputId}
          type="file"
          className="visually-hidden-file"
          accept=".png,.jpg,.jpeg,.dcm,.dicom,image/png,image/jpeg,application/dicom"
          data-plane-input={kind}
          aria-label={`${kind} plane file (PNG, JPEG or DICOM)`}
          onChange={(ev) => {
            const f = ev.currentTarget.files?.[0];
            ev.currentTarget.value = '';
            if (f) void skull.dropFile(kind, f);
          }}
        />
        {r || slot.shared ? (
          <>
            <label className="inline-check">
              <input
                type="checkbox"
                checked={slot.enabled}
                data-plane-use={kind}
                onChange={(ev) => skull.setEnabled(kind, ev.currentTarget.checked)}
              />
              use
            </label>
            <button type="button" data-plane-remove={kind} onClick={() => skull.removePlane(kind)}>
              Remove
            </button>
          </>
        ) : null}
      </div>
      {slot.status === 'reading' ? (
        <p className="hint" role="status">
          reading…
        </p>
      ) : null}
      {r ? (
        <p className="hint" data-plane-file={kind}>
          {r.fileName} · {r.format.toUpperCase()} · {r.width} × {r.height} px
          {r.pixelSource === 'dicom' || r.pixelSource === 'simulated' ? (
            <>
              {' '}
              · pixel{' '}
              <span data-readout={`plane-${kind}-pixel`} data-value={r.pixelMm ?? ''}>
                {r.pixelMm?.toFixed(4)} mm
              </span>{' '}
              (from the {r.pixelSource === 'dicom' ? 'DICOM header' : 'simulation'})
            </>
          ) : null}
        </p>
      ) : null}
      {slot.shared && !r ? (
        <p className="hint">Outline from a shared link (the image itself is never shared).</p>
      ) : null}
      {needsPixel ? (
        <div className="skull-slot-row">
          <label htmlFor={pxId}>Pixel size (mm)</label>
          <input
            id={pxId}
            type="number"
            step={0.005}
            min={0.01}
            max={2}
            placeholder="e.g. 0.2"
            defaultValue={r.pixelMm ?? ''}
            key={`${r.fileName}-${r.pixelMm ?? 'none'}`}
            data-pixel-input={kind}
            onKeyDown={(ev) => {
              if (ev.key === 'Enter') void skull.setPixel(kind, ev.currentTarget.valueAsNumber);
            }}
            onBlur={(ev) => {
              const v = ev.currentTarget.valueAsNumber;
              if (Number.isFinite(v) && v !== r.pixelMm) void skull.setPixel(kind, v);
            }}
          />
          {r.pixelMm !== null ? (
            <span data-readout={`plane-${kind}-pixel`} data-value={r.pixelMm}>
              using {r.pixelMm} mm
            </span>
          ) : null}
        </div>
      ) : null}
      {slot.message ? (
        <p className="skull-slot-message" role="alert" data-slot-message={kind}>
          {slot.message}
        </p>
      ) : null}
      {checks.length > 0 ? (
        <div
          className="skull-plane-check"
          role="alert"
          data-plane-check={kind}
          data-confirmed={slot.confirmed ? 'true' : 'false'}
        >
          <p>
            {slot.confirmed
              ? 'Used as you confirmed, although:'
              : 'This plane is not used until you confirm it:'}
          </p>
          <ul>
            {checks.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          {!slot.confirmed && slot.enabled ? (
            <button type="button" data-plane-confirm={kind} onClick={() => skull.confirmPlane(kind)}>
              Use this {kind} plane anyway
            </button>
          ) : null}
        </div>
      ) : null}
      {r ? <PlanePreview kind={kind} slot={slot} /> : null}
      {o ? (
        <p className="skull-measures" data-plane-measures={kind}>
          <InlineReadout name={`plane-${kind}-hc`} label="HC" value={o.hcMm} unit="mm" />{' '}
          <InlineReadout name={`plane-${kind}-ofd`} label="OFD" value={o.ofdMm} unit="mm" />{' '}
          <InlineReadout name={`plane-${kind}-bpd`} label={o.bpdLabel} value={o.bpdMm} unit="mm" />{' '}
          {o.confidence !== null ? (
            <InlineReadout
              name={`plane-${kind}-confidence`}
              label="confidence"
              value={o.confidence}
              unit=""
              digits={2}
            />
          ) : null}
        </p>
      ) : null}
      {r?.detection?.warnings.length || r?.warnings.length ? (
        <ul className="hint">
          {[...(r.warnings ?? []), ...(r.detection?.warnings ?? [])].map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {r && r.pixelMm !== null ? <EllipseFields kind={kind} slot={slot} /> : null}
    </section>
  );
}
