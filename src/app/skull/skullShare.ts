/**
 * Shareable links of the skull explorer. A link holds the model, each used plane's outline profile
 * (64 radii, mm, 0.1 mm steps — never the image), the latent offsets, the entered gestational age and
 * the camera; versioned (`sv`) so old links keep working or say why not:
 *
 *   ?anatomy=skull&sv=1&sm=skull-hcvae&pa=r1,r2,…&ps=…&pc=…&dz=<level 1>;<level 2>;…&ga=24&cam=px,py,pz,tx,ty,tz
 */
import type { PlaneKind } from '../../pipeline/skullPlanes';
import type { SkullModelId } from '../../state/skullExplorer';

export const SKULL_SHARE_VERSION = 1;

export interface SkullShared {
  modelId: SkullModelId;
  profiles: Partial<Record<PlaneKind, Float32Array>>;
  offsets: number[][];
  gaWeeks: number | null;
  camera: { position: [number, number, number]; target: [number, number, number] } | null;
}

const KEYS: Record<PlaneKind, string> = { axial: 'pa', sagittal: 'ps', coronal: 'pc' };
const num = (v: number, d: number) => String(Number(v.toFixed(d)));

/** The query string (leading '?') of a shared skull state; keeps `extra` parameters (e.g. backend). */
export function skullShareQuery(s: SkullShared, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  q.set('anatomy', 'skull');
  q.set('sv', String(SKULL_SHARE_VERSION));
  q.set('sm', s.modelId);
  for (const [kind, key] of Object.entries(KEYS) as [PlaneKind, string][]) {
    const p = s.profiles[kind];
    if (p) q.set(key, Array.from(p, (v) => num(v, 1)).join(','));
  }
  if (s.offsets.some((l) => l.some((v) => v !== 0)))
    q.set('dz', s.offsets.map((l) => l.map((v) => num(v, 3)).join(',')).join(';'));
  if (s.gaWeeks !== null) q.set('ga', num(s.gaWeeks, 1));
  if (s.camera) q.set('cam', [...s.camera.position, ...s.camera.target].map((v) => num(v, 2)).join(','));
  return `?${q.toString()}`;
}

/**
 * Reads a shared skull state. Null when the query holds none (no `sv`); throws an Error a person can
 * act on when it holds one this page cannot read.
 */
export function parseSkullShare(search: string): SkullShared | null {
  const q = new URLSearchParams(search);
  const vRaw = q.get('sv');
  if (vRaw === null) return null;
  const v = Number(vRaw);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`This skull link's version (sv=${vRaw}) is not one this page knows.`);
  if (v > SKULL_SHARE_VERSION)
    throw new Error(
      `This skull link was made by a newer version of the explorer (sv=${v}); this page reads up to sv=${SKULL_SHARE_VERSION}.`,
    );
  const model = q.get('sm') ?? 'skull-hcvae';
  if (model !== 'skull-hcvae' && model !== 'skull-cvae')
    throw new Error(`This skull link names an unknown model '${model}'; expected skull-hcvae or skull-cvae.`);
  const profiles: SkullShared['profiles'] = {};
  for (const [kind, key] of Object.entries(KEYS) as [PlaneKind, string][]) {
    const raw = q.get(key);
    if (raw === null) continue;
    const vals = raw.split(',').map(Number);
    if (vals.length !== 64 || vals.some((x) => !Number.isFinite(x) || x <= 0 || x > 150))
      throw new Error(
        `This skull link's ${kind} outline (${key}=…) must be 64 radii in mm between 0 and 150.`,
      );
    profiles[kind] = Float32Array.from(vals);
  }
  if (!profiles.axial)
    throw new Error('This skull link has no axial outline (pa=…); the prediction needs one.');
  const dzRaw = q.get('dz');
  const offsets = dzRaw ? dzRaw.split(';').map((l) => l.split(',').map(Number)) : [];
  if (offsets.some((l) => l.some((x) => !Number.isFinite(x) || Math.abs(x) > 3)))
    throw new Error("This skull link's latent offsets (dz=…) must be numbers within ±3.");
  const gaRaw = q.get('ga');
  const ga = gaRaw === null ? null : Number(gaRaw);
  if (ga !== null && !(Number.isFinite(ga) && ga >= 14 && ga <= 42))
    throw new Error(`This skull link's gestational age (ga=${gaRaw}) must be 14–42 weeks.`);
  let camera: SkullShared['camera'] = null;
  const cam = q.get('cam');
  if (cam !== null) {
    const c = cam.split(',').map(Number);
    if (c.length !== 6 || c.some((x) => !Number.isFinite(x)))
      throw new Error("This skull link's camera (cam=…) must be six numbers: position and target in mm.");
    camera = {
      position: [c[0], c[1], c[2]] as [number, number, number],
      target: [c[3], c[4], c[5]] as [number, number, number],
    };
  }
  return { modelId: model, profiles, offsets, gaWeeks: ga, camera };
}
