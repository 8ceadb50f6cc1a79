/**
 * Standard camera views of each anatomy, as directions from the shape's centre to the camera in the
 * anatomy frame (LV: +x lateral, +y anterior, +z base, so the septum and the RV lie towards −x;
 * skull: +x front, +y left, +z up). The scene turns the anatomy frame so that +z is up on screen.
 */
export type Vec3 = [number, number, number];

export interface StandardView {
  id: string;
  label: string;
  /** What the view shows, for people (button title). */
  note: string;
  /** Camera direction from the centre, anatomy frame (need not be unit length). */
  dir: Vec3;
}

export const HEART_VIEWS: readonly StandardView[] = [
  {
    id: 'septal',
    label: 'Septal',
    note: 'The septum as seen from the right ventricle (where HCM usually thickens the wall)',
    dir: [-1, 0.15, 0.3],
  },
  { id: 'lateral', label: 'Lateral', note: 'The lateral (free) wall', dir: [1, -0.15, 0.3] },
  {
    id: 'base',
    label: 'From the base',
    note: 'Down the long axis from the base towards the apex: a short-axis view of the whole ring',
    dir: [0, -0.12, 1],
  },
  {
    id: 'long-axis',
    label: 'Long axis',
    note: 'Side-on to the long axis from the front: septum on the left, lateral wall on the right, base up',
    dir: [0, 1, 0.12],
  },
];

export const SKULL_VIEWS: readonly StandardView[] = [
  { id: 'front', label: 'Front', note: 'The face side of the skull', dir: [1, 0, 0.12] },
  { id: 'side', label: 'Side', note: 'The left side of the skull', dir: [0, 1, 0.12] },
  { id: 'top', label: 'Top', note: 'From above (the vault and fontanelles)', dir: [0.12, 0, 1] },
];

/**
 * The view each anatomy opens with: for the heart an oblique view from the septal (RV) side, above
 * and in front, so the septum faces the viewer; for the skull an oblique front-left view.
 */
export const DEFAULT_VIEW: Record<'lv' | 'skull', StandardView> = {
  lv: {
    id: 'default',
    label: 'Reset view',
    note: 'Septum in front, RV side marked',
    dir: [-0.8, 0.55, 0.45],
  },
  skull: { id: 'default', label: 'Reset view', note: 'Oblique front view', dir: [0.7, -1, 0.55] },
};

/** Anatomy frame → scene (the anatomy group is turned −90° about x so that +z is up): (x, y, z) → (x, z, −y). */
export function anatomyToWorld(v: Vec3): Vec3 {
  return [v[0], v[2], -v[1]];
}

/** Scene → anatomy frame (inverse of {@link anatomyToWorld}). */
export function worldToAnatomy(v: Vec3): Vec3 {
  return [v[0], -v[2], v[1]];
}

/** The views offered for an anatomy, by id (the default included). */
export function viewById(anatomy: 'lv' | 'skull', id: string): StandardView | null {
  if (id === 'default') return DEFAULT_VIEW[anatomy];
  return (anatomy === 'lv' ? HEART_VIEWS : SKULL_VIEWS).find((v) => v.id === id) ?? null;
}

/**
 * Camera distance (mm) at which a sphere of `radius` fills `fill` of the narrower view angle of a
 * perspective camera with vertical field of view `fovDeg` and aspect width / height (0.85 by
 * default: room for the legend and the view buttons).
 */
export function fitDistance(radius: number, fovDeg: number, aspect: number, fill = 0.85): number {
  const halfV = (fovDeg * Math.PI) / 360;
  const halfH = Math.atan(Math.tan(halfV) * aspect);
  return radius / Math.sin(Math.min(halfV, halfH) * fill);
}
