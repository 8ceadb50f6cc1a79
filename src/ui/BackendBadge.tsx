import { useApp } from '../state/context';

/** Which tfjs backend and adapter the compute worker uses; says why when it fell back. */
export function BackendBadge() {
  const backend = useApp((s) => s.backend);
  const error = useApp((s) => s.backendError);
  if (error) {
    return (
      <div className="badge badge-error" role="status" data-testid="backend-badge" data-backend="none">
        no backend: {error}
      </div>
    );
  }
  if (!backend) {
    return (
      <div className="badge" role="status" data-testid="backend-badge" data-backend="">
        starting…
      </div>
    );
  }
  const title = backend.fallbacks.map((f) => `${f.name} unavailable: ${f.reason}`).join('\n');
  return (
    <div
      className={`badge ${backend.fallbacks.length > 0 ? 'badge-warn' : ''}`}
      role="status"
      data-testid="backend-badge"
      data-backend={backend.name}
      title={title || undefined}
    >
      <strong>{backend.name}</strong> <span className="badge-adapter">{backend.adapter}</span>
    </div>
  );
}
