import * as THREE from 'three';
import type { MeshPayload } from '../pipeline/protocol';
import { boneLabelBytes } from './boneColors';
import { displacementBytes, scalarBytes } from './colors';

/** How a mesh is coloured: wall thickness over [loMm, hiMm], or displacement over ±rangeMm. */
export type Coloring =
  { by: 'thickness'; loMm: number; hiMm: number } | { by: 'displacement'; rangeMm: number };

/** Signed displacement colours span ± this many mm. */
export const DISPLACEMENT_RANGE_MM = 5;

/** Bone-like colour for meshes without a scalar, as linear RGB 0..1. */
const PLAIN = [0.9, 0.87, 0.8] as const;

/**
 * Builds a three.js geometry from a worker mesh, with per-vertex colours from its scalar over
 * [lo, hi] mm (viridis) or a plain colour when it has none. Its buffers have 30 % headroom so that
 * the next meshes of a drag fit them ({@link updateGeometry}).
 */
export function buildGeometry(mesh: MeshPayload, coloring: Coloring): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  const nv = Math.ceil(mesh.positions.length * HEADROOM);
  for (const name of ['position', 'normal', 'color']) {
    g.setAttribute(name, new THREE.BufferAttribute(new Float32Array(nv), 3).setUsage(THREE.DynamicDrawUsage));
  }
  const ni = Math.ceil(mesh.indices.length * HEADROOM);
  g.setIndex(new THREE.BufferAttribute(new Uint32Array(ni), 1).setUsage(THREE.DynamicDrawUsage));
  updateGeometry(g, mesh, coloring);
  return g;
}

/** Room for this many times the first mesh's vertices / indices. */
const HEADROOM = 1.3;

/** True when `mesh` fits the buffers of `g` (as made by {@link buildGeometry}). */
export function fitsGeometry(g: THREE.BufferGeometry, mesh: MeshPayload): boolean {
  const index = g.getIndex();
  return (
    (['position', 'normal', 'color'] as const).every(
      (name) => (g.getAttribute(name)?.array.length ?? -1) >= mesh.positions.length,
    ) &&
    index !== null &&
    index.array.length >= mesh.indices.length
  );
}

/** Marks the first `length` values of an attribute for upload (a sub-range upload, no new GL buffer). */
function touch(attr: THREE.BufferAttribute, length: number): void {
  attr.clearUpdateRanges();
  attr.addUpdateRange(0, length);
  attr.needsUpdate = true;
}

/**
 * Writes a worker mesh into the buffers of `g` (made by {@link buildGeometry}; check
 * {@link fitsGeometry} first): positions, normals, indices and colours are copied in place, only the
 * used range is uploaded to the existing GPU buffers, and the draw range limits drawing to the mesh.
 * @throws RangeError when the mesh does not fit.
 */
export function updateGeometry(g: THREE.BufferGeometry, mesh: MeshPayload, coloring: Coloring): void {
  if (!fitsGeometry(g, mesh)) throw new RangeError('updateGeometry: the mesh does not fit the buffers');
  const nv = mesh.positions.length;
  const position = g.getAttribute('position') as THREE.BufferAttribute;
  const normal = g.getAttribute('normal') as THREE.BufferAttribute;
  const color = g.getAttribute('color') as THREE.BufferAttribute;
  const index = g.getIndex() as THREE.BufferAttribute;
  (position.array as Float32Array).set(mesh.positions);
  (normal.array as Float32Array).set(mesh.normals);
  writeColors(color.array as Float32Array, mesh, coloring);
  (index.array as Uint32Array).set(mesh.indices);
  for (const attr of [position, normal, color]) touch(attr, nv);
  touch(index, mesh.indices.length);
  // Values past the mesh are left from older meshes; the draw range keeps them from being drawn.
  g.setDrawRange(0, mesh.indices.length);
  g.boundingSphere = sphereOf(mesh.positions);
  g.boundingBox = null;
}

/** Bounding sphere of a position list (centre of the box, radius to the farthest vertex). */
function sphereOf(p: Float32Array): THREE.Sphere {
  const box = new THREE.Box3();
  const v = new THREE.Vector3();
  for (let i = 0; i < p.length; i += 3)
    box.expandByPoint(v.set(p[i] as number, p[i + 1] as number, p[i + 2] as number));
  const center = box.isEmpty() ? new THREE.Vector3() : box.getCenter(new THREE.Vector3());
  let r2 = 0;
  for (let i = 0; i < p.length; i += 3)
    r2 = Math.max(
      r2,
      center.distanceToSquared(v.set(p[i] as number, p[i + 1] as number, p[i + 2] as number)),
    );
  return new THREE.Sphere(center, Math.sqrt(r2));
}

/** Rewrites the colour attribute in place (range change without new geometry). */
export function recolor(g: THREE.BufferGeometry, mesh: MeshPayload, coloring: Coloring): void {
  const attr = g.getAttribute('color') as THREE.BufferAttribute;
  writeColors(attr.array as Float32Array, mesh, coloring);
  touch(attr, mesh.positions.length);
}

/**
 * sRGB bytes per vertex of a mesh under a colouring (plain colour when it has no such values); a mesh
 * with per-vertex `labels` is coloured by label (boneColors.ts).
 */
export function colorBytes(mesh: MeshPayload, coloring: Coloring): Uint8Array {
  const n = mesh.positions.length / 3;
  if (coloring.by === 'displacement' && mesh.displacement)
    return displacementBytes(mesh.displacement, coloring.rangeMm);
  // A mesh that carries integer labels (the skull's bones, pipeline/skullBones.ts) shows them.
  if ('labels' in mesh && mesh.labels instanceof Uint8Array) return boneLabelBytes(mesh.labels);
  if (!mesh.scalar) {
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++)
      out.set(
        PLAIN.map((v) => Math.round(v * 255)),
        i * 3,
      );
    return out;
  }
  return coloring.by === 'thickness'
    ? scalarBytes(mesh.scalar, n, coloring.loMm, coloring.hiMm)
    : scalarBytes(mesh.scalar, n, 4, 20);
}

/** sRGB byte → linear value (the renderer works in linear space). */
const SRGB_TO_LINEAR = Float32Array.from(
  { length: 256 },
  (_, i) => new THREE.Color().setRGB(i / 255, 0, 0, THREE.SRGBColorSpace).r,
);

/** Linear RGB colours of a mesh under a colouring, written into `out` (3 per vertex). */
function writeColors(out: Float32Array, mesh: MeshPayload, coloring: Coloring): void {
  const rgb = colorBytes(mesh, coloring);
  for (let i = 0; i < rgb.length; i++) out[i] = SRGB_TO_LINEAR[rgb[i] as number] as number;
}

/** Linear RGB colours of a mesh under a colouring (3 per vertex). */
export function colorsFor(mesh: MeshPayload, coloring: Coloring): Float32Array {
  const out = new Float32Array(mesh.positions.length);
  writeColors(out, mesh, coloring);
  return out;
}

/** The 2nd and 98th percentiles of a scalar, for an automatic colour range (mm). */
export function robustRange(values: Float32Array): [number, number] {
  // A typed sort is numeric and puts NaN last; infinities are dropped from both ends.
  const sorted = Float32Array.from(values).sort();
  let lo0 = 0;
  let hi0 = sorted.length;
  while (hi0 > 0 && !Number.isFinite(sorted[hi0 - 1] as number)) hi0--;
  while (lo0 < hi0 && !Number.isFinite(sorted[lo0] as number)) lo0++;
  const n = hi0 - lo0;
  if (n === 0) return [0, 1];
  const at = (q: number) => sorted[lo0 + Math.min(n - 1, Math.floor(q * (n - 1)))] ?? 0;
  const lo = at(0.02);
  const hi = at(0.98);
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}
