import { useApp } from '../state/context';
import { Readout } from './Readout';

/** Live skull biometry of the shown phantom (transventricular plane), with what was asked beside it. */
export function SkullReadouts() {
  const skull = useApp((s) => s.skull);
  const m = skull?.biometry ?? null;
  const a = skull?.asked ?? null;
  return (
    <section className="panel" aria-label="Biometry">
      <h2>Biometry</h2>
      <dl className="readouts">
        <Readout name="bpd" label="BPD" unit="mm" value={m?.bpdMm ?? null} reference={a?.bpdMm} />
        <Readout name="ofd" label="OFD" unit="mm" value={m?.ofdMm ?? null} reference={a?.ofdMm} />
        <Readout name="hc" label="HC" unit="mm" value={m?.hcMm ?? null} reference={a?.hcMm} />
        <Readout
          name="ci"
          label="Cephalic index"
          unit=""
          value={m?.cephalicIndex ?? null}
          reference={a?.cephalicIndex}
        />
      </dl>
    </section>
  );
}
