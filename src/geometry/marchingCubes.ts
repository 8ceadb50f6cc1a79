import { MC_TABLE } from './marchingCubesTable';
import type { Mesh, Volume } from './types';

/**
 * Square codes of one padded layer: bit 0..3 = inside flags of corners (I,J), (I+1,J), (I,J+1),
 * (I+1,J+1) at `sq[J * (nx + 2) + I]`, with the one-voxel virtual outside border. `ins` is scratch
 * (nx + 2)·(ny + 2) with a zero border. Returns false (leaving `sq` untouched) if nothing is inside.
 */
function squareCodes(
  data: ArrayLike<number>,
  base: number,
  nx: number,
  ny: number,
  iso: number,
  ins: Uint8Array,
  sq: Uint8Array,
): boolean {
  const PX = nx + 2;
  let any = 0;
  for (let j = 0; j < ny; j++) {
    const row = base + j * nx;
    const p = (j + 1) * PX + 1;
    for (let i = 0; i < nx; i++) {
      const b = (data[row + i] as number) < iso ? 1 : 0;
      ins[p + i] = b;
      any |= b;
    }
  }
  if (!any) return false;
  for (let J = 0; J <= ny; J++) {
    const r0 = J * PX;
    const r1 = r0 + PX;
    let prev = (ins[r0] as number) | ((ins[r1] as number) << 2);
    for (let I = 0; I <= nx; I++) {
      const cur = (ins[r0 + I + 1] as number) | ((ins[r1 + I + 1] as number) << 2);
      sq[r0 + I] = prev | (cur << 1);
      prev = cur;
    }
  }
  return true;
}

/**
 * Iso-surface of a scalar volume by marching cubes.
 *
 * Field convention: negative inside the object (signed-distance-like, mm); a voxel is inside when its
 * value is `< iso`. Values beyond the grid are treated as outside: the grid is virtually padded by one
 * layer of outside voxels (no copy of the volume), so objects touching the border give closed surfaces.
 * A cut edge between a real voxel and a virtual one gets its vertex half-way, i.e. on the physical
 * boundary of the volume (half a voxel beyond the last voxel centre), with the boundary's axis as normal.
 *
 * Output: an indexed mesh in mm (`origin + index * spacing`) with exactly one vertex per cut grid edge,
 * watertight, with triangles counter-clockwise seen from outside (outside = field > iso) and unit normals
 * from the trilinearly interpolated central-difference gradient of the field (pointing outward).
 *
 * Cost: one pass over the voxels plus work proportional to the surface; slice-by-slice edge caches.
 *
 * @param vol - scalar field, x fastest, any spacing (mm).
 * @param iso - iso level, in the field's units (mm for distance fields). Default 0.
 */
export function marchingCubes(vol: Volume, iso = 0): Mesh {
  return extract(vol, iso, false).mesh;
}

/**
 * Volume (mm³) enclosed by the marching-cubes iso-surface of `vol`, without building the mesh: the
 * same vertices and triangles as {@link marchingCubes}, summed by the divergence theorem as they are
 * made (no normals, no index buffer). Bit-for-bit `meshVolume(marchingCubes(vol, iso))`.
 *
 * @param vol - scalar field, x fastest, any spacing (mm); inside where `< iso`.
 * @param iso - iso level. Default 0.
 */
export function isoSurfaceVolume(vol: Volume, iso = 0): number {
  return extract(vol, iso, true).volumeMm3;
}

/** Marching cubes proper: the mesh, or (volumeOnly) just the enclosed volume. */
function extract(vol: Volume, iso: number, volumeOnly: boolean): { mesh: Mesh; volumeMm3: number } {
  const [nx, ny, nz] = vol.dims;
  const [sx, sy, sz] = vol.spacing;
  const [ox, oy, oz] = vol.origin;
  const data = vol.data;
  const nxy = nx * ny;
  // Padded corner grid: padded index I = i + 1, with I = 0 and I = nx + 1 virtual (outside).
  const PX = nx + 2;
  const PY = ny + 2;
  const layerSize = PX * PY;

  const { triOffsets, triEdges, cutOffsets, cutEdges } = MC_TABLE;

  // Growable output buffers.
  let pos = new Float32Array(3 * Math.max(1024, 2 * (nx * ny + ny * nz + nx * nz)));
  let nrm = new Float32Array(volumeOnly ? 0 : pos.length);
  let idx = new Uint32Array(volumeOnly ? 0 : 2 * pos.length);
  let nVert = 0;
  let nIdx = 0;
  let volume6 = 0; // six times the enclosed volume (volumeOnly)

  // Per padded layer: 4-bit square codes (corners (I,J), (I+1,J), (I,J+1), (I+1,J+1)) at J * PX + I,
  // zero in the unused last column and row. 32-bit views skip four empty cubes per test.
  const words = (layerSize + 3) >> 2;
  let sq0 = new Uint8Array(4 * words);
  let sq1 = new Uint8Array(4 * words);
  let w0 = new Uint32Array(sq0.buffer);
  let w1 = new Uint32Array(sq1.buffer);
  const ins = new Uint8Array(layerSize);
  // Edge caches (vertex ids): x- and y-edges on layers K and K + 1, z-edges of the slab. An entry is
  // current only if made in this or the previous slab (id ≥ the vertex count when that slab started),
  // so the caches never need clearing.
  let xc0 = new Int32Array(layerSize).fill(-1);
  let xc1 = new Int32Array(layerSize).fill(-1);
  let yc0 = new Int32Array(layerSize).fill(-1);
  let yc1 = new Int32Array(layerSize).fill(-1);
  const zc = new Int32Array(layerSize).fill(-1);
  const local = new Int32Array(12);

  /** Fills `sq` for padded layer K; returns whether any voxel of it is inside. */
  const fillLayer = (K: number, sq: Uint8Array): boolean => {
    if (K === 0 || K === nz + 1 || !squareCodes(data, (K - 1) * nxy, nx, ny, iso, ins, sq)) {
      sq.fill(0);
      return false;
    }
    return true;
  };

  const value = (i: number, j: number, k: number): number => data[i + nx * (j + ny * k)] as number;

  /** Central-difference gradient (one-sided at the border) at real voxel (i,j,k), into g[o..o+2]. */
  const grad = new Float64Array(6);
  const gradientAt = (i: number, j: number, k: number, o: number): void => {
    const c = i + nx * (j + ny * k);
    const i0 = i > 0 ? c - 1 : c;
    const i1 = i < nx - 1 ? c + 1 : c;
    const j0 = j > 0 ? c - nx : c;
    const j1 = j < ny - 1 ? c + nx : c;
    const k0 = k > 0 ? c - nxy : c;
    const k1 = k < nz - 1 ? c + nxy : c;
    const dx = (i < nx - 1 ? 1 : 0) + (i > 0 ? 1 : 0);
    const dy = (j < ny - 1 ? 1 : 0) + (j > 0 ? 1 : 0);
    const dz = (k < nz - 1 ? 1 : 0) + (k > 0 ? 1 : 0);
    grad[o] = dx ? ((data[i1] as number) - (data[i0] as number)) / (dx * sx) : 0;
    grad[o + 1] = dy ? ((data[j1] as number) - (data[j0] as number)) / (dy * sy) : 0;
    grad[o + 2] = dz ? ((data[k1] as number) - (data[k0] as number)) / (dz * sz) : 0;
  };

  /** A vertex without normal (volume only): the cut point of edge (i, j, k) + t·(ax, ay, az). */
  const positionOnly = (
    i: number,
    j: number,
    k: number,
    ax: number,
    ay: number,
    az: number,
    t: number,
  ): number => {
    const o = 3 * nVert;
    pos[o] = ox + (i + t * ax) * sx;
    pos[o + 1] = oy + (j + t * ay) * sy;
    pos[o + 2] = oz + (k + t * az) * sz;
    return nVert++;
  };

  /** Creates the vertex on the cut edge along `axis` whose lower end is padded corner (I, J, K). */
  const makeVertex = (axis: number, I: number, J: number, K: number): number => {
    if (3 * nVert + 3 > pos.length) {
      const grown = new Float32Array(pos.length * 2);
      grown.set(pos);
      pos = grown;
      const grownN = new Float32Array(nrm.length * 2);
      grownN.set(nrm);
      nrm = grownN;
    }
    const i = I - 1;
    const j = J - 1;
    const k = K - 1;
    const ax = axis === 0 ? 1 : 0;
    const ay = axis === 1 ? 1 : 0;
    const az = axis === 2 ? 1 : 0;
    const i2 = i + ax;
    const j2 = j + ay;
    const k2 = k + az;
    const lowVirtual = i < 0 || j < 0 || k < 0;
    const highVirtual = i2 >= nx || j2 >= ny || k2 >= nz;
    let t = 0.5;
    let gx: number;
    let gy: number;
    let gz: number;
    if (lowVirtual || highVirtual) {
      if (volumeOnly) return positionOnly(i, j, k, ax, ay, az, t);
      const s = highVirtual ? 1 : -1; // outward = towards the virtual (outside) corner
      gx = s * ax;
      gy = s * ay;
      gz = s * az;
    } else {
      const v0 = value(i, j, k);
      const v1 = value(i2, j2, k2);
      t = (iso - v0) / (v1 - v0);
      if (!(t >= 0 && t <= 1)) t = 0.5;
      if (volumeOnly) return positionOnly(i, j, k, ax, ay, az, t);
      gradientAt(i, j, k, 0);
      gradientAt(i2, j2, k2, 3);
      const u = 1 - t;
      gx = u * (grad[0] as number) + t * (grad[3] as number);
      gy = u * (grad[1] as number) + t * (grad[4] as number);
      gz = u * (grad[2] as number) + t * (grad[5] as number);
      if (gx * gx + gy * gy + gz * gz === 0) {
        const s = v1 > v0 ? 1 : -1;
        gx = s * ax;
        gy = s * ay;
        gz = s * az;
      }
    }
    const len = Math.sqrt(gx * gx + gy * gy + gz * gz);
    const o = 3 * nVert;
    pos[o] = ox + (i + t * ax) * sx;
    pos[o + 1] = oy + (j + t * ay) * sy;
    pos[o + 2] = oz + (k + t * az) * sz;
    nrm[o] = gx / len;
    nrm[o + 1] = gy / len;
    nrm[o + 2] = gz / len;
    return nVert++;
  };

  let any1 = fillLayer(0, sq1);
  let startPrev = 0;
  const lastQ = PX * (PY - 1);
  for (let K = 0; K <= nz; K++) {
    // Slide the window: layer K becomes the bottom, read layer K + 1.
    const tmp = sq0;
    sq0 = sq1;
    sq1 = tmp;
    const tmpw = w0;
    w0 = w1;
    w1 = tmpw;
    const any0 = any1;
    any1 = fillLayer(K + 1, sq1);
    let tmpc = xc0;
    xc0 = xc1;
    xc1 = tmpc;
    tmpc = yc0;
    yc0 = yc1;
    yc1 = tmpc;
    const start0 = startPrev; // layer-K caches were made in the previous slab or this one
    const start1 = nVert; // layer-(K+1) and z caches only in this one
    startPrev = nVert;
    if (!any0 && !any1) continue;

    for (let w = 0; w < words; w++) {
      if (((w0[w] as number) | (w1[w] as number)) === 0) continue;
      const qEnd = Math.min(4 * w + 4, lastQ);
      for (let q = 4 * w; q < qEnd; q++) {
        const c = (sq0[q] as number) | ((sq1[q] as number) << 4);
        if (c === 0 || c === 255) continue;
        const J = (q / PX) | 0;
        const I = q - J * PX;
        const cEnd = cutOffsets[c + 1] as number;
        for (let p = cutOffsets[c] as number; p < cEnd; p++) {
          const e = cutEdges[p] as number;
          let v: number;
          if (e < 4) {
            const dy = e & 1;
            const ci = q + dy * PX;
            if (e >> 1) {
              v = xc1[ci] as number;
              if (v < start1) xc1[ci] = v = makeVertex(0, I, J + dy, K + 1);
            } else {
              v = xc0[ci] as number;
              if (v < start0) xc0[ci] = v = makeVertex(0, I, J + dy, K);
            }
          } else if (e < 8) {
            const ci = q + (e & 1);
            if ((e >> 1) & 1) {
              v = yc1[ci] as number;
              if (v < start1) yc1[ci] = v = makeVertex(1, I + (e & 1), J, K + 1);
            } else {
              v = yc0[ci] as number;
              if (v < start0) yc0[ci] = v = makeVertex(1, I + (e & 1), J, K);
            }
          } else {
            const dx = e & 1;
            const dy = (e >> 1) & 1;
            const ci = q + dx + dy * PX;
            v = zc[ci] as number;
            if (v < start1) zc[ci] = v = makeVertex(2, I + dx, J + dy, K);
          }
          local[e] = v;
        }
        const tEnd = triOffsets[c + 1] as number;
        const tStart = triOffsets[c] as number;
        if (volumeOnly) {
          // Signed volume of each triangle's tetrahedron with the first vertex, as meshVolume sums it.
          const rx = pos[0] as number;
          const ry = pos[1] as number;
          const rz = pos[2] as number;
          for (let p = tStart; p < tEnd; p += 3) {
            const a = 3 * (local[triEdges[p] as number] as number);
            const b = 3 * (local[triEdges[p + 1] as number] as number);
            const d = 3 * (local[triEdges[p + 2] as number] as number);
            const ax = (pos[a] as number) - rx;
            const ay = (pos[a + 1] as number) - ry;
            const az = (pos[a + 2] as number) - rz;
            const bx = (pos[b] as number) - rx;
            const by = (pos[b + 1] as number) - ry;
            const bz = (pos[b + 2] as number) - rz;
            const cx = (pos[d] as number) - rx;
            const cy = (pos[d + 1] as number) - ry;
            const cz = (pos[d + 2] as number) - rz;
            volume6 += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
          }
          continue;
        }
        if (nIdx + (tEnd - tStart) > idx.length) {
          const grown = new Uint32Array(idx.length * 2);
          grown.set(idx);
          idx = grown;
        }
        for (let p = tStart; p < tEnd; p++) idx[nIdx++] = local[triEdges[p] as number] as number;
      }
    }
  }

  if (volumeOnly) {
    const none = {
      positions: new Float32Array(0),
      normals: new Float32Array(0),
      indices: new Uint32Array(0),
    };
    return { mesh: none, volumeMm3: volume6 / 6 };
  }
  return {
    mesh: {
      positions: pos.slice(0, 3 * nVert),
      normals: nrm.slice(0, 3 * nVert),
      indices: idx.slice(0, nIdx),
    },
    volumeMm3: NaN,
  };
}
