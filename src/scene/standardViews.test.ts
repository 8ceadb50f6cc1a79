import { describe, expect, it } from 'vitest';
import {
  anatomyToWorld,
  DEFAULT_VIEW,
  fitDistance,
  HEART_VIEWS,
  viewById,
  worldToAnatomy,
} from './standardViews';

describe('standard views', () => {
  it('anatomy +z (base, up) is scene +y; the round trip is exact', () => {
    expect(anatomyToWorld([0, 0, 1])).toEqual([0, 1, -0]);
    expect(anatomyToWorld([0, 1, 0])).toEqual([0, 0, -1]);
    expect(worldToAnatomy(anatomyToWorld([0.3, -2, 5]))).toEqual([0.3, -2, 5]);
  });

  it('the septal view and the default look from the RV side (−x)', () => {
    expect(viewById('lv', 'septal')?.dir[0]).toBeLessThan(-0.9);
    expect(DEFAULT_VIEW.lv.dir[0]).toBeLessThan(0);
    expect(HEART_VIEWS.map((v) => v.id)).toEqual(['septal', 'lateral', 'base', 'long-axis']);
    expect(viewById('skull', 'top')?.dir[2]).toBe(1);
    expect(viewById('lv', 'top')).toBeNull();
  });

  it('fits a sphere to 85 % of the narrower half-angle', () => {
    // Square view, 40° fov: sin(17°) = r / d.
    expect(fitDistance(50, 40, 1)).toBeCloseTo(50 / Math.sin((17 * Math.PI) / 180), 6);
    // A view half as wide as tall is limited horizontally: farther away.
    expect(fitDistance(50, 40, 0.5)).toBeGreaterThan(fitDistance(50, 40, 1));
  });
});
