import { expect, type Page } from '@playwright/test';

/** Opens the app and waits for its ready signal (backend chosen and a first shape shown). */
export async function openApp(page: Page, query = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/${query}`);
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1, { timeout: 120_000 });
  expect(errors, `uncaught page errors: ${errors.join('; ')}`).toEqual([]);
}

/** The numeric value of a readout (data-value), e.g. "ef" or "maxwt". */
export async function readout(page: Page, name: string): Promise<number> {
  const v = await page.locator(`[data-readout="${name}"]`).getAttribute('data-value');
  return Number(v);
}

/** The current mesh version counter of the viewer. */
export async function meshVersion(page: Page): Promise<number> {
  return Number(await page.getByTestId('viewer').getAttribute('data-mesh-version'));
}

/** Sets a parameter through its numeric field, then waits for a new mesh. */
export async function setParam(page: Page, name: string, value: number | string): Promise<void> {
  const before = await meshVersion(page);
  const field = page.locator(`[data-param-number="${name}"]`);
  await field.fill(String(value));
  await expect.poll(() => meshVersion(page), { timeout: 60_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('status-line')).not.toHaveText('updating…', { timeout: 60_000 });
}
