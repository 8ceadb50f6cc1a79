import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { OutlineEllipse, PlaneKind } from '../../pipeline/skullPlanes';
import type { SkullSlot } from '../../state/skullExplorer';
import { useSkullCommands } from '../commands';
import { outlineOf } from './planeOutline';

export interface PlanePreviewProps {
  kind: PlaneKind;
  slot: SkullSlot;
}

/** Preview with the outline drawn over it; the ellipse's handles can be dragged. */
export function PlanePreview({ kind, slot }: PlanePreviewProps) {
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
