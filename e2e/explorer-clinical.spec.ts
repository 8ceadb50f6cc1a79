import { expect, test, type Page } from '@playwright/test';
import { defaultLvParams } from '../src/anatomy/lvParams';
import { lvGrid, lvLabelMap } from '../src/anatomy/lvPhantom';
import { writeNifti } from '../src/io/nifti';
import { readFileSync } from 'node:fs';
import { openApp, readout } from './helpers';

/**
 * The cardiac explorer as a clinician and a teacher meet it (issue #13), share links with
 * impossible codes (issue #12) and impossible indexes (issue #15): numbers read from the page.
 */

const CPU = '?backend=cpu';

async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('status-line')).not.toHaveText('updating…', { timeout: 60_000 });
}

async function waitFull(page: Page): Promise<void> {
  await expect(page.locator('dl[data-quality="full"]')).toHaveCount(1, { timeout: 60_000 });
  await waitIdle(page);
}

const pathLength = async (page: Page) =>
  Number(await page.getByTestId('nav-status').getAttribute('data-path-length'));

async function navigate(page: Page, steps: number): Promise<void> {
  const before = await pathLength(page);
  await page.getByTestId('nav-steps').fill(String(steps));
  await page.locator('[data-nav="play"]').click();
  await expect.poll(() => pathLength(page), { timeout: 120_000 }).toBe(before + steps);
  await expect(page.getByTestId('nav-status')).toHaveAttribute('data-playing', 'false');
  await waitIdle(page);
}

/** Every index readout holds either nothing or a number within its physical range. */
async function noImpossibleNumber(page: Page): Promise<void> {
  const values = await page.$$eval('[data-readout]', (els) =>
    els.map((e) => ({ name: e.getAttribute('data-readout') ?? '', v: e.getAttribute('data-value') ?? '' })),
  );
  for (const { name, v } of values) {
    if (v === '') continue;
    const x = Number(v);
    expect(Number.isFinite(x), `${name} = ${v}`).toBe(true);
    if (/^(imported-)?(edv|esv|mass|maxwt)$/.test(name)) expect(x, name).toBeGreaterThan(0);
    if (/^(imported-)?ef$/.test(name)) {
      expect(x, name).toBeGreaterThanOrEqual(0);
      expect(x, name).toBeLessThanOrEqual(100);
    }
  }
  const text = (await page.locator('.readout-value').allTextContents()).join(' ');
  expect(text).not.toMatch(/NaN|Infinity/);
}

test.describe('cardiac explorer for a clinician and a teacher', () => {
  test('the path restarts when the code changes other than by navigation, and a notice says when the code leaves the population', async ({
    page,
  }) => {
    await openApp(page, CPU);
    await waitFull(page);
    const pop = page.getByTestId('population-notice');
    await expect(pop).toHaveAttribute('data-out', 'false');
    const sd0 = Number(await pop.getAttribute('data-sd'));
    expect(sd0).toBeLessThan(3);
    await navigate(page, 3);
    expect(await pathLength(page)).toBe(4);
    const chartSteps = () => page.locator('[data-chart="ef"]').getAttribute('data-steps');
    expect(await chartSteps()).toBe('3');
    // A slider moved by hand: the path starts again here, and says so.
    await page.locator('[data-latent-number="2-1"]').fill('0.5');
    await waitFull(page);
    await expect(page.getByTestId('path-restarted')).toContainText('path of 3 steps was cleared');
    await expect.poll(() => pathLength(page)).toBe(1);
    expect(await chartSteps()).toBe('0');
    // Reset to the mean: again a fresh start (the one-point path starts quietly).
    await navigate(page, 2);
    await page.getByRole('button', { name: 'Reset to mean' }).click();
    await waitFull(page);
    await expect(page.getByTestId('path-restarted')).toContainText('path of 2 steps was cleared');
    await expect(page.getByTestId('path-restarted')).toContainText('reset');
    await expect.poll(() => pathLength(page)).toBe(1);
    // Undo is navigation: it keeps the path.
    await navigate(page, 2);
    await expect(page.getByTestId('path-restarted')).toHaveCount(0);
    await page.locator('[data-nav="undo"]').click();
    await waitFull(page);
    expect(await pathLength(page)).toBe(2);
    await expect(page.getByTestId('path-restarted')).toHaveCount(0);
    // Large steps towards HCM run the code out of the training population: a notice says so.
    await page.getByTestId('nav-lambda').fill('2');
    for (let run = 0; run < 6; run++) {
      if ((await pop.getAttribute('data-out')) === 'true') break;
      await navigate(page, 5);
    }
    await expect(pop).toHaveAttribute('data-out', 'true');
    const sd = Number(await pop.getAttribute('data-sd'));
    console.log(`population distance: start ${sd0.toFixed(2)} SD, after navigation ${sd.toFixed(2)} SD`);
    expect(sd).toBeGreaterThan(3);
    await expect(pop).toContainText('Outside the training population');
    await noImpossibleNumber(page);
  });

  test('path charts: readable, with a step axis, units and fixed clinical y-ranges', async ({ page }) => {
    await openApp(page, CPU);
    await navigate(page, 4);
    const expected: Record<string, [string, string]> = {
      ef: ['0,100', '%'],
      maxwt: ['0,30', 'mm'],
      mass: ['0,400', 'g'],
      phcm: ['0,1', 'p'],
    };
    for (const [name, [range, unit]] of Object.entries(expected)) {
      const chart = page.locator(`[data-chart="${name}"]`);
      await expect(chart).toHaveAttribute('data-y-range', range);
      const box = await chart.locator('svg').boundingBox();
      expect(box?.width ?? 0, `${name} width`).toBeGreaterThanOrEqual(280);
      expect(box?.height ?? 0, `${name} height`).toBeGreaterThanOrEqual(110);
      const labels = await chart.locator('svg text').allTextContents();
      expect(labels).toContain('step');
      expect(labels).toContain(unit);
      expect(labels).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4']));
      // Axis text is drawn at 11 px in a chart at least as wide as its 320-unit view box.
      const px = await chart
        .locator('svg text')
        .first()
        .evaluate((t) => t.getBoundingClientRect().height);
      expect(px).toBeGreaterThanOrEqual(9);
    }
    // EF 72 → 73 % is a small change on a 0–100 % axis: the line's y moves by about 1 % of the plot.
    const ef = (await page.locator('[data-chart="ef"]').getAttribute('data-values'))?.split(',').map(Number);
    const y = await page
      .locator('[data-chart="ef"] polyline')
      .first()
      .evaluate(
        (l) =>
          l
            .getAttribute('points')
            ?.split(' ')
            .map((p) => Number(p.split(',')[1])) ?? [],
      );
    const plotH = 132 - 8 - 28;
    const span = Math.max(...(ef ?? [0])) - Math.min(...(ef ?? [0]));
    expect(Math.max(...y) - Math.min(...y)).toBeCloseTo((span / 100) * plotH, 0);
  });

  test('a share link with impossible latent values: clamped with a notice that stays; no impossible number', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The shipped model's level sizes, bottom → top (z1 is the decoder's input).
    const sizes = (
      JSON.parse(readFileSync('public/models/lv-lvae/manifest.json', 'utf8')) as {
        latent: { levels: { size: number }[] };
      }
    ).latent.levels.map((l) => l.size);
    const [n1, n2] = sizes as [number, number];
    await page.goto(`/${CPU}&v=1&model=lv-lvae&z=1e30,2;${new Array(n2).fill('1e308').join(',')};1e30,-1e30`);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 120_000 });
    // A code of the wrong size (level 1 has 2 values, the model n1): refused with a message.
    await expect(page.getByText(new RegExp(`levels of 2, ${n2}, 2 values`))).toBeVisible();
    // The right sizes, out of range: clamped.
    const z1 = new Array(n1).fill('1e30').join(',');
    const z2 = new Array(n2).fill('-1e308').join(',');
    await page.goto(`/${CPU}&v=1&model=lv-lvae&z=${z1};${z2};1e30,3&lower=free`);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 120_000 });
    const clamp = page.locator('.notice', { hasText: 'beyond ±5 SD' });
    await expect(clamp).toContainText(`${n1 + n2 + 1} values`);
    await page.waitForTimeout(3000);
    await expect(clamp).toBeVisible();
    await waitFull(page);
    await noImpossibleNumber(page);
    const x = Number(await page.getByTestId('latent-map').getAttribute('data-x'));
    expect(Number.isFinite(x)).toBe(true);
    expect(Math.abs(x)).toBeLessThan(20);
    // A non-number is refused outright.
    await page.goto(`/${CPU}&v=1&model=lv-lvae&z=1e400,0;0;0,0`);
    await expect(page.getByText(/latent code \(z=…\) has a value that is not a number/)).toBeVisible({
      timeout: 60_000,
    });
    expect(errors).toEqual([]);
  });

  test('keyboard: arrows move a latent slider by 0.1 SD, Page Up/Down by 1 SD; terms explained on focus', async ({
    page,
  }) => {
    await openApp(page, CPU);
    await waitFull(page);
    const slider = page.locator('[data-latent="2-1"]');
    const v0 = Number(await slider.inputValue());
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(v0 + 0.1, 5);
    await page.keyboard.press('PageUp');
    await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(v0 + 1.1, 5);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(v0, 5);
    for (const term of ['levels', 'σ', 'prior means', 'λ']) {
      const button = page.locator(`[data-term="${term}"]`).first();
      await button.focus();
      const tip = page.locator(`#${await button.getAttribute('aria-describedby')}`.replace(/:/g, '\\:'));
      await expect(tip, term).toBeVisible();
      expect((await tip.textContent())?.length ?? 0, term).toBeGreaterThan(60);
    }
    // z2 explains why its edits leave the shape unchanged.
    await page.locator('summary', { hasText: /^z2/ }).click();
    await expect(page.getByTestId('level-note-z2')).toContainText('decoded from z1 only');
  });

  test('a dropped heart whose indexes are impossible or whose fit is poor: "—" with why, and the warning beside the numbers', async ({
    page,
  }) => {
    await openApp(page, CPU);
    // A very thin-walled, barely contracting, large heart: far from the training population.
    const params = {
      ...defaultLvParams(),
      edvMl: 250,
      efPct: 10,
      septalMm: 3,
      anteriorMm: 3,
      lateralMm: 3,
      inferiorMm: 3,
      apicalMm: 3,
    };
    const nii = (phase: 'ED' | 'ES') =>
      Buffer.from(
        writeNifti(lvLabelMap(params, phase, lvGrid({ size: 72, spacingMm: 1.5 })), { datatype: 'uint8' }),
      );
    await page
      .getByTestId('file-es')
      .setInputFiles({ name: 'odd_ES.nii.gz', mimeType: 'application/gzip', buffer: nii('ES') });
    await page
      .getByTestId('file-ed')
      .setInputFiles({ name: 'odd_ED.nii.gz', mimeType: 'application/gzip', buffer: nii('ED') });
    await expect(page.getByTestId('encoded-report')).toBeVisible({ timeout: 90_000 });
    await waitIdle(page);
    const warning = page.getByTestId('quality-warning');
    await expect(warning).toBeVisible();
    const reasons = await warning.locator('li').allTextContents();
    console.log(`quality reasons: ${reasons.join(' | ')}`);
    expect(reasons.length).toBeGreaterThan(0);
    // The warning sits beside the indexes (in the same panel).
    await expect(page.locator('[aria-label="Clinical indexes"] [data-testid="quality-warning"]')).toHaveCount(
      1,
    );
    await noImpossibleNumber(page);
    // Withheld values say why.
    for (const el of await page.locator('[data-why]').all())
      expect((await el.getAttribute('data-why'))?.length ?? 0).toBeGreaterThan(5);
    expect(await readout(page, 'imported-edv')).toBeGreaterThan(200);
  });
  test('a progress indicator until the first shape; notices in one plain line with details on demand', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const seen: number[] = [];
    await page.exposeFunction('__progress', (v: number) => seen.push(v));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="first-shape-progress"] [role="progressbar"]');
        const v = bar?.getAttribute('aria-valuenow');
        if (v) void (window as unknown as { __progress(v: number): void }).__progress(Number(v));
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    // No ?backend: the automatic choice passes over the emulated GPUs, which a notice says plainly.
    await openApp(page);
    await expect(page.getByTestId('first-shape-progress')).toHaveCount(0);
    console.log(`progress values seen before the first shape: ${[...new Set(seen)].join(', ')}`);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(100);
    // It only moves forward.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] ?? 0);
    const notice = page.locator('.notice', { hasText: 'runs on the processor' });
    await expect(notice).toBeVisible();
    const lineHeight = await notice
      .locator('.notice-text')
      .evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 20);
    const box = await notice.locator('.notice-text').boundingBox();
    expect(box?.height ?? 99).toBeLessThan(lineHeight * 1.6);
    await expect(notice.getByText(/is unavailable/)).toBeHidden();
    await notice.locator('summary').click();
    await expect(notice.getByText(/is unavailable/)).toBeVisible();
  });
});
