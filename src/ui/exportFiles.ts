/**
 * What the export panel writes: a PNG of the view (2×, optional transparent background) with the
 * colour legend drawn in, the shown mesh as PLY (per-vertex colours and the scalar), OBJ or STL, and
 * the latent code as JSON. Files are made in the page and saved through a local blob link.
 */
import { colormap } from '../geometry/colormap';
import { meshToObj, meshToPly, meshToStl } from '../io/meshExport';
import type { MeshPayload } from '../pipeline/protocol';
import { diverging } from '../scene/colors';
import { colorBytes, type Coloring } from '../scene/meshGeometry';

/** Saves bytes or text under `name` (a download from a blob: URL; nothing leaves the computer). */
export function saveFile(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : (data.slice().buffer as ArrayBuffer)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Draws a vertical colour legend (title, bar, five ticks) at the right edge of `canvas`. */
export function drawLegend(
  canvas: HTMLCanvasElement,
  coloring: Coloring,
  title: string,
  scale: number,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = 130 * scale;
  const h = 210 * scale;
  const x = canvas.width - w - 12 * scale;
  const y = 12 * scale;
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = '#d6d9df';
  ctx.strokeRect(x, y, w, h);
  ctx.fillStyle = '#1d2330';
  ctx.font = `600 ${11 * scale}px system-ui, sans-serif`;
  ctx.fillText(title, x + 8 * scale, y + 18 * scale);
  const barX = x + 10 * scale;
  const barY = y + 28 * scale;
  const barH = h - 40 * scale;
  for (let i = 0; i < barH; i++) {
    const t = 1 - i / barH;
    const rgb = coloring.by === 'displacement' ? diverging(t) : colormap('viridis', t);
    ctx.fillStyle = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
    ctx.fillRect(barX, barY + i, 18 * scale, 1);
  }
  ctx.fillStyle = '#1d2330';
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  const [lo, hi] =
    coloring.by === 'displacement' ? [-coloring.rangeMm, coloring.rangeMm] : [coloring.loMm, coloring.hiMm];
  for (let k = 0; k < 5; k++) {
    const v = hi - ((hi - lo) * k) / 4;
    ctx.fillText(`${v.toFixed(1)} mm`, barX + 26 * scale, barY + (barH * k) / 4 + 4 * scale);
  }
}

/** PLY bytes of a mesh with its shown colours and the scalar (wall thickness or displacement, mm). */
export function plyOf(mesh: MeshPayload, coloring: Coloring, comments: string[]): Uint8Array {
  const values = coloring.by === 'displacement' ? mesh.displacement : mesh.scalar;
  return meshToPly(mesh, {
    colors: colorBytes(mesh, coloring),
    ...(values
      ? { scalars: { name: coloring.by === 'displacement' ? 'displacement_mm' : 'thickness_mm', values } }
      : {}),
    comments,
  });
}

export { meshToObj, meshToStl };
