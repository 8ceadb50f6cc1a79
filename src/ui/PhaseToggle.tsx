import { useApp } from '../state/context';

/** End-diastole / end-systole switch. */
export function PhaseToggle() {
  const phase = useApp((s) => s.phase);
  const setPhase = useApp((s) => s.setPhase);
  return (
    <div role="radiogroup" aria-label="Cardiac phase" className="phase-toggle">
      {(['ED', 'ES'] as const).map((p) => (
        <button
          key={p}
          type="button"
          role="radio"
          aria-checked={phase === p}
          data-phase={p}
          onClick={() => setPhase(p)}
        >
          {p === 'ED' ? 'End-diastole' : 'End-systole'}
        </button>
      ))}
    </div>
  );
}
