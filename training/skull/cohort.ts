/**
 * Seeded cohorts for the skull models: synthetic skulls (skullPopulation), their outer-surface radii
 * on the model's direction grid (the target), and for each subject several plane acquisitions whose
 * head-outline profiles (skullSection) are the conditions. Acquisitions vary as sonographers' do: the
 * transventricular plane tilts 0–8° and sits ±2 mm off its level, the mid-sagittal plane is up to
 * ±3 mm off the midline and yawed ±5°, the coronal plane lies 2–14 mm in front of the centre and
 * tilts ±6°.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRng, type Rng } from '../../src/anatomy/random';
import { skullOuterRadii } from '../../src/anatomy/skullRadii';
import { skullSectionProfile } from '../../src/anatomy/skullSection';
import { sampleSkullCohort, type SkullSubject } from '../../src/anatomy/skullPopulation';
import { skullShape, type SkullShape } from '../../src/anatomy/skullShape';
import { type Plane, type StandardPlaneKind, standardPlane } from '../../src/anatomy/ultrasound/planes';
import { sphereVertexCount, type SphereGrid } from '../../src/geometry/radialSurface';

export const PLANE_KINDS: readonly StandardPlaneKind[] = ['axial', 'sagittal', 'coronal'];

export interface SkullCohort {
  n: number;
  variants: number;
  profileN: number;
  vertices: number;
  subjects: SkullSubject[];
  shapes: SkullShape[];
  /** Outer radii, [n][vertices], mm. */
  radii: Float32Array;
  /** Profiles, [n][variants][3 planes][profileN], mm. */
  profiles: Float32Array;
}

const deg = Math.PI / 180;

/** A randomly varied acquisition of a standard plane (see the file comment). */
export function variedPlane(kind: StandardPlaneKind, rng: Rng): Plane {
  switch (kind) {
    case 'axial': {
      const t = rng.uniform(0, 8) * deg;
      return { origin: [0, 0, rng.uniform(-2, 2)], u: [Math.cos(t), 0, Math.sin(t)], v: [0, 1, 0] };
    }
    case 'sagittal': {
      const y = rng.uniform(-5, 5) * deg;
      return { origin: [0, rng.uniform(-3, 3), 0], u: [Math.cos(y), Math.sin(y), 0], v: [0, 0, -1] };
    }
    case 'coronal': {
      const t = rng.uniform(-6, 6) * deg;
      return { origin: [rng.uniform(2, 14), 0, 0], u: [0, 1, 0], v: [Math.sin(t), 0, -Math.cos(t)] };
    }
  }
}

/** Builds a cohort of `n` skulls with `variants` acquisitions each (deterministic in `seed`). */
export function buildSkullCohort(
  seed: number,
  n: number,
  variants: number,
  sphere: SphereGrid,
  profileN: number,
): SkullCohort {
  const subjects = sampleSkullCohort(seed, n);
  const shapes = subjects.map((s) => skullShape(s.params));
  const vertices = sphereVertexCount(sphere);
  const radii = new Float32Array(n * vertices);
  const profiles = new Float32Array(n * variants * 3 * profileN);
  const rng = createRng(seed ^ 0x5eed);
  shapes.forEach((shape, i) => {
    radii.set(skullOuterRadii(shape, sphere), i * vertices);
    for (let v = 0; v < variants; v++) {
      PLANE_KINDS.forEach((kind, k) => {
        const plane = variants === 1 && v === 0 ? standardPlane(kind) : variedPlane(kind, rng);
        const sec = skullSectionProfile(shape, plane, profileN, { kind });
        profiles.set(sec.profile, ((i * variants + v) * 3 + k) * profileN);
      });
    }
  });
  return { n, variants, profileN, vertices, subjects, shapes, radii, profiles };
}

/** Options of {@link perturbProfile}. */
export interface ProfilePerturbation {
  scaleSd: number;
  rotDeg: number;
  noiseMm: number;
  /** Fourier orders of the outline error, inclusive (default 2–6). */
  orders?: [number, number];
  /** A systematic detector difference (mm per angle), added × a factor drawn from `biasRange`. */
  biasMm?: ArrayLike<number>;
  biasRange?: [number, number];
}

/**
 * Detector-like perturbation of a profile, in place: a scale error (pixel size / outline edge,
 * SD `scaleSd`), an angular misalignment of the canonical frame (SD `rotDeg`, circular resampling),
 * an outline error (Fourier orders, total SD `noiseMm`) and optionally a scaled systematic difference.
 */
export function perturbProfile(p: Float32Array, rng: Rng, opts: ProfilePerturbation): void {
  const n = p.length;
  const src = Float32Array.from(p);
  const shift = (rng.normal(0, opts.rotDeg) / 360) * n;
  const scale = 1 + rng.normal(0, opts.scaleSd);
  const [o0, o1] = opts.orders ?? [2, 6];
  const amps: [number, number, number][] = [];
  const nOrders = o1 - o0 + 1;
  for (let o = o0; o <= o1; o++)
    amps.push([o, rng.normal(0, opts.noiseMm / Math.sqrt(nOrders)), rng.uniform(0, 2 * Math.PI)]);
  const bias = opts.biasMm;
  const bf = bias ? rng.uniform(...(opts.biasRange ?? [1, 1])) : 0;
  for (let k = 0; k < n; k++) {
    let f = k + shift;
    f -= Math.floor(f / n) * n;
    const k0 = Math.floor(f);
    const t = f - k0;
    let r = (1 - t) * (src[k0 % n] as number) + t * (src[(k0 + 1) % n] as number);
    const th = (2 * Math.PI * k) / n;
    for (const [o, a, ph] of amps) r += a * Math.SQRT2 * Math.cos(o * th + ph);
    if (bias) r += bf * ((bias[k] as number) ?? 0);
    p[k] = r * scale;
  }
}

/** Version of the cohort recipe (bump when radii or profiles change) — part of the cache key. */
const COHORT_VERSION = 2;

/**
 * {@link buildSkullCohort}, cached on disk under `dir` (radii and profiles; subjects and shapes are
 * re-drawn from the seed, which is cheap), so a resumed or second training run skips the slow part.
 */
export async function cachedSkullCohort(
  dir: string,
  seed: number,
  n: number,
  variants: number,
  sphere: SphereGrid,
  profileN: number,
): Promise<SkullCohort> {
  const file = path.join(
    dir,
    `skull-cohort-v${COHORT_VERSION}-${seed}-${n}-${variants}-${sphere.nLat}x${sphere.nLon}-${profileN}.bin`,
  );
  const vertices = sphereVertexCount(sphere);
  const nr = n * vertices;
  const np = n * variants * 3 * profileN;
  try {
    const buf = await readFile(file);
    if (buf.byteLength === 4 * (nr + np)) {
      const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const subjects = sampleSkullCohort(seed, n);
      return {
        n,
        variants,
        profileN,
        vertices,
        subjects,
        shapes: subjects.map((s) => skullShape(s.params)),
        radii: all.slice(0, nr),
        profiles: all.slice(nr),
      };
    }
  } catch {
    // not cached yet
  }
  const c = buildSkullCohort(seed, n, variants, sphere, profileN);
  await mkdir(dir, { recursive: true });
  const all = new Float32Array(nr + np);
  all.set(c.radii, 0);
  all.set(c.profiles, nr);
  await writeFile(`${file}.tmp`, new Uint8Array(all.buffer));
  await rename(`${file}.tmp`, file);
  return c;
}
