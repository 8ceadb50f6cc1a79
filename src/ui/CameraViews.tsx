import { HEART_VIEWS, SKULL_VIEWS } from '../scene/standardViews';
import { useApp } from '../state/context';

/**
 * Standard camera views of the shown anatomy (heart: septal, lateral, from the base, long axis;
 * skull: front, side, top) and a reset to the default view, which for the heart shows the septum
 * with the RV side marked. The camera fits the shape in each.
 */
export function CameraViews() {
  const anatomy = useApp((s) => s.anatomy);
  const requestView = useApp((s) => s.requestView);
  const views = anatomy === 'lv' ? HEART_VIEWS : SKULL_VIEWS;
  return (
    <div className="camera-views" role="group" aria-label="Standard views">
      {views.map((v) => (
        <button key={v.id} type="button" data-view={v.id} title={v.note} onClick={() => requestView(v.id)}>
          {v.label}
        </button>
      ))}
      <button
        type="button"
        data-view="default"
        title={anatomy === 'lv' ? 'Septum in front, RV side marked' : 'The default oblique view'}
        onClick={() => requestView('default')}
      >
        Reset view
      </button>
    </div>
  );
}
