import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { expect, test, type Page } from '@playwright/test';
import { loadLvModel } from '../training/lv/loadModel';
import type { HarnessResult } from '../src/harness/main';
import { representationOf } from '../src/model/lvDecoded';

/**
 * Parity: a shipped cardiac decoder gives the same outputs (in mm of signed distance) in Node (tfjs cpu) and in Chromium on
 * WebGPU (SwiftShader) and on the CPU backend. Tolerance: 0.05 mm of signed distance per voxel —
 * far below the 3.2 mm internal voxel, so the extracted surfaces coincide.
 */
const TOLERANCE_MM = 0.05;

async function harness(page: Page, model: string, backend: string): Promise<HarnessResult> {
  await page.goto(`/harness.html?model=${model}&backend=${backend}&runs=3`);
  await page.waitForFunction(() => 'harnessResult' in window, null, { timeout: 170_000 });
  const r = (await page.evaluate(
    () => (window as unknown as { harnessResult: HarnessResult }).harnessResult,
  )) as HarnessResult;
  expect(r.error, `harness error: ${r.error}`).toBeUndefined();
  return r;
}

for (const id of ['lv-lvae', 'lv-vae']) {
  test(`${id} decodes the same in Node and in Chromium (webgpu and cpu)`, async ({ page }) => {
    await tf.setBackend('cpu');
    const node = await loadLvModel('public/models', id);
    const clip = representationOf(node.manifest).clipMm;
    for (const backend of ['webgpu', 'cpu']) {
      let worstOverall = 0;
      const r = await harness(page, id, backend);
      expect(r.backend).toBe(backend);
      expect(r.numTensorsAfter).toBe(r.numTensorsBefore);
      r.codes.forEach((code, i) => {
        const ref = tf.tidy(() => (node.nets.decoder.apply(tf.tensor2d([code])) as tf.Tensor).dataSync());
        const f = r.fields[i];
        expect(f).toBeDefined();
        let worst = 0;
        expect(f?.raw.length).toBe(ref.length);
        for (let v = 0; v < (f?.raw.length ?? 0); v++) {
          worst = Math.max(worst, Math.abs(((f?.raw[v] ?? NaN) - (ref[v] ?? NaN)) * clip));
        }
        expect(worst, `${backend}, code ${i}: worst voxel difference ${worst} mm`).toBeLessThan(TOLERANCE_MM);
        worstOverall = Math.max(worstOverall, worst);
      });
      console.log(
        `${id} ${backend}: worst |Node − Chromium| ${worstOverall.toExponential(2)} mm over ${r.codes.length} codes`,
      );
    }
  });
}
