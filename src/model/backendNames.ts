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
