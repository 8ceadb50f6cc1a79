import { describe, expect, it } from 'vitest';
import { ellipsePerimeter, fitEllipse } from '../../geometry/ellipseFit';
import { defaultSkullParams } from '../skullParams';
import { skullTruth } from '../skullPhantom';
import { gaussianBlur2d } from './blur';
import { type BModeImage, insideFan, simulateBMode } from './bmode';
import { TISSUE, headScene } from './headScene';
import { planeSampler, standardPlane } from './planes';

const p28 = defaultSkullParams(28);
const small = { width: 300, height: 200, pixelMm: 0.5 };

function mean(img: BModeImage, pick: (q: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let q = 0; q < img.data.length; q++) {
    if (pick(q)) {
      s += img.data[q] as number;
      n++;
    }
  }
  expect(n).toBeGreaterThan(20);
  return s / n;
}

describe('simulateBMode', () => {
  const scene = headScene(p28);
  const plane = standardPlane('axial');
  const img = simulateBMode(scene, plane, { ...small, seed: 4 });
  const labels = planeSampler(plane, small).sampleField(scene);

  it('is deterministic for a seed and changes with the seed', () => {
    const again = simulateBMode(scene, plane, { ...small, seed: 4 });
    expect(again.data).toEqual(img.data);
    const other = simulateBMode(scene, plane, { ...small, seed: 5 });
    let diff = 0;
    for (let q = 0; q < img.data.length; q++) if (img.data[q] !== other.data[q]) diff++;
    expect(diff).toBeGreaterThan(img.data.length / 4);
  });

  it('is black outside the fan and mostly not black inside it', () => {
    let outside = 0;
    let inside = 0;
    let insideLit = 0;
    for (let j = 0; j < img.height; j++) {
      for (let i = 0; i < img.width; i++) {
        const v = img.data[j * img.width + i] as number;
        if (insideFan(img.fan, i, j)) {
          inside++;
          if (v > 0) insideLit++;
        } else {
          outside++;
          expect(v).toBe(0);
        }
      }
    }
    expect(outside).toBeGreaterThan(img.data.length / 10);
    expect(insideLit / inside).toBeGreaterThan(0.6);
  });

  it('shows bone brighter than the brain', () => {
    const bone = mean(img, (q) => labels[q] === TISSUE.bone);
    const brain = mean(img, (q) => labels[q] === TISSUE.brain);
    expect(bone).toBeGreaterThan(brain + 60);
  });

  it('shadows the brain behind the near skull wall', () => {
    // Brain within 15 mm below the near (upper) wall, central columns; same speckle seed.
    const noBone = simulateBMode(headScene(p28, { noBone: true }), plane, { ...small, seed: 4 });
    const W = small.width;
    let firstBone = -1;
    for (let j = 0; j < small.height && firstBone < 0; j++)
      if (labels[j * W + W / 2] === TISSUE.bone) firstBone = j;
    expect(firstBone).toBeGreaterThan(0);
    const pick = (q: number): boolean => {
      const i = q % W;
      const j = Math.floor(q / W);
      return (
        Math.abs(i - W / 2) < 30 && j > firstBone + 6 && j < firstBone + 30 && labels[q] === TISSUE.brain
      );
    };
    expect(mean(img, pick)).toBeLessThan(mean(noBone, pick) - 15);
  });

  it('shows a head outline on the axial plane whose ellipse fit gives HC within 5 %', () => {
    const px = 0.2;
    const big = simulateBMode(scene, plane, { width: 800, height: 540, pixelMm: px, seed: 9 });
    const sm = gaussianBlur2d(Float32Array.from(big.data), big.width, big.height, 2, 2);
    // Along rays from the image centre (the plane origin = head centre): the first echo above 100
    // beyond 8 mm, refined to its local maximum within 3 mm.
    const pts: number[] = [];
    const cx = big.width / 2;
    const cy = big.height / 2;
    const at = (r: number, t: number): number => {
      const i = Math.floor(cx + r * Math.cos(t));
      const j = Math.floor(cy + r * Math.sin(t));
      return i < 0 || j < 0 || i >= big.width || j >= big.height ? -1 : (sm[j * big.width + i] as number);
    };
    for (let k = 0; k < 360; k++) {
      const t = (k * Math.PI) / 180;
      for (let r = 8 / px; r < 70 / px; r += 0.5) {
        const v = at(r, t);
        if (v < 0) break;
        if (v <= 100) continue;
        let best = v;
        let bestR = r;
        for (let r2 = r; r2 < r + 3 / px; r2 += 0.5) {
          if (at(r2, t) > best) {
            best = at(r2, t);
            bestR = r2;
          }
        }
        pts.push(bestR * px * Math.cos(t), bestR * px * Math.sin(t));
        break;
      }
    }
    expect(pts.length / 2).toBeGreaterThan(300);
    // Fit, then twice drop points off the fit (rays that stopped at the falx or a choroid plexus) and refit.
    let e = fitEllipse(Float64Array.from(pts));
    let kept = pts;
    for (const tol of [8, 3]) {
      expect(e).not.toBeNull();
      if (!e) return;
      const c = Math.cos(e.angleRad);
      const s = Math.sin(e.angleRad);
      const next: number[] = [];
      for (let k = 0; k < pts.length; k += 2) {
        const dx = (pts[k] as number) - e.cx;
        const dy = (pts[k + 1] as number) - e.cy;
        const q = Math.hypot((c * dx + s * dy) / e.a, (-s * dx + c * dy) / e.b);
        if (Math.abs(q - 1) * Math.hypot(dx, dy) < tol) next.push(pts[k] as number, pts[k + 1] as number);
      }
      kept = next;
      e = fitEllipse(Float64Array.from(kept));
    }
    expect(kept.length).toBeGreaterThan(0.6 * pts.length);
    expect(e).not.toBeNull();
    if (!e) return;
    const hc = ellipsePerimeter(e.a, e.b);
    const truth = skullTruth(p28).hcMm;
    expect(Math.abs(hc - truth) / truth).toBeLessThan(0.05);
    expect(Math.hypot(e.cx, e.cy)).toBeLessThan(3);
  });
});
