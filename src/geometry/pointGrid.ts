/**
 * Nearest labelled point by a uniform grid: for point sets that are dense at the cell size (mesh
 * vertices, cell ≈ one voxel), a query opens a few shells of cells around its own.
 */
import { indexedBounds } from './bounds';

/** Points with a 0/1 label, bucketed in cubic cells. */
export class PointGrid {
  private readonly ox: number;
  private readonly oy: number;
  private readonly oz: number;
  private readonly h: number;
  private readonly gx: number;
  private readonly gy: number;
  private readonly gz: number;
  /** Cell → first entry in `xyz`/`label` (cells in x-fastest order, one extra end entry). */
  private readonly cellStart: Int32Array;
  private readonly xyz: Float64Array;
  private readonly label: Uint8Array;
  /** Number of points indexed. */
  readonly size: number;

  /**
   * @param positions - xyz per vertex, mm.
   * @param ids - the vertices to index.
   * @param labels - per-vertex label (0 or 1), read at `ids`.
   * @param cellMm - cell edge, mm (> 0); about the point spacing.
   */
  constructor(positions: Float32Array, ids: Int32Array, labels: Uint8Array, cellMm: number) {
    if (!(cellMm > 0)) throw new RangeError(`PointGrid: cell size must be > 0 mm; got ${cellMm}`);
    const n = ids.length;
    this.size = n;
    const b = n > 0 ? indexedBounds(positions, ids, 0, n, new Float64Array(6)) : new Float64Array(6);
    const x0 = b[0] as number;
    const y0 = b[1] as number;
    const z0 = b[2] as number;
    const x1 = b[3] as number;
    const y1 = b[4] as number;
    const z1 = b[5] as number;
    this.h = cellMm;
    this.ox = x0;
    this.oy = y0;
    this.oz = z0;
    this.gx = Math.floor((x1 - x0) / cellMm) + 1;
    this.gy = Math.floor((y1 - y0) / cellMm) + 1;
    this.gz = Math.floor((z1 - z0) / cellMm) + 1;
    const cells = this.gx * this.gy * this.gz;
    const cellOf = new Int32Array(n);
    const start = new Int32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      const o = 3 * (ids[i] as number);
      const c = this.cellIndex(
        positions[o] as number,
        positions[o + 1] as number,
        positions[o + 2] as number,
      );
      cellOf[i] = c;
      start[c + 1] = (start[c + 1] as number) + 1;
    }
    for (let c = 0; c < cells; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, cells);
    this.xyz = new Float64Array(3 * n);
    this.label = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = ids[i] as number;
      const cell = cellOf[i] as number;
      const slot = fill[cell] as number;
      fill[cell] = slot + 1;
      this.xyz[3 * slot] = positions[3 * v] as number;
      this.xyz[3 * slot + 1] = positions[3 * v + 1] as number;
      this.xyz[3 * slot + 2] = positions[3 * v + 2] as number;
      this.label[slot] = labels[v] as number;
    }
    this.cellStart = start;
  }

  private cellIndex(x: number, y: number, z: number): number {
    const i = Math.min(this.gx - 1, Math.max(0, Math.floor((x - this.ox) / this.h)));
    const j = Math.min(this.gy - 1, Math.max(0, Math.floor((y - this.oy) / this.h)));
    const k = Math.min(this.gz - 1, Math.max(0, Math.floor((z - this.oz) / this.h)));
    return i + this.gx * (j + this.gy * k);
  }

  /**
   * Squared distance (mm²) from (x, y, z) to the nearest point of each label, written to `out[0]` and
   * `out[1]`; exact for the nearer label (the farther one is exact or Infinity if it lies beyond the
   * nearer one's distance).
   */
  nearestSquaredByLabel(x: number, y: number, z: number, out: Float64Array): void {
    out[0] = Infinity;
    out[1] = Infinity;
    if (this.size === 0) return;
    const h = this.h;
    // Query cell, unclamped (the query may lie outside the grid).
    const qi = Math.floor((x - this.ox) / h);
    const qj = Math.floor((y - this.oy) / h);
    const qk = Math.floor((z - this.oz) / h);
    const rMax = Math.max(Math.abs(qi) + this.gx, Math.abs(qj) + this.gy, Math.abs(qk) + this.gz);
    const xyz = this.xyz;
    const label = this.label;
    const start = this.cellStart;
    for (let r = 0; r <= rMax; r++) {
      // Every point in shell r (Chebyshev cell distance r) is at least (r − 1)·h away.
      const bound = r > 0 ? (r - 1) * h : 0;
      if (Math.min(out[0] as number, out[1] as number) <= bound * bound) return;
      const k0 = Math.max(qk - r, 0);
      const k1 = Math.min(qk + r, this.gz - 1);
      const j0 = Math.max(qj - r, 0);
      const j1 = Math.min(qj + r, this.gy - 1);
      const i0 = Math.max(qi - r, 0);
      const i1 = Math.min(qi + r, this.gx - 1);
      for (let k = k0; k <= k1; k++) {
        const kEdge = k === qk - r || k === qk + r;
        for (let j = j0; j <= j1; j++) {
          const jEdge = kEdge || j === qj - r || j === qj + r;
          // Inside the shell's faces only the two x ends belong to the shell.
          const step = jEdge ? 1 : 2 * r;
          for (let i = jEdge ? i0 : qi - r; i <= i1; i += step) {
            if (i < i0) continue;
            const c = i + this.gx * (j + this.gy * k);
            const e1 = start[c + 1] as number;
            for (let e = start[c] as number; e < e1; e++) {
              const dx = (xyz[3 * e] as number) - x;
              const dy = (xyz[3 * e + 1] as number) - y;
              const dz = (xyz[3 * e + 2] as number) - z;
              const d = dx * dx + dy * dy + dz * dz;
              const l = label[e] as number;
              if (d < (out[l] as number)) out[l] = d;
            }
          }
        }
      }
    }
  }
}
