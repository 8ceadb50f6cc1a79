/**
 * The bones of the fetal calvarium on any star-shaped skull surface in the canonical head frame
 * (mm; x occipito-frontal, front +x; y left–right, left +y; z up; origin the centre of the
 * transventricular plane): frontal (left, right), parietal (left, right), occipital and the squama
 * of each temporal bone, separated by the metopic, coronal, sagittal, lambdoid and squamosal sutures,
 * with the anterior, posterior, sphenoidal and mastoid fontanelles. Pure: the same labelling serves
 * the synthetic truth (its exact surface and its own suture widths) and a predicted surface (its
 * radii and the widths at the GA entered or estimated from HC).
 *
 * Construction, from the surface alone (`boneAtlas`):
 * - extents along ±x, ±y, ±z; landmarks where the surface meets the directions of the phantom's
 *   landmarks (skullShape.ts) scaled by those extents: bregma, lambda, pterion and asterion (each side);
 * - coronal boundary: the plane through bregma and both pterions (frontal in front of it); lambdoid:
 *   the plane through lambda and both asterions (occipital behind it); sagittal and metopic: y = 0;
 *   squamosal: on each side, the arc z = z_A + t (z_P − z_A) + 0.08 c_up · 4t(1 − t), t = (x − x_A)/(x_P − x_A)
 *   clamped to [0, 1], between asterion A and pterion P (temporal squama below it, parietal above);
 * - below z = −0.45 × the skull-base depth: skull base and face (other bones, not told apart);
 * - sutures: points within half the suture width (skullSutures.ts) of a boundary between two
 *   labelled bones, measured along the surface (metopic only above 0.25 c_up while open);
 *   fontanelles: the anterior diamond at bregma (half-diagonals measured in x and y), balls at lambda
 *   (posterior), the pterions (sphenoidal) and the asterions (mastoid).
 */
import type { SutureWidths } from './skullSutures';

/** Integer bone label codes (per vertex in meshes and PLY files, per voxel in label volumes). */
export const SKULL_BONE = {
  none: 0,
  frontalL: 1,
  frontalR: 2,
  parietalL: 3,
  parietalR: 4,
  occipital: 5,
  temporalL: 6,
  temporalR: 7,
  base: 8,
  suture: 9,
  fontanelle: 10,
} as const;

export type SkullBoneCode = (typeof SKULL_BONE)[keyof typeof SKULL_BONE];

/** The calvarial bones scored by the evaluation (codes 1–7). */
export const CALVARIAL_BONES: readonly SkullBoneCode[] = [1, 2, 3, 4, 5, 6, 7];

/** Whether a label is bone (the calvarial bones and the skull base), not a suture or fontanelle. */
export function isBoneCode(code: number): boolean {
  return code >= SKULL_BONE.frontalL && code <= SKULL_BONE.base;
}

/** Readable name of each code, indexed by code. */
export const SKULL_BONE_NAMES: readonly string[] = [
  'none',
  'frontal (left)',
  'frontal (right)',
  'parietal (left)',
  'parietal (right)',
  'occipital',
  'temporal squama (left)',
  'temporal squama (right)',
  'skull base and face',
  'suture',
  'fontanelle',
];

type P3 = readonly [number, number, number];

/** Outer radius of the surface (mm) along a unit direction from the origin. */
export type RadiusAlong = (dx: number, dy: number, dz: number) => number;

/** Landmark directions before scaling by the extents (those of skullShape.ts). */
const DIR = {
  bregma: [0.3, 0, 0.954],
  lambda: [-0.7, 0, 0.714],
  pterion: [0.5, 0.78, 0.37],
  asterion: [-0.62, 0.72, 0.3],
} as const;

/** Squamosal arch above the pterion–asterion line, × c_up. */
const SQUAMOSAL_ARCH = 0.08;
/** Skull base: below this × the depth of the surface below the origin. */
const BASE_LEVEL = 0.45;
/** The metopic suture runs above this × c_up. */
const METOPIC_FLOOR = 0.25;

/** The bone layout of one skull surface. */
export interface BoneAtlas {
  extents: { front: number; back: number; left: number; right: number; up: number; down: number };
  landmarks: { bregma: P3; lambda: P3; pterionL: P3; pterionR: P3; asterionL: P3; asterionR: P3 };
  /** Unit normals of the coronal (pointing forward) and lambdoid (pointing back) planes. */
  coronalNormal: P3;
  lambdoidNormal: P3;
  /** z below which the surface is skull base and face, mm. */
  baseZ: number;
  widths: SutureWidths;
}

function unit(v: P3): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function planeNormal(p: P3, q: P3, r: P3, towardsX: number): [number, number, number] {
  const u = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
  const v = [r[0] - p[0], r[1] - p[1], r[2] - p[2]];
  const n = unit([
    (u[1] as number) * (v[2] as number) - (u[2] as number) * (v[1] as number),
    (u[2] as number) * (v[0] as number) - (u[0] as number) * (v[2] as number),
    (u[0] as number) * (v[1] as number) - (u[1] as number) * (v[0] as number),
  ]);
  return n[0] * towardsX >= 0 ? n : [-n[0], -n[1], -n[2]];
}

/** The bone layout of the surface `radiusAlong` with suture and fontanelle sizes `widths` (mm). */
export function boneAtlas(radiusAlong: RadiusAlong, widths: SutureWidths): BoneAtlas {
  const e = {
    front: radiusAlong(1, 0, 0),
    back: radiusAlong(-1, 0, 0),
    left: radiusAlong(0, 1, 0),
    right: radiusAlong(0, -1, 0),
    up: radiusAlong(0, 0, 1),
    down: radiusAlong(0, 0, -1),
  };
  const at = (u: P3): P3 => {
    const d = unit([
      u[0] * (u[0] >= 0 ? e.front : e.back),
      u[1] * (u[1] >= 0 ? e.left : e.right),
      u[2] * (u[2] >= 0 ? e.up : e.down),
    ]);
    const r = radiusAlong(d[0], d[1], d[2]);
    return [r * d[0], r * d[1], r * d[2]];
  };
  const flip = (u: P3): P3 => [u[0], -u[1], u[2]];
  const landmarks = {
    bregma: at(DIR.bregma),
    lambda: at(DIR.lambda),
    pterionL: at(DIR.pterion),
    pterionR: at(flip(DIR.pterion)),
    asterionL: at(DIR.asterion),
    asterionR: at(flip(DIR.asterion)),
  };
  const L = landmarks;
  return {
    extents: e,
    landmarks,
    coronalNormal: planeNormal(L.bregma, L.pterionL, L.pterionR, 1),
    lambdoidNormal: planeNormal(L.lambda, L.asterionL, L.asterionR, -1),
    baseZ: -BASE_LEVEL * e.down,
    widths,
  };
}

const dot3 = (n: P3, x: number, y: number, z: number, p: P3): number =>
  n[0] * (x - p[0]) + n[1] * (y - p[1]) + n[2] * (z - p[2]);

const dist3 = (x: number, y: number, z: number, p: P3): number => Math.hypot(x - p[0], y - p[1], z - p[2]);

/** Height of the squamosal suture (mm) at x on one side (asterion A, pterion P). */
export function squamosalZ(atlas: BoneAtlas, x: number, left: boolean): number {
  const A = left ? atlas.landmarks.asterionL : atlas.landmarks.asterionR;
  const P = left ? atlas.landmarks.pterionL : atlas.landmarks.pterionR;
  const t = Math.min(1, Math.max(0, (x - A[0]) / (P[0] - A[0])));
  return A[2] + t * (P[2] - A[2]) + SQUAMOSAL_ARCH * atlas.extents.up * 4 * t * (1 - t);
}

/** Bone territory of a surface point (sutures and fontanelles ignored): codes 1–8. */
export function boneRegionAt(atlas: BoneAtlas, x: number, y: number, z: number): SkullBoneCode {
  if (z < atlas.baseZ) return SKULL_BONE.base;
  const left = y >= 0;
  const L = atlas.landmarks;
  if (dot3(atlas.coronalNormal, x, y, z, L.bregma) > 0)
    return left ? SKULL_BONE.frontalL : SKULL_BONE.frontalR;
  if (dot3(atlas.lambdoidNormal, x, y, z, L.lambda) > 0) return SKULL_BONE.occipital;
  if (z < squamosalZ(atlas, x, left)) return left ? SKULL_BONE.temporalL : SKULL_BONE.temporalR;
  return left ? SKULL_BONE.parietalL : SKULL_BONE.parietalR;
}

/** Whether a surface point lies in a fontanelle. */
function inFontanelle(atlas: BoneAtlas, x: number, y: number, z: number): boolean {
  const w = atlas.widths;
  const L = atlas.landmarks;
  if (w.afX > 0 && w.afY > 0 && z > 0 && Math.abs(x - L.bregma[0]) / w.afX + Math.abs(y) / w.afY < 1)
    return true;
  if (dist3(x, y, z, L.lambda) < w.pf) return true;
  const left = y >= 0;
  if (dist3(x, y, z, left ? L.pterionL : L.pterionR) < w.sphenoid) return true;
  return dist3(x, y, z, left ? L.asterionL : L.asterionR) < w.mastoid;
}

/**
 * Distance along the surface (mm) from a point to the level set g = 0 of a boundary function with
 * gradient `grad`: |g| over the gradient's component tangent to the surface, the surface normal taken
 * as the radial direction (exact on a sphere). A plane that cuts the surface obliquely would
 * otherwise draw its suture wider than asked.
 */
function surfaceDist(g: number, grad: P3, x: number, y: number, z: number): number {
  const r = Math.hypot(x, y, z) || 1;
  const gr = (grad[0] * x + grad[1] * y + grad[2] * z) / r;
  const t2 = grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2] - gr * gr;
  return Math.abs(g) / Math.sqrt(Math.max(1e-6, t2));
}

const Y_AXIS: P3 = [0, 1, 0];

/** Distance along the surface to the squamosal arc of the point's side, mm. */
function squamosalDist(atlas: BoneAtlas, x: number, y: number, z: number): number {
  const left = y >= 0;
  const dx = 0.01;
  const slope = (squamosalZ(atlas, x + dx, left) - squamosalZ(atlas, x - dx, left)) / (2 * dx);
  return surfaceDist(z - squamosalZ(atlas, x, left), [-slope, 0, 1], x, y, z);
}

/** Whether a surface point of territory `region` lies within half a suture width of a boundary. */
function inSuture(atlas: BoneAtlas, region: SkullBoneCode, x: number, y: number, z: number): boolean {
  const w = atlas.widths;
  const h = w.suture / 2;
  const L = atlas.landmarks;
  const nC = atlas.coronalNormal;
  const nL = atlas.lambdoidNormal;
  const coronal = (): number => surfaceDist(dot3(nC, x, y, z, L.bregma), nC, x, y, z);
  const lambdoid = (): number => surfaceDist(dot3(nL, x, y, z, L.lambda), nL, x, y, z);
  const midline = (): number => surfaceDist(y, Y_AXIS, x, y, z);
  if (region === SKULL_BONE.frontalL || region === SKULL_BONE.frontalR) {
    if (w.metopic > 0 && z > METOPIC_FLOOR * atlas.extents.up && midline() < w.metopic / 2) return true;
    return h > 0 && coronal() < h;
  }
  if (h <= 0) return false;
  if (region === SKULL_BONE.occipital) return lambdoid() < h;
  // Parietal or temporal: the coronal and lambdoid planes, the squamosal arc, the sagittal line.
  if (coronal() < h || lambdoid() < h || squamosalDist(atlas, x, y, z) < h) return true;
  return (region === SKULL_BONE.parietalL || region === SKULL_BONE.parietalR) && midline() < h;
}

/**
 * Label of a point on the outer surface (mm): a bone (1–7), skull base (8), suture (9) or
 * fontanelle (10). A point off the surface takes the label of the surface point on its ray.
 */
export function boneLabelAt(atlas: BoneAtlas, x: number, y: number, z: number): SkullBoneCode {
  const region = boneRegionAt(atlas, x, y, z);
  if (region === SKULL_BONE.base) return region;
  if (inFontanelle(atlas, x, y, z)) return SKULL_BONE.fontanelle;
  if (inSuture(atlas, region, x, y, z)) return SKULL_BONE.suture;
  return region;
}

/** Labels of surface points given as xyz-interleaved positions (mm). */
export function boneLabels(atlas: BoneAtlas, positions: ArrayLike<number>): Uint8Array {
  const n = Math.floor(positions.length / 3);
  const out = new Uint8Array(n);
  for (let v = 0; v < n; v++)
    out[v] = boneLabelAt(
      atlas,
      positions[3 * v] as number,
      positions[3 * v + 1] as number,
      positions[3 * v + 2] as number,
    );
  return out;
}

/** One line naming every label code, for file headers (e.g. PLY comments). */
export function boneLabelCodes(): string {
  return SKULL_BONE_NAMES.map((name, code) => `${code} ${name}`).join(', ');
}
