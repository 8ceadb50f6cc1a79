import { useId } from 'react';
import type { ParamSpec } from '../anatomy/paramSpec';

export type { ParamSpec } from '../anatomy/paramSpec';

export interface ParamSliderProps {
  name: string;
  spec: ParamSpec;
  value: number;
  onChange(name: string, value: number): void;
}

function decimals(step: number): number {
  const s = String(step);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** A labelled range slider with a numeric field beside it; both speak the same value. */
export function ParamSlider({ name, spec, value, onChange }: ParamSliderProps) {
  const id = useId();
  const text = `${value.toFixed(decimals(spec.step))}${spec.unit ? ` ${spec.unit}` : ''}`;
  return (
    <div className="param-row">
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type="range"
        data-param={name}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={value}
        aria-valuetext={text}
        onChange={(e) => onChange(name, Number(e.currentTarget.value))}
      />
      <input
        type="number"
        className="param-number"
        aria-label={`${spec.label} (${spec.unit || 'value'})`}
        data-param-number={name}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={Number(value.toFixed(decimals(spec.step)))}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          // Out-of-range or non-numeric input is passed on: validation clamps it and says so.
          onChange(name, Number.isNaN(v) ? Number.NaN : v);
        }}
      />
      <span className="param-unit">{spec.unit}</span>
    </div>
  );
}
