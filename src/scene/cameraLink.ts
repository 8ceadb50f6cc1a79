/**
 * Links the cameras of several views: when one view's orbit controls move, the others copy its
 * position and target. Plain observer; no React.
 */
export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
}

type Listener = (pose: CameraPose, from: string) => void;
const listeners = new Map<string, Listener>();
let last: CameraPose | null = null;

/** Subscribes a view; returns an unsubscribe function. */
export function joinCameraLink(id: string, onPose: Listener): () => void {
  listeners.set(id, onPose);
  return () => listeners.delete(id);
}

/** Publishes a view's pose to the other views. */
export function publishPose(from: string, pose: CameraPose): void {
  last = pose;
  for (const [id, l] of listeners) if (id !== from) l(pose, from);
}

/** The last published pose (a view that joins late starts there). */
export function lastPose(): CameraPose | null {
  return last;
}
