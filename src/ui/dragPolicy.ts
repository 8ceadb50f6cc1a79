/** How the explorer trades quality for speed while a slider is dragged (used by the controller and the panels). */

/** A drag-quality shape is replaced by a full one this long after the last slider change, ms. */
export const SETTLE_MS = 200;

/**
 * While dragging, each update decodes and measures the shown phase only; the other phase (and with it
 * SV and EF) is refreshed in an update at most this often, ms, and always when the drag settles.
 */
export const OTHER_PHASE_REFRESH_MS = 150;

/**
 * Panels that only report (clinical indexes, status line, teaching, export, the map's p(HCM)) refresh
 * at most this often while dragging, ms (≈ 8 per second); the 3-D view and the dragged control
 * follow every update. On a CPU-only machine their repaints compete with the worker and the software
 * renderer for two cores (docs/explorer.md).
 */
export const PANEL_REFRESH_MS = 120;
