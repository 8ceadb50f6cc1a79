/**
 * Screenshots of the 3-D view at a chosen pixel ratio, optionally with a transparent background. The
 * viewer registers its renderer here (from inside the react-three-fiber canvas); the export panel
 * calls {@link captureView}.
 */
import type * as THREE from 'three';

interface Registered {
  gl: THREE.WebGLRenderer;
  scene: THREE.Scene;
  camera: THREE.Camera;
  size: { width: number; height: number };
}

let current: Registered | null = null;

/** Called by the viewer; returns an unregister function. */
export function registerCapture(r: Registered): () => void {
  current = r;
  return () => {
    if (current === r) current = null;
  };
}

/**
 * Renders the view once at `scale` × its CSS size and returns it as a canvas (a copy), restoring the
 * renderer's pixel ratio and background afterwards. Null when no view is registered.
 */
export function captureView(scale: number, transparent: boolean): HTMLCanvasElement | null {
  if (!current) return null;
  const { gl, scene, camera, size } = current;
  const oldRatio = gl.getPixelRatio();
  const oldBackground = scene.background;
  const oldAlpha = gl.getClearAlpha();
  try {
    gl.setPixelRatio(scale);
    gl.setSize(size.width, size.height, false);
    if (transparent) {
      scene.background = null;
      gl.setClearAlpha(0);
    }
    gl.render(scene, camera);
    const out = document.createElement('canvas');
    out.width = gl.domElement.width;
    out.height = gl.domElement.height;
    out.getContext('2d')?.drawImage(gl.domElement, 0, 0);
    return out;
  } finally {
    scene.background = oldBackground;
    gl.setClearAlpha(oldAlpha);
    gl.setPixelRatio(oldRatio);
    gl.setSize(size.width, size.height, false);
    gl.render(scene, camera);
  }
}
