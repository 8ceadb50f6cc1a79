/**
 * The cardiac latent explorer in headless Chromium (production build): load → first interactive
 * model shape; latent slider drag → updated coloured mesh on screen (p50/p95, drag quality while
 * dragging); main-thread long tasks while dragging; worker tensors and page heap over many updates
 * and navigation runs (through the page's `window.__explorer` debug hook).
 */
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, WEBGPU_SWIFTSHADER_FLAGS } from '../e2e/chromiumFlags';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN).toFixed(1));
}

/**
 * A continuous drag of the top level's first slider: one input event every `intervalMs` (as a pointer
 * drag produces them). For every new mesh presented, the latency runs from the input event of the code
 * it shows (read back from the store) to the animation frame after it was swapped in.
 */
async function drag(
  page: Page,
  steps: number,
  intervalMs = 40,
): Promise<{ latencies: number[]; longTasks: number[] }> {
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async ({ n, interval }) => {
      const longTasks: number[] = [];
      const obs = new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => longTasks.push(e.duration)),
      );
      obs.observe({ type: 'longtask', buffered: false });
      const h = (
        window as unknown as { __explorer: { state(): { lv: { model?: { levels: number[][] } } | null } } }
      ).__explorer;
      const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
      const slider = document.querySelector<HTMLInputElement>(
        'input[type="range"][data-latent="2-0"], input[type="range"][data-latent="0-0"]',
      );
      if (!host || !slider) throw new Error('viewer or latent slider not found');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      const sentAt = new Map<string, number>();
      const latencies: number[] = [];
      let lastVersion = host.dataset.meshVersion;
      let done = false;
      const watch = () => {
        if (host.dataset.meshVersion !== lastVersion) {
          lastVersion = host.dataset.meshVersion;
          const levels = h.state().lv?.model?.levels;
          const v = levels?.[levels.length - 1]?.[0];
          const key = v === undefined ? '' : v.toFixed(2);
          const t = sentAt.get(key);
          // The frame after the swap is the one that shows it.
          if (t !== undefined) requestAnimationFrame(() => latencies.push(performance.now() - t));
          sentAt.delete(key);
        }
        if (!done) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      for (let i = 0; i < n; i++) {
        const value = -2 + i * 0.05;
        sentAt.set(value.toFixed(2), performance.now());
        setter?.call(slider, String(value));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      done = true;
      obs.disconnect();
      return { latencies, longTasks };
    },
    { n: steps, interval: intervalMs },
  );
}

interface Hook {
  state(): {
    latent: { levels: number[][]; lowerMode: string; seed: number } | null;
    setLatent(i: unknown): void;
    nav: { path: unknown[]; playing: boolean; runs: number };
    setNav(n: unknown): void;
    lv: { model?: { levels: number[][] } } | null;
  };
  controller: { navigate(op: string): void };
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  heapBytes(): number | null;
}

/** `updates` full-quality shape updates and `runs` navigation runs of `stepsPerRun` steps; memory sampled along. */
async function soak(page: Page, updates: number, runs: number, stepsPerRun: number) {
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async ({ updates, runs, stepsPerRun }) => {
      const h = (window as unknown as { __explorer: Hook }).__explorer;
      const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
      if (!host) throw new Error('no viewer');
      const gc = () => (globalThis as { gc?: () => void }).gc?.();
      const sample = async () => {
        gc();
        const m = await h.memory();
        return { numTensors: m.numTensors, heapMB: Number(((h.heapBytes() ?? NaN) / 1e6).toFixed(1)) };
      };
      const nextShape = (before: string | undefined) =>
        new Promise<void>((resolve) => {
          const check = () => (host.dataset.meshVersion !== before ? resolve() : setTimeout(check, 5));
          check();
        });
      const samples: { after: string; numTensors: number; heapMB: number }[] = [];
      samples.push({ after: 'start', ...(await sample()) });
      const start = h.state().latent;
      if (!start) throw new Error('no latent code');
      for (let i = 0; i < updates; i++) {
        const before = host.dataset.meshVersion;
        const top = start.levels[start.levels.length - 1] ?? [];
        const levels = start.levels.map((l, k) =>
          k === start.levels.length - 1 ? top.map((v, d) => v + (d === 0 ? ((i % 40) - 20) * 0.05 : 0)) : l,
        );
        h.state().setLatent({ ...start, levels, interactive: false, logvarQ: null });
        await nextShape(before);
        if ((i + 1) % 100 === 0) samples.push({ after: `${i + 1} updates`, ...(await sample()) });
      }
      for (let r = 0; r < runs; r++) {
        h.state().setLatent({ ...start, interactive: false, logvarQ: null });
        await new Promise((resolve) => setTimeout(resolve, 30));
        h.state().setNav({ steps: stepsPerRun, remaining: 0, path: [] });
        h.controller.navigate('play');
        await new Promise<void>((resolve) => {
          const check = () => (!h.state().nav.playing ? resolve() : setTimeout(check, 10));
          check();
        });
        if ((r + 1) % 10 === 0) samples.push({ after: `${r + 1} navigation runs`, ...(await sample()) });
      }
      return samples;
    },
    { updates, runs, stepsPerRun },
  );
}

/** Runs the explorer measurements on one backend. */
export async function measureExplorer(
  baseUrl: string,
  backend: 'cpu' | 'webgpu',
  opts: { dragSteps?: number; updates?: number; runs?: number; stepsPerRun?: number } = {},
) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...WEBGPU_SWIFTSHADER_FLAGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${baseUrl}?backend=${backend}`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 300_000 });
    const loadToFirstInteractiveShapeMs = Date.now() - t0;
    const active = await page.getAttribute('html', 'data-backend');
    const { latencies, longTasks } = await drag(page, opts.dragSteps ?? 40);
    const out: Record<string, unknown> = {
      backend: active,
      model: await page.getAttribute('html', 'data-model'),
      loadToFirstInteractiveShapeMs,
      dragToMeshMs: {
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        shown: latencies.length,
        inputs: opts.dragSteps ?? 40,
        inputIntervalMs: 40,
      },
      mainThreadLongTasksWhileDragging: {
        over50ms: longTasks.filter((d) => d > 50).length,
        longestMs: Math.max(0, ...longTasks),
      },
    };
    if ((opts.updates ?? 0) > 0 || (opts.runs ?? 0) > 0) {
      await page.waitForTimeout(500);
      out.memory = await soak(page, opts.updates ?? 0, opts.runs ?? 0, opts.stepsPerRun ?? 3);
    }
    return out;
  } finally {
    await browser.close();
  }
}
