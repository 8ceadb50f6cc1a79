import * as THREE from 'three';
import type { MeshPayload } from '../pipeline/protocol';
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
 * [lo, hi] mm (viridis) or a plain colour when it has none.
 */
export function buildGeometry(mesh: MeshPayload, coloring: Coloring): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
  g.setAttribute('normal', new THREE.BufferAttribute(mesh.normals, 3));
  g.setIndex(new THREE.BufferAttribute(mesh.indices, 1));
  g.setAttribute('color', new THREE.BufferAttribute(colorsFor(mesh, coloring), 3));
  g.computeBoundingSphere();
  return g;
}

/** Rewrites the colour attribute in place (range change without new geometry). */
export function recolor(g: THREE.BufferGeometry, mesh: MeshPayload, coloring: Coloring): void {
  const attr = g.getAttribute('color') as THREE.BufferAttribute;
  (attr.array as Float32Array).set(colorsFor(mesh, coloring));
  attr.needsUpdate = true;
}

/** sRGB bytes per vertex of a mesh under a colouring (plain colour when it has no such values). */
export function colorBytes(mesh: MeshPayload, coloring: Coloring): Uint8Array {
  const n = mesh.positions.length / 3;
  if (coloring.by === 'displacement' && mesh.displacement)
    return displacementBytes(mesh.displacement, coloring.rangeMm);
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

function colorsFor(mesh: MeshPayload, coloring: Coloring): Float32Array {
  const n = mesh.positions.length / 3;
  const out = new Float32Array(n * 3);
  const rgb = colorBytes(mesh, coloring);
  const c = new THREE.Color();
  for (let i = 0; i < n; i++) {
    // Colormap bytes are sRGB; the renderer works in linear space.
    c.setRGB(
      (rgb[i * 3] ?? 0) / 255,
      (rgb[i * 3 + 1] ?? 0) / 255,
      (rgb[i * 3 + 2] ?? 0) / 255,
      THREE.SRGBColorSpace,
    );
    out[i * 3] = c.r;
    out[i * 3 + 1] = c.g;
    out[i * 3 + 2] = c.b;
  }
  return out;
}

/** The 2nd and 98th percentiles of a scalar, for an automatic colour range (mm). */
export function robustRange(values: Float32Array): [number, number] {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return [0, 1];
  const at = (q: number) => finite[Math.min(finite.length - 1, Math.floor(q * (finite.length - 1)))] ?? 0;
  const lo = at(0.02);
  const hi = at(0.98);
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}
