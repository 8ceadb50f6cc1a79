/**
 * Minimal PLY / OBJ / STL readers used by tests to check what the exporters wrote. Not for user files.
 */

/** A parsed PLY: per-element property columns. */
export interface ParsedPly {
  format: string;
  comments: string[];
  vertexCount: number;
  faceCount: number;
  /** Vertex property names in file order. */
  vertexProps: string[];
  /** Column per vertex property. */
  vertex: Record<string, number[]>;
  /** Faces as index triples (or longer lists). */
  faces: number[][];
}

const SIZES: Record<string, number> = {
  char: 1,
  uchar: 1,
  short: 2,
  ushort: 2,
  int: 4,
  uint: 4,
  float: 4,
  double: 8,
};

function readScalar(dv: DataView, o: number, type: string): number {
  switch (type) {
    case 'char':
      return dv.getInt8(o);
    case 'uchar':
      return dv.getUint8(o);
    case 'short':
      return dv.getInt16(o, true);
    case 'ushort':
      return dv.getUint16(o, true);
    case 'int':
      return dv.getInt32(o, true);
    case 'uint':
      return dv.getUint32(o, true);
    case 'float':
      return dv.getFloat32(o, true);
    case 'double':
      return dv.getFloat64(o, true);
    default:
      throw new Error(`unknown PLY type ${type}`);
  }
}

/** Parse a PLY with one vertex element of scalar properties and one face element with a list. */
export function parsePly(bytes: Uint8Array): ParsedPly {
  const marker = new TextEncoder().encode('end_header\n');
  let end = -1;
  for (let i = 0; i + marker.length <= bytes.length && end < 0; i++) {
    let ok = true;
    for (let k = 0; k < marker.length && ok; k++) ok = bytes[i + k] === marker[k];
    if (ok) end = i + marker.length;
  }
  if (end < 0) throw new Error('no end_header');
  const lines = new TextDecoder().decode(bytes.subarray(0, end)).trim().split('\n');
  if (lines[0] !== 'ply') throw new Error('not ply');
  const res: ParsedPly = {
    format: '',
    comments: [],
    vertexCount: 0,
    faceCount: 0,
    vertexProps: [],
    vertex: {},
    faces: [],
  };
  const vTypes: string[] = [];
  let faceList: [string, string] = ['uchar', 'uint'];
  let current = '';
  for (const line of lines.slice(1)) {
    const t = line.split(' ');
    if (t[0] === 'format') res.format = t[1] ?? '';
    else if (t[0] === 'comment') res.comments.push(t.slice(1).join(' '));
    else if (t[0] === 'element') {
      current = t[1] ?? '';
      if (current === 'vertex') res.vertexCount = Number(t[2]);
      if (current === 'face') res.faceCount = Number(t[2]);
    } else if (t[0] === 'property' && current === 'vertex') {
      vTypes.push(t[1] ?? '');
      res.vertexProps.push(t[2] ?? '');
    } else if (t[0] === 'property' && current === 'face') {
      faceList = [t[2] ?? '', t[3] ?? ''];
    }
  }
  for (const p of res.vertexProps) res.vertex[p] = [];
  if (res.format === 'ascii') {
    const body = new TextDecoder().decode(bytes.subarray(end)).trim().split('\n');
    for (let v = 0; v < res.vertexCount; v++) {
      const vals = (body[v] ?? '').split(' ').map(Number);
      res.vertexProps.forEach((p, k) => res.vertex[p]!.push(vals[k] ?? NaN));
    }
    for (let f = 0; f < res.faceCount; f++) {
      const vals = (body[res.vertexCount + f] ?? '').split(' ').map(Number);
      res.faces.push(vals.slice(1, 1 + (vals[0] ?? 0)));
    }
    return res;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = end;
  for (let v = 0; v < res.vertexCount; v++) {
    vTypes.forEach((type, k) => {
      res.vertex[res.vertexProps[k]!]!.push(readScalar(dv, o, type));
      o += SIZES[type] ?? 0;
    });
  }
  for (let f = 0; f < res.faceCount; f++) {
    const n = readScalar(dv, o, faceList[0]);
    o += SIZES[faceList[0]] ?? 0;
    const face: number[] = [];
    for (let k = 0; k < n; k++) {
      face.push(readScalar(dv, o, faceList[1]));
      o += SIZES[faceList[1]] ?? 0;
    }
    res.faces.push(face);
  }
  if (o !== bytes.length) throw new Error(`PLY has ${bytes.length - o} trailing bytes`);
  return res;
}

/** Parse OBJ `v`, `vn` and `f` lines (1-based indices become 0-based). */
export function parseObj(text: string): {
  v: number[][];
  vn: number[][];
  f: { v: number[]; vn: number[] }[];
} {
  const out = { v: [] as number[][], vn: [] as number[][], f: [] as { v: number[]; vn: number[] }[] };
  for (const line of text.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t[0] === 'v') out.v.push(t.slice(1).map(Number));
    else if (t[0] === 'vn') out.vn.push(t.slice(1).map(Number));
    else if (t[0] === 'f') {
      const parts = t.slice(1).map((s) => s.split('/'));
      out.f.push({ v: parts.map((p) => Number(p[0]) - 1), vn: parts.map((p) => Number(p[2]) - 1) });
    }
  }
  return out;
}

/** Parse a binary STL into facet normals and vertex triples. */
export function parseStl(bytes: Uint8Array): { header: string; normals: number[][]; tris: number[][][] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(80, true);
  if (bytes.length !== 84 + 50 * n) throw new Error(`STL size ${bytes.length} does not match ${n} facets`);
  const header = new TextDecoder().decode(bytes.subarray(0, 80)).replace(/\0+$/, '');
  const normals: number[][] = [];
  const tris: number[][][] = [];
  for (let f = 0; f < n; f++) {
    const o = 84 + 50 * f;
    const r = (k: number): number => dv.getFloat32(o + 4 * k, true);
    normals.push([r(0), r(1), r(2)]);
    tris.push([0, 1, 2].map((v) => [r(3 + 3 * v), r(4 + 3 * v), r(5 + 3 * v)]));
  }
  return { header, normals, tris };
}
