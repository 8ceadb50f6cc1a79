/**
 * The anatomy surfaces' material: three.js's Lambert lighting (the same lights, the same formula)
 * evaluated per vertex instead of per pixel, with per-vertex colours and both faces lit.
 *
 * Why: without a GPU Chromium rasterises WebGL on the CPU (SwiftShader) and every pixel of the
 * surface runs the fragment shader there. Lighting per vertex leaves the fragment shader one select
 * and the colour-space conversion; on the benchmark machine that cut the drag → screen latency by
 * ≈ 10 ms (docs/explorer.md). The lights are fixed in the world and the surfaces are diffuse, so per-
 * vertex lighting is exact at the vertices and differs from per-pixel lighting only by interpolation
 * across a triangle (≈ 1–3 mm triangles here).
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
varying vec3 vFront;
varying vec3 vBack;

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
  vFront = brdf * irradiance(n);
  vBack = brdf * irradiance(-n);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`;

const fragmentShader = /* glsl */ `
varying vec3 vFront;
varying vec3 vBack;

void main() {
  gl_FragColor = vec4(gl_FrontFacing ? vFront : vBack, 1.0);
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
}
`;

function linear(hex: string, intensity: number): THREE.Vector3 {
  const c = new THREE.Color(hex); // sRGB hex → linear working space, as a light's colour
  return new THREE.Vector3(c.r * intensity, c.g * intensity, c.b * intensity);
}

/** A new surface material (vertex colours, both sides) lit by LIGHT_RIG. */
export function createSurfaceMaterial(): THREE.ShaderMaterial {
  const r = LIGHT_RIG;
  const dirs = r.directional.map((d) => new THREE.Vector3(...d.from).normalize());
  return new THREE.ShaderMaterial({
    name: 'anatomy-surface',
    vertexShader,
    fragmentShader,
    vertexColors: true,
    side: THREE.DoubleSide,
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
