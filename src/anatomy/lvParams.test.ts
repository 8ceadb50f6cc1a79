import { describe, expect, it } from 'vitest';
import {
  LV_FRAME,
  LV_MAX_FILL,
  LV_MIN_FILL,
  LV_PARAM_KEYS,
  LV_PARAM_SPECS,
  defaultLvParams,
  maxFittingRadius,
  validateLvParams,
} from './lvParams';

describe('LV parameters', () => {
  it('has consistent specs and healthy defaults that validate without messages', () => {
    for (const key of LV_PARAM_KEYS) {
      const s = LV_PARAM_SPECS[key];
      expect(s.min).toBeLessThan(s.max);
      expect(s.default).toBeGreaterThanOrEqual(s.min);
      expect(s.default).toBeLessThanOrEqual(s.max);
      expect(s.step).toBeGreaterThan(0);
    }
    const { params, messages } = validateLvParams({});
    expect(messages).toEqual([]);
    expect(params).toEqual(defaultLvParams());
    expect(Math.max(params.septalMm, params.lateralMm, params.anteriorMm, params.inferiorMm)).toBeLessThan(
      12,
    );
  });

  it('replaces NaN and infinite values and clamps out-of-range ones, one specific message each', () => {
    const { params, messages } = validateLvParams({
      septalMm: NaN,
      efPct: 120,
      lateralMm: Infinity,
      apicalMm: 1,
    });
    expect(params.septalMm).toBe(9);
    expect(params.efPct).toBe(85);
    expect(params.lateralMm).toBe(LV_PARAM_SPECS.lateralMm.default);
    expect(params.apicalMm).toBe(3);
    expect(messages).toContain('septalMm = NaN is not a number; using default 9 mm');
    expect(messages.some((m) => m.startsWith('efPct 120 is above 85; clamped'))).toBe(true);
    expect(messages.some((m) => m.startsWith('lateralMm = Infinity is not a finite number'))).toBe(true);
    expect(messages.some((m) => m.startsWith('apicalMm 1 is below 3; clamped'))).toBe(true);
  });

  it('reports non-numbers and unknown keys', () => {
    const { params, messages } = validateLvParams({ edvMl: '150', foo: 1 });
    expect(params.edvMl).toBe(150);
    expect(messages.some((m) => m.startsWith('edvMl = "150" is not a number'))).toBe(true);
    expect(messages.some((m) => m.startsWith('unknown parameter foo'))).toBe(true);
  });

  it('resolves an EDV / length / sphericity combination the profile cannot make', () => {
    // 150 mL in an 88 mm cavity of diameter 0.4·88 would need more than a full cylinder.
    const { params, messages } = validateLvParams({ sphericity: 0.4 });
    expect(params.edvMl).toBe(150);
    expect(messages.some((m) => m.startsWith('sphericity 0.4 is inconsistent'))).toBe(true);
    const r = (params.sphericity * params.lengthMm) / 2;
    const fill = (params.edvMl * 1000) / (Math.PI * r * r * params.lengthMm);
    expect(fill).toBeGreaterThanOrEqual(LV_MIN_FILL - 1e-9);
    expect(fill).toBeLessThanOrEqual(LV_MAX_FILL + 1e-9);
  });

  it('keeps long-axis shortening below EF', () => {
    const { params, messages } = validateLvParams({ efPct: 12, longShorteningPct: 20 });
    expect(params.longShorteningPct).toBe(12);
    expect(messages.some((m) => m.startsWith('longShorteningPct 20 is above efPct 12'))).toBe(true);
  });

  it('shrinks a cavity that would push 30 mm walls out of the frame, and says so', () => {
    const { params, messages } = validateLvParams({ edvMl: 250, septalMm: 30, lateralMm: 30, apicalMm: 30 });
    expect(messages.length).toBeGreaterThan(0);
    const r = (params.sphericity * params.lengthMm) / 2;
    expect(r + 30).toBeLessThanOrEqual(LV_FRAME.maxOuterRadiusMm + 1e-9);
    expect(params.lengthMm + params.apicalMm).toBeLessThanOrEqual(LV_FRAME.maxOuterLengthMm + 1e-9);
    expect(r).toBeLessThanOrEqual(maxFittingRadius(30, params.efPct, params.longShorteningPct) + 1e-9);
  });

  it('always returns parameters inside the spec ranges', () => {
    const extremes = [
      { edvMl: 40, lengthMm: 95, sphericity: 0.9 },
      { edvMl: 250, lengthMm: 50, sphericity: 0.4 },
      {
        edvMl: 250,
        septalMm: 30,
        anteriorMm: 30,
        lateralMm: 30,
        inferiorMm: 30,
        apicalMm: 30,
        efPct: 85,
        longShorteningPct: 25,
      },
    ];
    for (const e of extremes) {
      const { params } = validateLvParams(e);
      for (const key of LV_PARAM_KEYS) {
        expect(params[key]).toBeGreaterThanOrEqual(LV_PARAM_SPECS[key].min - 1e-9);
        expect(params[key]).toBeLessThanOrEqual(LV_PARAM_SPECS[key].max + 1e-9);
      }
    }
  });
});
