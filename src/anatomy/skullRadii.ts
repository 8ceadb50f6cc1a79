/**
 * The synthetic skull's outer surface sampled as radii on a latitude–longitude direction grid about
 * the frame origin (the centre of the transventricular plane): the training target of the skull
 * models. Each radius is found by bisection on the normalised radius q = 1 (skullShape.ts).
 */
import { sphereDirections, type SphereGrid } from '../geometry/radialSurface';
import { outerRadius, type SkullShape } from './skullShape';

/** Outer-surface radii (mm) of `shape` along every direction of grid `g`, to 0.01 mm. */
export function skullOuterRadii(shape: SkullShape, g: SphereGrid): Float32Array {
  const dirs = sphereDirections(g);
  const n = dirs.length / 3;
  const out = new Float32Array(n);
  const rMax = 4 * Math.max(shape.a, shape.b, shape.cUp, shape.cDown);
  for (let k = 0; k < n; k++) {
    const dx = dirs[3 * k] as number;
    const dy = dirs[3 * k + 1] as number;
    const dz = dirs[3 * k + 2] as number;
    let lo = 0;
    let hi = rMax;
    // q grows along every ray from the centre for the parameter ranges allowed (star-shaped vault).
    while (hi - lo > 0.005) {
      const m = 0.5 * (lo + hi);
      if (outerRadius(shape, m * dx, m * dy, m * dz) < 1) lo = m;
      else hi = m;
    }
    out[k] = 0.5 * (lo + hi);
  }
  return out;
}
