import { useLvCommands } from './commands';
import { useApp } from '../state/context';

/** Picks a model from public/models/index.json; shows loading progress, warm-up and held-out metrics. */
export function ModelPicker() {
  const models = useApp((s) => s.models);
  const load = useApp((s) => s.modelLoad);
  const info = useApp((s) => s.modelInfo);
  const commands = useLvCommands();
  const busyLoading = load.status === 'loading';
  return (
    <section className="panel" aria-label="Model">
      <h2>Model</h2>
      <label className="field">
        <span>Cardiac model</span>
        <select
          data-testid="model-picker"
          value={load.status === 'loading' ? (load.id ?? '') : (info?.id ?? load.id ?? '')}
          disabled={!models || busyLoading}
          onChange={(e) => commands.loadModel(e.currentTarget.value)}
        >
          {(models ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      {busyLoading ? (
        <div className="progress-row">
          <progress
            max={1}
            value={load.fraction}
            aria-label={`Loading model ${load.id ?? ''}: ${load.stage}`}
            data-testid="model-progress"
          />
          <span>
            {load.stage} {(load.fraction * 100).toFixed(0)} %
          </span>
        </div>
      ) : null}
      {info ? (
        <p className="hint" data-testid="model-info" data-model={info.id}>
          {info.kind === 'ladder-vae' ? 'Ladder VAE' : 'VAE'}, latent levels{' '}
          {info.levels.map((l) => `${l.name} (${l.size})`).join(', ')}; loaded in{' '}
          {(info.loadMs / 1000).toFixed(1)} s, warmed up in {(info.warmupMs / 1000).toFixed(1)} s; decoder run
          by{' '}
          <span data-testid="decoder-runtime">
            {info.decoder.runtime === 'javascript' ? 'plain JavaScript (CPU)' : 'TensorFlow.js'}
          </span>
          {info.decoder.note ? ` (${info.decoder.note})` : ''}. {info.metrics.join('; ')}.
        </p>
      ) : null}
      {info && info.trainingData.length > 0 ? (
        <p className="hint" data-testid="model-training-data">
          Trained on: {info.trainingData.join('; ')}.
        </p>
      ) : null}
    </section>
  );
}
