export interface ReadoutProps {
  /** Stable key for tests: rendered as data-readout. */
  name: string;
  label: string;
  value: number | null;
  unit: string;
  digits?: number;
  /** Optional reference (e.g. the value the phantom was asked for). */
  reference?: number | null;
  referenceLabel?: string;
  /** The value is from an earlier shape (a drag update that did not recompute it). */
  stale?: boolean;
}

/** One measured number, as text, with its unit and optional reference value. */
export function Readout({
  name,
  label,
  value,
  unit,
  digits = 1,
  reference,
  referenceLabel = 'asked',
  stale = false,
}: ReadoutProps) {
  const shown = value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
  return (
    <div
      className={stale ? 'readout readout-stale' : 'readout'}
      data-readout={name}
      data-value={value ?? ''}
      data-stale={stale ? 'true' : undefined}
      title={
        stale ? 'From the last complete update; refreshed a few times a second while dragging' : undefined
      }
    >
      <dt>{label}</dt>
      <dd>
        <output aria-label={label}>
          <span className="readout-value">{shown}</span> <span className="readout-unit">{unit}</span>
          {stale ? <span className="visually-hidden"> (updating)</span> : null}
        </output>
        {reference !== undefined && reference !== null && Number.isFinite(reference) ? (
          <span className="readout-ref">
            {' '}
            ({referenceLabel} {reference.toFixed(digits)})
          </span>
        ) : null}
      </dd>
    </div>
  );
}
