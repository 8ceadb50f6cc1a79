/**
 * Writes example simulated planes (axial, sagittal, coronal at 20, 28 and 36 weeks) as PNGs into
 * docs/img/ultrasound/. Run: `npx tsx scripts/ultrasoundExamples.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../src/anatomy/random';
import { defaultSkullParams } from '../src/anatomy/skullParams';
import { augmentPlane } from '../src/anatomy/ultrasound/augment';
import { simulateBMode } from '../src/anatomy/ultrasound/bmode';
import { headScene } from '../src/anatomy/ultrasound/headScene';
import { type StandardPlaneKind, standardPlane } from '../src/anatomy/ultrasound/planes';
import { encodePngGray } from '../src/io/pngEncode';

const outDir = join('docs', 'img', 'ultrasound');
mkdirSync(outDir, { recursive: true });
/** Pixel size by GA so the head fills the frame as in HC18 (0.14–0.2 mm at 20–36 w there). */
const PIXEL_MM: Record<number, number> = { 20: 0.16, 28: 0.21, 36: 0.26 };
for (const ga of [20, 28, 36]) {
  const p = defaultSkullParams(ga);
  const scene = headScene(p, { seed: ga });
  const pixelMm = PIXEL_MM[ga] ?? 0.25;
  for (const kind of ['axial', 'sagittal', 'coronal'] as StandardPlaneKind[]) {
    const img = simulateBMode(scene, standardPlane(kind), { pixelMm, seed: ga * 7 + kind.length });
    writeFileSync(join(outDir, `sim_${kind}_${ga}w.png`), encodePngGray(img.data, img.width, img.height));
  }
}
// One augmented axial plane (28 w).
const rng = createRng(5);
const { plane } = augmentPlane(rng, standardPlane('axial'), { pixelMm: 0.21 });
const aug = simulateBMode(headScene(defaultSkullParams(28), { seed: 28 }), plane, { pixelMm: 0.21, seed: 3 });
writeFileSync(join(outDir, 'sim_axial_28w_augmented.png'), encodePngGray(aug.data, aug.width, aug.height));
