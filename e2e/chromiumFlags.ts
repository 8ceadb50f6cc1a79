/**
 * Debian's Chromium with WebGPU on SwiftShader (flags from shared/REFERENCE.md §4), and without the
 * background networking this closed machine refuses. Shared by the end-to-end tests and the browser
 * benchmark.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const WEBGPU_SWIFTSHADER_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  ...QUIET_FLAGS,
];
