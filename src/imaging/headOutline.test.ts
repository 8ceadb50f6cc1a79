import { describe, expect, it } from 'vitest';
import { createRng } from '../anatomy/random';
import { defaultSkullParams } from '../anatomy/skullParams';
import { encode as jpegJsEncode } from 'jpeg-js';
import { isUserInputError } from '../io/errors';
import { decodeImage } from './decodeImage';
import { detectHeadInFile, summarizeHeadOutline } from './detectInFile';
import { encodePng } from './pngEncode';
import { SIMULATED_EDGE_LEVELS } from './edgeScan';
import { detectHeadOutline, type HeadOutline } from './headOutline';

/** The simulator's band is wider than the bone: its own edge levels (docs/imaging.md). */
const SIM = { edgeLevels: SIMULATED_EDGE_LEVELS };
import { type SimulatedPlane, detectionError, simulatePlane } from './simulatedPlanes';
import type { GrayImage } from './types';

const KINDS = ['axial', 'sagittal', 'coronal'] as const;
const GAS = [20, 28, 36];

/** Simulated planes at 20, 28 and 36 w of each kind (rotation ±10°, shift ±7 px; 400 × 270 px). */
const cases: SimulatedPlane[] = [];
for (const ga of GAS)
  for (const kind of KINDS) cases.push(simulatePlane(defaultSkullParams(ga), kind, { seed: ga }));
const detections = new Map<SimulatedPlane, HeadOutline>();
const detect = (c: SimulatedPlane): HeadOutline => {
  let d = detections.get(c);
  if (!d) {
    d = detectHeadOutline(c.image, c.pixelMm, c.kind, SIM);
    detections.set(c, d);
  }
  return d;
};

/** Mirror of an image top to bottom. */
function flipVertical(img: GrayImage): GrayImage {
  const out = new Float32Array(img.data.length);
  for (let j = 0; j < img.height; j++)
    out.set(img.data.subarray(j * img.width, (j + 1) * img.width), (img.height - 1 - j) * img.width);
  return { ...img, data: out };
}

/** The image turned by 180°. */
function rotate180(img: GrayImage): GrayImage {
  return { ...img, data: Float32Array.from(img.data).reverse() };
}

describe('detectHeadOutline on simulated planes (known geometric outline)', () => {
  it.each(KINDS)(
    '%s: profile within 1 mm mean abs error of skullSectionProfile, frame as the augmentation',
    (kind) => {
      const errs = cases.filter((c) => c.kind === kind).map((c) => ({ c, d: detect(c) }));
      const mae: number[] = [];
      for (const { c, d } of errs) {
        const e = detectionError(c, d);
        mae.push(e.maeMm);
        expect(e.maeMm, `${kind} ${c.truth.perimeterMm.toFixed(0)} mm`).toBeLessThan(1.0);
        expect(Math.abs(e.biasMm)).toBeLessThan(1.0);
        // Canonical +s is the anatomy's s axis as the augmentation turned it (the sign from the anatomy).
        expect(Math.abs(e.rotationErrorDeg)).toBeLessThan(4);
        expect(d.tFlipped).toBe(false);
        expect(d.confidence).toBeGreaterThan(0.4);
        expect(d.profileMm.length).toBe(64);
      }
      console.warn(`${kind}: profile MAE per case (mm) ${mae.map((v) => v.toFixed(2)).join(', ')}`);
    },
  );

  it('axial HC of the fitted ellipse within 3 % of the true outline perimeter; BPD and OFD near the skull', () => {
    for (const c of cases.filter((q) => q.kind === 'axial')) {
      const d = detect(c);
      const e = detectionError(c, d);
      expect(Math.abs(e.hcErrorPct)).toBeLessThan(3);
      // The true outline's length along s (the plane is tilted 4°, so a hair under the skull's OFD).
      const ofdTrue = (c.truth.profile[0] as number) + (c.truth.profile[32] as number);
      expect(Math.abs(d.ofdMm - ofdTrue)).toBeLessThan(3.5);
      expect(d.bpdMethod).toBe('outer-inner');
    }
  });

  it('upside-down sagittal and coronal planes are mirrored back (tFlipped) to the same profile', () => {
    for (const kind of ['sagittal', 'coronal'] as const) {
      const c = cases.find((q) => q.kind === kind && q.pixelMm < 0.4) as SimulatedPlane;
      const flipped = detectHeadOutline(flipVertical(c.image), c.pixelMm, kind, SIM);
      expect(flipped.tFlipped).toBe(true);
      expect(detectionError(c, flipped).maeMm).toBeLessThan(1.0);
    }
  });

  it('an axial plane with the face on the left is turned by 180° (wider half behind)', () => {
    const c = cases.find((q) => q.kind === 'axial' && q.pixelMm > 0.4) as SimulatedPlane;
    const d = detectHeadOutline(rotate180(c.image), c.pixelMm, 'axial', SIM);
    expect(Math.abs(Math.abs(d.rotationRad) - Math.PI)).toBeLessThan(0.1);
    expect(d.tFlipped).toBe(false);
    expect(detectionError(c, d).maeMm).toBeLessThan(1.0);
  });
});

describe('detectHeadOutline on decoded files', () => {
  it('a simulated plane saved as JPEG (quality 80) and as 16-bit PNG gives the same head', () => {
    const c = cases.find((q) => q.kind === 'axial' && q.pixelMm < 0.4) as SimulatedPlane;
    const { width: W, height: H, data } = c.image;
    const rgba = new Uint8Array(4 * W * H);
    for (let p = 0; p < W * H; p++) {
      const v = Math.round(255 * (data[p] as number));
      rgba.set([v, v, v, 255], 4 * p);
    }
    const jpg = decodeImage(new Uint8Array(jpegJsEncode({ width: W, height: H, data: rgba }, 80).data));
    const png16 = decodeImage(
      encodePng({
        width: W,
        height: H,
        colorType: 0,
        bitDepth: 16,
        samples: Array.from(data, (v) => Math.round(v * 65535)),
      }),
    );
    const ref = detect(c);
    // Through the file helper too, with its JSON summary.
    const viaFile = detectHeadInFile(
      encodePng({
        width: W,
        height: H,
        colorType: 0,
        bitDepth: 8,
        samples: Array.from(data, (v) => Math.round(v * 255)),
      }),
      c.pixelMm,
      'axial',
      { detect: SIM },
    );
    const sum = summarizeHeadOutline(viaFile.outline);
    expect(sum.profileMm.length).toBe(64);
    expect(sum.hcMm).toBeCloseTo(ref.hcMm, 0);
    expect(sum.cephalicIndex).toBeCloseTo((100 * ref.bpdMm) / ref.ofdMm, 0);
    expect(JSON.parse(JSON.stringify(sum))).toEqual(sum);
    for (const img of [jpg, png16]) {
      const d = detectHeadOutline(img, c.pixelMm, 'axial', SIM);
      expect(Math.abs(d.hcMm - ref.hcMm) / ref.hcMm).toBeLessThan(0.01);
      expect(Math.abs(detectionError(c, d).hcErrorPct)).toBeLessThan(3);
    }
  });
});

describe('detectHeadOutline: bad input gets a specific message', () => {
  const c = cases.find((q) => q.kind === 'axial' && q.pixelMm > 0.4) as SimulatedPlane;
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(isUserInputError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a UserInputError');
  };

  it('absurd pixel sizes', () => {
    expect(message(() => detectHeadOutline(c.image, undefined as unknown as number, 'axial'))).toMatch(
      /missing pixel size/,
    );
    for (const px of [0, -0.2, Number.NaN, Number.POSITIVE_INFINITY, 2.5, 0.005])
      expect(message(() => detectHeadOutline(c.image, px, 'axial'))).toMatch(/absurd pixel size/);
    // A small pixel size is a small (early) head, measured, not refused: OFD ≈ 1/5 of the true one.
    const small = detectHeadOutline(c.image, c.pixelMm / 5, 'axial', SIM);
    expect(small.ofdMm).toBeGreaterThan(12);
    expect(small.ofdMm).toBeLessThan(40);
    // A pixel size that makes the ring smaller than any fetal head (or larger): says what it implied.
    expect(message(() => detectHeadOutline(c.image, c.pixelMm / 14, 'axial'))).toMatch(
      /occipito-frontal diameter of \d mm — smaller than any fetal head .*check the pixel size/,
    );
    expect(message(() => detectHeadOutline(c.image, 1.9, 'axial'))).toMatch(
      /diameter of \d{3} mm — larger than any fetal head/,
    );
  });

  it('blank image, noise, a photo-like picture', () => {
    const W = 400;
    const H = 270;
    expect(
      message(() =>
        detectHeadOutline({ width: W, height: H, data: new Float32Array(W * H).fill(0.3) }, 0.3, 'axial'),
      ),
    ).toMatch(/blank image/);
    const rng = createRng(4);
    const noise = Float32Array.from({ length: W * H }, () => rng.next());
    expect(message(() => detectHeadOutline({ width: W, height: H, data: noise }, 0.3, 'axial'))).toMatch(
      /no fetal head found/,
    );
    // Sky-like gradient, a dark "building" with bright windows, a horizon line.
    const photo = new Float32Array(W * H);
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) {
        let v = 0.8 - 0.4 * (j / H) + 0.05 * Math.sin(i / 17);
        if (i > 120 && i < 260 && j > 90) v = 0.2 + (i % 20 < 8 && j % 25 < 10 ? 0.6 : 0);
        if (Math.abs(j - 200) < 1) v = 1;
        photo[j * W + i] = v;
      }
    expect(message(() => detectHeadOutline({ width: W, height: H, data: photo }, 0.3, 'axial'))).toMatch(
      /no fetal head found/,
    );
  });

  it('a head cut off by the border: a warning when slightly, an error when mostly', () => {
    const p = defaultSkullParams(28);
    const slight = simulatePlane(p, 'axial', { seed: 5, extraShiftPx: [-75, 0] });
    const d = detectHeadOutline(slight.image, slight.pixelMm, 'axial');
    expect(d.warnings.join(' ')).toMatch(/touches the image border|outside the scanned sector/);
    expect(Math.abs(detectionError(slight, d).hcErrorPct)).toBeLessThan(5);
    const mostly = simulatePlane(p, 'axial', { seed: 5, extraShiftPx: [-190, 0] });
    expect(message(() => detectHeadOutline(mostly.image, mostly.pixelMm, 'axial'))).toMatch(
      /cut off by the image border|no fetal head found/,
    );
  });
});
