import { describe, expect, it } from 'vitest';
import { defaultSkullParams } from '../anatomy/skullParams';
import { skullOuterRadii } from '../anatomy/skullRadii';
import { SKULL_BONE } from '../anatomy/skullBones';
import { skullShape } from '../anatomy/skullShape';
import { radialMesh, sphereVertexCount } from '../geometry/radialSurface';
import { boneLabelBytes, BONE_COLORS } from '../scene/boneColors';
import { BONE_DISPLAY_SPHERE, skullBonesOf } from './skullBones';

describe('the bones of a shown skull', () => {
  const g = { nLat: 40, nLon: 80 };
  const radii = skullOuterRadii(skullShape(defaultSkullParams(24)), g);
  const mesh = radialMesh(radii, g);
  const b = skullBonesOf(radii, g, mesh.positions, 24, 1.25);

  it('labels every vertex of the fine surface and of the model-grid mesh', () => {
    expect(b.mesh.labels.length).toBe(sphereVertexCount(BONE_DISPLAY_SPHERE));
    expect(b.mesh.positions.length).toBe(3 * b.mesh.labels.length);
    expect(b.vertexLabels.length).toBe(mesh.positions.length / 3);
    for (const l of [...b.mesh.labels, ...b.vertexLabels]) expect(l).toBeGreaterThanOrEqual(1);
    expect(b.areaFractions.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
  });

  it('shows every calvarial bone, the sutures and the fontanelles at 24 weeks', () => {
    const seen = new Set(b.mesh.labels);
    for (const code of Object.values(SKULL_BONE).filter((c) => c !== SKULL_BONE.none))
      expect(seen.has(code)).toBe(true);
    expect(b.widths.metopic).toBeGreaterThan(0);
    expect(b.thicknessMm).toBe(1.25);
  });

  it('colours each label with its own colour', () => {
    const keys = new Set(BONE_COLORS.map((c) => c.join()));
    expect(keys.size).toBe(BONE_COLORS.length);
    expect(Array.from(boneLabelBytes([SKULL_BONE.suture]))).toEqual([
      ...(BONE_COLORS[SKULL_BONE.suture] ?? []),
    ]);
  });
});
