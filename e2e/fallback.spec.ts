import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH, QUIET_FLAGS } from './chromiumFlags';
import { openApp, readout } from './helpers';

// Chromium without the WebGPU flags: no WebGPU adapter, so the app must fall back visibly.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: ['--use-angle=swiftshader', '--disable-features=Vulkan,WebGPU', ...QUIET_FLAGS],
  },
});

test('without WebGPU the app falls back to another backend with a visible notice', async ({ page }) => {
  await openApp(page);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).not.toHaveAttribute('data-backend', 'webgpu');
  await expect(badge).not.toHaveAttribute('data-backend', '');
  // One plain line; the drivers' words under "Details".
  await expect(page.getByText(/runs on the processor/)).toBeVisible();
  await page.locator('[data-notice-details] summary').first().click();
  await expect(page.getByText(/webgpu is unavailable/)).toBeVisible();
  // WebGL here is SwiftShader, a GPU emulated on the CPU: automatic selection skips it too.
  await expect(badge).toHaveAttribute('data-backend', 'cpu');
  await expect(page.getByText(/webgl is unavailable \(.*emulates a GPU on the CPU/)).toBeVisible();
  // The explorer still works: indexes are shown.
  expect(await readout(page, 'edv')).toBeGreaterThan(100);
});
