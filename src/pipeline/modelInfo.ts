/**
 * What the page needs to know about a loaded cardiac model, as plain data sent once by the worker:
 * latent layout, per-class population statistics per level, the 2-D top level's population points and
 * decision boundary, the decoded class means, load and warm-up times, and held-out metrics.
 */
import type { LvIndexes } from '../geometry/lvIndexes';
import type { LatentLevelStats, LvModelManifest } from '../model/lvModel';

/** One latent level as the sliders show it. */
export interface LatentLevelInfo {
  name: string;
  size: number;
  /** Per-class means and SDs of the training codes, per dimension (healthy, hcm). */
  perClass: { healthy: { mean: number[]; sd: number[] }; hcm: { mean: number[]; sd: number[] } } | null;
  /** Slider range per dimension: ±3 σ of the prior, widened to cover ±3 SD of each class. */
  range: { lo: number[]; hi: number[] };
}

/** A decoded class mean (top-level cluster mean through the top-down prior means). */
export interface ClassMeanShape {
  levels: number[][];
  pHcm: number;
  indexes: LvIndexes;
}

export interface ModelInfo {
  id: string;
  title: string;
  kind: 'vae' | 'ladder-vae';
  /** Levels bottom → top; the last one is the classifier's input and the navigation level. */
  levels: LatentLevelInfo[];
  /** Population codes of a 2-D top level (0 = healthy, 1 = HCM); null for other models. */
  topPoints: { z: [number, number]; cls: 0 | 1 }[] | null;
  /**
   * Classifier logit on a regular grid over the 2-D top level (for the map's decision boundary):
   * value of (xs[i], ys[j]) at logit[j * xs.length + i]. Null when the top level is not 2-D.
   */
  boundary: { xs: number[]; ys: number[]; logit: number[] } | null;
  classMeans: { healthy: ClassMeanShape; hcm: ClassMeanShape } | null;
  loadMs: number;
  warmupMs: number;
  /** Who runs the decoder: tfjs on its backend, or the plain-JavaScript evaluator (cpu backend; denseGraph.ts). */
  decoder: { runtime: 'tfjs' | 'javascript'; note: string | null };
  /** Held-out figures from the manifest, as text lines. */
  metrics: string[];
  /** What the model was trained on, with licences and citations, as text lines. */
  trainingData: string[];
}

function levelInfo(name: string, size: number, stats: LatentLevelStats | undefined): LatentLevelInfo {
  const h = stats?.perClass.healthy;
  const c = stats?.perClass.hcm;
  const ok = (s: { mean: number[]; sd: number[] } | undefined) =>
    !!s && s.mean.length === size && s.sd.length === size;
  const perClass = ok(h) && ok(c) && h && c ? { healthy: h, hcm: c } : null;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < size; i++) {
    let a = -3;
    let b = 3;
    if (perClass) {
      for (const s of [perClass.healthy, perClass.hcm]) {
        a = Math.min(a, (s.mean[i] as number) - 3 * (s.sd[i] as number));
        b = Math.max(b, (s.mean[i] as number) + 3 * (s.sd[i] as number));
      }
    }
    lo.push(Math.floor(a * 10) / 10);
    hi.push(Math.ceil(b * 10) / 10);
  }
  return { name, size, perClass, range: { lo, hi } };
}

/** The parts of {@link ModelInfo} that come straight from the manifest. */
export function modelInfoFromManifest(
  m: LvModelManifest,
): Omit<ModelInfo, 'boundary' | 'classMeans' | 'loadMs' | 'warmupMs' | 'decoder'> {
  const stats = m.latent.stats ?? [];
  const levels = m.latent.levels.map((l, i) =>
    levelInfo(l.name, l.size, stats.find((s) => s.name === l.name) ?? stats[i]),
  );
  const top = stats.find((s) => s.name === m.latent.levels[m.latent.levels.length - 1]?.name);
  const topPoints =
    top?.size === 2 && top.points
      ? top.points
          .filter((p) => p.z.length === 2 && p.z.every(Number.isFinite))
          .map(
            (p) =>
              ({
                z: [p.z[0] as number, p.z[1] as number] as [number, number],
                cls: p.cls === 1 ? 1 : 0,
              }) as const,
          )
      : null;
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    levels,
    topPoints,
    metrics: metricLines(m.metrics),
    trainingData: (m.trainingData ?? []).map(
      (d) =>
        `${d.name}${d.subjects ? `, ${d.subjects.length} patients` : ''} (${d.licence}${d.citation ? `; ${d.citation}` : ''})`,
    ),
  };
}

function metricLines(metrics: unknown): string[] {
  if (typeof metrics !== 'object' || metrics === null) return [];
  const o = metrics as {
    testSubjects?: number;
    reconstruction?: Record<string, { dice?: number; hausdorff95Mm?: number }>;
    classification?: { accuracy?: number; auc?: number };
    realData?: {
      heldOut?: {
        n?: number;
        diceED?: { mean: number } | null;
        classification?: { accuracy: number; n: number } | null;
      };
    } | null;
  };
  const lines: string[] = [];
  const r = o.reconstruction;
  if (r?.ED?.dice !== undefined && r.ES?.dice !== undefined) {
    lines.push(
      `reconstruction Dice ED ${r.ED.dice.toFixed(3)}, ES ${r.ES.dice.toFixed(3)} on ${o.testSubjects ?? '?'} held-out subjects`,
    );
  }
  if (o.classification?.accuracy !== undefined)
    lines.push(
      `HCM classification accuracy ${(o.classification.accuracy * 100).toFixed(0)} %, AUC ${o.classification.auc?.toFixed(2) ?? '?'}`,
    );
  const real = o.realData?.heldOut;
  if (real?.diceED) {
    lines.push(
      `on ${real.n ?? '?'} real patients it did not train on: Dice ED ${real.diceED.mean.toFixed(2)}${real.classification ? `, HCM vs normal accuracy ${(real.classification.accuracy * 100).toFixed(0)} % (${real.classification.n})` : ''}`,
    );
  }
  return lines;
}

/** A regular grid covering the population points (or ±4) with a margin, `n` samples per axis. */
export function boundaryGridAxes(
  points: { z: [number, number] }[] | null,
  n = 41,
): { xs: number[]; ys: number[] } {
  let [x0, x1, y0, y1] = [-4, 4, -4, 4];
  for (const p of points ?? []) {
    x0 = Math.min(x0, p.z[0] - 0.5);
    x1 = Math.max(x1, p.z[0] + 0.5);
    y0 = Math.min(y0, p.z[1] - 0.5);
    y1 = Math.max(y1, p.z[1] + 0.5);
  }
  const axis = (a: number, b: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  return { xs: axis(x0, x1), ys: axis(y0, y1) };
}
