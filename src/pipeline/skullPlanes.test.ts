import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { encodePngGray } from '../io/pngEncode';
import { ellipsePerimeter } from '../geometry/ellipseFit';
import { writeDicom } from '../../test/fixtures/dicomFixture';
import { predictSkull } from '../model/skullModel';
import { loadSkullModelFromDir } from '../../training/skull/loadModel';
import { radiiAtOffsets } from './skullLatent';
import { editOutline } from './skullOutlineEdit';
import { exampleSubject, readPlaneFile, reportPlane, simulateExamplePlanes } from './skullPlanes';

describe('skull planes', () => {
  it('detects a simulated axial plane of a held-out skull with HC within 5 % of its truth, from PNG and DICOM', () => {
    const subject = exampleSubject(0);
    const [sim] = simulateExamplePlanes(subject.params, 7000, ['axial']);
    if (!sim) throw new Error('no plane');
    const png = encodePngGray(sim.png8, sim.img.width, sim.img.height);
    const fromPng = reportPlane('axial', readPlaneFile(png, 'a.png'), sim.pixelMm);
    expect(fromPng.pixelSource).toBe('entered');
    const hc = fromPng.detection?.hcMm ?? NaN;
    expect(Math.abs(hc - subject.truth.hcMm) / subject.truth.hcMm).toBeLessThan(0.05);
    const dcm = writeDicom({
      width: sim.img.width,
      height: sim.img.height,
      pixels: sim.png8,
      pixelSpacing: [sim.pixelMm, sim.pixelMm],
    });
    const fromDicom = reportPlane('axial', readPlaneFile(dcm, 'a.dcm'));
    expect(fromDicom.pixelSource).toBe('dicom');
    expect(fromDicom.pixelMm).toBeCloseTo(sim.pixelMm, 9);
    expect(fromDicom.detection?.hcMm).toBeCloseTo(hc, 6);
    expect(fromDicom.preview.width).toBe(sim.img.width);
  });

  it('asks for the pixel size when the file has none, and names non-images', () => {
    const img = new Uint8Array(64 * 64).map((_, i) => i % 251);
    const r = reportPlane('axial', readPlaneFile(encodePngGray(img, 64, 64), 'x.png'));
    expect(r.detection).toBeNull();
    expect(r.error).toMatch(/pixel size/);
    expect(() => readPlaneFile(new TextEncoder().encode('hello world, not an image'), 'x.txt')).toThrow(
      /PNG, JPEG or DICOM/,
    );
    expect(() => readPlaneFile(new Uint8Array(0), 'e.png')).toThrow(/empty/);
  });

  it('builds the outline and profile of a hand-drawn ellipse (circle: profile = radius)', () => {
    const e = { cxPx: 200, cyPx: 150, semiMajorMm: 40, semiMinorMm: 40, angleRad: 0.3 };
    const out = editOutline('axial', 0.5, e, null);
    expect(out.hcMm).toBeCloseTo(2 * Math.PI * 40, 6);
    for (const r of out.profileMm) expect(r).toBeCloseTo(40, 0);
    const f = { ...e, semiMajorMm: 50, semiMinorMm: 30 };
    const moved = editOutline('axial', 0.5, f, { ellipse: e, contourPx: out.contourPx });
    expect(moved.hcMm).toBeCloseTo(ellipsePerimeter(50, 30), 6);
    const rs = Array.from(moved.profileMm);
    expect(Math.max(...rs)).toBeCloseTo(50, 0);
    expect(Math.min(...rs)).toBeCloseTo(30, 0);
  });

  // The shipped model, or the quick test-quality copy while it is being trained.
  const quick = ['public/models', 'public/models-quick'].find((d) =>
    existsSync(`${d}/skull-hcvae/manifest.json`),
  );
  it.runIf(quick !== undefined)(
    'latent offsets of zero give the prediction; non-zero offsets move it; no tensors leak',
    async () => {
      await tf.setBackend('cpu');
      const model = await loadSkullModelFromDir(quick as string, 'skull-hcvae');
      const axial = new Float32Array(64).fill(0);
      const mean = model.spec.profileMean;
      for (let i = 0; i < 64; i++) axial[i] = mean[i] as number;
      const before = tf.memory().numTensors;
      const pred = await predictSkull(model, { axial }, 4, 1);
      const zero = await radiiAtOffsets(
        model,
        { axial },
        model.spec.latent.map((d) => new Array<number>(d).fill(0)),
      );
      for (let v = 0; v < zero.length; v += 97) expect(zero[v]).toBeCloseTo(pred.radii[v] as number, 3);
      const off = model.spec.latent.map((d, l) =>
        Array.from({ length: d }, (_, i) => (l === 0 && i === 0 ? 3 : 0)),
      );
      const moved = await radiiAtOffsets(model, { axial }, off);
      let diff = 0;
      for (let v = 0; v < moved.length; v++)
        diff = Math.max(diff, Math.abs((moved[v] as number) - (zero[v] as number)));
      expect(diff).toBeGreaterThan(0.01);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );
});
