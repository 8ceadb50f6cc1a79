import { expect, test, type Page } from '@playwright/test';
import { defaultLvParams } from '../src/anatomy/lvParams';
import { lvGrid, lvLabelMap } from '../src/anatomy/lvPhantom';
import { writeNifti } from '../src/io/nifti';
import { gzip, gzipHeaderThenBomb, gzipWrongCrc, zlibBomb } from '../fuzz/gen/deflate';
import { chunk, ihdr, png, patternPng, PNG_SIG, cat } from '../fuzz/gen/images';
import { H, setF32, setI16 } from '../fuzz/gen/nifti';
import { openApp, readout } from './helpers';

/**
 * The page's drop targets under malformed files (the reliability suite's generators, fuzz/gen): each
 * file gets a clear message within 15 s, the page raises no error, and what was shown before stays
 * (the heart's indexes, the skull plane's status).
 */

const label = (): Uint8Array =>
  writeNifti(lvLabelMap(defaultLvParams(), 'ED', lvGrid({ size: 40, spacingMm: 2.5 })), {
    datatype: 'uint8',
  }).slice();

function niftiCases(): [string, Uint8Array][] {
  const b = label();
  return [
    ['empty.nii', new Uint8Array(0)],
    ['text.nii.gz', new TextEncoder().encode('not a volume at all')],
    ['truncated-header.nii', b.subarray(0, 200)],
    ['truncated-data.nii', b.subarray(0, b.length - 500)],
    ['truncated.nii.gz', gzip(b).subarray(0, 300)],
    ['wrong-crc.nii.gz', gzipWrongCrc(b)],
    ['bomb.nii.gz', gzipHeaderThenBomb(b.subarray(0, 352), 256)],
    ['pixdim-1e-30.nii', setF32(b, H.pixdim + 8, 1e-30)],
    ['pixdim-nan.nii', setF32(b, H.pixdim + 4, NaN)],
    ['4d.nii', setI16(setI16(b, H.dim, 4), H.dim + 8, 3)],
    [
      'huge-dims.nii.gz',
      gzip(setI16(setI16(setI16(b.subarray(0, 352), H.dim + 2, 1024), H.dim + 4, 1024), H.dim + 6, 1024)),
    ],
    ['datatype-complex.nii', setI16(b, H.datatype, 32)],
    ['a-png.nii', patternPng(16, 16, 0, 8)],
  ];
}

function imageCases(): [string, Uint8Array][] {
  const good = patternPng(64, 48, 0, 8);
  return [
    ['empty.png', new Uint8Array(0)],
    ['text.png', new TextEncoder().encode('hello')],
    ['truncated.png', good.subarray(0, 40)],
    ['bad-crc.png', cat(PNG_SIG, chunk('IHDR', ihdr(64, 48, 0, 8).subarray(8, 21), true))],
    ['bomb.png', png(ihdr(1000, 1000, 8, 0), [zlibBomb(256)])],
    ['huge-header.png', png(ihdr(100000, 100000, 8, 0), [])],
    ['truncated.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
    ['volume.nii', label()],
  ];
}

async function pageErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test.describe('drop targets under malformed files', () => {
  test('the heart: every malformed NIfTI gets a clear message, the shape and indexes stay', async ({
    page,
  }) => {
    const errors = await pageErrors(page);
    await openApp(page, '?backend=cpu');
    const edv = await readout(page, 'edv');
    for (const [name, bytes] of niftiCases()) {
      const t0 = Date.now();
      await page
        .getByTestId('file-ed')
        .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
      const alert = page.locator('.notice-error', { hasText: name });
      await expect(alert, name).toBeVisible({ timeout: 15_000 });
      expect(Date.now() - t0, `${name}: time to the message`).toBeLessThan(15_000);
      await expect(alert).toContainText(/previous shape is kept/);
      expect(await readout(page, 'edv'), `${name}: EDV changed`).toBe(edv);
      await alert.getByRole('button', { name: 'Dismiss notice' }).click();
    }
    expect(errors).toEqual([]);
  });

  test('the skull: every malformed image gets a clear message in its slot, the slot keeps its state', async ({
    page,
  }) => {
    const errors = await pageErrors(page);
    await openApp(page, '?anatomy=skull&backend=cpu');
    const slot = page.locator('[data-slot="coronal"]');
    const before = await slot.getAttribute('data-status');
    for (const [name, bytes] of imageCases()) {
      await page.locator('[data-plane-input="coronal"]').setInputFiles({
        name,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(bytes),
      });
      const msg = page.locator('[data-slot-message="coronal"]');
      await expect(msg, name).toContainText(name, { timeout: 15_000 });
      await expect(msg).not.toContainText(new RegExp(`'${name}': '${name}'`));
      expect(await slot.getAttribute('data-status'), `${name}: slot status`).not.toBe('ready');
      if (before) expect(['error', before]).toContain(await slot.getAttribute('data-status'));
    }
    expect(errors).toEqual([]);
  });
});
