import { useApp } from '../../state/context';

/** What the skull worker is doing, or how long the last prediction took, as text. */
export function SkullStatus() {
  const busy = useApp((s) => s.skullX.busy);
  const p = useApp((s) => s.skullX.prediction);
  const reading = useApp((s) => Object.values(s.skullX.slots).some((x) => x.status === 'reading'));
  const text =
    busy ??
    (reading
      ? 'reading the plane…'
      : p
        ? `predicted in ${p.latencyMs.toFixed(0)} ms (K = ${p.k})`
        : 'Drop an axial plane on its slot, or pick an example, to see the predicted skull.');
  return (
    <p className="status-line" aria-live="polite" data-testid="skull-status">
      {text}
    </p>
  );
}
