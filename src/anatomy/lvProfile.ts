/**
 * The LV cavity profile in its meridian half-plane (ρ = distance from the long axis, z) and a
 * lookup table of the exact distance to it.
 *
 * The cavity is a surface of revolution, so the 3-D distance from any point to its surface equals the
 * 2-D distance from (ρ, z) to the profile curve in the half-plane ρ ≥ 0 (the nearest point lies in
 * the point's own meridian). The profile r(h) = R·(1 − (1−h)^p)^½, h = (z − zApex)/L ∈ [0, 1], is
 * convex for p ≥ 1 (r is concave in h); it is sampled as a dense polyline, and the table stores, on a
 * fine (ρ, z) grid, the signed distance (negative inside the cavity) and the normalised height h of
 * the nearest profile point. Per-voxel work is then a bilinear lookup.
 */

/** A cavity profile sampled as a polyline from the apex (ρ = 0) to the base rim. */
export interface MeridianProfile {
  radiusMm: number;
  lengthMm: number;
  exponent: number;
  apexZ: number;
  baseZ: number;
  /** Vertex coordinates and normalised heights, apex first. */
  rho: Float64Array;
  z: Float64Array;
  h: Float64Array;
}

/** Cavity radius (mm) at normalised height h ∈ [0, 1]. */
export function profileRadius(radiusMm: number, exponent: number, h: number): number {
  if (h <= 0) return 0;
  if (h >= 1) return radiusMm;
  return radiusMm * Math.sqrt(1 - Math.pow(1 - h, exponent));
}

/** Samples the profile with `n` vertices, denser near the apex (h = (i / (n−1))²). */
export function makeProfile(
  radiusMm: number,
  lengthMm: number,
  exponent: number,
  baseZ: number,
  n = 640,
): MeridianProfile {
  const rho = new Float64Array(n);
  const z = new Float64Array(n);
  const h = new Float64Array(n);
  const apexZ = baseZ - lengthMm;
  for (let i = 0; i < n; i++) {
    const u = i / (n - 1);
    const hi = u * u;
    h[i] = hi;
    rho[i] = profileRadius(radiusMm, exponent, hi);
    z[i] = apexZ + hi * lengthMm;
  }
  return { radiusMm, lengthMm, exponent, apexZ, baseZ, rho, z, h };
}

/** Signed distance and nearest-point height on a regular (ρ, z) grid. */
export interface MeridianLut {
  step: number;
  z0: number;
  nRho: number;
  nZ: number;
  /** Signed distance to the profile (mm), negative inside the cavity; index iRho + nRho·iZ. */
  dist: Float32Array;
  /** Normalised height of the nearest profile point. */
  height: Float32Array;
}

/**
 * Builds the table over ρ ∈ [0, rhoMax] and z ∈ [zMin, zMax] at `step` mm. Each cell's nearest
 * polyline segment is found by a local descent started from the previous cell's answer (exact for
 * points outside the convex cavity, where the distance along the curve is unimodal); inside the
 * cavity the descent is also started from the segment level with the point.
 *
 * `zSamples` (mm), when given, are the only heights the table will be sampled at: only the rows that
 * bilinear lookups at those heights read are filled (the others stay 0), which is what a grid needs.
 */
export function buildMeridianLut(
  prof: MeridianProfile,
  rhoMax: number,
  zMin: number,
  zMax: number,
  step = 0.25,
  zSamples?: ArrayLike<number>,
): MeridianLut {
  const nRho = Math.max(2, Math.ceil(rhoMax / step) + 2);
  const nZ = Math.max(2, Math.ceil((zMax - zMin) / step) + 3);
  const z0 = zMin - step;
  const dist = new Float32Array(nRho * nZ);
  const height = new Float32Array(nRho * nZ);
  const { rho, z, h, radiusMm, exponent, apexZ, baseZ, lengthMm } = prof;
  const nSeg = rho.length - 1;

  // Nearest point on segment i: squared distance, with the segment parameter left in `segT`.
  let segT = 0;
  const segDist2 = (i: number, pr: number, pz: number): number => {
    const ar = rho[i] as number;
    const az = z[i] as number;
    const dr = (rho[i + 1] as number) - ar;
    const dz = (z[i + 1] as number) - az;
    const len2 = dr * dr + dz * dz;
    let t = len2 > 0 ? ((pr - ar) * dr + (pz - az) * dz) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const er = ar + t * dr - pr;
    const ez = az + t * dz - pz;
    segT = t;
    return er * er + ez * ez;
  };

  // Local descent from segment `start`; result in (resI, resD2, resT).
  let resI = 0;
  let resD2 = 0;
  let resT = 0;
  const descend = (start: number, pr: number, pz: number): void => {
    let i = start;
    let d = segDist2(i, pr, pz);
    let t = segT;
    for (;;) {
      if (i > 0) {
        const dm = segDist2(i - 1, pr, pz);
        if (dm < d) {
          i--;
          d = dm;
          t = segT;
          continue;
        }
      }
      if (i < nSeg - 1) {
        const dp = segDist2(i + 1, pr, pz);
        if (dp < d) {
          i++;
          d = dp;
          t = segT;
          continue;
        }
      }
      break;
    }
    resI = i;
    resD2 = d;
    resT = t;
  };

  let rows: Uint8Array | null = null;
  if (zSamples) {
    rows = new Uint8Array(nZ);
    for (let s = 0; s < zSamples.length; s++) {
      const iz = lutRow((zSamples[s] as number) - z0, step, nZ);
      rows[iz] = 1;
      rows[iz + 1] = 1;
    }
  }
  let rowStart = 0;
  for (let iz = 0; iz < nZ; iz++) {
    if (rows && !rows[iz]) continue;
    const pz = z0 + iz * step;
    const hz = (pz - apexZ) / lengthMm;
    const rowInside = pz >= apexZ && pz <= baseZ;
    const rowRadius = rowInside ? profileRadius(radiusMm, exponent, hz) : -1;
    // Segment at the row's own height: the seed for points inside the cavity.
    let level = 0;
    if (rowInside) {
      let lo = 0;
      let hi = nSeg - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((z[mid + 1] as number) < pz) lo = mid + 1;
        else hi = mid;
      }
      level = lo;
    }
    let seg = rowStart;
    for (let ir = 0; ir < nRho; ir++) {
      const pr = ir * step;
      const inside = pr < rowRadius;
      descend(seg, pr, pz);
      let i = resI;
      let d2 = resD2;
      let t = resT;
      if (inside) {
        // Inside, the distance along the curve may have a second local minimum: also descend from
        // the segment level with the point (the nearest wall point is there or close to it).
        {
          descend(level, pr, pz);
          if (resD2 < d2) {
            i = resI;
            d2 = resD2;
            t = resT;
          }
        }
      }
      seg = i;
      if (ir === 0) rowStart = i;
      const c = ir + nRho * iz;
      const d = Math.sqrt(d2);
      dist[c] = inside ? -d : d;
      height[c] = (h[i] as number) + t * ((h[i + 1] as number) - (h[i] as number));
    }
  }
  return { step, z0, nRho, nZ, dist, height };
}

/** Lower row of the bilinear lookup at height offset `dz` (mm above z0), as in {@link sampleMeridianLut}. */
function lutRow(dz: number, step: number, nZ: number): number {
  let fz = dz / step;
  if (fz < 0) fz = 0;
  if (fz > nZ - 1.000001) fz = nZ - 1.000001;
  return Math.floor(fz);
}

/**
 * Bilinear lookup at (ρ, z); writes [distance, height] into `out`. Points beyond the table's ρ or z
 * range are clamped to its edge (callers size the table to their grid).
 */
export function sampleMeridianLut(lut: MeridianLut, rhoMm: number, zMm: number, out: Float64Array): void {
  const { step, nRho, nZ, dist, height } = lut;
  let fr = rhoMm / step;
  let fz = (zMm - lut.z0) / step;
  if (fr < 0) fr = 0;
  if (fr > nRho - 1.000001) fr = nRho - 1.000001;
  if (fz < 0) fz = 0;
  if (fz > nZ - 1.000001) fz = nZ - 1.000001;
  const ir = Math.floor(fr);
  const iz = Math.floor(fz);
  const ur = fr - ir;
  const uz = fz - iz;
  const c00 = ir + nRho * iz;
  const c10 = c00 + 1;
  const c01 = c00 + nRho;
  const c11 = c01 + 1;
  const w00 = (1 - ur) * (1 - uz);
  const w10 = ur * (1 - uz);
  const w01 = (1 - ur) * uz;
  const w11 = ur * uz;
  out[0] =
    w00 * (dist[c00] as number) +
    w10 * (dist[c10] as number) +
    w01 * (dist[c01] as number) +
    w11 * (dist[c11] as number);
  out[1] =
    w00 * (height[c00] as number) +
    w10 * (height[c10] as number) +
    w01 * (height[c01] as number) +
    w11 * (height[c11] as number);
}
