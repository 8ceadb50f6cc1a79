import { describe, expect, it } from 'vitest';
import { defaultSkullParams } from '../anatomy/skullParams';
import { skullOuterRadii } from '../anatomy/skullRadii';
import { SKULL_BONE } from '../anatomy/skullBones';
import { predictedBoneSurface } from '../anatomy/skullBoneSurface';
import { isWatertight } from '../geometry/meshTopology';
import { skullShape } from '../anatomy/skullShape';
import { radialMesh, sphereVertexCount } from '../geometry/radialSurface';
import { boneLabelBytes, BONE_COLORS } from '../scene/boneColors';
import { BONE_DISPLAY_SPHERE, skullBonesOf } from './skullBones';

describe('the bones of a shown skull', () => {
  const g = { nLat: 40, nLon: 80 };
  const radii = skullOuterRadii(skullShape(defaultSkullParams(24)), g);
  const mesh = radialMesh(radii, g);
  const b = skullBonesOf(radii, g, mesh.positions, 30, 24);

  it('makes a closed bone plate with gaps and labels every vertex of it and of the model-grid mesh', () => {
    const n = sphereVertexCount(BONE_DISPLAY_SPHERE);
    expect(b.mesh.labels.length).toBeGreaterThan(n);
    expect(b.mesh.labels.length).toBeLessThan(2 * n);
    expect(b.mesh.positions.length).toBe(3 * b.mesh.labels.length);
    expect(isWatertight(b.mesh)).toBe(true);
    // Sutures and fontanelles are holes: no plate vertex carries their codes.
    for (const l of b.mesh.labels) expect(l).toBeLessThanOrEqual(SKULL_BONE.base);
    expect(b.vertexLabels.length).toBe(mesh.positions.length / 3);
    for (const l of [...b.mesh.labels, ...b.vertexLabels]) expect(l).toBeGreaterThanOrEqual(1);
    expect(b.areaFractions.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
  });

  it('labels every calvarial bone, the sutures and the fontanelles at 24 weeks', () => {
    const seen = new Set(b.vertexLabels);
    const surface = predictedBoneSurface(radii, g, { gaWeeks: 24, grid: BONE_DISPLAY_SPHERE });
    for (const l of surface.labels) seen.add(l);
    for (const code of Object.values(SKULL_BONE).filter((c) => c !== SKULL_BONE.none))
      expect(seen.has(code)).toBe(true);
    expect(b.widths.metopic).toBeGreaterThan(0);
    expect(b.gaSource).toBe('entered');
    expect(b.gaWeeks).toBe(24);
    expect(b.thicknessMm).toBeCloseTo(1.25, 9);
    expect(skullBonesOf(radii, g, mesh.positions, 30).gaSource).toBe('hc');
  });

  it('colours each label with its own colour', () => {
    const keys = new Set(BONE_COLORS.map((c) => c.join()));
    expect(keys.size).toBe(BONE_COLORS.length);
    expect(Array.from(boneLabelBytes([SKULL_BONE.suture]))).toEqual([
      ...(BONE_COLORS[SKULL_BONE.suture] ?? []),
    ]);
  });
});
