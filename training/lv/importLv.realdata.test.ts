/**
 * Every ED/ES label map of the development set (../shared/realdata: ACDC originals with their quirky
 * headers, Sunnybrook with oblique geometry) imports: none refused, none upside down, volumes from the
 * header's pixdim. Flipped along each voxel axis and rotated, with and without the RV label, the frame
 * fit still finds apex and base. Truth, read off the stacks (cavity and RV shrink to the apex, the
 * apical cap closes the LV): ACDC stores the base in slice 0, Sunnybrook in the last slice.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invertAffine } from '../../src/geometry/affine4';
import { fitLvFrame } from '../../src/geometry/lvFrameFit';
import type { Vec3 } from '../../src/geometry/types';
import { readNifti, type NiftiVolume } from '../../src/io/nifti';
import { importLvLabelMaps } from '../../src/pipeline/lv/importLv';
import { realdataPath } from '../../test/realdata';

interface Case {
  name: string;
  ed: string;
  es?: string;
  /** +1: the base is at the last slice; −1: at slice 0. */
  baseTowardsK: 1 | -1;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const group of ['acdc', 'acdc_test', 'acdc_other', 'sunnybrook']) {
    const dir = realdataPath(group);
    const eds = readdirSync(dir).filter((f) => /_ED_gt\.nii\.gz$/.test(f));
    for (const f of eds.sort()) {
      const es = f.replace('_ED_', '_ES_');
      const c: Case = {
        name: `${group}/${f.replace('_ED_gt.nii.gz', '')}`,
        ed: `${dir}/${f}`,
        baseTowardsK: group === 'sunnybrook' ? 1 : -1,
      };
      if (readdirSync(dir).includes(es)) c.es = `${dir}/${es}`;
      out.push(c);
    }
  }
  return out;
}

const ALL = cases();

/** Voxel volume from the header's raw pixdim (bytes 80–91), independent of the reader's geometry. */
function pixdimVoxelMl(path: string): number {
  const v = readNifti(readFileSync(path));
  return (v.spacing[0] * v.spacing[1] * v.spacing[2]) / 1000;
}

function count(v: NiftiVolume, label: number): number {
  let n = 0;
  for (const x of v.data) if (x === label) n++;
  return n;
}

/** k-component (voxel index space) of a world direction. */
function kOf(affine: ArrayLike<number>, dir: Vec3): number {
  const inv = invertAffine(Float64Array.from(affine));
  return inv[8]! * dir[0] + inv[9]! * dir[1] + inv[10]! * dir[2];
}

function flipped(v: NiftiVolume, axis: 0 | 1 | 2): NiftiVolume {
  const [nx, ny, nz] = v.dims;
  const data = new Float32Array(v.data.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const s = [i, j, k];
        s[axis] = v.dims[axis] - 1 - s[axis]!;
        data[i + nx * (j + ny * k)] = v.data[s[0]! + nx * (s[1]! + ny * s[2]!)]!;
      }
  return { ...v, data };
}

function rotated(v: NiftiVolume, rx: number, ry: number): NiftiVolume {
  const [c1, s1, c2, s2] = [Math.cos(rx), Math.sin(rx), Math.cos(ry), Math.sin(ry)];
  const r = [
    [c2, s1 * s2, c1 * s2],
    [0, c1, -s1],
    [-s2, s1 * c2, c1 * c2],
  ];
  const a = v.affine;
  const out = new Float64Array(16);
  out[15] = 1;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 4; j++) {
      let x = 0;
      for (let k = 0; k < 3; k++) x += r[i]![k]! * a[4 * k + j]!;
      out[4 * i + j] = x;
    }
  return { ...v, affine: out, origin: [out[3]!, out[7]!, out[11]!] };
}

function classesOf(v: NiftiVolume, dropRv: boolean): Uint8Array {
  return Uint8Array.from(v.data, (x) => (dropRv && x === 1 ? 0 : x));
}

describe('real ED/ES label maps import the right way up, with pixdim volumes', () => {
  it('finds the development set', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(42);
  });

  for (const c of ALL) {
    it(`${c.name}: imports (ED${c.es ? ' + ES' : ''}), base where the anatomy says, volumes from pixdim`, () => {
      const ed = readNifti(readFileSync(c.ed));
      const es = c.es ? readNifti(readFileSync(c.es)) : undefined;
      const imp = importLvLabelMaps(ed, es);
      expect(Math.sign(kOf(ed.affine, imp.report.longAxisWorld))).toBe(c.baseTowardsK);
      expect(imp.report.apexBase).toMatch(/apex and base from/);
      const voxelMl = pixdimVoxelMl(c.ed);
      expect(imp.report.myocardiumMl.ED / (count(ed, 2) * voxelMl)).toBeCloseTo(1, 2);
      if (es) expect(imp.report.myocardiumMl.ES! / (count(es, 2) * voxelMl)).toBeCloseTo(1, 2);
    });
  }

  for (const c of ALL) {
    it(`${c.name}: each phase flipped along each voxel axis and rotated, with and without its RV: base found`, () => {
      const wrong: string[] = [];
      let tried = 0;
      for (const path of [c.ed, ...(c.es ? [c.es] : [])]) {
        const v = readNifti(readFileSync(path));
        const variants: [string, NiftiVolume, 1 | -1][] = [
          ['original', v, c.baseTowardsK],
          ['flip i', flipped(v, 0), c.baseTowardsK],
          ['flip j', flipped(v, 1), c.baseTowardsK],
          ['flip k', flipped(v, 2), -c.baseTowardsK as 1 | -1],
          ['rot 180° y', rotated(v, 0, Math.PI), c.baseTowardsK],
          ['rot 35°/−120°', rotated(v, 0.61, -2.09), c.baseTowardsK],
        ];
        for (const [what, vol, truth] of variants) {
          for (const dropRv of [false, true]) {
            tried++;
            const frame = fitLvFrame(classesOf(vol, dropRv), vol.dims, vol.affine);
            if (Math.sign(kOf(vol.affine, frame.longAxis)) !== truth)
              wrong.push(`${path.split('/').pop()} ${what}${dropRv ? ' without RV' : ''}`);
          }
        }
      }
      expect(tried).toBe(c.es ? 24 : 12);
      expect(wrong).toEqual([]);
    });
  }
});
