import { useState, type DragEvent } from 'react';
import { useLvCommands } from './commands';
import { checkLvIndexes } from '../geometry/lvIndexValidity';
import { useApp } from '../state/context';
import { Readout } from './Readout';

const fmtOrDash = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined ? '—' : v.toFixed(digits);

/** The file's own indexes shown: key, test id, label, unit. */
const OWN_READOUTS = [
  ['edvMl', 'imported-edv', 'Your EDV', 'mL'],
  ['esvMl', 'imported-esv', 'Your ESV', 'mL'],
  ['efPct', 'imported-ef', 'Your EF', '%'],
  ['massG', 'imported-mass', 'Your mass', 'g'],
  ['maxWallThicknessMm', 'imported-maxwt', 'Your max wall', 'mm'],
] as const;

/** Orders dropped files as (ED, ES): a name mentioning ES (or "systole") is ES, else the first is ED. */
export function edEsOf(files: File[]): { ed: File | null; es: File | null } {
  if (files.length === 0) return { ed: null, es: null };
  const isEs = (f: File) => /(^|[^a-z])(es|systol)/i.test(f.name.replace(/\.nii(\.gz)?$/i, ''));
  const es = files.length > 1 ? (files.find(isEs) ?? files[1] ?? null) : null;
  const ed = files.find((f) => f !== es) ?? null;
  return { ed, es };
}

/**
 * "Your own heart": drop or choose LV segmentations (NIfTI; ED, optionally ES). They are read, aligned
 * and encoded in this browser tab's worker; nothing is uploaded.
 */
export function DropZone() {
  const commands = useLvCommands();
  const encoding = useApp((s) => s.encoding);
  const ready = useApp((s) => s.modelInfo !== null);
  const encoded = useApp((s) => (s.source === 'model' ? (s.lv?.encoded ?? null) : null));
  // The file's own volumes (voxel counts) are what a person compares with their CMR software's.
  const own = encoded ? checkLvIndexes(encoded.file) : null;
  const framed = encoded ? checkLvIndexes(encoded.imported) : null;
  const [over, setOver] = useState(false);
  const [es, setEs] = useState<File | null>(null);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const { ed, es: dropEs } = edEsOf(Array.from(e.dataTransfer.files));
    if (ed) void commands.encodeFiles(ed, dropEs);
  };

  return (
    <section className="panel" aria-label="Your own heart">
      <h2>Your own heart</h2>
      <div
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop an LV segmentation here (NIfTI .nii or .nii.gz; labels 1 RV, 2 myocardium, 3 LV cavity, or a
          binary myocardium mask), or choose files:
        </p>
        <label className="field">
          <span>ES (optional, choose first)</span>
          <input
            type="file"
            accept=".nii,.gz,application/gzip"
            data-testid="file-es"
            disabled={!ready}
            onChange={(e) => setEs(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label className="field">
          <span>ED</span>
          <input
            type="file"
            accept=".nii,.gz,application/gzip"
            data-testid="file-ed"
            disabled={!ready || encoding !== null}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void commands.encodeFiles(f, es);
              e.currentTarget.value = '';
            }}
          />
        </label>
        <p className="privacy" data-testid="privacy">
          Your files stay on this computer: they are read and encoded inside this page, never uploaded.
        </p>
        {encoding ? (
          <p role="status" className="hint">
            Aligning and encoding {encoding}…
          </p>
        ) : null}
      </div>
      {encoded ? (
        <div data-testid="encoded-report">
          <p className="hint">
            {encoded.edName}
            {encoded.esName ? ` + ${encoded.esName}` : ' (ED only)'}: {encoded.report.convention} labels,
            septum from {encoded.report.septumFrom}; reconstruction Dice ED {encoded.dice.ED.toFixed(3)}
            {encoded.dice.ES !== null ? `, ES ${encoded.dice.ES.toFixed(3)}` : ''}.
          </p>
          {encoded.fit ? (
            <p className="hint" data-testid="code-fit">
              {encoded.fit.method === 'fitted'
                ? `The code was fitted to your shape from the encoder's guess (Dice ED ${encoded.fit.encoderDice.ED.toFixed(3)}${encoded.fit.encoderDice.ES !== null ? `, ES ${encoded.fit.encoderDice.ES.toFixed(3)}` : ''} at the encoder's mean).`
                : "The encoder's mean is shown: fitting the code to your shape did not overlap it better."}
            </p>
          ) : null}
          {typeof encoded.report.apexBase === 'string' ? (
            <p className="hint" data-testid="apex-base">
              {encoded.report.apexBase[0]?.toUpperCase()}
              {encoded.report.apexBase.slice(1)}.
            </p>
          ) : null}
          <dl className="readouts">
            {OWN_READOUTS.map(([key, name, label, unit]) => (
              <Readout
                key={key}
                name={name}
                label={label}
                unit={unit}
                value={own?.[key].value ?? null}
                // A value the file cannot give (ES without an ES map) is blank without a reason.
                why={encoded.file[key] === null ? null : own?.[key].why}
              />
            ))}
          </dl>
          <p className="hint" data-testid="framed-indexes">
            Your volumes and mass are voxel counts of your labels (mass at 1.05 g/mL). The model is compared
            with your heart in its own frame, which ends at the valve plane it aligns hearts to: there EDV{' '}
            {fmtOrDash(framed?.edvMl.value, 0)} mL
            {encoded.imported.efPct !== null ? `, EF ${fmtOrDash(framed?.efPct.value, 0)} %` : ''}, mass{' '}
            {fmtOrDash(framed?.massG.value, 0)} g.
          </p>
          {encoded.report.warnings.length > 0 ? (
            <ul className="hint">
              {encoded.report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
