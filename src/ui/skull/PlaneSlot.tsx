import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type PointerEvent } from 'react';
import type { OutlineEllipse, PlaneKind } from '../../pipeline/skullPlanes';
import { useApp } from '../../state/context';
import type { SkullSlot } from '../../state/skullExplorer';
import { planeWarnings } from './planeChecks';
import { useSkullCommands } from '../commands';

const TITLES: Record<PlaneKind, string> = {
  axial: 'Axial (transventricular) — required',
  sagittal: 'Mid-sagittal — optional',
  coronal: 'Coronal — optional',
};

export interface PlaneSlotProps {
  kind: PlaneKind;
}

/** The shown outline and ellipse: the hand edit when there is one, else the detection. */
function outlineOf(slot: SkullSlot) {
  if (slot.edited)
    return {
      ellipse: slot.edited.ellipse,
      contourPx: slot.edited.contourPx,
      hcMm: slot.edited.hcMm,
      ofdMm: slot.edited.ofdMm,
      bpdMm: slot.edited.bpdOuterMm,
      bpdLabel: 'BPD (outer–outer)',
      confidence: null,
    };
  const d = slot.report?.detection;
  if (!d) return null;
  return {
    ellipse: d.ellipse,
    contourPx: d.contourPx,
    hcMm: d.hcMm,
    ofdMm: d.ofdMm,
    bpdMm: d.bpdMm,
    bpdLabel: 'BPD',
    confidence: d.confidence,
  };
}

/** A number as text with its data attributes (for people and tests). */
function Num({
  name,
  label,
  value,
  unit,
  digits = 1,
}: {
  name: string;
  label: string;
  value: number | null;
  unit: string;
  digits?: number;
}) {
  return (
    <span className="skull-num" data-readout={name} data-value={value ?? ''}>
      {label} <b>{value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits)}</b> {unit}
    </span>
  );
}

/** Preview with the outline drawn over it; the ellipse's handles can be dragged. */
function Preview({ kind, slot }: { kind: PlaneKind; slot: SkullSlot }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const skull = useSkullCommands();
  const report = slot.report;
  const [drag, setDrag] = useState<{ handle: 'c' | 'a' | 'b'; e: OutlineEllipse } | null>(null);
  useEffect(() => {
    const c = canvasRef.current;
    const p = report?.preview;
    if (!c || !p) return;
    c.width = p.width;
    c.height = p.height;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(p.width, p.height);
    for (let i = 0; i < p.gray.length; i++) {
      const v = p.gray[i] as number;
      img.data[4 * i] = v;
      img.data[4 * i + 1] = v;
      img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [report]);
  if (!report) return null;
  const o = outlineOf(slot);
  const px = report.pixelMm;
  const shown = drag?.e ?? o?.ellipse ?? null;
  const handles =
    shown && px
      ? (() => {
          const ca = Math.cos(shown.angleRad);
          const sa = Math.sin(shown.angleRad);
          const a = shown.semiMajorMm / px;
          const b = shown.semiMinorMm / px;
          return {
            c: [shown.cxPx, shown.cyPx],
            a: [shown.cxPx + a * ca, shown.cyPx + a * sa],
            b: [shown.cxPx - b * sa, shown.cyPx + b * ca],
          } as Record<'c' | 'a' | 'b', [number, number]>;
        })()
      : null;
  const toImage = (ev: PointerEvent): [number, number] => {
    const r = svgRef.current?.getBoundingClientRect();
    if (!r) return [0, 0];
    return [
      ((ev.clientX - r.left) / r.width) * report.width,
      ((ev.clientY - r.top) / r.height) * report.height,
    ];
  };
  const onMove = (ev: PointerEvent) => {
    if (!drag || !px) return;
    const [x, y] = toImage(ev);
    const e = { ...drag.e };
    if (drag.handle === 'c') {
      e.cxPx = x;
      e.cyPx = y;
    } else {
      const dx = x - e.cxPx;
      const dy = y - e.cyPx;
      const len = Math.hypot(dx, dy) * px;
      if (drag.handle === 'a') {
        e.semiMajorMm = Math.max(len, e.semiMinorMm);
        e.angleRad = Math.atan2(dy, dx);
      } else e.semiMinorMm = Math.min(len, e.semiMajorMm);
    }
    setDrag({ ...drag, e });
  };
  const onUp = () => {
    if (drag) skull.editEllipse(kind, drag.e);
    setDrag(null);
  };
  const contour = drag ? null : o?.contourPx;
  const points = contour
    ? Array.from({ length: contour.length / 2 }, (_, k) => `${contour[2 * k]},${contour[2 * k + 1]}`).join(
        ' ',
      )
    : '';
  const stroke = Math.max(report.width, report.height) / 250;
  return (
    <div className="skull-preview" data-preview={kind}>
      <canvas ref={canvasRef} aria-hidden="true" />
      <svg
        ref={svgRef}
        viewBox={`0 0 ${report.width} ${report.height}`}
        role="img"
        aria-label={`${kind} plane with the ${slot.edited ? 'hand-edited' : 'detected'} head outline`}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerLeave={onUp}
      >
        {points ? <polygon points={points} fill="none" stroke="#e69f00" strokeWidth={stroke} /> : null}
        {shown && px ? (
          <ellipse
            cx={shown.cxPx}
            cy={shown.cyPx}
            rx={shown.semiMajorMm / px}
            ry={shown.semiMinorMm / px}
            transform={`rotate(${(shown.angleRad * 180) / Math.PI} ${shown.cxPx} ${shown.cyPx})`}
            fill="none"
            stroke="#56b4e9"
            strokeDasharray={`${3 * stroke} ${2 * stroke}`}
            strokeWidth={stroke * 0.8}
          />
        ) : null}
        {handles
          ? (['c', 'a', 'b'] as const).map((h) => (
              <circle
                key={h}
                className="skull-handle"
                data-handle={h}
                cx={handles[h][0]}
                cy={handles[h][1]}
                r={stroke * 4}
                fill={h === 'c' ? '#56b4e9' : '#ffffff'}
                stroke="#0072b2"
                strokeWidth={stroke}
                onPointerDown={(ev) => {
                  if (!shown) return;
                  (ev.target as Element).setPointerCapture?.(ev.pointerId);
                  setDrag({ handle: h, e: { ...shown } });
                }}
              />
            ))
          : null}
      </svg>
    </div>
  );
}

/** Numeric fields for the ellipse (keyboard editing of the outline). */
function EllipseFields({ kind, slot }: { kind: PlaneKind; slot: SkullSlot }) {
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
      {r ? <Preview kind={kind} slot={slot} /> : null}
      {o ? (
        <p className="skull-measures" data-plane-measures={kind}>
          <Num name={`plane-${kind}-hc`} label="HC" value={o.hcMm} unit="mm" />{' '}
          <Num name={`plane-${kind}-ofd`} label="OFD" value={o.ofdMm} unit="mm" />{' '}
          <Num name={`plane-${kind}-bpd`} label={o.bpdLabel} value={o.bpdMm} unit="mm" />{' '}
          {o.confidence !== null ? (
            <Num
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
