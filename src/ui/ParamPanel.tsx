import { ParamSlider, type ParamSpec } from './ParamSlider';

export interface ParamPanelProps {
  title: string;
  specs: Record<string, ParamSpec>;
  values: Record<string, number>;
  onChange(name: string, value: number): void;
  onReset(): void;
  /** Extra controls (e.g. population sampling) shown under the title. */
  children?: React.ReactNode;
}

/** A group of parameter sliders with a reset button. */
export function ParamPanel({ title, specs, values, onChange, onReset, children }: ParamPanelProps) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        <button type="button" onClick={onReset}>
          Reset
        </button>
      </header>
      {children}
      {Object.entries(specs).map(([name, spec]) => (
        <ParamSlider
          key={name}
          name={name}
          spec={spec}
          value={values[name] ?? spec.default}
          onChange={onChange}
        />
      ))}
    </section>
  );
}
