export interface PathChartProps {
  /** Stable key for tests (data-chart). */
  name: string;
  label: string;
  /** Unit of the values and the y-axis ('' for a probability). */
  unit: string;
  values: number[];
  /** Fixed y-range, the one a clinician expects (e.g. EF 0–100 %): never stretched to the data. */
  yRange: [number, number];
  /** Ticks on the y-axis. */
  yTicks: number[];
  digits?: number;
  /** Values that must not be drawn (impossible, e.g. EF outside 0–100 %): drawn as a gap. */
  valid?: (v: number) => boolean;
}

const W = 320;
const H = 132;
const M = { left: 38, right: 8, top: 8, bottom: 28 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

/** Step-axis ticks: every step up to 10 steps, else about 6 round numbers. */
function stepTicks(n: number): number[] {
  const last = Math.max(1, n - 1);
  const every = last <= 10 ? 1 : Math.ceil(last / 6 / 5) * 5;
  const out: number[] = [];
  for (let s = 0; s <= last; s += every) out.push(s);
  return out;
}

/**
 * One quantity along the navigation path: a line chart with a step axis (0 = where the path
 * started), the unit on the y-axis, and a fixed y-range so that a change of 1 % looks like one.
 * Values beyond the range are drawn at its edge as open marks; impossible values leave a gap.
 */
export function PathChart({
  name,
  label,
  unit,
  values,
  yRange,
  yTicks,
  digits = 1,
  valid = Number.isFinite,
}: PathChartProps) {
  const [lo, hi] = yRange;
  const ok = values.map((v) => Number.isFinite(v) && valid(v));
  const lastStep = Math.max(1, values.length - 1);
  const x = (i: number) => M.left + (PW * i) / lastStep;
  const y = (v: number) => M.top + PH - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * PH;
  const pts = values.map((v, i) => (ok[i] ? { x: x(i), y: y(v), out: v < lo || v > hi } : null));
  // Runs of drawable points (a gap for each impossible value).
  const runs: string[] = [];
  let run: string[] = [];
  for (const p of pts) {
    if (p) run.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    else {
      if (run.length > 1) runs.push(run.join(' '));
      run = [];
    }
  }
  if (run.length > 1) runs.push(run.join(' '));
  const shown = values.filter((_, i) => ok[i]);
  const last = shown[shown.length - 1];
  const first = shown[0];
  const fmt = (v: number) => `${v.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
  const withheld = values.length - shown.length;
  return (
    <figure
      className="chart"
      data-chart={name}
      data-values={values.map((v) => v.toFixed(4)).join(',')}
      data-y-range={`${lo},${hi}`}
      data-steps={values.length > 0 ? values.length - 1 : 0}
    >
      <figcaption>
        <b>{label}</b>: {last !== undefined ? fmt(last) : '—'}
        {first !== undefined && last !== undefined && values.length > 1 ? ` (step 0: ${fmt(first)})` : ''}
        {withheld > 0 ? ` · ${withheld} impossible value${withheld === 1 ? '' : 's'} not drawn` : ''}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${label} along the path, steps 0 to ${values.length - 1}: ${values
          .map((v, i) => (ok[i] ? v.toFixed(digits) : 'not shown'))
          .join(', ')} ${unit}`}
      >
        <rect x={M.left} y={M.top} width={PW} height={PH} fill="#fff" stroke="#d6d9df" />
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={M.left + PW} y1={y(t)} y2={y(t)} stroke="#eef0f3" />
            <text x={M.left - 4} y={y(t) + 4} textAnchor="end" fontSize={11} fill="#4b5563">
              {t}
            </text>
          </g>
        ))}
        <text
          x={10}
          y={M.top + PH / 2}
          textAnchor="middle"
          fontSize={11}
          fill="#4b5563"
          transform={`rotate(-90 10 ${M.top + PH / 2})`}
        >
          {unit || 'p'}
        </text>
        {stepTicks(values.length).map((s) => (
          <text key={s} x={x(s)} y={M.top + PH + 13} textAnchor="middle" fontSize={11} fill="#4b5563">
            {s}
          </text>
        ))}
        <text x={M.left + PW} y={H - 2} textAnchor="end" fontSize={11} fill="#4b5563">
          step
        </text>
        {runs.map((r) => (
          <polyline key={r} points={r} fill="none" stroke="#0072B2" strokeWidth={2} />
        ))}
        {pts.map((p, i) =>
          p ? (
            <circle
              key={i}
              cx={p.x}
              cy={p.y}
              r={3}
              fill={p.out ? '#fff' : '#0072B2'}
              stroke="#0072B2"
              strokeWidth={1.5}
            />
          ) : null,
        )}
      </svg>
    </figure>
  );
}
