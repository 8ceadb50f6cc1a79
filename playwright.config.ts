import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, WEBGPU_SWIFTSHADER_FLAGS } from './e2e/chromiumFlags';

/**
 * End-to-end tests in Debian's Chromium (no browser download), with WebGPU on SwiftShader
 * (flags from shared/REFERENCE.md §4). The app is served from the production build.
 */

// Helpers working side by side can use their own port, build folder and results folder.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: DIST === 'dist' ? 'test-results' : `test-results-${DIST}`,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: WEBGPU_SWIFTSHADER_FLAGS,
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
