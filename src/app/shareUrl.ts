/**
 * Shareable links: model, latent code and camera in the URL's query, versioned so that old links
 * keep working or say why not. Format v1:
 *
 *   ?v=1&model=lv-lvae&z=<level 1 values>;<level 2>;…&lower=means|samples|free&seed=N&cam=px,py,pz,tx,ty,tz
 *
 * Values are comma-separated decimals (4 places; latent units, camera in mm), levels bottom → top.
 */

import type { LatentLevelInfo } from '../pipeline/modelInfo';

export const SHARE_VERSION = 1;

/** How far a shared code may lie from the model's training codes, in their SDs per dimension. */
export const SHARE_LIMIT_SD = 5;

export interface SharedState {
  model: string;
  levels: number[][];
  lower: 'means' | 'samples' | 'free';
  seed: number;
  camera: { position: [number, number, number]; target: [number, number, number] } | null;
}

const num = (v: number): string => String(Number(v.toFixed(4)));
/** A number from a link's text; an empty field is not 0 but no number. */
const numberOf = (t: string): number => (t.trim() === '' ? NaN : Number(t));

/** The query string (with a leading '?') of a shared state; keeps `extra` parameters (e.g. backend). */
export function shareQuery(s: SharedState, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  q.set('v', String(SHARE_VERSION));
  q.set('model', s.model);
  q.set('z', s.levels.map((l) => l.map(num).join(',')).join(';'));
  q.set('lower', s.lower);
  if (s.lower === 'samples') q.set('seed', String(s.seed));
  if (s.camera) q.set('cam', [...s.camera.position, ...s.camera.target].map((v) => num(v)).join(','));
  return `?${q.toString()}`;
}

/**
 * Reads a shared state from a query string. Returns null when the URL holds none (no `z`), and
 * throws with a message a person can act on when it holds one this page cannot read.
 */
export function parseShareQuery(search: string): SharedState | null {
  const q = new URLSearchParams(search);
  const z = q.get('z');
  if (z === null) return null;
  const vRaw = q.get('v');
  const v = vRaw === null ? NaN : Number(vRaw);
  if (!Number.isInteger(v))
    throw new Error(`This link has no valid version (v=${vRaw ?? 'missing'}); it cannot be read.`);
  if (v > SHARE_VERSION)
    throw new Error(
      `This link was made by a newer version of the explorer (v${v}); this page reads links up to v${SHARE_VERSION}.`,
    );
  if (v < 1) throw new Error(`This link's version v${v} is not one this page knows.`);
  const model = q.get('model');
  if (!model) throw new Error('This link names no model (model=…).');
  const levels = z.split(';').map((l) => l.split(',').map(numberOf));
  if (levels.some((l) => l.length === 0 || l.some((x) => !Number.isFinite(x))))
    throw new Error("This link's latent code (z=…) has a value that is not a number.");
  const lowerRaw = q.get('lower') ?? 'means';
  if (lowerRaw !== 'means' && lowerRaw !== 'samples' && lowerRaw !== 'free')
    throw new Error(`This link's lower-level mode "${lowerRaw}" is not means, samples or free.`);
  const seed = Number(q.get('seed') ?? 1);
  let camera: SharedState['camera'] = null;
  const cam = q.get('cam');
  if (cam !== null) {
    const c = cam.split(',').map(numberOf);
    if (c.length !== 6 || c.some((x) => !Number.isFinite(x)))
      throw new Error("This link's camera (cam=…) must be six numbers: position and target in mm.");
    camera = {
      position: [c[0] as number, c[1] as number, c[2] as number],
      target: [c[3] as number, c[4] as number, c[5] as number],
    };
  }
  return { model, levels, lower: lowerRaw, seed: Number.isInteger(seed) ? seed : 1, camera };
}

/** Accepted interval of each dimension of each level (latent units). */
export interface CodeLimits {
  lo: number[];
  hi: number[];
}

/**
 * Per level and dimension: ±{@link SHARE_LIMIT_SD} SD around each class's mean of the training codes,
 * never narrower than the sliders' own range (a code a person set with the sliders always fits).
 * A level without training statistics keeps its slider range.
 */
export function codeLimits(levels: readonly LatentLevelInfo[]): CodeLimits[] {
  return levels.map((l) => {
    const lo: number[] = [];
    const hi: number[] = [];
    for (let d = 0; d < l.size; d++) {
      let a = l.range.lo[d] ?? -3;
      let b = l.range.hi[d] ?? 3;
      for (const c of l.perClass ? [l.perClass.healthy, l.perClass.hcm] : []) {
        const m = c.mean[d] as number;
        const sd = c.sd[d] as number;
        a = Math.min(a, m - SHARE_LIMIT_SD * sd);
        b = Math.max(b, m + SHARE_LIMIT_SD * sd);
      }
      lo.push(a);
      hi.push(b);
    }
    return { lo, hi };
  });
}

/** A value of a shared code that was outside its limits. */
export interface ClampedValue {
  /** Level index (bottom → top) and dimension, 0-based. */
  level: number;
  dim: number;
  value: number;
  /** The value used instead. */
  used: number;
}

/**
 * Clamps a shared code into `limits` (same level sizes assumed; a missing limit clamps to ±3).
 * Non-finite values never reach here (the parser refuses them); they would be clamped to 0.
 */
export function clampSharedLevels(
  levels: readonly number[][],
  limits: readonly CodeLimits[],
): { levels: number[][]; clamped: ClampedValue[] } {
  const clamped: ClampedValue[] = [];
  const out = levels.map((l, i) =>
    l.map((v, d) => {
      const lo = limits[i]?.lo[d] ?? -3;
      const hi = limits[i]?.hi[d] ?? 3;
      const used = Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0;
      if (used !== v) clamped.push({ level: i, dim: d, value: v, used });
      return used;
    }),
  );
  return { levels: out, clamped };
}

/** A one-line notice for the clamped values of a link (level names bottom → top). */
export function clampNotice(clamped: readonly ClampedValue[], names: readonly string[]): string {
  const worst = clamped.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
  const where = `${names[worst.level] ?? `level ${worst.level + 1}`}[${worst.dim + 1}]`;
  return `This link's latent code has ${clamped.length} value${clamped.length === 1 ? '' : 's'} beyond ±${SHARE_LIMIT_SD} SD of the model's training codes (e.g. ${where} = ${worst.value.toPrecision(3)}); ${clamped.length === 1 ? 'it was' : 'they were'} moved to that limit, so the shape shown is not exactly the linked one.`;
}
