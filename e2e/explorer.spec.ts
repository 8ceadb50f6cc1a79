import { expect, test, type Page } from '@playwright/test';
import { defaultLvParams } from '../src/anatomy/lvParams';
import { lvGrid, lvLabelMap, lvTruth } from '../src/anatomy/lvPhantom';
import { writeNifti } from '../src/io/nifti';
import { meshVersion, openApp, readout } from './helpers';

/**
 * The cardiac latent explorer (issue #5) on the CPU backend: navigation, phases, a dropped phantom
 * NIfTI, shared links, keyboard-only use, bad input, and that the page requests nothing beyond its
 * own origin. Numbers are read from `[data-readout]` first; screenshots go to test-results/.
 */

const CPU = '?backend=cpu';

async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('status-line')).not.toHaveText('updating…', { timeout: 60_000 });
}

/** Waits until the readouts show a full-quality model shape again. */
async function waitFull(page: Page): Promise<void> {
  await expect(page.locator('dl[data-quality="full"]')).toHaveCount(1, { timeout: 60_000 });
  await waitIdle(page);
}

function niftiBuffer(
  phase: 'ED' | 'ES',
  params = { ...defaultLvParams(), septalMm: 18, lateralMm: 14 },
): Buffer {
  return Buffer.from(
    writeNifti(lvLabelMap(params, phase, lvGrid({ size: 72, spacingMm: 1.5 })), { datatype: 'uint8' }),
  );
}

test.describe('cardiac latent explorer', () => {
  test('navigation towards HCM raises p(HCM) and the maximal wall thickness, charted along the path', async ({
    page,
  }) => {
    await openApp(page, CPU);
    await expect(page.locator('html')).toHaveAttribute('data-model', 'lv-lvae');
    const p0 = await readout(page, 'phcm');
    const wt0 = await readout(page, 'maxwt');
    await page.getByTestId('nav-steps').fill('6');
    await page.locator('[data-nav="play"]').click();
    await expect(page.getByTestId('nav-status')).toHaveAttribute('data-path-length', '7', {
      timeout: 90_000,
    });
    await expect(page.getByTestId('nav-status')).toHaveAttribute('data-playing', 'false');
    await waitIdle(page);
    const p1 = await readout(page, 'phcm');
    const wt1 = await readout(page, 'maxwt');
    expect(p1).toBeGreaterThan(p0 + 10);
    expect(wt1).toBeGreaterThan(wt0 + 0.5);
    const chart =
      (await page.locator('[data-chart="phcm"]').getAttribute('data-values'))?.split(',').map(Number) ?? [];
    expect(chart).toHaveLength(7);
    expect(chart[6]).toBeGreaterThan(chart[0] ?? Infinity);
    await expect(page.getByTestId('map-path')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/explorer-navigated-to-hcm.png' });
    // Undo returns to the previous point of the path.
    await page.locator('[data-nav="undo"]').click();
    await expect(page.getByTestId('nav-status')).toHaveAttribute('data-path-length', '6');
    await waitFull(page);
    expect(await readout(page, 'phcm')).toBeLessThan(p1);
  });

  test('ED → ES: the cavity volume drops, and the ES mesh is shown', async ({ page }) => {
    await openApp(page, CPU);
    const edv = await readout(page, 'edv');
    const esv = await readout(page, 'esv');
    expect(esv).toBeLessThan(edv * 0.6);
    const v = await meshVersion(page);
    await page.locator('[data-phase="ES"]').click();
    await expect.poll(() => meshVersion(page)).toBeGreaterThan(v);
    await page.screenshot({ path: 'test-results/explorer-es.png' });
  });

  test('a dropped phantom NIfTI (ED + ES) is encoded locally with readouts close to the phantom', async ({
    page,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await openApp(page, CPU);
    // A marked septal phenotype (models trained on real hearts call a 19 mm septum on a default heart
    // healthy; docs/models.md).
    const params = { ...defaultLvParams(), septalMm: 28, lateralMm: 16 };
    const truth = lvTruth(params);
    await page.getByTestId('file-es').setInputFiles({
      name: 'phantom_ES.nii.gz',
      mimeType: 'application/gzip',
      buffer: niftiBuffer('ES', params),
    });
    await page.getByTestId('file-ed').setInputFiles({
      name: 'phantom_ED.nii.gz',
      mimeType: 'application/gzip',
      buffer: niftiBuffer('ED', params),
    });
    await expect(page.getByTestId('encoded-report')).toBeVisible({ timeout: 90_000 });
    await waitIdle(page);
    const importedEdv = await readout(page, 'imported-edv');
    expect(Math.abs(importedEdv - truth.edvMl) / truth.edvMl).toBeLessThan(0.05);
    expect(Math.abs((await readout(page, 'edv')) - truth.edvMl) / truth.edvMl).toBeLessThan(0.15);
    expect(Math.abs((await readout(page, 'maxwt')) - truth.maxThicknessMm)).toBeLessThan(3);
    expect(Math.abs((await readout(page, 'ef')) - truth.efPct)).toBeLessThan(8);
    expect(await readout(page, 'phcm')).toBeGreaterThan(50);
    await expect(page.getByTestId('privacy')).toContainText(/never uploaded/);
    // The file is the start of navigation: one point on the path.
    await expect(page.getByTestId('nav-status')).toHaveAttribute('data-path-length', '1');
    await page.screenshot({ path: 'test-results/explorer-dropped-phantom.png' });
    const origin = new URL(page.url()).origin;
    const foreign = requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(foreign, `requests beyond the page's origin: ${foreign.join(', ')}`).toEqual([]);
  });

  test('the shared link restores the same shape', async ({ page, context }) => {
    await openApp(page, CPU);
    await page.locator('[data-latent-number="2-0"]').fill('0.7');
    await waitFull(page);
    await page.locator('[data-latent-number="2-1"]').fill('-0.4');
    await waitFull(page);
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('v=1');
    const want = {
      edv: await readout(page, 'edv'),
      mass: await readout(page, 'mass'),
      phcm: await readout(page, 'phcm'),
    };
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 60_000 });
    await waitFull(other);
    expect(await readout(other, 'edv')).toBeCloseTo(want.edv, 1);
    expect(await readout(other, 'mass')).toBeCloseTo(want.mass, 1);
    expect(await readout(other, 'phcm')).toBeCloseTo(want.phcm, 2);
    expect(Number(await other.getByTestId('latent-map').getAttribute('data-x'))).toBeCloseTo(0.7, 3);
    // A link from a newer version says so and the page still works.
    await other.goto(link.replace('v=1', 'v=9'));
    await expect(other.getByText(/newer version of the explorer \(v9\)/)).toBeVisible();
    await expect(other.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 60_000 });
  });

  test('keyboard only: Tab reaches every control, and the map moves with the arrow keys', async ({
    page,
  }) => {
    await openApp(page, CPU);
    const controls = await page.$$eval(
      'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"], summary',
      (els) =>
        els
          .filter((e) => e.checkVisibility())
          .map((e, i) => {
            (e as HTMLElement).dataset.kbd = String(i);
            return i;
          }),
    );
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let k = 0; k < controls.length + 20; k++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.dataset.kbd ?? null,
      );
      if (id !== null) reached.add(id);
    }
    const missed = controls.map(String).filter((c) => !reached.has(c));
    const names = await Promise.all(
      missed.map((m) => page.locator(`[data-kbd="${m}"]`).evaluate((e) => e.outerHTML.slice(0, 80))),
    );
    expect(names, 'controls Tab never reached').toEqual([]);
    // Every control has an accessible name.
    const unnamed = await page.$$eval('button, input, select, [role="slider"], [role="radio"]', (els) =>
      els
        .filter((e) => {
          const el = e as HTMLElement;
          const labelled =
            el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent?.trim();
          const forLabel = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
          return !labelled && !forLabel && !el.closest('label');
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    const map = page.getByTestId('latent-map');
    const x0 = Number(await map.getAttribute('data-x'));
    await map.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => Number(await map.getAttribute('data-x'))).toBeCloseTo(x0 + 0.5, 3);
  });

  test('bad input: non-NIfTI, 2-D image, no myocardium, missing and corrupted models — clear messages, shape kept', async ({
    page,
  }) => {
    await page.route('**/models/lv-vae/decoder/weights.bin', (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('corrupted') }),
    );
    await openApp(page, `${CPU}&model=no-such-model`);
    await expect(page.getByText(/There is no model "no-such-model"/)).toBeVisible();
    const edv = await readout(page, 'edv');
    await page
      .getByTestId('file-ed')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(page.getByText(/ED file "notes.txt".*NIfTI/)).toBeVisible({ timeout: 30_000 });
    const flat = {
      ...lvGrid({ size: 40, spacingMm: 2 }),
      dims: [40, 40, 1] as [number, number, number],
      data: new Uint8Array(1600).fill(2),
    };
    await page.getByTestId('file-ed').setInputFiles({
      name: 'slice.nii',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNifti(flat, { datatype: 'uint8' })),
    });
    await expect(page.getByText(/2-D image/)).toBeVisible({ timeout: 30_000 });
    const noMyo = lvLabelMap(defaultLvParams(), 'ED', lvGrid({ size: 48, spacingMm: 2 }));
    noMyo.data.forEach((v, i) => (noMyo.data[i] = v === 2 ? 0 : v));
    await page.getByTestId('file-ed').setInputFiles({
      name: 'nomyo.nii',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNifti(noMyo, { datatype: 'uint8' })),
    });
    await expect(page.getByText(/myocardium/).first()).toBeVisible({ timeout: 30_000 });
    expect(await readout(page, 'edv')).toBe(edv);
    await page.getByTestId('model-picker').selectOption('lv-vae');
    await expect(page.getByText(/Could not load model lv-vae/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/Still showing lv-lvae/)).toBeVisible();
    expect(await readout(page, 'edv')).toBe(edv);
    // Still usable: a slider moves the shape.
    await page.locator('[data-latent-number="2-0"]').fill('1.5');
    await waitFull(page);
    expect(await readout(page, 'phcm')).toBeGreaterThan(50);
    await page.screenshot({ path: 'test-results/explorer-bad-input.png' });
  });

  test('dragging: greyed values carried from the other phase, and the latent map never moves', async ({
    page,
  }) => {
    await openApp(page, CPU);
    const y0 = (await page.getByTestId('latent-map').boundingBox())?.y;
    await page.evaluate('globalThis.__name = (f) => f');
    const seen = await page.evaluate(async () => {
      const slider = document.querySelector<HTMLInputElement>('input[type="range"][data-latent="2-0"]');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      const map = document.querySelector('[data-testid="latent-map"]');
      if (!slider || !setter || !map) throw new Error('slider or map missing');
      const ys: number[] = [];
      const stale = new Set<string>();
      for (let i = 0; i < 40; i++) {
        setter.call(slider, String(-1 + i * 0.05));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => setTimeout(resolve, 20));
        ys.push(map.getBoundingClientRect().y);
        document
          .querySelectorAll('[data-stale="true"]')
          .forEach((e) => stale.add(e.getAttribute('data-readout') ?? ''));
      }
      return { ys, stale: [...stale].sort() };
    });
    // While ED is dragged, ESV, SV and EF are the last two-phase update's (greyed), nothing else.
    expect(seen.stale).toEqual(['ef', 'esv', 'sv']);
    expect(Math.max(...seen.ys) - Math.min(...seen.ys)).toBe(0);
    expect(seen.ys[0]).toBeCloseTo(y0 ?? NaN, 3);
    await waitFull(page);
    await expect(page.locator('[data-stale="true"]')).toHaveCount(0);
  });

  test('WebGPU device lost mid-session: a clear message, the code and shape kept, the app goes on on the CPU', async ({
    page,
  }) => {
    await openApp(page, '?backend=webgpu'); // WebGPU on SwiftShader, asked for by name
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
    await page.locator('[data-latent-number="2-0"]').fill('0.9');
    await waitFull(page);
    const before = { phcm: await readout(page, 'phcm'), edv: await readout(page, 'edv') };
    const code = await page.evaluate(() =>
      JSON.stringify(
        (
          window as unknown as { __explorer: { state(): { latent: { levels: number[][] } } } }
        ).__explorer.state().latent.levels,
      ),
    );
    await page.evaluate(() =>
      (window as unknown as { __explorer: { loseGpuDevice(): void } }).__explorer.loseGpuDevice(),
    );
    await expect(page.getByText(/The GPU device was lost. Continuing on the CPU/)).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu', {
      timeout: 60_000,
    });
    await waitFull(page);
    const after = await page.evaluate(() =>
      JSON.stringify(
        (
          window as unknown as { __explorer: { state(): { latent: { levels: number[][] } } } }
        ).__explorer.state().latent.levels,
      ),
    );
    expect(after).toBe(code);
    // The same code on the CPU gives the same numbers (to the backends' rounding).
    expect(await readout(page, 'phcm')).toBeCloseTo(before.phcm, 0);
    expect(Math.abs((await readout(page, 'edv')) - before.edv)).toBeLessThan(1);
    // Still usable: the slider moves the shape on the CPU.
    const v = await page.getByTestId('viewer').getAttribute('data-mesh-version');
    await page.locator('[data-latent-number="2-0"]').fill('1.6');
    await waitFull(page);
    expect(await page.getByTestId('viewer').getAttribute('data-mesh-version')).not.toBe(v);
    expect(await readout(page, 'phcm')).toBeGreaterThan(before.phcm);
    await page.screenshot({ path: 'test-results/explorer-device-lost.png' });
  });

  test('pins: displacement colouring, side by side with linked cameras, interpolation, VAE model', async ({
    page,
  }) => {
    await openApp(page, CPU);
    await page.getByTestId('pin-A').click();
    await page.getByTestId('mean-hcm').click();
    await waitFull(page);
    await page.getByTestId('pin-B').click();
    await page.locator('[data-color-by="displacement"]').click();
    await expect(page.locator('[data-legend="displacement"]')).toBeVisible();
    await page.getByTestId('side-by-side').check();
    await expect(page.getByTestId('viewer-pin')).toBeVisible();
    const massB = await readout(page, 'mass');
    const before = await page.getByTestId('viewer').getAttribute('data-mesh-version');
    await page.getByTestId('interp').fill('0.5');
    // The interpolated shape arrives (the panels refresh at most every 120 ms while it is computed).
    await expect(page.getByTestId('viewer')).not.toHaveAttribute('data-mesh-version', before ?? '');
    await waitFull(page);
    await expect.poll(() => readout(page, 'mass')).toBeLessThan(massB);
    await page.screenshot({ path: 'test-results/explorer-pins-side-by-side.png' });
    await page.getByTestId('model-picker').selectOption('lv-vae');
    await expect(page.locator('html')).toHaveAttribute('data-model', 'lv-vae', { timeout: 60_000 });
    await expect(page.getByTestId('model-info')).toHaveAttribute('data-model', 'lv-vae', { timeout: 60_000 });
    await waitFull(page);
    expect(await readout(page, 'phcm')).toBeLessThan(50);
    await page.screenshot({ path: 'test-results/explorer-vae.png' });
  });
});
