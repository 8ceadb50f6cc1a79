/**
 * Standard fetal head planes in the skull frame (x occipito-frontal, front +x; y left–right; z up;
 * transventricular plane z = 0) and sampling of 3-D fields on a plane's pixel grid.
 *
 * A plane is an origin (mm) and two in-plane axes: `u` runs along image columns (left → right) and
 * `v` along image rows (top → bottom, i.e. away from a probe at the top of the image). The standard
 * planes have unit axes; `augmentPlane` scales them to stretch the anatomy anisotropically.
 */
import { sampleTrilinear } from '../../geometry/sampleVolume';
import type { Vec3, Volume } from '../../geometry/types';

/** A plane: origin (mm, the image centre) and in-plane axes u (columns) and v (rows). */
export interface Plane {
  origin: Vec3;
  /** Image-right direction; unit for the standard planes (length = anatomy mm per image mm). */
  u: Vec3;
  /** Image-down direction (away from the probe); unit for the standard planes. */
  v: Vec3;
}

export type StandardPlaneKind = 'axial' | 'sagittal' | 'coronal';

/** Options of the standard planes. */
export interface StandardPlaneOptions {
  /** Axial: tilt of the transventricular plane about the y axis (degrees; front up). Default 4. */
  axialTiltDeg?: number;
  /** Coronal: x of the plane (mm; + = towards the front). Default 8 (through the frontal horns). */
  coronalOffsetMm?: number;
}

/**
 * The three standard planes. Axial transventricular: through the origin, u ≈ +x (front to the
 * right), v = +y (depth across the biparietal diameter), tilted slightly about y. Mid-sagittal:
 * y = 0, u = +x, v = −z (vertex at the top). Coronal: x = offset, u = +y, v = −z.
 */
export function standardPlane(kind: StandardPlaneKind, opts: StandardPlaneOptions = {}): Plane {
  switch (kind) {
    case 'axial': {
      const t = ((opts.axialTiltDeg ?? 4) * Math.PI) / 180;
      return { origin: [0, 0, 0], u: [Math.cos(t), 0, Math.sin(t)], v: [0, 1, 0] };
    }
    case 'sagittal':
      return { origin: [0, 0, 0], u: [1, 0, 0], v: [0, 0, -1] };
    case 'coronal':
      return { origin: [opts.coronalOffsetMm ?? 8, 0, 0], u: [0, 1, 0], v: [0, 0, -1] };
    default:
      throw new RangeError(`unknown plane '${String(kind)}'; expected axial, sagittal or coronal`);
  }
}

/** A pixel grid on a plane: W × H pixels of `pixelMm`, centred on the plane origin. */
export interface PixelGrid {
  width: number;
  height: number;
  /** Pixel size, mm (image mm; the plane axes' lengths scale it to anatomy mm). */
  pixelMm: number;
}

/** A scalar field at a point in mm. */
export type PointField = (x: number, y: number, z: number) => number;

/** Samples fields on a plane's pixel grid; row-major (x fastest) arrays of width × height. */
export interface PlaneSampler {
  readonly grid: PixelGrid;
  /** Frame position (mm) of the centre of pixel (i, j) (column i, row j). */
  point(i: number, j: number, out?: Vec3): Vec3;
  /** A function of position sampled at every pixel centre. */
  sampleField(f: PointField): Float32Array;
  /** A volume sampled at every pixel centre: trilinear (default) or nearest voxel. */
  sampleVolume(vol: Volume, mode?: 'trilinear' | 'nearest'): Float32Array;
}

function checkGrid(g: PixelGrid): void {
  const ok =
    Number.isInteger(g.width) &&
    Number.isInteger(g.height) &&
    g.width > 0 &&
    g.height > 0 &&
    g.width * g.height <= 64e6 &&
    Number.isFinite(g.pixelMm) &&
    g.pixelMm > 0;
  if (!ok) {
    throw new RangeError(
      `expected positive integer width and height (at most 64 M pixels) and a positive pixel size in mm; got ${g.width}×${g.height}, ${g.pixelMm} mm`,
    );
  }
}

/** Nearest-voxel value of a volume at (x, y, z) mm; 0 outside. */
export function sampleNearest(vol: Volume, x: number, y: number, z: number): number {
  const [nx, ny, nz] = vol.dims;
  const i = Math.round((x - vol.origin[0]) / vol.spacing[0]);
  const j = Math.round((y - vol.origin[1]) / vol.spacing[1]);
  const k = Math.round((z - vol.origin[2]) / vol.spacing[2]);
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
  return vol.data[i + nx * (j + ny * k)] as number;
}

/** A sampler of `plane` on a W × H grid of `pixelMm` pixels centred on the plane origin. */
export function planeSampler(plane: Plane, grid: PixelGrid): PlaneSampler {
  checkGrid(grid);
  const { width, height, pixelMm } = grid;
  const { origin: o, u, v } = plane;
  const point = (i: number, j: number, out: Vec3 = [0, 0, 0]): Vec3 => {
    const a = (i + 0.5 - width / 2) * pixelMm;
    const b = (j + 0.5 - height / 2) * pixelMm;
    out[0] = o[0] + a * u[0] + b * v[0];
    out[1] = o[1] + a * u[1] + b * v[1];
    out[2] = o[2] + a * u[2] + b * v[2];
    return out;
  };
  const sampleField = (f: PointField): Float32Array => {
    const out = new Float32Array(width * height);
    const p: Vec3 = [0, 0, 0];
    for (let j = 0, idx = 0; j < height; j++) {
      for (let i = 0; i < width; i++, idx++) {
        point(i, j, p);
        out[idx] = f(p[0], p[1], p[2]);
      }
    }
    return out;
  };
  return {
    grid: { width, height, pixelMm },
    point,
    sampleField,
    sampleVolume: (vol, mode = 'trilinear') =>
      sampleField(
        mode === 'nearest'
          ? (x, y, z) => sampleNearest(vol, x, y, z)
          : (x, y, z) => sampleTrilinear(vol, x, y, z),
      ),
  };
}
