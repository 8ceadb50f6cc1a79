import { useApp } from '../state/context';
import type { Source } from '../state/explorerSlice';

const SOURCES: { id: Source; label: string }[] = [
  { id: 'model', label: 'Trained model' },
  { id: 'phantom', label: 'Phantom' },
];

/** Chooses what drives the LV: a trained model's latent code, or the phantom's parameters. */
export function SourceSwitch() {
  const source = useApp((s) => s.source);
  const setSource = useApp((s) => s.setSource);
  const modelsError = useApp((s) => s.modelsError);
  return (
    <div role="radiogroup" aria-label="Shape source" className="tabs source-switch">
      {SOURCES.map((t) => (
        <button
          key={t.id}
          type="button"
          role="radio"
          aria-checked={source === t.id}
          data-source={t.id}
          disabled={t.id === 'model' && modelsError !== null}
          onClick={() => setSource(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
