import { useEffect } from 'react';
import { useApp } from '../state/context';
import { BackendBadge } from '../ui/BackendBadge';
import { Notices } from '../ui/Notices';
import { Legend } from '../ui/Legend';
import { LvPanel } from '../ui/LvPanel';
import { SkullPanel } from '../ui/SkullPanel';
import { LvReadouts } from '../ui/LvReadouts';
import { SkullReadouts } from '../ui/SkullReadouts';
import { PhaseToggle } from '../ui/PhaseToggle';
import { StatusLine } from '../ui/StatusLine';
import { AnatomyTabs } from '../ui/AnatomyTabs';
import { Viewer } from '../scene/Viewer';
import { ErrorBoundary } from './ErrorBoundary';

/** Marks the document ready (for people's scripts and the end-to-end tests) once a shape is shown. */
function ReadySignal() {
  const ready = useApp(
    (s) => (s.backend !== null || s.backendError !== null) && (s.anatomy === 'lv' ? s.lv : s.skull) !== null,
  );
  const backend = useApp((s) => s.backend?.name ?? 'none');
  useEffect(() => {
    document.documentElement.dataset.backend = backend;
    if (ready) document.documentElement.dataset.ready = 'true';
  }, [ready, backend]);
  return null;
}

export function App() {
  const anatomy = useApp((s) => s.anatomy);
  return (
    <div className="app">
      <header className="app-head">
        <h1>Latent Anatomy Explorer</h1>
        <AnatomyTabs />
        <BackendBadge />
      </header>
      <Notices />
      <main className="app-body">
        <aside className="sidebar" aria-label="Controls">
          <ErrorBoundary area="controls">
            {anatomy === 'lv' ? <LvPanel /> : <SkullPanel />}
            {anatomy === 'lv' ? <LvReadouts /> : <SkullReadouts />}
          </ErrorBoundary>
        </aside>
        <section className="stage" aria-label="3-D view">
          <ErrorBoundary area="3-D view">
            <Viewer />
          </ErrorBoundary>
          <div className="stage-overlay">
            {anatomy === 'lv' ? <PhaseToggle /> : null}
            {anatomy === 'lv' ? <Legend /> : null}
            <StatusLine />
          </div>
        </section>
      </main>
      <ReadySignal />
    </div>
  );
}
