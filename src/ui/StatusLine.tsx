import { useApp } from '../state/context';

/** Busy state and the latency of the last update, as text. */
export function StatusLine() {
  const busy = useApp((s) => s.busy);
  const latency = useApp((s) => s.lastLatencyMs);
  const timings = useApp((s) => (s.anatomy === 'lv' ? s.lv?.timings : s.skull?.timings));
  const detail = timings
    ? Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')
    : '';
  return (
    <p className="status-line" aria-live="off" data-testid="status-line" title={detail}>
      {busy ? 'updating…' : latency !== null ? `updated in ${latency.toFixed(0)} ms` : ''}
    </p>
  );
}
