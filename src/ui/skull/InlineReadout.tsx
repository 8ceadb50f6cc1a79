export interface InlineReadoutProps {
  /** The `data-readout` name tests read it by. */
  name: string;
  label: string;
  /** The value; null or not finite shows a dash. */
  value: number | null;
  unit: string;
  /** Digits after the point (default 1). */
  digits?: number;
}

/** A number as inline text with its data attributes (for people and tests); the block form is ui/Readout.tsx. */
export function InlineReadout({ name, label, value, unit, digits = 1 }: InlineReadoutProps) {
  return (
    <span className="skull-num" data-readout={name} data-value={value ?? ''}>
      {label} <b>{value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits)}</b> {unit}
    </span>
  );
}
