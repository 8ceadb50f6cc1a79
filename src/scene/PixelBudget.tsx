import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { SOFTWARE_GPU, webglRendererName } from '../model/backendNames';

/**
 * Pixels a software-rendered view may draw (≈ 0.3 MP). Without a GPU, Chromium rasterises WebGL on
 * the CPU (SwiftShader) and copies every frame back for its software compositor, and that cost grows
 * with the pixel count: on the benchmark machine a 620 × 852 view at ratio 1 took ≈ 31 ms a frame
 * (two frames a render), at ratio 0.75 (0.3 MP) it fitted one 16.7 ms frame (docs/explorer.md).
 */
export const SOFTWARE_PIXEL_BUDGET = 300_000;

/** Pixel ratio for a view of `width` × `height` CSS pixels: the device's, capped by the budget on software renderers. */
export function budgetedPixelRatio(
  width: number,
  height: number,
  deviceRatio: number,
  software: boolean,
  budget = SOFTWARE_PIXEL_BUDGET,
): number {
  const device = Math.min(2, Math.max(1, deviceRatio || 1));
  if (!software || width <= 0 || height <= 0) return device;
  const fit = Math.sqrt(budget / (width * height));
  // Below half resolution the shape turns to blocks; no lower than 0.5.
  return Math.max(0.5, Math.min(device, Math.floor(fit * 20) / 20));
}

/**
 * Sets the canvas's pixel ratio from the view's size: the device ratio on a GPU, at most
 * SOFTWARE_PIXEL_BUDGET pixels on a software renderer. Re-applied only when the view is resized
 * (which re-allocates the drawing buffer anyway), never during interaction.
 */
export function PixelBudget() {
  const gl = useThree((s) => s.gl);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const setDpr = useThree((s) => s.setDpr);
  const current = useThree((s) => s.viewport.dpr);
  useEffect(() => {
    const ctx = gl.getContext();
    const software = SOFTWARE_GPU.test(webglRendererName(ctx));
    const ratio = budgetedPixelRatio(width, height, window.devicePixelRatio, software);
    gl.domElement.dataset.pixelRatio = String(ratio);
    gl.domElement.dataset.renderer = software ? 'software' : 'gpu';
    if (Math.abs(ratio - current) > 1e-3) setDpr(ratio);
  }, [gl, width, height, setDpr, current]);
  return null;
}
