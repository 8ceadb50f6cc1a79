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
  /**
   * Why the value is withheld (outside its physical range: `geometry/lvIndexValidity.ts`): shown as
   * "—" with this reason, never as a number.
   */
  why?: string | null;
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
  why = null,
}: ReadoutProps) {
  const withheld = why !== null || value === null || !Number.isFinite(value);
  const shown = withheld ? '—' : value.toFixed(digits);
  return (
    <div
      className={stale ? 'readout readout-stale' : 'readout'}
      data-readout={name}
      data-value={withheld ? '' : value}
      data-why={why ?? undefined}
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
        {why ? <span className="readout-why">{why}</span> : null}
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
