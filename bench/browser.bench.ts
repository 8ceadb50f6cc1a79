/**
 * Benchmark: parameter drag → updated coloured mesh on screen, in headless Chromium, on the CPU
 * backend and on WebGPU (SwiftShader). Serves the production build with `vite preview`, drives the
 * page with playwright-core and prints one JSON object.
 *
 *   npx vite build && npx tsx bench/browser.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, QUIET_FLAGS, WEBGPU_SWIFTSHADER_FLAGS } from '../e2e/chromiumFlags';
import { measureExplorer } from './explorerBench';

// BENCH_PORT / BENCH_DIST let a person benchmark a build folder of their own beside others.
const PORT = Number(process.env.BENCH_PORT ?? 4174);
const DIST = process.env.BENCH_DIST ?? 'dist';
const URL = `http://127.0.0.1:${PORT}/`;
const DRAG_STEPS = 30;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN).toFixed(1));
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(URL);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not start on ${URL}`);
}

/**
 * One drag step = set the septal wall through the slider's input event, then wait until the viewer
 * swapped in the new mesh and the next animation frame was presented.
 */
async function dragLatencies(page: Page): Promise<{ latencies: number[]; longTasks: number[] }> {
  // tsx keeps function names with an injected __name helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(async (steps) => {
    const longTasks: number[] = [];
    const obs = new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => longTasks.push(e.duration)),
    );
    obs.observe({ type: 'longtask', buffered: false });
    const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
    const slider = document.querySelector<HTMLInputElement>('input[type="range"][data-param="septalMm"]');
    if (!host || !slider) throw new Error('viewer or septal slider not found');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    const latencies: number[] = [];
    for (let i = 0; i < steps; i++) {
      const before = host.dataset.meshVersion;
      const t0 = performance.now();
      setter?.call(slider, String(9 + (i % 20) * 0.5 + 0.25));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const check = () => (host.dataset.meshVersion !== before ? resolve() : requestAnimationFrame(check));
        check();
      });
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      latencies.push(performance.now() - t0);
    }
    obs.disconnect();
    return { latencies, longTasks };
  }, DRAG_STEPS);
}

async function measure(backend: 'cpu' | 'webgpu') {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_SWIFTSHADER_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = Date.now();
    await page.goto(`${URL}?backend=${backend}&source=phantom`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 180_000 });
    const loadToFirstShapeMs = Date.now() - t0;
    const active = await page.getAttribute('html', 'data-backend');
    const { latencies, longTasks } = await dragLatencies(page);
    return {
      backend: active,
      loadToFirstShapeMs,
      dragToMeshMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), n: latencies.length },
      mainThreadLongTasksOver50ms: longTasks.filter((d) => d > 50).length,
    };
  } finally {
    await browser.close();
  }
}

/** Decoding one latent code to the internal ED+ES field, through the model harness page. */
async function measureDecode(backend: 'cpu' | 'webgpu', model: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_SWIFTSHADER_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${URL}harness.html?model=${model}&backend=${backend}&runs=40`);
    await page.waitForFunction(() => 'harnessResult' in window, null, { timeout: 300_000 });
    const r = (await page.evaluate(
      () => (window as unknown as { harnessResult: unknown }).harnessResult,
    )) as {
      backend?: string;
      decodeMs?: unknown;
      navigationStepMs?: unknown;
      error?: string;
    };
    return r.error
      ? { error: r.error }
      : { backend: r.backend, decodeMs: r.decodeMs, navigationStepMs: r.navigationStepMs };
  } finally {
    await browser.close();
  }
}

const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST],
  {
    stdio: 'ignore',
    detached: true,
  },
);
try {
  await waitForServer();
  const only = process.env.BENCH_ONLY ?? 'phantom,explorer,decode';
  const cpu = only.includes('phantom') ? await measure('cpu') : null;
  const webgpu = only.includes('phantom') ? await measure('webgpu') : null;
  const explorer = only.includes('explorer')
    ? {
        // Chromium's own configuration on a machine without a GPU (chrome://gpu: software compositing,
        // software WebGL): the CPU-only path a user without a GPU gets.
        cpu: await measureExplorer(URL, 'cpu', {
          flags: QUIET_FLAGS,
          dragSteps: 60,
          dragRuns: 3,
          updates: 500,
          runs: 50,
          stepsPerRun: 3,
        }),
        // The same with the WebGPU flags, which also make Chromium composite the page on SwiftShader.
        cpuWithSwiftShaderCompositing: await measureExplorer(URL, 'cpu', {
          flags: WEBGPU_SWIFTSHADER_FLAGS,
          dragSteps: 60,
          dragRuns: 3,
        }),
        webgpu: await measureExplorer(URL, 'webgpu', { dragSteps: 15 }),
      }
    : null;
  const decode: Record<string, unknown> = {};
  for (const model of only.includes('decode') ? ['lv-vae', 'lv-lvae'] : []) {
    if (!existsSync(`public/models/${model}/manifest.json`)) continue;
    decode[model] = { cpu: await measureDecode('cpu', model), webgpu: await measureDecode('webgpu', model) };
  }
  console.log(
    JSON.stringify(
      {
        bench: 'browser',
        chromium: CHROMIUM_PATH,
        grid: '64^3 @ 1.6 mm',
        runs: { cpu, webgpu },
        explorer,
        decodeOneCode: decode,
        targets: {
          decodeCpuMs: 30,
          navigationStepVsDecode: 2,
          explorerDragCpuMs: { p50: 50, p95: 100 },
          loadToFirstInteractiveShapeMs: 5000,
          mainThreadTasksOver50ms: 0,
        },
      },
      null,
      2,
    ),
  );
} finally {
  if (server.pid) process.kill(-server.pid);
}
