import { useApp } from '../state/context';
import { Readout } from './Readout';

/** Live LV clinical indexes of the shown phantom, with what was asked beside them. */
export function LvReadouts() {
  const lv = useApp((s) => s.lv);
  const m = lv?.indexes ?? null;
  const a = lv?.asked ?? null;
  return (
    <section className="panel" aria-label="Clinical indexes">
      <h2>Clinical indexes</h2>
      <dl className="readouts">
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
      </dl>
    </section>
  );
}
