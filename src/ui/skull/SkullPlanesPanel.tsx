import './skull.css';
import { PLANE_KINDS } from '../../pipeline/skullPlanes';
import { useApp, useStoreApi } from '../../state/context';
import type { SkullModelId, SkullSource } from '../../state/skullExplorer';
import { SkullPanel } from '../SkullPanel';
import { SkullReadouts } from '../SkullReadouts';
import { PlaneSlot } from './PlaneSlot';
import { useSkullCommands } from '../commands';

const MODELS: { id: SkullModelId; label: string; note: string }[] = [
  { id: 'skull-hcvae', label: 'Hierarchical CVAE', note: 'axial alone, or with sagittal and/or coronal' },
  { id: 'skull-cvae', label: 'CVAE', note: 'expects all three planes' },
];

/** Held-out synthetic skulls offered as examples: the first six of the models' test cohort. */
export const EXAMPLES = [0, 1, 2, 3, 4, 5];

function SourceSwitch() {
  const store = useStoreApi();
  const source = useApp((s) => s.skullX.source);
  const options: { id: SkullSource; label: string }[] = [
    { id: 'planes', label: 'From ultrasound planes' },
    { id: 'phantom', label: 'Phantom' },
  ];
  return (
    <div role="radiogroup" aria-label="Skull source" className="tabs source-switch">
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          role="radio"
          aria-checked={source === o.id}
          data-skull-source={o.id}
          onClick={() => store.getState().setSkullX({ source: o.id })}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

function ModelChoice() {
  const skull = useSkullCommands();
  const modelId = useApp((s) => s.skullX.modelId);
  const model = useApp((s) => s.skullX.model);
  return (
    <fieldset className="skull-models">
      <legend>Model</legend>
      {MODELS.map((m) => (
        <label key={m.id}>
          <input
            type="radio"
            name="skull-model"
            value={m.id}
            data-skull-model={m.id}
            checked={modelId === m.id}
            onChange={() => skull.selectModel(m.id)}
          />
          {m.label} <span className="hint">({m.note})</span>
        </label>
      ))}
      <p className="hint" data-skull-model-status={model.status} role="status">
        {model.status === 'loading'
          ? 'loading the model…'
          : model.status === 'ready'
            ? `${model.info?.title ?? ''} — loaded`
            : null}
      </p>
      {model.message ? (
        <p className="skull-slot-message" role="alert">
          {model.message}
        </p>
      ) : null}
    </fieldset>
  );
}

function Examples() {
  const skull = useSkullCommands();
  const example = useApp((s) => s.skullX.example);
  const busy = useApp((s) => s.skullX.busy);
  return (
    <section className="panel skull-examples" aria-label="Examples">
      <h3>Examples: held-out synthetic skulls</h3>
      <p className="hint">
        Simulated axial, sagittal and coronal planes of skulls the models never saw in training; their true
        shape is compared with the prediction.
      </p>
      <div className="skull-example-buttons">
        {EXAMPLES.map((i) => (
          <button
            key={i}
            type="button"
            data-example={i}
            aria-pressed={example?.subject.index === i}
            disabled={busy !== null && busy.startsWith('simulating')}
            onClick={() => void skull.loadExample(i)}
          >
            Skull {i + 1}
          </button>
        ))}
      </div>
    </section>
  );
}

/** The skull tab's left column: source, model, the three plane slots, examples and the privacy note. */
export function SkullPlanesPanel() {
  const store = useStoreApi();
  const source = useApp((s) => s.skullX.source);
  const message = useApp((s) => s.skullX.message);
  const linkMessage = useApp((s) => s.skullX.linkMessage);
  const busy = useApp((s) => s.skullX.busy);
  const version = useApp((s) => s.skullX.version);
  return (
    <div className="skull-explorer" data-skull-busy={busy ?? ''} data-prediction-version={version}>
      <SourceSwitch />
      {source === 'phantom' ? (
        <>
          <SkullPanel />
          <SkullReadouts />
        </>
      ) : (
        <>
          {linkMessage ? (
            <div className="skull-slot-message" role="alert" data-skull-link-message>
              {linkMessage}{' '}
              <button type="button" onClick={() => store.getState().setSkullX({ linkMessage: null })}>
                Dismiss
              </button>
            </div>
          ) : null}
          <ModelChoice />
          <section className="panel" aria-label="Ultrasound planes">
            <h2>Ultrasound planes</h2>
            <p className="hint privacy" data-privacy="local">
              Files you drop stay on this computer: they are read in this page and never uploaded.
            </p>
            {PLANE_KINDS.map((k) => (
              <PlaneSlot key={k} kind={k} />
            ))}
          </section>
          <Examples />
          {message ? (
            <p className="hint" role="status" data-skull-message>
              {message}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
