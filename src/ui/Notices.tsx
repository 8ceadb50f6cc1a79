import { useApp } from '../state/context';

/** Dismissable notices (fallbacks, clamped parameters, errors); polite live region. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismiss);
  const paramMessages = useApp((s) => s.paramMessages);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss notice" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
      {paramMessages.map((m) => (
        <div key={m} className="notice notice-warning" data-testid="param-message">
          <span>{m}</span>
        </div>
      ))}
    </div>
  );
}
