import { describe, expect, it } from 'vitest';
import { sphereVertexCount } from '../geometry/radialSurface';
import { boneAtlas, boneLabelAt, boneRegionAt, SKULL_BONE } from './skullBones';
import { defaultSkullParams } from './skullParams';
import { labelAreaFractions, predictedBoneSurface, truthBoneSurface } from './skullBoneSurface';
import { gapDistance, skullShape } from './skullShape';
import { sutureWidthsMm } from './skullSutures';

const R = 50;
const sphere = (ga: number, scale = 1) => boneAtlas(() => R, sutureWidthsMm(ga, scale));

/** Length (mm) of the runs of `code` met along a path of surface points p(t), t in [t0, t1]. */
function runLength(
  atlas: ReturnType<typeof sphere>,
  code: number,
  p: (t: number) => [number, number, number],
  t0: number,
  t1: number,
  n = 20000,
): number {
  let len = 0;
  let prev = p(t0);
  for (let i = 1; i <= n; i++) {
    const q = p(t0 + ((t1 - t0) * i) / n);
    const mid: [number, number, number] = [(q[0] + prev[0]) / 2, (q[1] + prev[1]) / 2, (q[2] + prev[2]) / 2];
    if (boneLabelAt(atlas, ...mid) === code)
      len += Math.hypot(q[0] - prev[0], q[1] - prev[1], q[2] - prev[2]);
    prev = q;
  }
  return len;
}

/** Surface point of the sphere at (x, y) on the upper half. */
const top = (x: number, y: number): [number, number, number] => [x, y, Math.sqrt(R * R - x * x - y * y)];

describe('suture and fontanelle widths by gestational age', () => {
  it('narrow from 20 to 36 weeks; the metopic closes at 32 w and the sphenoidal at 30 w', () => {
    const a = sutureWidthsMm(20);
    const b = sutureWidthsMm(36);
    expect(a.suture).toBeCloseTo(2.5, 9);
    expect(b.suture).toBeCloseTo(1.2, 9);
    expect(a.afX).toBeCloseTo(10, 9);
    expect(b.afX).toBeCloseTo(8, 9);
    expect(sutureWidthsMm(31).metopic).toBeGreaterThan(0);
    expect(sutureWidthsMm(32).metopic).toBe(0);
    expect(sutureWidthsMm(29).sphenoid).toBeGreaterThan(0);
    expect(sutureWidthsMm(30).sphenoid).toBe(0);
    expect(sutureWidthsMm(28, 0)).toEqual({
      suture: 0,
      metopic: 0,
      afX: 0,
      afY: 0,
      pf: 0,
      sphenoid: 0,
      mastoid: 0,
    });
  });
});

describe('bone labels on a 50 mm sphere in the canonical head frame', () => {
  it('measures the sagittal suture as wide as asked at 20 and 36 weeks', () => {
    for (const [ga, w] of [
      [20, 2.5],
      [36, 1.2],
    ] as const) {
      // Across the sagittal suture between lambda (x ≈ −35) and bregma (x ≈ 15), at x = −10.
      const len = runLength(sphere(ga), SKULL_BONE.suture, (y) => top(-10, y), -8, 8);
      expect(len).toBeCloseTo(w, 1);
    }
  });

  it('measures the coronal suture across its plane and the anterior fontanelle along the midline', () => {
    for (const ga of [20, 36]) {
      const at = sphere(ga);
      const w = sutureWidthsMm(ga);
      // Across the coronal line at y = 20 mm: from the point q0 where the plane meets the sphere,
      // along the plane normal's component tangent to the sphere, projected back onto the sphere.
      const n = at.coronalNormal;
      const b = at.landmarks.bregma;
      const d = n[0] * b[0] + n[2] * b[2];
      const rho = Math.sqrt(R * R - 400);
      const phi = Math.atan2(n[2], n[0]);
      const alpha = phi + Math.acos(d / (rho * Math.hypot(n[0], n[2])));
      const q0 = [rho * Math.cos(alpha), 20, rho * Math.sin(alpha)] as const;
      const nr = (n[0] * q0[0] + n[1] * q0[1] + n[2] * q0[2]) / R;
      const t = [n[0] - (nr * q0[0]) / R, n[1] - (nr * q0[1]) / R, n[2] - (nr * q0[2]) / R];
      const tl = Math.hypot(t[0] as number, t[1] as number, t[2] as number);
      const coronal = runLength(
        at,
        SKULL_BONE.suture,
        (u) => {
          const p = q0.map((c, i) => c + (u * (t[i] as number)) / tl);
          const r = Math.hypot(p[0] as number, p[1] as number, p[2] as number);
          return [((p[0] as number) * R) / r, ((p[1] as number) * R) / r, ((p[2] as number) * R) / r];
        },
        -5,
        5,
      );
      expect(coronal).toBeGreaterThan(0.97 * w.suture);
      expect(coronal).toBeLessThan(1.03 * w.suture);
      // The diamond at bregma spans 2 × afX along the midline (x), measured in x.
      let inX = 0;
      for (let x = b[0] - 15; x <= b[0] + 15; x += 0.001)
        if (boneLabelAt(at, ...top(x, 0)) === SKULL_BONE.fontanelle) inX += 0.001;
      expect(inX).toBeCloseTo(2 * w.afX, 1);
    }
  });

  it('closes the metopic suture from 32 weeks: the two frontal halves meet', () => {
    const p = top(40, 0.3);
    const q = top(40, -0.3);
    expect(boneLabelAt(sphere(24), ...p)).toBe(SKULL_BONE.suture);
    expect(boneLabelAt(sphere(33), ...p)).toBe(SKULL_BONE.frontalL);
    expect(boneLabelAt(sphere(33), ...q)).toBe(SKULL_BONE.frontalR);
  });

  it('gives the skull base the analytic cap and the frontal bone its plane-cut cap (no gaps)', () => {
    const g = { nLat: 160, nLon: 320 };
    const s = predictedBoneSurface(new Float32Array(sphereVertexCount(g)).fill(R), g, {
      gaWeeks: 28,
      sutureScale: 0,
    });
    const fr = labelAreaFractions(s.mesh, s.labels);
    // Base: z < −0.45 R, a cap of height 0.55 R: 0.55 / 2 of the sphere (Archimedes).
    expect(fr[SKULL_BONE.base]).toBeCloseTo(0.275, 2);
    expect(fr[SKULL_BONE.suture]).toBe(0);
    expect(fr[SKULL_BONE.fontanelle]).toBe(0);
    // Frontal: the cap in front of the coronal plane (distance d from the centre: (1 − d/R)/2) less
    // its part inside the base cap, integrated here in (z, φ) where the sphere's area is R dz dφ.
    const at = s.atlas;
    const n = at.coronalNormal;
    const d = n[0] * at.landmarks.bregma[0] + n[2] * at.landmarks.bregma[2];
    let below = 0;
    const nz = 2000;
    const nf = 2000;
    for (let i = 0; i < nz; i++) {
      const z = -R + ((i + 0.5) * (0.55 * R)) / nz;
      const rho = Math.sqrt(R * R - z * z);
      for (let j = 0; j < nf; j++) {
        const f = (2 * Math.PI * (j + 0.5)) / nf;
        if (n[0] * rho * Math.cos(f) + n[1] * rho * Math.sin(f) + n[2] * z > d) below += 1;
      }
    }
    const frontal =
      (1 - d / R) / 2 - ((below / (nz * nf)) * 0.55 * R * 2 * Math.PI * R) / (4 * Math.PI * R * R);
    expect((fr[SKULL_BONE.frontalL] as number) + (fr[SKULL_BONE.frontalR] as number)).toBeCloseTo(frontal, 2);
    // Left and right mirror each other; everything is labelled.
    expect(fr[SKULL_BONE.parietalL]).toBeCloseTo(fr[SKULL_BONE.parietalR] as number, 2);
    expect(fr[SKULL_BONE.temporalL]).toBeCloseTo(fr[SKULL_BONE.temporalR] as number, 2);
    expect(fr.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('shrinks the share of sutures and fontanelles from 20 to 36 weeks', () => {
    const g = { nLat: 160, nLon: 320 };
    const r = new Float32Array(sphereVertexCount(g)).fill(R);
    const gap = (ga: number) => {
      const s = predictedBoneSurface(r, g, { gaWeeks: ga });
      const fr = labelAreaFractions(s.mesh, s.labels);
      return (fr[SKULL_BONE.suture] as number) + (fr[SKULL_BONE.fontanelle] as number);
    };
    expect(gap(20)).toBeGreaterThan(1.5 * gap(36));
    expect(gap(36)).toBeGreaterThan(0.01);
  });

  it('places the bones where they belong', () => {
    const at = sphere(28);
    expect(boneRegionAt(at, R, 0, 0)).toBe(SKULL_BONE.frontalL);
    expect(boneRegionAt(at, -R, 0, 0)).toBe(SKULL_BONE.occipital);
    expect(boneRegionAt(at, 0, R, 0)).toBe(SKULL_BONE.temporalL);
    expect(boneRegionAt(at, 0, -R, 0)).toBe(SKULL_BONE.temporalR);
    expect(boneRegionAt(at, ...top(-5, 30))).toBe(SKULL_BONE.parietalL);
    expect(boneRegionAt(at, ...top(-5, -30))).toBe(SKULL_BONE.parietalR);
    expect(boneRegionAt(at, 0, 0, -R)).toBe(SKULL_BONE.base);
  });
});

describe("the phantom's truth labels", () => {
  it("put the sutures and fontanelles where the phantom's own gaps are (above its gap floor)", () => {
    for (const ga of [20, 36]) {
      const s = skullShape(defaultSkullParams(ga));
      const t = truthBoneSurface(s, ga, { nLat: 120, nLon: 240 });
      const p = t.mesh.positions;
      let both = 0;
      let atlas = 0;
      let phantom = 0;
      for (let v = 0; v < t.labels.length; v++) {
        const [x, y, z] = [p[3 * v] as number, p[3 * v + 1] as number, p[3 * v + 2] as number];
        if (z < s.gapFloorZ + 1) continue;
        const inPhantom = gapDistance(s, x, y, z) < 0;
        const inAtlas = t.labels[v] === SKULL_BONE.suture || t.labels[v] === SKULL_BONE.fontanelle;
        if (inPhantom) phantom++;
        if (inAtlas) atlas++;
        if (inPhantom && inAtlas) both++;
      }
      // The atlas adds the squamosal suture and measures widths along the surface: not identical.
      expect((2 * both) / (atlas + phantom)).toBeGreaterThan(0.85);
    }
  });
});
