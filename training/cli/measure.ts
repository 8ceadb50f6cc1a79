/**
 * `latent-anatomy measure`: LV indexes or fetal-skull biometry from NIfTI fields or label maps.
 */
import { lvIndexes, lvPhaseMeasures } from '../../src/geometry/lvIndexes.ts';
import { skullBiometry } from '../../src/geometry/skullBiometry.ts';
import { UserInputError } from '../../src/io/errors.ts';
import type { NiftiVolume } from '../../src/io/nifti.ts';
import { choiceFlag, intFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import {
  detectAnatomy,
  fieldFromVolume,
  fmt,
  labelsOf,
  type Detected,
  preferredLabel,
  readNiftiFile,
  warn,
  type CliIO,
} from './common.ts';

export const MEASURE_SPEC: FlagSpec = {
  values: ['es', 'anatomy', 'label'],
  booleans: ['json'],
  positionals: [1, 1],
  positionalName: 'input file (.nii or .nii.gz)',
};

export const MEASURE_HELP = `latent-anatomy measure <file.nii[.gz]> [--es <es.nii[.gz]>] [--anatomy lv|skull] [--json]

Measure a field (negative inside, mm) or label map.
  lv:    with --es, EDV, ESV, SV (mL), EF (%), mass (g, ED myocardium × 1.05 g/mL) and max ED wall
         thickness (mm); with one file, that phase's cavity volume, mass and max wall thickness.
         Label maps use label 2 (myocardium) as in ACDC.
  skull: biparietal diameter (BPD), occipito-frontal diameter (OFD), head circumference (HC), mm,
         and the cephalic index CI = BPD / OFD × 100.
The anatomy is read from the header description written by 'phantom' ("latent-anatomy lv ED"), or
guessed for ACDC-style label maps (labels 0–3); otherwise pass --anatomy.

Options:
  --es FILE            end-systolic file (LV); the positional file is then end-diastole
  --anatomy lv|skull   what the file holds (when the header does not say)
  --label N            use label N of a label map as the mask
  --json               print one JSON object instead of a table
  --help               show this help

Examples:
  latent-anatomy measure heart_ED.nii.gz --es heart_ES.nii.gz
  latent-anatomy measure skull.nii.gz --json`;

type Row = [label: string, value: number, unit: string, digits?: number];

function table(title: string, rows: Row[]): string {
  const lines = [title];
  for (const [label, value, unit, digits] of rows)
    lines.push(`  ${label.padEnd(26)} ${fmt(value, digits ?? 1).padStart(8)} ${unit}`);
  return lines.join('\n');
}

function round(v: number, digits = 3): number | null {
  return Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : null;
}

/**
 * The ES file must be the same kind of LV volume as ED: not another anatomy, on the same grid (dims and
 * voxel size), and both label maps with the same label set or both fields.
 * @throws UserInputError saying what differs.
 */
function checkSamePair(
  ed: NiftiVolume,
  es: NiftiVolume,
  esFound: Detected,
  edPath: string,
  esPath: string,
): void {
  const what = `expected the end-systolic frame of the same LV as '${edPath}'`;
  if (esFound.anatomy === 'skull') {
    throw new UserInputError(`--es '${esPath}': its header says it is a fetal skull; ${what}`);
  }
  const dims = (v: NiftiVolume): string => v.dims.join('×');
  const spacing = (v: NiftiVolume): string => v.spacing.map((s) => +s.toFixed(3)).join('×');
  const sameSpacing = ed.spacing.every((s, i) => Math.abs(s - es.spacing[i]!) <= 1e-3 * Math.max(s, 1));
  if (dims(ed) !== dims(es) || !sameSpacing) {
    throw new UserInputError(
      `--es '${esPath}' is on a different grid (${dims(es)} voxels of ${spacing(es)} mm) than '${edPath}' (${dims(ed)} of ${spacing(ed)} mm); ${what}, on the same grid`,
    );
  }
  if (ed.header.integerValued !== es.header.integerValued) {
    const kind = (v: NiftiVolume): string => (v.header.integerValued ? 'a label map' : 'a continuous field');
    throw new UserInputError(`--es '${esPath}' is ${kind(es)} but '${edPath}' is ${kind(ed)}; ${what}`);
  }
  if (ed.header.integerValued) {
    // ACDC-style maps may lose the RV (label 1) in one frame; the LV labels must agree.
    const acdc = (l: number[]): boolean => l.includes(2) && l.includes(3);
    let a = labelsOf(ed, 16);
    let b = labelsOf(es, 16);
    if (acdc(a) && acdc(b)) [a, b] = [a.filter((l) => l !== 1), b.filter((l) => l !== 1)];
    if (a.join(',') !== b.join(',')) {
      throw new UserInputError(
        `--es '${esPath}' has labels ${b.join(', ')} but '${edPath}' has ${a.join(', ')}; ${what}, labelled the same way`,
      );
    }
  }
}

export function runMeasure(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, MEASURE_SPEC, 'measure');
  const path = args.positionals[0] ?? '';
  const esPath = args.values.get('es');
  const label = intFlag(args, 'label', 'measure', 0, 1e9);
  const asked = choiceFlag(args, 'anatomy', ['lv', 'skull'] as const, 'measure');
  const json = args.booleans.has('json');

  const vol = readNiftiFile(path);
  const found = detectAnatomy(vol);
  const anatomy = asked ?? found.anatomy;
  if (!anatomy) {
    throw new UsageError(
      `measure: cannot tell what '${path}' holds (its header has no 'latent-anatomy lv|skull' description); pass --anatomy lv or --anatomy skull`,
    );
  }
  if (asked && found.anatomy && asked !== found.anatomy && found.how === 'header') {
    warn(io, `${path}: header says ${found.anatomy} but --anatomy ${asked} was given; measuring as ${asked}`);
  }
  if (esPath && anatomy !== 'lv') throw new UsageError('measure: --es applies to lv only');

  if (anatomy === 'skull') {
    const src = fieldFromVolume(vol, { label, preferLabel: preferredLabel('skull'), path });
    const b = skullBiometry(src.field);
    const result = {
      file: path,
      anatomy,
      source: src.description,
      bpdMm: round(b.bpdMm),
      ofdMm: round(b.ofdMm),
      hcMm: round(b.hcMm),
      cephalicIndex: round(b.cephalicIndex),
      planeZMm: round(b.planeZMm),
    };
    if (!Number.isFinite(b.ofdMm) || !Number.isFinite(b.bpdMm)) {
      warn(
        io,
        `${path}: the skull outline is not closed in the measurement plane (open sutures or bone thinner than a voxel?); some values could not be measured`,
      );
    }
    if (json) io.out(JSON.stringify(result));
    else {
      io.out(
        table(`Fetal skull biometry — ${path} (${src.description})`, [
          ['BPD (biparietal diameter)', b.bpdMm, 'mm'],
          ['OFD (occipito-frontal)', b.ofdMm, 'mm'],
          ['HC (head circumference)', b.hcMm, 'mm'],
          ['Cephalic index', b.cephalicIndex, ''],
          ['Measurement plane z', b.planeZMm, 'mm'],
        ]),
      );
    }
    return 0;
  }

  const ed = fieldFromVolume(vol, { label, preferLabel: preferredLabel('lv'), path });
  if (esPath) {
    const esVol = readNiftiFile(esPath);
    const esFound = detectAnatomy(esVol);
    checkSamePair(vol, esVol, esFound, path, esPath);
    if (found.phase === 'ES' || esFound.phase === 'ED') {
      warn(
        io,
        `the headers say ${path} is ${found.phase ?? '?'} and ${esPath} is ${esFound.phase ?? '?'}; expected ED then --es ES`,
      );
    }
    const es = fieldFromVolume(esVol, { label, preferLabel: preferredLabel('lv'), path: esPath });
    const r = lvIndexes(ed.field, es.field);
    const result = {
      file: path,
      esFile: esPath,
      anatomy,
      source: ed.description,
      edvMl: round(r.edvMl),
      esvMl: round(r.esvMl),
      svMl: round(r.svMl),
      efPct: round(r.efPct),
      massG: round(r.massG),
      maxWallThicknessMm: round(r.maxWallThicknessMm),
    };
    if (json) io.out(JSON.stringify(result));
    else {
      io.out(
        table(`LV indexes — ED ${path}, ES ${esPath} (${ed.description})`, [
          ['EDV (end-diastolic volume)', r.edvMl, 'mL'],
          ['ESV (end-systolic volume)', r.esvMl, 'mL'],
          ['SV (stroke volume)', r.svMl, 'mL'],
          ['EF (ejection fraction)', r.efPct, '%'],
          ['Myocardial mass (ED)', r.massG, 'g'],
          ['Max wall thickness (ED)', r.maxWallThicknessMm, 'mm'],
        ]),
      );
    }
    return 0;
  }

  const m = lvPhaseMeasures(ed.field);
  const phase = found.phase ?? null;
  const result = {
    file: path,
    anatomy,
    phase,
    source: ed.description,
    cavityMl: round(m.cavityMl),
    massG: round(m.massG),
    maxWallThicknessMm: round(m.maxWallThicknessMm),
  };
  if (json) io.out(JSON.stringify(result));
  else {
    io.out(
      table(`LV ${phase ?? '(phase unknown)'} — ${path} (${ed.description}); add --es for EF`, [
        ['Cavity volume', m.cavityMl, 'mL'],
        ['Myocardial mass', m.massG, 'g'],
        ['Max wall thickness', m.maxWallThicknessMm, 'mm'],
      ]),
    );
  }
  return 0;
}
