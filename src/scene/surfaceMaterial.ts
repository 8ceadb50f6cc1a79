/**
 * The anatomy surfaces' material: three.js's Lambert lighting (the same lights, the same formula)
 * evaluated per vertex instead of per pixel, with per-vertex colours and both faces lit.
 *
 * Why: without a GPU Chromium rasterises WebGL on the CPU (SwiftShader) and every pixel of the
 * surface runs the fragment shader there. Here the vertex shader also applies the output transform
 * three.js would apply per pixel — ACES filmic tone mapping at exposure 1 (react-three-fiber's
 * default) and the sRGB encoding — so the fragment shader only writes the interpolated colour. On
 * the benchmark machine lighting per vertex cut the drag → screen latency by ≈ 10 ms, the output
 * transform per vertex a drawn drag mesh from ≈ 11 to ≈ 8 ms (docs/explorer.md). The lights are fixed
 * in the world and the surfaces are diffuse, so this is exact at the vertices and differs from the
 * per-pixel result only by interpolation across a triangle (≈ 1–3 mm triangles here).
 *
 * Front faces only: the surfaces are closed and consistently wound (marching cubes, the radial skull
 * surface), so a back face is never seen; culling them halves the triangles SwiftShader rasterises
 * (screenshots from outside and from above into the LV cavity were identical to two-sided).
 */
import * as THREE from 'three';

/** The view's light rig (world space, y up), as three.js light objects would take it. */
export const LIGHT_RIG = {
  hemisphere: { sky: '#ffffff', ground: '#9aa0aa', intensity: 1.6, up: [0, 1, 0] as const },
  ambient: { color: '#ffffff', intensity: 0.35 },
  directional: [
    { color: '#ffffff', intensity: 1.6, from: [200, 300, 400] as const },
    { color: '#ffffff', intensity: 0.6, from: [-300, -100, -200] as const },
  ],
};

const vertexShader = /* glsl */ `
uniform vec3 uSky;
uniform vec3 uGround;
uniform vec3 uUp;
uniform vec3 uAmbient;
uniform vec3 uDirColor[2];
uniform vec3 uDirTo[2];
varying vec3 vColor;

// three.js's ACES filmic tone mapping (tonemapping_pars_fragment) at exposure 1, and its sRGB OETF.
vec3 rrtAndOdtFit(vec3 v) {
  vec3 a = v * (v + 0.0245786) - 0.000090537;
  vec3 b = v * (0.983729 * v + 0.4329510) + 0.238081;
  return a / b;
}
vec3 acesFilmic(vec3 color) {
  const mat3 inputMat = mat3(
    vec3(0.59719, 0.07600, 0.02840), vec3(0.35458, 0.90834, 0.13383), vec3(0.04823, 0.01566, 0.83777));
  const mat3 outputMat = mat3(
    vec3(1.60475, -0.10208, -0.00327), vec3(-0.53108, 1.10813, -0.07276), vec3(-0.07367, -0.00605, 1.07602));
  color *= 1.0 / 0.6;
  color = outputMat * rrtAndOdtFit(inputMat * color);
  return clamp(color, 0.0, 1.0);
}
vec3 srgbEncode(vec3 c) {
  return mix(pow(c, vec3(0.41666)) * 1.055 - vec3(0.055), c * 12.92, vec3(lessThanEqual(c, vec3(0.0031308))));
}
vec3 shade(vec3 linearColour) {
  return srgbEncode(acesFilmic(linearColour));
}

// three.js Lambert: diffuse / PI × (Σ directional max(n·l, 0) · colour + hemisphere + ambient).
vec3 irradiance(vec3 n) {
  vec3 e = uAmbient + mix(uGround, uSky, 0.5 * dot(n, uUp) + 0.5);
  for (int i = 0; i < 2; i++) e += max(dot(n, uDirTo[i]), 0.0) * uDirColor[i];
  return e;
}

void main() {
  vec3 n = normalize(mat3(modelMatrix) * normal);
  #ifdef USE_COLOR
    vec3 albedo = color;
  #else
    vec3 albedo = vec3(1.0);
  #endif
  vec3 brdf = albedo * 0.3183098861837907;
  vColor = shade(brdf * irradiance(n));
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`;

const fragmentShader = /* glsl */ `
varying vec3 vColor;

void main() {
  // Already tone-mapped and sRGB-encoded per vertex (toneMapped: false below).
  gl_FragColor = vec4(vColor, 1.0);
}
`;

function linear(hex: string, intensity: number): THREE.Vector3 {
  const c = new THREE.Color(hex); // sRGB hex → linear working space, as a light's colour
  return new THREE.Vector3(c.r * intensity, c.g * intensity, c.b * intensity);
}

/** A new surface material (vertex colours, front faces) lit by LIGHT_RIG. */
export function createSurfaceMaterial(): THREE.ShaderMaterial {
  const r = LIGHT_RIG;
  const dirs = r.directional.map((d) => new THREE.Vector3(...d.from).normalize());
  return new THREE.ShaderMaterial({
    name: 'anatomy-surface',
    vertexShader,
    fragmentShader,
    vertexColors: true,
    side: THREE.FrontSide,
    toneMapped: false,
    uniforms: {
      uSky: { value: linear(r.hemisphere.sky, r.hemisphere.intensity) },
      uGround: { value: linear(r.hemisphere.ground, r.hemisphere.intensity) },
      uUp: { value: new THREE.Vector3(...r.hemisphere.up) },
      uAmbient: { value: linear(r.ambient.color, r.ambient.intensity) },
      uDirColor: { value: r.directional.map((d) => linear(d.color, d.intensity)) },
      uDirTo: { value: dirs },
    },
  });
}
