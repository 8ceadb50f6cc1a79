/**
 * "Bring your own data": LV label maps (ACDC convention 1 RV cavity, 2 myocardium, 3 LV cavity, or
 * binary myocardium masks), including anisotropic short-axis stacks at any orientation, brought into
 * the models' canonical LV frame and input tensor; then encoded and decoded by a shipped model.
 *
 * Import: validate (specific {@link UserInputError} messages) → fit the canonical frame to the ED labels
 * in world mm (`fitLvFrame`: long axis, apex → base, septum from the RV, base plane) → shape-based
 * interpolation: the myocardium's signed distance in the SOURCE grid (anisotropic spacing honoured)
 * sampled trilinearly at each canonical voxel centre mapped back to world and through the inverse of
 * the file's affine (`sampleThroughAffine`). ES, when given, uses the ED transform (the frame keeps the
 * base plane fixed between phases).
 */
import { LV_FRAME } from '../../anatomy/lvParams';
import { lvGrid } from '../../anatomy/lvPhantom';
import { affineColumnNorms, affineDeterminant, invertAffine, multiplyAffine } from '../../geometry/affine4';
import { fitLvFrame, LV_CLASS } from '../../geometry/lvFrameFit';
import { sampleThroughAffine } from '../../geometry/sampleThroughAffine';
import type { Vec3, Volume } from '../../geometry/types';
import { UserInputError } from '../../io/errors';
import { volumeAffine } from '../../io/niftiAffine';
import { describeSense, edgeWarnings, fovWarning } from './importReport';
import { deriveCavity, largestComponent, signedDistance } from './labelFields';
import { LV_DECODER_GRID, LV_MODEL_GRID, LV_SDF_CLIP_MM, LV_SOLID_CLIP_MM } from '../../model/lvModelGrid';
import { composeMyocardium, keepOneHeart, LV_COMPOSITION } from '../../geometry/lvComposition';
import type { VolumeGrid } from '../../anatomy/grid';

/** Accepted voxel sizes, mm. */
export const IMPORT_SPACING_RANGE_MM: [number, number] = [0.2, 20];
/** Smallest myocardial volume accepted as an LV, mL. */
export const IMPORT_MIN_MYOCARDIUM_ML = 5;

/** How an import went: what was found and decided. */
export { describeSense } from './importReport';

export interface LvImportReport {
  /** Distinct label values of the ED map (and ES, merged). */
  labelsFound: number[];
  /** 'acdc' (2 = myocardium, 1 = RV, 3 = LV cavity) or 'binary' (1 = myocardium). */
  convention: 'acdc' | 'binary';
  /** Long axis in world (file) coordinates, unit, apex → base. */
  longAxisWorld: Vec3;
  /** Where canonical −x (septum) came from. */
  septumFrom: 'rv' | 'model-search' | 'default';
  /** In-plane roll about the long axis applied after the septum rule, degrees. */
  rollDeg: number;
  /** Which point cloud gave the long axis, and how apex and base were told apart. */
  axisFrom: 'cavity' | 'lv';
  senseFrom: 'shape' | 'shape+rv';
  /** How apex and base were told apart, in words (both cues' strengths, and whether they agree). */
  apexBase: string;
  /** 'label' (label 3) or 'derived' (holes of the myocardium filled slice by slice). */
  cavityFrom: 'label' | 'derived';
  /** Voxel sizes (mm) and the coarsest of them (the slice spacing of a stack). */
  spacingMm: Vec3;
  sliceSpacingMm: number;
  /** Myocardial volume by voxel count at ED (and ES), mL. */
  myocardiumMl: { ED: number; ES?: number };
  /**
   * LV cavity volume by voxel count at ED (and ES), mL: label 3 as the file has it (the blood the
   * myocardium rings in slices without label 3 when the file has none: a binary mask).
   */
  cavityMl: { ED: number; ES?: number };
  /** True when no ES map was given and the ED shape fills both channels. */
  esFromEd: boolean;
  warnings: string[];
}

/** An LV in the canonical frame. */
export interface ImportedLv {
  /** Model input [1, 32, 32, 32, 2]: element (x, y, z, c) at ((z·32 + y)·32 + x)·2 + c; c = ED, ES. */
  modelInput: Float32Array;
  /**
   * The solids on the decoder grid (LV_DECODER_GRID, 24³), the training target of solid–cavity
   * models: per voxel ED solid, ED cavity, ES solid, ES cavity, each clipped to ±LV_SOLID_CLIP_MM and
   * divided by it (x fastest).
   */
  solidTarget: Float32Array;
  /** ED myocardium signed distance (mm, < 0 inside) on `lvGrid()` (64³ × 1.6 mm). */
  canonicalEd: Volume<Float32Array>;
  /** ES, when an ES map was given. */
  canonicalEs?: Volume<Float32Array>;
  /** World (file mm) → canonical mm, 4×4 row-major. */
  transform: Float64Array;
  report: LvImportReport;
}

/** A label volume: a NIfTI volume or any Volume (its affine, else diag(spacing) + origin). */
export type LabelVolume = Volume;

interface PhaseSource {
  classes: Uint8Array;
  /** Signed distances (mm) of myocardium ∪ cavity and of the cavity, on the padded source grid. */
  solid: Volume<Float32Array>;
  cavity: Volume<Float32Array>;
  myoMl: number;
  /** Cavity volume by voxel count (label 3; the derived cavity when the file has no label 3), mL. */
  cavityMl: number;
  labels: number[];
  convention: 'acdc' | 'binary';
  cavityFrom: 'label' | 'derived';
  /** Voxels of myocardium or cavity dropped as loose pieces (not connected to the heart). */
  droppedVoxels: number;
}

/** Validated sources, ready to be resampled at any roll. */
export interface PreparedLvImport {
  ed: PhaseSource;
  es?: PhaseSource;
  dims: Vec3;
  affine: Float64Array;
  /** Affine of the one-voxel padded SDF grid. */
  paddedAffine: Float64Array;
  spacing: Vec3;
  warnings: string[];
}

const fmtDims = (d: readonly number[]): string => d.join('×');
const fmtMm = (s: readonly number[]): string => s.map((v) => +v.toPrecision(3)).join('×');

function checkGeometry(vol: LabelVolume, phase: string): { affine: Float64Array; spacing: Vec3 } {
  const small = vol.dims.filter((d) => d < 3).length;
  if (small > 0) {
    throw new UserInputError(
      `${phase}: this is a 2-D image (${fmtDims(vol.dims)} voxels); expected a 3-D label map of the LV with at least 3 voxels (slices) along each axis`,
    );
  }
  const affine = volumeAffine(vol);
  const spacing = affineColumnNorms(affine);
  const det = affineDeterminant(affine);
  if (!affine.every(Number.isFinite) || !(Math.abs(det) > 1e-9)) {
    throw new UserInputError(
      `${phase}: the voxel-to-world affine is degenerate or not finite (determinant ${det}); fix the file's sform/qform`,
    );
  }
  const [lo, hi] = IMPORT_SPACING_RANGE_MM;
  if (spacing.some((s) => s < lo || s > hi)) {
    throw new UserInputError(
      `${phase}: voxel size ${fmtMm(spacing)} mm is outside ${lo}–${hi} mm: the header's pixdim/sform or units are probably wrong (metres or microns labelled as mm?)`,
    );
  }
  return { affine, spacing };
}

function readPhase(vol: LabelVolume, phase: 'ED' | 'ES', spacing: Vec3, affine: Float64Array): PhaseSource {
  const n = vol.data.length;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = vol.data[i] as number;
    if (!Number.isInteger(v)) {
      throw new UserInputError(
        `${phase}: holds non-integer values (e.g. ${+v.toPrecision(4)}): expected a label map (ACDC: 0 background, 1 RV cavity, 2 myocardium, 3 LV cavity) or a binary 0/1 myocardium mask, not an image or a distance field`,
      );
    }
    if (seen.size < 64) seen.add(v);
  }
  const labels = [...seen].sort((a, b) => a - b);
  const bad = labels.filter((l) => l < 0 || l > 3);
  if (bad.length > 0) {
    throw new UserInputError(
      `${phase}: wrong label values ${bad.slice(0, 8).join(', ')} (labels found: ${labels.slice(0, 12).join(', ')}); expected ACDC labels 0 background, 1 RV cavity, 2 myocardium, 3 LV cavity, or a binary 0/1 myocardium mask`,
    );
  }
  if (labels.every((l) => l === 0)) {
    throw new UserInputError(
      `${phase}: the label map is empty (every voxel is 0); expected an LV myocardium`,
    );
  }
  const convention: 'acdc' | 'binary' = labels.every((l) => l === 0 || l === 1) ? 'binary' : 'acdc';
  const myoLabel = convention === 'binary' ? 1 : 2;
  const classes = new Uint8Array(n);
  const myo = new Uint8Array(n);
  let nMyo = 0;
  let nCav = 0;
  for (let i = 0; i < n; i++) {
    const v = vol.data[i] as number;
    if (v === myoLabel) {
      classes[i] = LV_CLASS.myocardium;
      myo[i] = 1;
      nMyo++;
    } else if (convention === 'acdc' && v === 1) classes[i] = LV_CLASS.rv;
    else if (convention === 'acdc' && v === 3) {
      classes[i] = LV_CLASS.cavity;
      nCav++;
    }
  }
  const voxelMl = Math.abs(affineDeterminant(affine)) / 1000;
  const myoMl = nMyo * voxelMl;
  if (nMyo === 0) {
    throw new UserInputError(
      `${phase}: empty myocardium: no voxel has label 2 (labels found: ${labels.join(', ')}); expected the LV myocardium as label 2 (ACDC) or 1 (binary mask)`,
    );
  }
  if (myoMl < IMPORT_MIN_MYOCARDIUM_ML) {
    throw new UserInputError(
      `${phase}: the myocardium holds only ${myoMl.toFixed(2)} mL (${nMyo} voxels of ${fmtMm(spacing)} mm); an LV myocardium is about 50–300 mL: wrong label or wrong voxel size?`,
    );
  }
  // Blood the myocardium rings in a slice is LV blood even without label 3 (the outflow tract in a
  // basal slice, a cavity left unlabelled): it joins the cavity, so the cavity stays open at the base.
  const cavityFrom: 'label' | 'derived' = nCav === 0 ? 'derived' : 'label';
  const nCavLabelled = nCav;
  const enclosed = deriveCavity(myo, vol.dims);
  for (let i = 0; i < n; i++) {
    if (enclosed[i] && classes[i] === LV_CLASS.none) {
      classes[i] = LV_CLASS.cavity;
      nCav++;
    }
  }
  if (phase === 'ED' && (nCav * voxelMl < 5 || nCav < 0.1 * nMyo)) {
    throw new UserInputError(
      `ED: no LV found: the ${convention === 'binary' ? 'mask' : 'myocardium (label 2)'} encloses no cavity (label 3 ${convention === 'acdc' ? 'absent' : 'n/a'}, ${(nCav * voxelMl).toFixed(1)} mL enclosed); expected an LV myocardium that rings its cavity in short-axis slices`,
    );
  }
  // Shape-based interpolation of the two blob-like regions, not of the thin wall: myocardium =
  // (myocardium ∪ cavity) minus cavity, max(sdf_solid, −sdf_cavity) taken AFTER interpolating each.
  // A thin wall interpolated on its own (or the combined field) vanishes between two slices where it
  // moves in-plane by its thickness; the two solids' outlines interpolate smoothly.
  // Each mask is padded by one background voxel so its field closes half a voxel beyond the edge.
  const [nx, ny, nz] = vol.dims;
  const pd: Vec3 = [nx + 2, ny + 2, nz + 2];
  const field = (inside: (c: number) => boolean): Float32Array => {
    const padded = new Uint8Array(pd[0] * pd[1] * pd[2]);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++)
          padded[i + 1 + pd[0] * (j + 1 + pd[1] * (k + 1))] = inside(classes[i + nx * (j + ny * k)]!) ? 1 : 0;
    return signedDistance(padded, pd, spacing);
  };
  const grid = { dims: pd, spacing, origin: [0, 0, 0] as Vec3 };
  // Loose pieces (a stray voxel, a ring of a misaligned slice not touching the heart) are not part of
  // the LV: only the largest 26-connected piece of myocardium ∪ cavity is kept.
  const kept = largestComponent(
    classes.map((c) => (c === LV_CLASS.myocardium || c === LV_CLASS.cavity ? 1 : 0)),
    vol.dims,
  );
  for (let i = 0; i < n; i++) {
    if (!kept.mask[i] && (classes[i] === LV_CLASS.myocardium || classes[i] === LV_CLASS.cavity)) {
      classes[i] = LV_CLASS.none;
    }
  }
  const solid = { ...grid, data: field((c) => c === LV_CLASS.myocardium || c === LV_CLASS.cavity) };
  const cavity = { ...grid, dims: [...pd] as Vec3, data: field((c) => c === LV_CLASS.cavity) };
  const cavityMl = (cavityFrom === 'label' ? nCavLabelled : nCav) * voxelMl;
  return {
    classes,
    solid,
    cavity,
    myoMl,
    cavityMl,
    labels,
    convention,
    cavityFrom,
    droppedVoxels: kept.dropped,
  };
}

/**
 * Validates the ED (and optional ES) label maps and computes their source-grid signed distances.
 *
 * @throws UserInputError with a specific message: 2-D image, degenerate affine, absurd spacing, wrong
 *   label values, empty map, empty or tiny myocardium, no LV cavity (ED), mismatched ED/ES grids.
 */
export function prepareLvImport(ed: LabelVolume, es?: LabelVolume): PreparedLvImport {
  const { affine, spacing } = checkGeometry(ed, 'ED');
  if (es) {
    checkGeometry(es, 'ES');
    const esAffine = volumeAffine(es);
    const tol = 1e-3 * Math.max(...spacing);
    const same =
      es.dims.every((d, i) => d === ed.dims[i]) &&
      esAffine.every((v, i) => Math.abs(v - affine[i]!) <= tol + 1e-4 * Math.abs(v));
    if (!same) {
      throw new UserInputError(
        `ED and ES label maps must share one grid (dims and affine): ED ${fmtDims(ed.dims)} voxels of ${fmtMm(spacing)} mm, ES ${fmtDims(es.dims)} voxels of ${fmtMm(affineColumnNorms(esAffine))} mm${es.dims.every((d, i) => d === ed.dims[i]) ? ' with a different affine (position or orientation)' : ''}`,
      );
    }
  }
  const edSrc = readPhase(ed, 'ED', spacing, affine);
  const esSrc = es ? readPhase(es, 'ES', spacing, affine) : undefined;
  const warnings: string[] = [];
  if (esSrc && esSrc.convention !== edSrc.convention) {
    warnings.push(
      `ED is ${edSrc.convention} and ES is ${esSrc.convention}: check that both files are of one kind`,
    );
  }
  for (const [name, src] of [
    ['ED', edSrc],
    ['ES', esSrc],
  ] as const) {
    if (src && src.droppedVoxels > 0) {
      const ml = (src.droppedVoxels * Math.abs(affineDeterminant(affine))) / 1000;
      if (ml >= 0.5) {
        warnings.push(
          `${name}: ${ml.toFixed(1)} mL of myocardium/cavity labels not connected to the heart were left out (loose pieces)`,
        );
      }
    }
  }
  if (!esSrc) {
    warnings.push(
      'no ES map given: the ED shape fills both model channels; ES outputs (ESV, EF, Dice ES) are not meaningful',
    );
  }
  // The padded grid's voxel (i, j, k) is the file's (i − 1, j − 1, k − 1).
  const shift = new Float64Array([1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 1, -1, 0, 0, 0, 1]);
  return {
    ed: edSrc,
    es: esSrc,
    dims: [...ed.dims],
    affine,
    paddedAffine: multiplyAffine(affine, shift),
    spacing,
    warnings,
  };
}

/**
 * Resamples a prepared import into the canonical frame, with an optional roll about the long axis
 * (radians) applied after the septum rule.
 */
export function canonicaliseLv(prep: PreparedLvImport, rollRad = 0, septumFromSearch = false): ImportedLv {
  const frame = fitLvFrame(prep.ed.classes, prep.dims, prep.affine, { baseZMm: LV_FRAME.baseZMm, rollRad });
  const canonicalToWorld = invertAffine(frame.worldToCanonical);
  const out = lvGrid();
  // Myocardium composed from the two solids on each grid, as decoded shapes are (lvComposition.ts):
  // the wall at least LV_COMPOSITION.minWallMm thick, the apex closed, the base plane cut, one piece.
  const solids = (src: PhaseSource, grid: VolumeGrid) => ({
    solid: sampleThroughAffine(src.solid, prep.paddedAffine, grid, canonicalToWorld),
    cavity: sampleThroughAffine(src.cavity, prep.paddedAffine, grid, canonicalToWorld),
  });
  const sample = (src: PhaseSource, grid: VolumeGrid): Volume<Float32Array> => {
    const { solid, cavity } = solids(src, grid);
    const data = composeMyocardium(solid, cavity, grid, LV_COMPOSITION, solid);
    keepOneHeart(data, grid);
    return { dims: [...grid.dims], spacing: [...grid.spacing], origin: [...grid.origin], data };
  };
  const canonicalEd = sample(prep.ed, out);
  const canonicalEs = prep.es ? sample(prep.es, out) : undefined;
  const modelEd = sample(prep.ed, LV_MODEL_GRID).data;
  const modelEs = prep.es ? sample(prep.es, LV_MODEL_GRID).data : modelEd;
  const voxels = modelEd.length;
  const modelInput = new Float32Array(voxels * 2);
  const norm = (d: number, clip: number): number => {
    const v = d / clip;
    return v < -1 ? -1 : v > 1 ? 1 : v;
  };
  for (let v = 0; v < voxels; v++) {
    modelInput[2 * v] = norm(modelEd[v]!, LV_SDF_CLIP_MM);
    modelInput[2 * v + 1] = norm(modelEs[v]!, LV_SDF_CLIP_MM);
  }
  const tEd = solids(prep.ed, LV_DECODER_GRID);
  const tEs = prep.es ? solids(prep.es, LV_DECODER_GRID) : tEd;
  const nt = tEd.solid.length;
  const solidTarget = new Float32Array(nt * 4);
  for (let v = 0; v < nt; v++) {
    solidTarget[4 * v] = norm(tEd.solid[v]!, LV_SOLID_CLIP_MM);
    solidTarget[4 * v + 1] = norm(tEd.cavity[v]!, LV_SOLID_CLIP_MM);
    solidTarget[4 * v + 2] = norm(tEs.solid[v]!, LV_SOLID_CLIP_MM);
    solidTarget[4 * v + 3] = norm(tEs.cavity[v]!, LV_SOLID_CLIP_MM);
  }
  const warnings = [...prep.warnings, ...edgeWarnings(prep, frame)];
  const fov = fovWarning(canonicalEd);
  if (fov) warnings.push(fov);
  const septumFrom: LvImportReport['septumFrom'] =
    frame.septumFrom === 'rv' ? 'rv' : septumFromSearch ? 'model-search' : 'default';
  if (septumFrom === 'default') {
    warnings.push(
      'no RV (label 1): the septum direction is unknown; lateral (+x) was taken from the image axis most perpendicular to the long axis (encode with a model to search 8 rotations)',
    );
  }
  const labels = [...new Set([...prep.ed.labels, ...(prep.es?.labels ?? [])])].sort((a, b) => a - b);
  const myocardiumMl: LvImportReport['myocardiumMl'] = { ED: prep.ed.myoMl };
  if (prep.es) myocardiumMl.ES = prep.es.myoMl;
  const cavityMl: LvImportReport['cavityMl'] = { ED: prep.ed.cavityMl };
  if (prep.es) cavityMl.ES = prep.es.cavityMl;
  const imported: ImportedLv = {
    modelInput,
    solidTarget,
    canonicalEd,
    transform: frame.worldToCanonical,
    report: {
      labelsFound: labels,
      convention: prep.ed.convention,
      longAxisWorld: frame.longAxis,
      septumFrom,
      rollDeg: (rollRad * 180) / Math.PI,
      axisFrom: frame.axisFrom,
      senseFrom: frame.senseFrom,
      apexBase: describeSense(frame),
      cavityFrom: prep.ed.cavityFrom,
      spacingMm: [...prep.spacing],
      sliceSpacingMm: Math.max(...prep.spacing),
      myocardiumMl,
      cavityMl,
      esFromEd: !prep.es,
      warnings,
    },
  };
  if (canonicalEs) imported.canonicalEs = canonicalEs;
  return imported;
}

/**
 * Imports ED (and optionally ES) LV label maps into the canonical frame (see the module comment).
 *
 * @throws UserInputError on bad input (see {@link prepareLvImport}).
 */
export function importLvLabelMaps(
  ed: LabelVolume,
  es?: LabelVolume,
  opts: { rollDeg?: number } = {},
): ImportedLv {
  return canonicaliseLv(prepareLvImport(ed, es), ((opts.rollDeg ?? 0) * Math.PI) / 180);
}
