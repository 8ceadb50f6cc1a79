/**
 * Benchmark of the fetal skull explorer (issue #6) in headless Chromium on the CPU backend: a plane
 * dropped (a DICOM file of a simulated held-out skull, as a user's drop: File → input change event)
 * → prediction with 16 uncertainty samples on screen (new mesh in the viewer + two animation
 * frames), and the longest main-thread task meanwhile. Prints one JSON object.
 *
 *   npx vite build && npx tsx bench/skull.bench.ts      (BENCH_PORT, BENCH_DIST to use your own build)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, QUIET_FLAGS } from '../e2e/chromiumFlags';
import { writeDicom } from '../test/fixtures/dicomFixture';
import { exampleSubject, simulateExamplePlanes, type PlaneKind } from '../src/pipeline/skullPlanes';

const PORT = Number(process.env.BENCH_PORT ?? 4176);
const DIST = process.env.BENCH_DIST ?? 'dist';
const URL = `http://127.0.0.1:${PORT}/`;
const SUBJECTS = [0, 1, 3, 4, 5, 6];

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(URL)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not start on ${URL}`);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN).toFixed(1));
}

interface DropTiming {
  kind: PlaneKind;
  screenMs: number;
  longestTaskMs: number;
  workerReadMs: number;
  predictMs: number;
}

/** Drops `bytes` on the slot's file input inside the page and times it until the new mesh is drawn. */
async function drop(page: Page, kind: PlaneKind, name: string, bytes: Uint8Array): Promise<DropTiming> {
  const b64 = Buffer.from(bytes).toString('base64');
  // tsx keeps function names with an injected __name helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async ({ kind, name, b64 }) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const input = document.querySelector<HTMLInputElement>(`[data-plane-input="${kind}"]`);
      const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
      const panel = document.querySelector<HTMLElement>('[data-prediction-version]');
      if (!input || !host || !panel) throw new Error('slot input, viewer or skull panel not found');
      const longTasks: number[] = [];
      const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration)));
      obs.observe({ type: 'longtask', buffered: false });
      const before = host.dataset.meshVersion;
      const dt = new DataTransfer();
      dt.items.add(new File([raw], name, { type: 'application/dicom' }));
      const t0 = performance.now();
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const deadline = t0 + 60_000;
      while (host.dataset.meshVersion === before) {
        if (performance.now() > deadline) throw new Error('no new mesh within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const screenMs = performance.now() - t0;
      obs.disconnect();
      const read = (n: string) =>
        Number(document.querySelector(`[data-readout="${n}"]`)?.getAttribute('data-value'));
      return {
        kind,
        screenMs,
        longestTaskMs: Math.max(0, ...longTasks),
        workerReadMs: NaN,
        predictMs: read('skull-predict-ms'),
      };
    },
    { kind, name, b64 },
  );
}

async function main(): Promise<void> {
  if (!existsSync(`${DIST}/index.html`)) throw new Error(`no build in ${DIST}/ (run npx vite build)`);
  const models = existsSync(`${DIST}/models/skull-hcvae/manifest.json`) ? 'models' : 'models-quick';
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS });
  try {
    await waitForServer();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = Date.now();
    await page.goto(`${URL}?backend=cpu&anatomy=skull&skull-models=${models}`);
    await page.waitForSelector('[data-skull-model-status="ready"]', { timeout: 120_000 });
    const loadMs = Date.now() - t0;
    const timings: DropTiming[] = [];
    for (const i of SUBJECTS) {
      const s = exampleSubject(i);
      const sims = simulateExamplePlanes(s.params, 9000 + i);
      for (const sim of sims) {
        const dcm = writeDicom({
          width: sim.img.width,
          height: sim.img.height,
          pixels: sim.png8,
          pixelSpacing: [sim.pixelMm, sim.pixelMm],
        });
        const t = await drop(page, sim.kind, `${sim.kind}-${i}.dcm`, dcm);
        t.workerReadMs = Number(
          await page.evaluate((k) => {
            const el = document.querySelector(`[data-slot="${k}"]`);
            return el?.getAttribute('data-read-ms') ?? 'NaN';
          }, sim.kind),
        );
        timings.push(t);
      }
      // Back to the axial plane alone for the next subject.
      for (const k of ['sagittal', 'coronal'] as const)
        await page.locator(`[data-plane-remove="${k}"]`).click();
    }
    const screen = timings.map((t) => t.screenMs);
    const axial = timings.filter((t) => t.kind === 'axial').map((t) => t.screenMs);
    console.log(
      JSON.stringify({
        backend: 'cpu',
        model: `skull-hcvae (${models})`,
        k: 16,
        drops: timings.length,
        pageToModelReadyMs: loadMs,
        dropToScreenMs: { p50: quantile(screen, 0.5), p95: quantile(screen, 0.95), max: quantile(screen, 1) },
        axialDropToScreenMs: { p50: quantile(axial, 0.5), max: quantile(axial, 1) },
        workerReadAndDetectMs: {
          p50: quantile(
            timings.map((t) => t.workerReadMs),
            0.5,
          ),
          max: quantile(
            timings.map((t) => t.workerReadMs),
            1,
          ),
        },
        predictionMs: {
          p50: quantile(
            timings.map((t) => t.predictMs),
            0.5,
          ),
          max: quantile(
            timings.map((t) => t.predictMs),
            1,
          ),
        },
        longestMainThreadTaskMs: quantile(
          timings.map((t) => t.longestTaskMs),
          1,
        ),
        targetMs: 2000,
        met: quantile(screen, 1) <= 2000,
        longestTaskPerDropMs: timings.map((t) => Math.round(t.longestTaskMs)),
      }),
    );
  } finally {
    await browser.close();
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      // already gone (e.g. the port was taken and another server answered)
    }
  }
}

await main();
