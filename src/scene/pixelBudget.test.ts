/** Pixel ratios under the software-renderer pixel budget, with known answers. */
import { describe, expect, it } from 'vitest';
import { budgetedPixelRatio, SOFTWARE_PIXEL_BUDGET } from './PixelBudget';

describe('budgetedPixelRatio', () => {
  it("keeps the device's ratio (1–2) on a GPU", () => {
    expect(budgetedPixelRatio(620, 852, 2, false)).toBe(2);
    expect(budgetedPixelRatio(620, 852, 3, false)).toBe(2);
    expect(budgetedPixelRatio(620, 852, 0.5, false)).toBe(1);
  });

  it('fits the budget on a software renderer, in steps of 0.05, never below 0.5', () => {
    const r = budgetedPixelRatio(620, 852, 1, true);
    expect(r).toBe(0.75);
    expect(620 * 852 * r * r).toBeLessThanOrEqual(SOFTWARE_PIXEL_BUDGET);
    expect(budgetedPixelRatio(300, 300, 2, true)).toBe(1.8); // √(300 000 / 90 000) = 1.83 → 1.8
    expect(budgetedPixelRatio(4000, 3000, 1, true)).toBe(0.5);
  });
});
