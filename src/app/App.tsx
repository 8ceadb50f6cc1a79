import { useEffect, useState, type ReactNode } from 'react';
import { useApp } from '../state/context';
import { BackendBadge } from '../ui/BackendBadge';
import { Notices } from '../ui/Notices';
import { Legend } from '../ui/Legend';
import { LvPanel } from '../ui/LvPanel';
import { LvReadouts } from '../ui/LvReadouts';
import { SkullPlanesPanel } from '../ui/skull/SkullPlanesPanel';
import { SkullResultsPanel } from '../ui/skull/SkullResultsPanel';
import { SkullLegend } from '../ui/skull/SkullLegend';
import { SkullStatus } from '../ui/skull/SkullStatus';
import { PhaseToggle } from '../ui/PhaseToggle';
import { StatusLine } from '../ui/StatusLine';
import { AnatomyTabs } from '../ui/AnatomyTabs';
import { SourceSwitch } from '../ui/SourceSwitch';
import { ModelPicker } from '../ui/ModelPicker';
import { LatentPanel } from '../ui/LatentPanel';
import { LatentMap } from '../ui/LatentMap';
import { NavPanel } from '../ui/NavPanel';
import { ShapePanel } from '../ui/ShapePanel';
import { DropZone } from '../ui/DropZone';
import { ExportPanel } from '../ui/ExportPanel';
import { TeachingPanel } from '../ui/TeachingPanel';
import { Viewer } from '../scene/Viewer';
import { FirstShapeProgress } from '../ui/FirstShapeProgress';
import { CameraViews } from '../ui/CameraViews';
import { ErrorBoundary } from './ErrorBoundary';

/** Marks the document ready (for people's scripts and the end-to-end tests) once a shape is shown. */
function ReadySignal() {
  const ready = useApp((s) => {
    if (s.backend === null && s.backendError === null) return false;
    if (s.anatomy === 'skull')
      return s.skullX.source === 'planes'
        ? s.skullX.model.status === 'ready' || s.skullX.model.status === 'error'
        : s.skull !== null;
    if (s.source === 'model')
      return s.lv?.model !== undefined && s.lv !== null && s.lv.model.quality === 'full';
    return s.lv !== null && s.lv.model === undefined;
  });
  const backend = useApp((s) => s.backend?.name ?? 'none');
  const model = useApp((s) => (s.source === 'model' && s.anatomy === 'lv' ? (s.modelInfo?.id ?? '') : ''));
  useEffect(() => {
    document.documentElement.dataset.backend = backend;
    document.documentElement.dataset.model = model;
    if (ready) document.documentElement.dataset.ready = 'true';
  }, [ready, backend, model]);
  return null;
}

/**
 * A column of panels. On a narrow screen (below the view) it can be folded away with its button;
 * on wider screens the button is hidden and the panels always show.
 */
function Sidebar({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const [folded, setFolded] = useState(false);
  return (
    <aside className={`sidebar ${className}${folded ? ' folded' : ''}`} aria-label={label}>
      <button
        type="button"
        className="fold-toggle"
        aria-expanded={!folded}
        data-fold={className}
        aria-label={`${folded ? 'Show' : 'Hide'} the panels: ${label}`}
        onClick={() => setFolded(!folded)}
      >
        {folded ? 'Show these panels' : 'Hide these panels'}
      </button>
      <div className="sidebar-content">{children}</div>
    </aside>
  );
}

export function App() {
  const anatomy = useApp((s) => s.anatomy);
  const source = useApp((s) => s.source);
  const model = anatomy === 'lv' && source === 'model';
  const skullSource = useApp((s) => s.skullX.source);
  return (
    <div className="app">
      <header className="app-head">
        <h1>Latent Anatomy Explorer</h1>
        <AnatomyTabs />
        {anatomy === 'lv' ? <SourceSwitch /> : null}
        <BackendBadge />
      </header>
      <Notices />
      <main className="app-body">
        <Sidebar label="Controls" className="sidebar-left">
          <ErrorBoundary area="controls">
            {model ? (
              <>
                <ModelPicker />
                <LatentPanel />
                <ShapePanel />
                <DropZone />
                <ExportPanel />
                <TeachingPanel />
              </>
            ) : (
              <>
                {anatomy === 'lv' ? <LvPanel /> : <SkullPlanesPanel />}
                {anatomy === 'lv' ? <LvReadouts /> : null}
                {anatomy === 'lv' || skullSource === 'phantom' ? <ExportPanel /> : null}
              </>
            )}
          </ErrorBoundary>
        </Sidebar>
        <section className="stage" aria-label="3-D view">
          <ErrorBoundary area="3-D view">
            <Viewer />
          </ErrorBoundary>
          <FirstShapeProgress />
          {anatomy === 'lv' || skullSource === 'planes' ? <CameraViews /> : null}
          <div className="stage-overlay">
            {anatomy === 'lv' ? <PhaseToggle /> : null}
            {anatomy === 'lv' ? <Legend /> : skullSource === 'planes' ? <SkullLegend /> : null}
            {anatomy === 'skull' && skullSource === 'planes' ? <SkullStatus /> : <StatusLine />}
          </div>
        </section>
        {anatomy === 'skull' && skullSource === 'planes' ? (
          <Sidebar label="Skull prediction: biometry, uncertainty, latent space" className="sidebar-right">
            <ErrorBoundary area="skull prediction">
              <SkullResultsPanel />
            </ErrorBoundary>
          </Sidebar>
        ) : null}
        {model ? (
          <Sidebar label="Indexes, latent map and navigation" className="sidebar-right">
            <ErrorBoundary area="latent map">
              <LvReadouts />
              <LatentMap />
              <NavPanel />
            </ErrorBoundary>
          </Sidebar>
        ) : null}
      </main>
      <ReadySignal />
    </div>
  );
}
