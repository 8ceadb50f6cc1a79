/**
 * B-mode image simulator: a sector (fan) scan of tissue labels on a plane.
 *
 * Beams radiate from an apex above the image. Along each beam (step ½ pixel) the echo is the
 * tissue's backscatter × the two-way transmission so far × time-gain compensation; bone and the falx
 * add a specular echo that is strongest where the beam meets their surface at right angles (surface
 * normal from the gradient of the blurred mask in the image); bone transmits little, so everything
 * deeper on that beam is shadowed. The echo map is blurred by a point-spread function, multiplied by
 * compounded Rayleigh speckle (smoothed complex Gaussian noise, seeded), log-compressed to 8 bits and
 * scan-converted; pixels outside the fan are 0.
 */
import { createRng } from '../random';
import { gaussianBlur2d } from './blur';
import { TISSUE } from './headScene';
import { type Plane, type PointField, planeSampler } from './planes';

/** Probe geometry in image pixels (x right, y down). */
export interface ProbeOptions {
  /** Apex of the fan (px); default (width/2, −0.42·height): above the image. */
  apexPx?: [number, number];
  /** Direction of the central beam from image-down, degrees (+ = towards +x). Default 0. */
  angleDeg?: number;
  /** Half opening angle of the sector, degrees. Default 37. */
  halfAngleDeg?: number;
  /** Radius of the probe face from the apex (px); default: 4 px below the image top. */
  startRadiusPx?: number;
}

/** Options of `simulateBMode`. */
export interface BModeOptions {
  /** Image width and height, pixels. Default 800 × 540 (as HC18). */
  width?: number;
  height?: number;
  /** Pixel size, mm. Default 0.25. */
  pixelMm?: number;
  /** Seed of the speckle. Default 1. */
  seed?: number;
  probe?: ProbeOptions;
  /** Two-way attenuation in soft tissue, dB/cm. Default 1.5. */
  attenuationDbPerCm?: number;
  /** Fraction of the soft-tissue attenuation that time-gain compensation restores (0..1). Default 0.85. */
  tgc?: number;
  /** Speckle strength, 0 (none) to 1 (fully developed Rayleigh). Default 1. */
  speckle?: number;
  /** Overall gain, dB. Default 0. */
  gainDb?: number;
  /** Displayed dynamic range, dB. Default 48. */
  dynamicRangeDb?: number;
  /** Thickness of the bright maternal abdominal wall under the probe, mm. Default 14. */
  maternalWallMm?: number;
  /**
   * Elevational slice thickness, mm: a pixel shows bone when the plane or either face of the slice
   * (± half this along the plane normal) is in bone, so a plane lying in a suture still shows the
   * neighbouring bone as a real beam would. Default 2; 0 samples the plane only.
   */
  sliceThicknessMm?: number;
}

/** The fan in image pixels. */
export interface Fan {
  apexPx: [number, number];
  angleRad: number;
  halfAngleRad: number;
  rMinPx: number;
  rMaxPx: number;
}

/** A simulated B-mode image: 8-bit grayscale, row-major (x fastest), 0 outside the fan. */
export interface BModeImage {
  width: number;
  height: number;
  pixelMm: number;
  data: Uint8Array;
  fan: Fan;
}

/** Diffuse backscatter amplitude per tissue label (TISSUE order). */
const BACKSCATTER = [0.004, 0.06, 0.014, 0.05, 0.024, 0.014, 0.003, 0.1];
/** Attenuation relative to soft tissue per label. */
const ATTEN = [0.05, 1, 1, 1, 1, 1, 0.05, 1];
/** Extra two-way amplitude loss in bone, nepers per mm. */
const BONE_LOSS_PER_MM = 0.55;

/** Whether pixel (i, j) (its centre) lies inside the fan. */
export function insideFan(fan: Fan, i: number, j: number): boolean {
  const dx = i + 0.5 - fan.apexPx[0];
  const dy = j + 0.5 - fan.apexPx[1];
  const r = Math.hypot(dx, dy);
  const th = Math.atan2(dx, dy) - fan.angleRad;
  return r >= fan.rMinPx && r <= fan.rMaxPx && Math.abs(th) <= fan.halfAngleRad;
}

function fanOf(w: number, h: number, probe: ProbeOptions): Fan {
  const apex = probe.apexPx ?? [w / 2, -0.42 * h];
  const angleRad = ((probe.angleDeg ?? 0) * Math.PI) / 180;
  const halfAngleRad = ((probe.halfAngleDeg ?? 37) * Math.PI) / 180;
  const rMinPx = probe.startRadiusPx ?? Math.max(0, 4 - apex[1]);
  let rMaxPx = 0;
  for (const [cx, cy] of [
    [0, 0],
    [w, 0],
    [0, h],
    [w, h],
  ] as const)
    rMaxPx = Math.max(rMaxPx, Math.hypot(cx - apex[0], cy - apex[1]));
  if (!(halfAngleRad > 0 && halfAngleRad < Math.PI / 2) || !(rMaxPx > rMinPx)) {
    throw new RangeError(
      `expected a half opening angle in (0°, 90°) and a probe face inside the image reach; got ${probe.halfAngleDeg}°, start ${rMinPx} px, reach ${rMaxPx} px`,
    );
  }
  return { apexPx: [apex[0], apex[1]], angleRad, halfAngleRad, rMinPx, rMaxPx };
}

/**
 * Simulates a B-mode sector scan of `scene` (tissue labels, see TISSUE) on `plane`. The plane
 * origin is the image centre; v (image-down) points away from the probe.
 */
export function simulateBMode(scene: PointField, plane: Plane, opts: BModeOptions = {}): BModeImage {
  const W = opts.width ?? 800;
  const H = opts.height ?? 540;
  const px = opts.pixelMm ?? 0.25;
  const sampler = planeSampler(plane, { width: W, height: H, pixelMm: px });
  const fan = fanOf(W, H, opts.probe ?? {});
  const rng = createRng(opts.seed ?? 1);
  const alpha = (opts.attenuationDbPerCm ?? 1.5) / 10 / 8.686; // nepers per mm (amplitude, two-way)
  const tgc = opts.tgc ?? 0.85;
  const speckle = Math.min(1, Math.max(0, opts.speckle ?? 1));
  const wallPx = (opts.maternalWallMm ?? 14) / px;

  // Tissue labels and specular-surface normals on the pixel grid.
  const labF = sampler.sampleField(scene);
  const half = (opts.sliceThicknessMm ?? 2) / 2;
  if (half > 0) {
    const { u, v } = plane;
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const nn = Math.hypot(n[0] as number, n[1] as number, n[2] as number) || 1;
    const [ox, oy, oz] = [
      (half * (n[0] as number)) / nn,
      (half * (n[1] as number)) / nn,
      (half * (n[2] as number)) / nn,
    ];
    for (const sgn of [-1, 1]) {
      const side = sampler.sampleField((x, y, z) => scene(x + sgn * ox, y + sgn * oy, z + sgn * oz));
      for (let q = 0; q < labF.length; q++) if (side[q] === TISSUE.bone) labF[q] = TISSUE.bone;
    }
  }
  const lab = new Uint8Array(labF.length);
  const bone = new Float32Array(labF.length);
  for (let q = 0; q < labF.length; q++) {
    const l = labF[q] as number;
    lab[q] = l;
    if (l === TISSUE.bone) bone[q] = 1;
  }
  const sig = Math.max(1, 0.8 / px);
  const boneB = gaussianBlur2d(bone, W, H, sig, sig);
  // Smooth tissue texture (σ 2.5 mm), log-normal, seeded.
  const tex0 = new Float32Array(W * H);
  for (let q = 0; q < tex0.length; q++) tex0[q] = rng.normal();
  const texS = 2.5 / px;
  const tex = gaussianBlur2d(tex0, W, H, texS, texS);
  const texNorm = 2 * Math.sqrt(Math.PI) * texS; // 1 / sd of white noise blurred by a 2-D Gaussian
  const gradAt = (m: Float32Array, i: number, j: number): [number, number] => {
    const i0 = Math.max(0, i - 1);
    const i1 = Math.min(W - 1, i + 1);
    const j0 = Math.max(0, j - 1);
    const j1 = Math.min(H - 1, j + 1);
    return [
      ((m[j * W + i1] as number) - (m[j * W + i0] as number)) / (i1 - i0 || 1),
      ((m[j1 * W + i] as number) - (m[j0 * W + i] as number)) / (j1 - j0 || 1),
    ];
  };
  // Falx normal is ±y in the skull frame: its echo follows the beam's y component in 3-D.
  const { u: pu, v: pv } = plane;
  const nu = Math.hypot(pu[0], pu[1], pu[2]) || 1;
  const nv = Math.hypot(pv[0], pv[1], pv[2]) || 1;

  // Polar raster.
  const dr = 0.5;
  const nS = Math.ceil((fan.rMaxPx - fan.rMinPx) / dr) + 1;
  const nB = Math.max(16, Math.ceil((2 * fan.halfAngleRad * fan.rMaxPx) / 1.2));
  const diffuse = new Float32Array(nB * nS);
  const specular = new Float32Array(nB * nS);
  // Maternal wall: a few seeded bright layers.
  const layers = Array.from({ length: 6 }, () => ({
    r: rng.uniform(0, 1),
    w: rng.uniform(0.02, 0.08),
    a: rng.uniform(0.5, 1.5),
  }));
  const drMm = dr * px;
  for (let b = 0; b < nB; b++) {
    const th = fan.angleRad - fan.halfAngleRad + ((b + 0.5) * 2 * fan.halfAngleRad) / nB;
    const dx = Math.sin(th);
    const dy = Math.cos(th);
    let logT = 0; // log two-way amplitude transmission
    let prev = -1;
    for (let s = 0; s < nS; s++) {
      const r = fan.rMinPx + s * dr;
      const i = Math.floor(fan.apexPx[0] + r * dx);
      const j = Math.floor(fan.apexPx[1] + r * dy);
      const inside = i >= 0 && j >= 0 && i < W && j < H;
      const q = j * W + i;
      let l: number = inside ? (lab[q] as number) : TISSUE.softTissue;
      const depth = r - fan.rMinPx;
      const inWall = depth < wallPx && (l === TISSUE.fluid || l === TISSUE.softTissue);
      let R = BACKSCATTER[l] ?? 0.05;
      if (inside && l !== TISSUE.fluid && l !== TISSUE.csf)
        R *= Math.exp(0.35 * texNorm * (tex[q] as number));
      let mu = ATTEN[l] ?? 1;
      if (inWall) {
        const u = depth / wallPx;
        R = 0.05;
        for (const ly of layers) R += 0.12 * ly.a * Math.exp(-0.5 * ((u - ly.r) / ly.w) ** 2);
        mu = 1;
        l = TISSUE.softTissue;
      }
      const gain = Math.exp(tgc * alpha * depth * px + logT);
      let spec = 0;
      if (inside && l === TISSUE.bone) {
        const [gx, gy] = gradAt(boneB, i, j);
        const g = Math.hypot(gx, gy);
        const cos = g > 1e-9 ? Math.abs(gx * dx + gy * dy) / g : 0;
        spec = 0.03 + 0.97 * cos ** 3;
      } else if (l === TISSUE.falx) {
        const by = (dx * pu[1]) / nu + (dy * pv[1]) / nv;
        spec = 0.12 * Math.abs(by) ** 4;
      } else if (prev >= 0 && l !== prev && prev !== TISSUE.bone && l !== TISSUE.bone) {
        spec = 0.03; // weak echo at soft-tissue interfaces
      }
      prev = l;
      diffuse[b * nS + s] = R * gain;
      specular[b * nS + s] = spec * gain;
      logT -= mu * alpha * drMm;
      if (l === TISSUE.bone) logT -= BONE_LOSS_PER_MM * drMm;
    }
  }

  // Point-spread function (sizes in polar samples) and speckle.
  const sigAx = 0.35 / px / dr; // 0.35 mm axial
  const sigLat = 2.2; // beams
  const dB = gaussianBlur2d(diffuse, nS, nB, sigAx, sigLat);
  const sB = gaussianBlur2d(specular, nS, nB, sigAx * 1.5, sigLat);
  // Two independent looks (spatial compounding) of complex Gaussian speckle, intensity-averaged.
  const looks: Float32Array[] = [];
  for (let k = 0; k < 4; k++) {
    const n = new Float32Array(nB * nS);
    for (let q = 0; q < n.length; q++) n[q] = rng.normal();
    looks.push(gaussianBlur2d(n, nS, nB, sigAx, sigLat));
  }
  const ray = new Float32Array(nB * nS);
  let ms = 0;
  for (let q = 0; q < ray.length; q++) {
    let e = 0;
    for (const l of looks) e += (l[q] as number) ** 2;
    ray[q] = e;
    ms += e;
  }
  const mean = ms / ray.length || 1;
  for (let q = 0; q < ray.length; q++) ray[q] = Math.sqrt((ray[q] as number) / mean);
  const gainLin = 10 ** ((opts.gainDb ?? 0) / 20);
  const drange = opts.dynamicRangeDb ?? 50;
  const polar = new Float32Array(nB * nS);
  for (let q = 0; q < polar.length; q++) {
    const sp = ray[q] as number;
    const amp =
      gainLin *
      ((dB[q] as number) * (1 - speckle + speckle * sp) +
        (sB[q] as number) * (1 - 0.5 * speckle + 0.5 * speckle * sp));
    const db = 20 * Math.log10(amp + 1e-9);
    polar[q] = Math.min(255, Math.max(0, (255 * (db + drange)) / drange));
  }

  // Scan conversion (bilinear in beam and depth).
  const data = new Uint8Array(W * H);
  const dth = (2 * fan.halfAngleRad) / nB;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      if (!insideFan(fan, i, j)) continue;
      const ddx = i + 0.5 - fan.apexPx[0];
      const ddy = j + 0.5 - fan.apexPx[1];
      const r = Math.hypot(ddx, ddy);
      const th = Math.atan2(ddx, ddy) - fan.angleRad + fan.halfAngleRad;
      const fb = Math.min(nB - 1, Math.max(0, th / dth - 0.5));
      const fs = Math.min(nS - 1, Math.max(0, (r - fan.rMinPx) / dr));
      const b0 = Math.min(Math.floor(fb), nB - 2);
      const s0 = Math.min(Math.floor(fs), nS - 2);
      const tb = fb - b0;
      const ts = fs - s0;
      const p = b0 * nS + s0;
      const v0 = (polar[p] as number) * (1 - ts) + (polar[p + 1] as number) * ts;
      const v1 = (polar[p + nS] as number) * (1 - ts) + (polar[p + nS + 1] as number) * ts;
      data[j * W + i] = Math.round(v0 * (1 - tb) + v1 * tb);
    }
  }
  return { width: W, height: H, pixelMm: px, data, fan };
}
