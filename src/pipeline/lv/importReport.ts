/**
 * What the LV import tells the user about a file: how apex and base were found, and warnings about
 * the LV reaching the volume's edges or the model's field of view. Pure.
 */
import type { LvFrameFit } from '../../geometry/lvFrameFit';
import type { Vec3, Volume } from '../../geometry/types';
import type { PreparedLvImport } from './importLv';
import { LV_CLASS } from '../../geometry/lvFrameFit';

export function edgeWarnings(prep: PreparedLvImport, frame: LvFrameFit): string[] {
  const out: string[] = [];
  const [nx, ny, nz] = prep.dims;
  const { classes } = prep.ed;
  // Per face of the volume: does the myocardium / the cavity reach it?
  const faces = [0, 1, 2].flatMap((axis) => [0, 1].map((side) => ({ axis, side, myo: false, cav: false })));
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const c = classes[i + nx * (j + ny * k)];
        if (c !== LV_CLASS.myocardium && c !== LV_CLASS.cavity) continue;
        const idx = [i, j, k];
        for (const f of faces) {
          if (idx[f.axis] !== (f.side ? prep.dims[f.axis]! - 1 : 0)) continue;
          if (c === LV_CLASS.myocardium) f.myo = true;
          else f.cav = true;
        }
      }
  const a = prep.affine;
  for (const f of faces) {
    const col: Vec3 = [a[f.axis]!, a[4 + f.axis]!, a[8 + f.axis]!];
    const n = Math.hypot(...col) * (f.side ? 1 : -1);
    const towardsBase =
      (col[0] * frame.longAxis[0] + col[1] * frame.longAxis[1] + col[2] * frame.longAxis[2]) / n;
    // The basal face may cut the LV (that is the valve plane); an apical face only matters when the
    // cavity reaches it (an apical cap in the last slice is normal); a side face whenever touched.
    const cut = towardsBase > 0.7 ? false : towardsBase < -0.7 ? f.cav : f.myo || f.cav;
    if (cut) {
      out.push(
        `the LV reaches the ${f.side ? 'last' : 'first'} ${['column', 'row', 'slice'][f.axis]} of the volume on its ${towardsBase < -0.7 ? 'apical' : 'lateral'} side: it may be cut off there (closed just beyond the edge)`,
      );
    }
  }
  if (frame.sense.weak) {
    out.push(
      `apex and base are uncertain: the LV barely tapers along its axis (${describeSense(frame)}); check that the shape is not upside down`,
    );
  }
  if (frame.elongation < 1.3) {
    out.push(
      `the LV is nearly spherical (principal variance ratio ${frame.elongation.toFixed(2)}): its long axis is uncertain`,
    );
  }
  return out;
}

/** The import report's sentence on how apex and base were found. */
export function describeSense(frame: LvFrameFit): string {
  const { taperMm, areaRise, rvRise, agree, weak } = frame.sense;
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} %`;
  const cues = [
    `the LV's outer radius grows by ${taperMm.toFixed(1)} mm from apex to base`,
    `its cross-section by ${pct(areaRise)}`,
    rvRise === null ? 'no RV label' : `the RV's cross-section by ${pct(rvRise)}`,
  ];
  const verdict = weak
    ? 'uncertain'
    : agree
      ? 'all cues agree'
      : 'the cues disagree, the weighted majority was followed';
  return `apex and base from the LV's taper to a closed apex${rvRise === null ? '' : ' and where the RV lies along it'}: ${cues.join(', ')} (${verdict})`;
}

export function fovWarning(field: Volume<Float32Array>): string | undefined {
  const [nx, ny, nz] = field.dims;
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const edge = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
        if (edge && field.data[i + nx * (j + ny * k)]! < 0) n++;
      }
  return n > 0
    ? `the LV extends beyond the model's ${(nx * field.spacing[0]).toFixed(0)} mm field of view (${n} boundary voxels): it is cut off`
    : undefined;
}
