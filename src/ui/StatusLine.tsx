import { useLiveApp } from '../state/context';
import { PANEL_REFRESH_MS } from './dragPolicy';

/** Busy state and the latency of the last update, as text. */
export function StatusLine() {
  const busy = useLiveApp((s) => s.busy, PANEL_REFRESH_MS);
  const latency = useLiveApp((s) => s.lastLatencyMs, PANEL_REFRESH_MS);
  const timings = useLiveApp(
    (s) => (s.anatomy === 'lv' ? s.lv?.timings : s.skull?.timings),
    PANEL_REFRESH_MS,
  );
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
