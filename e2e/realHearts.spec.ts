import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PLAUSIBLE_HEART } from '../src/geometry/lvIndexValidity';
import type { Volume } from '../src/geometry/types';
import { readNifti, writeNifti } from '../src/io/nifti';
import { realdataPath } from '../test/realdata';
import { openApp, readout } from './helpers';

/**
 * Real hearts in the cardiac explorer (CPU backend): an original ACDC file (voxel size only in
 * pixdim, sform diag(−1, −1, 1)) imports with the volumes of its voxel counts; a label map the model
 * cannot represent gets the quality warning and no impossible number; "Sample prior" gives shapes
 * whose indexes are those of plausible hearts. Numbers are read from `[data-readout]`.
 */

const CPU = '?backend=cpu';
const INDEXES = ['edv', 'esv', 'sv', 'ef', 'mass', 'maxwt'] as const;

async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('status-line')).not.toHaveText('updating…', { timeout: 60_000 });
  await expect(page.locator('dl[data-quality="full"]')).toHaveCount(1, { timeout: 60_000 });
}

/** Every index readout is either a finite, physically possible number or "—" with a reason. */
async function expectNoImpossibleNumber(page: Page): Promise<void> {
  for (const name of INDEXES) {
    const el = page.locator(`[data-readout="${name}"]`);
    const raw = await el.getAttribute('data-value');
    if (raw === '' || raw === null) {
      expect(await el.getAttribute('data-why'), `${name} withheld without a reason`).toBeTruthy();
      continue;
    }
    const v = Number(raw);
    expect(Number.isFinite(v), `${name} = ${raw}`).toBe(true);
    if (name === 'ef') expect(v >= 0 && v <= 100, `EF ${v} %`).toBe(true);
    else if (name === 'sv') expect(v, 'SV').toBeGreaterThanOrEqual(0);
    else expect(v, name).toBeGreaterThan(0);
  }
}

function countMl(v: Volume, label: number): number {
  let n = 0;
  for (const x of v.data) if (x === label) n++;
  return (n * v.spacing[0] * v.spacing[1] * v.spacing[2]) / 1000;
}

/**
 * A label map no LV looks like: a straight tube of myocardium (8 mm wall), open at both ends, with
 * its cavity and an RV beside it, 1.5 × 1.5 × 8 mm voxels. `shrink` narrows the cavity (the "ES").
 */
/**
 * A straight tube through the whole stack (no apex), RV beside it: an LV the models do not hold. With
 * the default radius and wall the fitted code still overlaps it with Dice ≈ 0.80; a wide, thin-walled
 * tube (radius 30 mm, wall 4 mm) overlaps with Dice ≈ 0.64 at ED: a poor fit.
 */
function tube(shrink: number, radiusMm = 22, wallMm = 8): Buffer {
  const dims: [number, number, number] = [96, 96, 14];
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const x = (i - 48) * 1.5;
        const y = (j - 48) * 1.5;
        const r = Math.hypot(x, y);
        const inner = radiusMm - shrink;
        let l = 0;
        if (r < inner) l = 3;
        else if (r < inner + wallMm + shrink / 2) l = 2;
        else if (Math.hypot(x + 45, y) < 16) l = 1;
        data[i + dims[0] * (j + dims[1] * k)] = l;
      }
  return Buffer.from(
    writeNifti({ dims, spacing: [1.5, 1.5, 8], origin: [0, 0, 0], data }, { datatype: 'uint8' }),
  );
}

test.describe('real hearts in the cardiac explorer', () => {
  test('an original ACDC file (voxel size only in pixdim) imports with the volumes of its voxel counts', async ({
    page,
  }) => {
    const edPath = realdataPath('acdc_test', 'patient107_ED_gt.nii.gz');
    const esPath = realdataPath('acdc_test', 'patient107_ES_gt.nii.gz');
    const ed = readNifti(readFileSync(edPath));
    // The quirk this file carries: the sform holds no voxel size.
    expect(Math.abs(ed.affine[0]!)).toBeCloseTo(ed.spacing[0], 5);
    await openApp(page, CPU);
    // The model says what real data it was trained on, with the licence.
    await expect(page.getByTestId('model-training-data')).toContainText(/ACDC.*non-commercial/);
    await page.getByTestId('file-es').setInputFiles({
      name: 'patient107_ES_gt.nii.gz',
      mimeType: 'application/gzip',
      buffer: readFileSync(esPath),
    });
    await page.getByTestId('file-ed').setInputFiles({
      name: 'patient107_ED_gt.nii.gz',
      mimeType: 'application/gzip',
      buffer: readFileSync(edPath),
    });
    await expect(page.getByTestId('encoded-report')).toBeVisible({ timeout: 90_000 });
    await waitIdle(page);
    // "Your" volumes are the file's voxel counts × pixdim voxel volume (EDV 129.9 mL, myocardium
    // 68.8 mL = 72.2 g), within 2 %; the shape in the model's frame (clipped at its base plane) is
    // stated beside them.
    const edvCount = countMl(ed, 3);
    const massCount = countMl(ed, 2) * 1.05;
    const edv = await readout(page, 'imported-edv');
    const mass = await readout(page, 'imported-mass');
    expect(Math.abs(edv / edvCount - 1)).toBeLessThan(0.02);
    expect(Math.abs(mass / massCount - 1)).toBeLessThan(0.02);
    await expect(page.getByTestId('framed-indexes')).toContainText(/voxel counts.*EDV \d+ mL/);
    await expect(page.getByTestId('encoded-report')).toContainText(/apex and base from/i);
    // Which code is shown: fitted to the patient's shape (a held-out heart) or the encoder's mean.
    await expect(page.getByTestId('code-fit')).toContainText(/fitted to your shape|encoder's mean is shown/);
    await expectNoImpossibleNumber(page);
  });

  test('a label map the model cannot represent: the quality warning with its reasons, and no impossible number', async ({
    page,
  }) => {
    await openApp(page, CPU);
    await page.getByTestId('file-es').setInputFiles({
      name: 'tube_ES.nii.gz',
      mimeType: 'application/gzip',
      buffer: tube(8, 30, 4),
    });
    await page.getByTestId('file-ed').setInputFiles({
      name: 'tube_ED.nii.gz',
      mimeType: 'application/gzip',
      buffer: tube(0, 30, 4),
    });
    await expect(page.getByTestId('encoded-report')).toBeVisible({ timeout: 90_000 });
    await waitIdle(page);
    const warning = page.getByTestId('quality-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(
      /poor fit|outside the model's population|outside the range of real hearts/,
    );
    await expectNoImpossibleNumber(page);
  });

  test('"Sample prior": each shape reads as a plausible heart, or says that it is not one and why', async ({
    page,
  }) => {
    // The shipped models' samples are not yet always whole hearts (docs/results, plausibility): the
    // page must never show one as if it were a patient's.
    await openApp(page, CPU);
    let flagged = 0;
    for (let s = 0; s < 6; s++) {
      await page.getByRole('button', { name: 'Sample prior' }).click();
      await waitIdle(page);
      await expectNoImpossibleNumber(page);
      const warning = page.getByTestId('shape-warning');
      if (await warning.isVisible()) {
        flagged++;
        await expect(warning).toContainText(/not a plausible heart.*(surface|pieces|outside|myocardium)/);
        continue;
      }
      const within = async (name: string, [lo, hi]: readonly [number, number]): Promise<void> => {
        const v = await readout(page, name);
        expect(v, `sample ${s + 1}: ${name} shown without the warning`).toBeGreaterThanOrEqual(lo);
        expect(v, `sample ${s + 1}: ${name} shown without the warning`).toBeLessThanOrEqual(hi);
      };
      await within('mass', PLAUSIBLE_HEART.massG);
      await within('edv', PLAUSIBLE_HEART.edvMl);
      await within('ef', PLAUSIBLE_HEART.efPct);
      await within('maxwt', PLAUSIBLE_HEART.maxWallThicknessMm);
    }
    console.log(`Sample prior: ${flagged} of 6 shapes flagged as not a plausible heart`);
  });
});
