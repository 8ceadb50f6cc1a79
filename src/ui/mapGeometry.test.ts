import { describe, expect, it } from 'vitest';
import type { LatentLevelInfo } from '../pipeline/modelInfo';
import { contourSegments, mapPlane, moveTo, project } from './mapGeometry';

describe('latent map geometry', () => {
  it('the zero contour of x − 0.3 on a grid is the vertical line x = 0.3', () => {
    const xs = [-1, -0.5, 0, 0.5, 1];
    const ys = [-1, 0, 1];
    const values = ys.flatMap(() => xs.map((x) => x - 0.3));
    const segs = contourSegments(xs, ys, values);
    expect(segs).toHaveLength(2);
    for (const [x0, , x1] of segs) {
      expect(x0).toBeCloseTo(0.3, 12);
      expect(x1).toBeCloseTo(0.3, 12);
    }
  });

  it('a VAE plane: u points from the healthy to the HCM mean; moving keeps the other components', () => {
    const level: LatentLevelInfo = {
      name: 'z1',
      size: 3,
      perClass: {
        healthy: { mean: [0, -1, 0], sd: [1, 1, 3] },
        hcm: { mean: [0, 1, 0], sd: [1, 1, 3] },
      },
      range: { lo: [-3, -3, -3], hi: [3, 3, 3] },
    };
    const p = mapPlane(level);
    expect(p.u).toEqual([0, 1, 0]);
    expect(p.v).toEqual([0, 0, 1]);
    const z = [0.7, 0.2, -0.4];
    const moved = moveTo(p, z, 1.5, 2);
    expect(project(p, moved)).toEqual([1.5, 2]);
    expect(moved[0]).toBeCloseTo(0.7, 12);
  });
});
