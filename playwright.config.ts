import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, WEBGPU_SWIFTSHADER_FLAGS } from './e2e/chromiumFlags';

/**
 * End-to-end tests in Debian's Chromium (no browser download), with WebGPU on SwiftShader
 * (flags from shared/REFERENCE.md §4). The app is served from the production build.
 */

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: WEBGPU_SWIFTSHADER_FLAGS,
    },
  },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
