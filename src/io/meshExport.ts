/**
 * Mesh export: PLY (binary little-endian or ASCII, per-vertex normals, colours, one optional float
 * scalar and one optional integer label), Wavefront OBJ and binary STL. Pure; positions are written in mm as stored in the mesh.
 */
import type { Mesh } from '../geometry/types.ts';
import { UserInputError } from './errors.ts';

/** Options for {@link meshToPly}. */
export interface PlyOptions {
  /** RGB per vertex, 0–255 (length 3 × vertex count). */
  colors?: Uint8Array;
  /** One float per vertex stored as an extra vertex property, e.g. `{name: 'thickness', values}` (mm). */
  scalars?: { name: string; values: Float32Array };
  /** One integer label (0–255) per vertex stored as a `uchar` property, e.g. `{name: 'bone_label', values}`. */
  labels?: { name: string; values: Uint8Array };
  /** Binary little-endian (default true) or ASCII. */
  binary?: boolean;
  /** Comment lines for the header. */
  comments?: string[];
}

function vertexCount(mesh: Mesh): number {
  return Math.floor(mesh.positions.length / 3);
}

function checkMesh(mesh: Mesh): void {
  const nv = vertexCount(mesh);
  if (mesh.positions.length !== nv * 3)
    throw new UserInputError('mesh positions length is not a multiple of 3');
  if (mesh.normals.length !== mesh.positions.length) {
    throw new UserInputError(`mesh has ${nv} vertices but ${mesh.normals.length / 3} normals`);
  }
  if (mesh.indices.length % 3 !== 0) throw new UserInputError('mesh indices length is not a multiple of 3');
  for (let i = 0; i < mesh.indices.length; i++) {
    if (mesh.indices[i]! >= nv)
      throw new UserInputError(`mesh index ${mesh.indices[i]} out of range (${nv} vertices)`);
  }
}

/**
 * Encode a mesh as PLY with x y z nx ny nz [red green blue] [scalar] [label] per vertex and
 * `vertex_indices` (uchar count, uint index) per face.
 */
export function meshToPly(mesh: Mesh, opts: PlyOptions = {}): Uint8Array {
  checkMesh(mesh);
  const nv = vertexCount(mesh);
  const nf = mesh.indices.length / 3;
  const { colors, scalars, labels } = opts;
  const binary = opts.binary ?? true;
  if (colors && colors.length !== nv * 3) {
    throw new UserInputError(`PLY colours: expected ${nv * 3} bytes (rgb per vertex), got ${colors.length}`);
  }
  if (scalars && scalars.values.length !== nv) {
    throw new UserInputError(
      `PLY scalar '${scalars.name}': expected ${nv} values, got ${scalars.values.length}`,
    );
  }
  if (scalars && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(scalars.name)) {
    throw new UserInputError(`PLY scalar name '${scalars.name}' must be a plain identifier`);
  }
  if (labels && labels.values.length !== nv) {
    throw new UserInputError(
      `PLY labels '${labels.name}': expected ${nv} values, got ${labels.values.length}`,
    );
  }
  if (labels && (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(labels.name) || labels.name === scalars?.name)) {
    throw new UserInputError(
      `PLY label name '${labels.name}' must be a plain identifier unlike the scalar's`,
    );
  }
  const lines = [
    'ply',
    `format ${binary ? 'binary_little_endian' : 'ascii'} 1.0`,
    'comment written by latent-anatomy-explorer',
    ...(opts.comments ?? []).map((c) => `comment ${c.replace(/[\r\n]/g, ' ')}`),
    `element vertex ${nv}`,
    'property float x',
    'property float y',
    'property float z',
    'property float nx',
    'property float ny',
    'property float nz',
  ];
  if (colors) lines.push('property uchar red', 'property uchar green', 'property uchar blue');
  if (scalars) lines.push(`property float ${scalars.name}`);
  if (labels) lines.push(`property uchar ${labels.name}`);
  lines.push(`element face ${nf}`, 'property list uchar uint vertex_indices', 'end_header');
  const header = new TextEncoder().encode(lines.join('\n') + '\n');
  const { positions: p, normals: n, indices } = mesh;

  if (!binary) {
    const out: string[] = [];
    for (let v = 0; v < nv; v++) {
      const parts = [p[3 * v], p[3 * v + 1], p[3 * v + 2], n[3 * v], n[3 * v + 1], n[3 * v + 2]].map(String);
      if (colors) parts.push(String(colors[3 * v]), String(colors[3 * v + 1]), String(colors[3 * v + 2]));
      if (scalars) parts.push(String(scalars.values[v]));
      if (labels) parts.push(String(labels.values[v]));
      out.push(parts.join(' '));
    }
    for (let f = 0; f < nf; f++) out.push(`3 ${indices[3 * f]} ${indices[3 * f + 1]} ${indices[3 * f + 2]}`);
    const body = new TextEncoder().encode(out.join('\n') + '\n');
    const all = new Uint8Array(header.length + body.length);
    all.set(header);
    all.set(body, header.length);
    return all;
  }

  const vStride = 24 + (colors ? 3 : 0) + (scalars ? 4 : 0) + (labels ? 1 : 0);
  const out = new Uint8Array(header.length + nv * vStride + nf * 13);
  out.set(header);
  const dv = new DataView(out.buffer);
  let o = header.length;
  for (let v = 0; v < nv; v++) {
    for (let k = 0; k < 3; k++) dv.setFloat32(o + 4 * k, p[3 * v + k]!, true);
    for (let k = 0; k < 3; k++) dv.setFloat32(o + 12 + 4 * k, n[3 * v + k]!, true);
    o += 24;
    if (colors) {
      out[o] = colors[3 * v]!;
      out[o + 1] = colors[3 * v + 1]!;
      out[o + 2] = colors[3 * v + 2]!;
      o += 3;
    }
    if (scalars) {
      dv.setFloat32(o, scalars.values[v]!, true);
      o += 4;
    }
    if (labels) out[o++] = labels.values[v]!;
  }
  for (let f = 0; f < nf; f++) {
    out[o] = 3;
    for (let k = 0; k < 3; k++) dv.setUint32(o + 1 + 4 * k, indices[3 * f + k]!, true);
    o += 13;
  }
  return out;
}

/** Encode a mesh as Wavefront OBJ text: `v`, `vn` and `f a//a b//b c//c` (1-based). */
export function meshToObj(mesh: Mesh, name = 'mesh'): string {
  checkMesh(mesh);
  const nv = vertexCount(mesh);
  const { positions: p, normals: n, indices } = mesh;
  const out: string[] = [
    '# written by latent-anatomy-explorer (units: mm)',
    `o ${name.replace(/\s+/g, '_')}`,
  ];
  for (let v = 0; v < nv; v++) out.push(`v ${p[3 * v]} ${p[3 * v + 1]} ${p[3 * v + 2]}`);
  for (let v = 0; v < nv; v++) out.push(`vn ${n[3 * v]} ${n[3 * v + 1]} ${n[3 * v + 2]}`);
  for (let f = 0; f < indices.length; f += 3) {
    const a = indices[f]! + 1;
    const b = indices[f + 1]! + 1;
    const c = indices[f + 2]! + 1;
    out.push(`f ${a}//${a} ${b}//${b} ${c}//${c}`);
  }
  return out.join('\n') + '\n';
}

/** Encode a mesh as binary STL (80-byte header, facet normals from the triangle winding). */
export function meshToStl(mesh: Mesh, name = 'latent-anatomy-explorer mesh'): Uint8Array {
  checkMesh(mesh);
  const nf = mesh.indices.length / 3;
  const out = new Uint8Array(84 + nf * 50);
  const dv = new DataView(out.buffer);
  const head = name.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  // A binary STL header must not start with "solid" or readers take it for ASCII.
  const safe = /^solid/i.test(head) ? `mesh ${head}`.slice(0, 80) : head;
  for (let i = 0; i < safe.length; i++) out[i] = safe.charCodeAt(i);
  dv.setUint32(80, nf, true);
  const p = mesh.positions;
  const idx = mesh.indices;
  let o = 84;
  for (let f = 0; f < nf; f++) {
    const a = 3 * idx[3 * f]!;
    const b = 3 * idx[3 * f + 1]!;
    const c = 3 * idx[3 * f + 2]!;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len > 0) {
      nx /= len;
      ny /= len;
      nz /= len;
    }
    dv.setFloat32(o, nx, true);
    dv.setFloat32(o + 4, ny, true);
    dv.setFloat32(o + 8, nz, true);
    for (const [k, base] of [a, b, c].entries()) {
      for (let j = 0; j < 3; j++) dv.setFloat32(o + 12 + 12 * k + 4 * j, p[base + j]!, true);
    }
    o += 50; // 2 attribute bytes stay 0
  }
  return out;
}
