import { useApp } from '../state/context';
import { Readout } from './Readout';

/** Live LV clinical indexes of the shown shape (with what a phantom was asked for), and p(HCM) for a model's code. */
export function LvReadouts() {
  const lv = useApp((s) => s.lv);
  const source = useApp((s) => s.source);
  const m = lv?.indexes ?? null;
  const a = lv?.asked ?? null;
  const model = source === 'model' ? (lv?.model ?? null) : null;
  return (
    <section className="panel" aria-label="Clinical indexes">
      <h2>Clinical indexes</h2>
      <dl className="readouts" data-quality={model?.quality ?? 'full'}>
        <Readout name="edv" label="EDV" unit="mL" value={m?.edvMl ?? null} reference={a?.edvMl} />
        <Readout name="esv" label="ESV" unit="mL" value={m?.esvMl ?? null} reference={a?.esvMl} />
        <Readout name="sv" label="SV" unit="mL" value={m?.svMl ?? null} reference={a?.svMl} />
        <Readout name="ef" label="EF" unit="%" value={m?.efPct ?? null} reference={a?.efPct} />
        <Readout name="mass" label="Mass" unit="g" value={m?.massG ?? null} reference={a?.massG} />
        <Readout
          name="maxwt"
          label="Max wall thickness"
          unit="mm"
          value={m?.maxWallThicknessMm ?? null}
          reference={a?.maxWallThicknessMm}
        />
        {model ? <Readout name="phcm" label="p(HCM)" unit="%" value={model.pHcm * 100} digits={1} /> : null}
      </dl>
      {model?.quality === 'drag' ? (
        <p className="hint">Draft while dragging (3.2 mm grid); full quality when the slider settles.</p>
      ) : null}
    </section>
  );
}
