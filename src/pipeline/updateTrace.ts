/**
 * Timestamps of each shape update on its way to the screen, for the explorer benchmark: requested →
 * posted to the worker → worker start/end (with the worker's own stage durations) → result received →
 * geometry uploaded → frame rendered. Times are absolute (`performance.timeOrigin + performance.now()`,
 * ms since the epoch) so that the page's and the worker's clocks can be compared. Costs a few object
 * writes per update; the last {@link TRACE_LENGTH} shown updates are kept.
 */

/** Milliseconds since the epoch, sub-millisecond, comparable between the page and its workers. */
export function absNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The stamps of one update (absolute ms; stages in ms). */
export interface UpdateStamps {
  /** The job was requested by the controller (after the input event). */
  requestedAt: number;
  /** The job was posted to the worker (later than `requestedAt` while another job ran). */
  postedAt: number;
  /** The worker started / finished the job. */
  workerStartAt: number;
  workerEndAt: number;
  /** The page received the result. */
  receivedAt: number;
  /** The viewer swapped the new geometry in. */
  appliedAt?: number;
  /** The animation frame after the render that drew it. */
  renderedAt?: number;
  /** `data-mesh-version` of the viewer after the swap. */
  version?: number;
  /** The worker's stage durations, ms (outcome.timings). */
  stages: Record<string, number>;
  /** Drag or full quality (model jobs), else the job kind. */
  quality: string;
}

/** How many shown updates are kept. */
export const TRACE_LENGTH = 600;

const byOutcome = new WeakMap<object, UpdateStamps>();
const shown: UpdateStamps[] = [];

/** Attaches the stamps of the job that produced `outcome`. */
export function stampOutcome(outcome: object, stamps: UpdateStamps): void {
  byOutcome.set(outcome, stamps);
}

/** The stamps of an outcome (or of one of its meshes' owner), if it was stamped. */
export function stampsOf(outcome: object | null | undefined): UpdateStamps | undefined {
  return outcome ? byOutcome.get(outcome) : undefined;
}

/** Records that an update reached the viewer; returns the record to complete (rendered time). */
export function recordShown(stamps: UpdateStamps, version: number): UpdateStamps {
  const rec = { ...stamps, appliedAt: absNow(), version };
  shown.push(rec);
  if (shown.length > TRACE_LENGTH) shown.splice(0, shown.length - TRACE_LENGTH);
  return rec;
}

/** The shown updates, oldest first (copies). */
export function shownUpdates(): UpdateStamps[] {
  return shown.map((s) => ({ ...s, stages: { ...s.stages } }));
}
