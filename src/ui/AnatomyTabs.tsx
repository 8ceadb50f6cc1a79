import { useApp } from '../state/context';
import type { Anatomy } from '../state/store';

const TABS: { id: Anatomy; label: string }[] = [
  { id: 'lv', label: 'Heart (LV)' },
  { id: 'skull', label: 'Fetal skull' },
];

/** Switches between the anatomies. */
export function AnatomyTabs() {
  const anatomy = useApp((s) => s.anatomy);
  const setAnatomy = useApp((s) => s.setAnatomy);
  return (
    <div role="tablist" aria-label="Anatomy" className="tabs">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={anatomy === t.id}
          data-anatomy={t.id}
          onClick={() => setAnatomy(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
