import { useApp } from '../state/context';

/** Dismissable one-line notices (fallbacks, clamped parameters, errors), details on demand; polite live region. */
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
          <span className="notice-text">{n.text}</span>
          {n.detail ? (
            <details className="notice-details" data-notice-details>
              <summary>Details</summary>
              <p>{n.detail}</p>
            </details>
          ) : null}
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
