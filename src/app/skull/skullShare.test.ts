import { describe, expect, it } from 'vitest';
import { parseSkullShare, skullShareQuery } from './skullShare';

const prof = (r: number) => Float32Array.from({ length: 64 }, (_, i) => r + Math.sin(i) * 3);

describe('skull share links', () => {
  it('round-trips model, profiles (0.1 mm), offsets, GA and camera', () => {
    const s = {
      modelId: 'skull-cvae' as const,
      profiles: { axial: prof(45), coronal: prof(40) },
      offsets: [[0.5, -1.25], [0]],
      gaWeeks: 24.5,
      camera: {
        position: [1, 2, 3] as [number, number, number],
        target: [0, 0, 0] as [number, number, number],
      },
    };
    const q = skullShareQuery(s, { backend: 'cpu' });
    expect(q).toContain('backend=cpu');
    const back = parseSkullShare(q);
    expect(back?.modelId).toBe('skull-cvae');
    expect(back?.profiles.sagittal).toBeUndefined();
    for (let i = 0; i < 64; i++)
      expect(back?.profiles.coronal?.[i]).toBeCloseTo(s.profiles.coronal[i] as number, 1);
    expect(back?.offsets).toEqual([[0.5, -1.25], [0]]);
    expect(back?.gaWeeks).toBe(24.5);
    expect(back?.camera?.position).toEqual([1, 2, 3]);
  });

  it('returns null without a skull link and names what is wrong in a bad one', () => {
    expect(parseSkullShare('?v=1&z=1,2')).toBeNull();
    expect(() => parseSkullShare('?sv=2&pa=1')).toThrow(/newer version/);
    expect(() => parseSkullShare('?sv=1&sm=skull-x')).toThrow(/unknown model/);
    expect(() => parseSkullShare('?sv=1')).toThrow(/no axial outline/);
    expect(() => parseSkullShare('?sv=1&pa=1,2,3')).toThrow(/64 radii/);
    const ok = skullShareQuery({
      modelId: 'skull-hcvae',
      profiles: { axial: prof(45) },
      offsets: [],
      gaWeeks: null,
      camera: null,
    });
    expect(() => parseSkullShare(`${ok}&dz=9`)).toThrow(/within ±3/);
    expect(() => parseSkullShare(`${ok}&ga=60`)).toThrow(/14–42/);
  });
});
