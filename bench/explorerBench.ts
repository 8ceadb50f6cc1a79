/**
 * The cardiac latent explorer in headless Chromium (production build): load → first interactive
 * model shape; latent slider drag → updated coloured mesh on screen (p50/p95 per input and per shown
 * mesh, with the median time of each stage from the page's update trace); main-thread long tasks while dragging; worker tensors and page heap over many updates
 * and navigation runs (through the page's `window.__explorer` debug hook).
 */
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, WEBGPU_SWIFTSHADER_FLAGS } from '../e2e/chromiumFlags';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN).toFixed(1));
}

/** One shown update as the page traced it (see src/pipeline/updateTrace.ts), absolute ms. */
interface Traced {
  requestedAt: number;
  postedAt: number;
  workerStartAt: number;
  workerEndAt: number;
  receivedAt: number;
  appliedAt?: number;
  renderedAt?: number;
  version?: number;
  stages: Record<string, number>;
  quality: string;
}

/** What one drag gave: per-input latencies, the shown updates with their stamps, long tasks. */
interface DragTrace {
  /** Absolute time of each input event. */
  inputs: number[];
  /** Each new mesh the page showed: the input it shows (-1: not one of ours), the bench's next frame. */
  shown: { input: number; frameAt: number; version: number }[];
  traced: Traced[];
  longTasks: number[];
  /** Absolute times of every animation frame during the drag and the 1.5 s after it. */
  frames: number[];
}

/**
 * A continuous drag of the top level's first slider: one input event every `intervalMs` (a pointer
 * drag produces one per frame, ≈ 16 ms). Every new mesh presented is matched to the input of the code
 * it shows (read back from the store) and stamped with the first animation frame after it was swapped
 * in (the frame after the render that drew it).
 */
async function drag(page: Page, steps: number, intervalMs: number): Promise<DragTrace> {
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async ({ n, interval }) => {
      const abs = () => performance.timeOrigin + performance.now();
      const longTasks: number[] = [];
      const obs = new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => longTasks.push(e.duration)),
      );
      obs.observe({ type: 'longtask', buffered: false });
      const h = (
        window as unknown as {
          __explorer: { state(): { lv: { model?: { levels: number[][] } } | null }; updates(): Traced[] };
        }
      ).__explorer;
      const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
      const slider = document.querySelector<HTMLInputElement>(
        'input[type="range"][data-latent="2-0"], input[type="range"][data-latent="0-0"]',
      );
      if (!host || !slider) throw new Error('viewer or latent slider not found');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      const inputOf = new Map<string, number>();
      const inputs: number[] = [];
      const shown: DragTrace['shown'] = [];
      let lastVersion = host.dataset.meshVersion;
      let done = false;
      const frames: number[] = [];
      const watch = () => {
        frames.push(abs());
        if (host.dataset.meshVersion !== lastVersion) {
          lastVersion = host.dataset.meshVersion;
          const levels = h.state().lv?.model?.levels;
          const v = levels?.[levels.length - 1]?.[0];
          const input = v === undefined ? -1 : (inputOf.get(v.toFixed(2)) ?? -1);
          const version = Number(lastVersion);
          // This frame's callbacks run before the render of the swapped mesh; the next frame shows it.
          requestAnimationFrame(() => shown.push({ input, frameAt: abs(), version }));
        }
        if (!done) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      for (let i = 0; i < n; i++) {
        const value = -2 + i * (2 / n);
        inputOf.set(value.toFixed(2), i);
        inputs.push(abs());
        setter?.call(slider, String(value));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      done = true;
      obs.disconnect();
      return { inputs, shown, traced: h.updates(), longTasks, frames };
    },
    { n: steps, interval: intervalMs },
  );
}

const median = (xs: number[]): number => quantile(xs, 0.5);

/**
 * Latencies and the per-stage breakdown of a drag. `anyInput`: for every input, the time to the first
 * frame showing that input's mesh or a later input's (what a person sees: latest wins skips codes);
 * `ownInput`: only the inputs whose own mesh was shown.
 */
function latenciesOf(d: DragTrace): { anyInput: number[]; ownInput: number[] } {
  const ours = d.shown.filter((s) => s.input >= 0);
  const anyInput: number[] = [];
  d.inputs.forEach((t, i) => {
    const first = ours.find((s) => s.input >= i && s.frameAt >= t);
    if (first) anyInput.push(first.frameAt - t);
  });
  return { anyInput, ownInput: ours.map((s) => s.frameAt - (d.inputs[s.input] ?? NaN)) };
}

function summariseDrag(d: DragTrace, intervalMs: number) {
  const ours = d.shown.filter((s) => s.input >= 0);
  const { anyInput, ownInput } = latenciesOf(d);
  const byVersion = new Map(d.traced.map((t) => [t.version, t]));
  const stages: Record<string, number[]> = {};
  const add = (k: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) (stages[k] ??= []).push(v);
  };
  for (const s of ours) {
    const t = byVersion.get(s.version);
    if (!t || t.quality !== 'drag') continue;
    add('inputToRequest', t.requestedAt - (d.inputs[s.input] ?? NaN));
    add('waitForWorker', t.postedAt - t.requestedAt);
    add('postToWorkerStart', t.workerStartAt - t.postedAt);
    add('worker', t.workerEndAt - t.workerStartAt);
    for (const [k, v] of Object.entries(t.stages)) add(`worker.${k}`, v);
    add('workerEndToReceived', t.receivedAt - t.workerEndAt);
    add('receivedToUploaded', (t.appliedAt ?? NaN) - t.receivedAt);
    add('uploadedToRendered', (t.renderedAt ?? NaN) - (t.appliedAt ?? NaN));
    add('renderedToNextFrame', s.frameAt - (t.renderedAt ?? NaN));
  }
  const dragEnd = (d.inputs[d.inputs.length - 1] ?? 0) + intervalMs;
  const during = d.frames.filter((t) => t <= dragEnd);
  const frameGaps = during.slice(1).map((t, i) => t - (during[i] ?? t));
  return {
    frameIntervalWhileDraggingMs: {
      p50: quantile(frameGaps, 0.5),
      p95: quantile(frameGaps, 0.95),
      max: Number(Math.max(0, ...frameGaps).toFixed(1)),
    },
    inputs: d.inputs.length,
    inputIntervalMs: intervalMs,
    anyInput: {
      p50: quantile(anyInput, 0.5),
      p95: quantile(anyInput, 0.95),
      n: anyInput.length,
    },
    ownInput: { p50: quantile(ownInput, 0.5), p95: quantile(ownInput, 0.95), shown: ownInput.length },
    stageMediansMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)])),
  };
}

interface Hook {
  state(): {
    latent: { levels: number[][]; lowerMode: string; seed: number } | null;
    setLatent(i: unknown): void;
    nav: { path: unknown[]; playing: boolean; runs: number };
    setNav(n: unknown): void;
    lv: { model?: { levels: number[][] } } | null;
  };
  controller: { commands: { lv: { navigate(op: string): void } } };
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
        h.controller.commands.lv.navigate('play');
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
  opts: {
    dragSteps?: number;
    dragIntervalMs?: number;
    updates?: number;
    runs?: number;
    stepsPerRun?: number;
    /** Include the raw drag trace (inputs, shown meshes, stamps) in the result. */
    raw?: boolean;
    /** Chromium flags (default: WebGPU on SwiftShader, REFERENCE.md §4). */
    flags?: string[];
    /** Separate drags in the same page (a pause between them); the summary pools their inputs. */
    dragRuns?: number;
  } = {},
) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...(opts.flags ?? WEBGPU_SWIFTSHADER_FLAGS),
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    const url = new URL(baseUrl);
    url.searchParams.set('backend', backend);
    await page.goto(url.toString());
    await page.waitForSelector('html[data-ready="true"]', { timeout: 300_000 });
    const loadToFirstInteractiveShapeMs = Date.now() - t0;
    const active = await page.getAttribute('html', 'data-backend');
    const interval = opts.dragIntervalMs ?? 16;
    const drags: DragTrace[] = [];
    for (let r = 0; r < Math.max(1, opts.dragRuns ?? 1); r++) {
      if (r > 0) await page.waitForTimeout(600);
      drags.push(await drag(page, opts.dragSteps ?? 60, interval));
    }
    const pooled = drags.map(latenciesOf);
    const anyInput = pooled.flatMap((p) => p.anyInput);
    const ownInput = pooled.flatMap((p) => p.ownInput);
    const longTasks = drags.flatMap((d) => d.longTasks);
    const out: Record<string, unknown> = {
      backend: active,
      model: await page.getAttribute('html', 'data-model'),
      loadToFirstInteractiveShapeMs,
      dragToMeshMs: {
        pooled: {
          drags: drags.length,
          anyInput: { p50: quantile(anyInput, 0.5), p95: quantile(anyInput, 0.95), n: anyInput.length },
          ownInput: { p50: quantile(ownInput, 0.5), p95: quantile(ownInput, 0.95), shown: ownInput.length },
        },
        perDrag: drags.map((d) => summariseDrag(d, interval)),
      },
      ...(opts.raw ? { rawDrag: drags } : {}),
      mainThreadLongTasksWhileDragging: {
        over50ms: longTasks.filter((t) => t > 50).length,
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
