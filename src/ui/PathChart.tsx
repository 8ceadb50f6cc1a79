export interface PathChartProps {
  /** Stable key for tests (data-chart). */
  name: string;
  label: string;
  unit: string;
  values: number[];
  digits?: number;
}

const W = 180;
const H = 56;

/** A small line chart of one quantity along the navigation path, with its last value as text. */
export function PathChart({ name, label, unit, values, digits = 1 }: PathChartProps) {
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const span = hi - lo || 1;
  const pts = values
    .map((v, i) =>
      Number.isFinite(v)
        ? `${(4 + ((W - 8) * i) / Math.max(1, values.length - 1)).toFixed(1)},${(H - 4 - ((v - lo) / span) * (H - 8)).toFixed(1)}`
        : null,
    )
    .filter((p): p is string => p !== null);
  const last = finite[finite.length - 1];
  const first = finite[0];
  return (
    <figure className="chart" data-chart={name} data-values={values.map((v) => v.toFixed(4)).join(',')}>
      <figcaption>
        {label}: {last !== undefined ? `${last.toFixed(digits)} ${unit}` : '—'}
        {first !== undefined && last !== undefined && values.length > 1
          ? ` (from ${first.toFixed(digits)})`
          : ''}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${label} along the path: ${finite.map((v) => v.toFixed(digits)).join(', ')} ${unit}`}
      >
        <rect x={0} y={0} width={W} height={H} fill="#fff" stroke="#d6d9df" />
        {pts.length > 1 ? (
          <polyline points={pts.join(' ')} fill="none" stroke="#0072B2" strokeWidth={1.5} />
        ) : null}
        {pts.map((p, i) => {
          const [x, y] = p.split(',').map(Number);
          return <circle key={i} cx={x} cy={y} r={1.8} fill="#0072B2" />;
        })}
        <text x={W - 4} y={10} textAnchor="end" fontSize={9} fill="#5b6372">
          {hi.toFixed(digits)}
        </text>
        <text x={W - 4} y={H - 4} textAnchor="end" fontSize={9} fill="#5b6372">
          {lo.toFixed(digits)}
        </text>
      </svg>
    </figure>
  );
}
