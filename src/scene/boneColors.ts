/**
 * Colours of the skull's bone labels (src/anatomy/skullBones.ts codes), sRGB bytes: left and right
 * bones in a darker and a lighter tone of one Okabe–Ito hue; sutures dark brown, fontanelles dark
 * red, the skull base a neutral grey, so the gaps read as gaps between the coloured plates.
 */
import { SKULL_BONE, SKULL_BONE_NAMES } from '../anatomy/skullBones';

/** sRGB colour per label code (index = code). */
export const BONE_COLORS: readonly (readonly [number, number, number])[] = [
  [230, 222, 204], // none
  [230, 159, 0], // frontal L
  [240, 200, 110], // frontal R
  [0, 114, 178], // parietal L
  [110, 180, 230], // parietal R
  [0, 158, 115], // occipital
  [204, 121, 167], // temporal L
  [230, 175, 205], // temporal R
  [200, 196, 186], // skull base and face
  [70, 52, 40], // suture
  [150, 30, 45], // fontanelle
];

/** sRGB bytes (3 per vertex) of per-vertex bone labels. */
export function boneLabelBytes(labels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(labels.length * 3);
  for (let v = 0; v < labels.length; v++) {
    const c = BONE_COLORS[labels[v] as number] ?? BONE_COLORS[0];
    out[3 * v] = c?.[0] ?? 0;
    out[3 * v + 1] = c?.[1] ?? 0;
    out[3 * v + 2] = c?.[2] ?? 0;
  }
  return out;
}

/** The legend's entries: code, name and CSS colour (codes 1–10). */
export function boneLegendEntries(): { code: number; name: string; css: string }[] {
  return Object.values(SKULL_BONE)
    .filter((code) => code !== SKULL_BONE.none)
    .map((code) => {
      const c = BONE_COLORS[code] ?? [0, 0, 0];
      return { code, name: SKULL_BONE_NAMES[code] ?? String(code), css: `rgb(${c.join(',')})` };
    });
}
