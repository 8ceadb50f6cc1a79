import { useApp } from '../state/context';

/**
 * A progress indicator over the empty 3-D view until the first heart is on screen: starting the
 * compute engine, downloading the model, warming it up, computing the first shape.
 */
export function FirstShapeProgress() {
  const waiting = useApp((s) => s.anatomy === 'lv' && s.lv === null && s.backendError === null);
  const backend = useApp((s) => s.backend);
  const load = useApp((s) => s.modelLoad);
  const source = useApp((s) => s.source);
  const hasModel = useApp((s) => s.modelInfo !== null);
  if (!waiting) return null;
  let text: string;
  let fraction: number;
  if (!backend) {
    text = 'Starting the compute engine…';
    fraction = 0.05;
  } else if (source === 'model' && load.status === 'loading') {
    const stage = load.stage === 'downloading' ? 'Downloading the model' : 'Preparing the model';
    text = `${stage}… ${Math.round(100 * load.fraction)} %`;
    fraction = 0.1 + 0.8 * load.fraction;
  } else if (source === 'model' && !hasModel) {
    text = 'Finding the models…';
    fraction = 0.08;
  } else {
    text = 'Computing the first shape…';
    fraction = 0.95;
  }
  return (
    <div className="first-shape" data-testid="first-shape-progress">
      <p>{text}</p>
      <div
        className="first-shape-bar"
        role="progressbar"
        aria-label="Loading the first shape"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(100 * fraction)}
      >
        <div style={{ width: `${(100 * fraction).toFixed(0)}%` }} />
      </div>
    </div>
  );
}
