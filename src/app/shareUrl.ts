/**
 * Shareable links: model, latent code and camera in the URL's query, versioned so that old links
 * keep working or say why not. Format v1:
 *
 *   ?v=1&model=lv-lvae&z=<level 1 values>;<level 2>;…&lower=means|samples|free&seed=N&cam=px,py,pz,tx,ty,tz
 *
 * Values are comma-separated decimals (4 places; latent units, camera in mm), levels bottom → top.
 */

export const SHARE_VERSION = 1;

export interface SharedState {
  model: string;
  levels: number[][];
  lower: 'means' | 'samples' | 'free';
  seed: number;
  camera: { position: [number, number, number]; target: [number, number, number] } | null;
}

const num = (v: number): string => String(Number(v.toFixed(4)));

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
  const levels = z.split(';').map((l) => l.split(',').map(Number));
  if (levels.some((l) => l.length === 0 || l.some((x) => !Number.isFinite(x))))
    throw new Error("This link's latent code (z=…) has a value that is not a number.");
  const lowerRaw = q.get('lower') ?? 'means';
  if (lowerRaw !== 'means' && lowerRaw !== 'samples' && lowerRaw !== 'free')
    throw new Error(`This link's lower-level mode "${lowerRaw}" is not means, samples or free.`);
  const seed = Number(q.get('seed') ?? 1);
  let camera: SharedState['camera'] = null;
  const cam = q.get('cam');
  if (cam !== null) {
    const c = cam.split(',').map(Number);
    if (c.length !== 6 || c.some((x) => !Number.isFinite(x)))
      throw new Error("This link's camera (cam=…) must be six numbers: position and target in mm.");
    camera = {
      position: [c[0] as number, c[1] as number, c[2] as number],
      target: [c[3] as number, c[4] as number, c[5] as number],
    };
  }
  return { model, levels, lower: lowerRaw, seed: Number.isInteger(seed) ? seed : 1, camera };
}
