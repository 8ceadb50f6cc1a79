/** Backend names and the `?backend=` parser, free of tfjs so the page bundle stays small. */

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** Human-readable adapter description, e.g. "Google SwiftShader (swiftshader)". */
  adapter: string;
  /** What was asked for (URL `?backend=`), or null for automatic. */
  requested: BackendName | null;
  /** Why earlier candidates were skipped; empty when the first choice worked. */
  fallbacks: { name: BackendName; reason: string }[];
}

/** Parses a `?backend=` value; returns null for absent, and throws a readable error for unknown names. */
export function parseBackendParam(value: string | null): BackendName | null {
  if (value === null || value === '') return null;
  const v = value.toLowerCase();
  if ((BACKEND_ORDER as readonly string[]).includes(v)) return v as BackendName;
  throw new Error(`Unknown backend "${value}" in the URL; use one of ${BACKEND_ORDER.join(', ')}.`);
}

/**
 * Adapters and WebGL renderers that emulate a GPU on the CPU (SwiftShader, Mesa's llvmpipe/lavapipe,
 * Windows' basic render driver). Automatic backend selection passes over them (a drag update took
 * ≈ 1 s on WebGPU-on-SwiftShader against ≈ 50 ms on the cpu backend, docs/benchmarks.md), and the 3-D
 * view keeps to a pixel budget on them (scene/PixelBudget.tsx).
 */
export const SOFTWARE_GPU = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/**
 * The part of a WebGL context {@link webglRendererName} reads: structural, so this file (imported for
 * its types by the worker protocol, and through it by Node code) needs no DOM types.
 */
export interface WebGlRendererSource {
  readonly RENDERER: number;
  getExtension(name: 'WEBGL_debug_renderer_info'): { readonly UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(pname: number): unknown;
}

/** A WebGL context's renderer name (unmasked when the browser allows it), or '' when unknown. */
export function webglRendererName(gl: WebGlRendererSource): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof name === 'string' ? name : '';
}
