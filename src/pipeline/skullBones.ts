/**
 * The bones of a predicted skull for the page and the CLI (the skull worker calls it with every
 * prediction): the surface resampled to a 120 × 240 direction grid (≈ 1.4 mm between vertices on a
 * 36-week vault) and labelled by src/anatomy/skullBones.ts at the GA entered or estimated from HC, made
 * into the bone plate — outer surface, inner surface one bone thickness in, walls along every suture
 * and fontanelle, which are gaps — plus the labels of the model-grid mesh's own vertices (its PLY).
 */
import {
  gridGeometry,
  labelAreaFractions,
  predictedBoneSurface,
  type SkullBoneSurface,
} from '../anatomy/skullBoneSurface';
import { boneLabels, isBoneCode } from '../anatomy/skullBones';
import { defaultBoneThicknessMm } from '../anatomy/skullParams';
import type { SutureWidths } from '../anatomy/skullSutures';
import { plateMesh } from '../geometry/radialShell';
import type { SphereGrid } from '../geometry/radialSurface';
import type { MeshPayload } from './protocol';

/** Grid of the labelled surface the page shows. */
export const BONE_DISPLAY_SPHERE: SphereGrid = { nLat: 120, nLon: 240 };

/** A mesh with an integer label per vertex (SKULL_BONE codes). */
export interface LabelledMeshPayload extends MeshPayload {
  labels: Uint8Array;
}

/** The bones of a shown skull surface. */
export interface SkullBonesResult {
  /**
   * The bone plate on BONE_DISPLAY_SPHERE, mm (scalar null): outer and inner surfaces and the walls
   * of the gaps, a bone label per vertex (1–8; sutures and fontanelles are holes).
   */
  mesh: LabelledMeshPayload;
  /** Label of each vertex of the model-grid mesh (the prediction's `positions`). */
  vertexLabels: Uint8Array;
  /** GA the widths and thickness are taken at, weeks: entered with the planes, else estimated from HC. */
  gaWeeks: number;
  /** Where that GA came from. */
  gaSource: 'entered' | 'hc';
  /** Bone plate thickness, mm. */
  thicknessMm: number;
  /** Suture width and fontanelle sizes at that GA, mm (skullSutures.ts). */
  widths: SutureWidths;
  /** Share of the outer surface per label code (index = code). */
  areaFractions: number[];
}

/** Label at the centre of each triangle of a labelled surface (its mean vertex, on the surface's chord). */
function triangleLabels(s: SkullBoneSurface): Uint8Array {
  const t = s.mesh.indices;
  const p = s.mesh.positions;
  const centres = new Float32Array(t.length);
  for (let f = 0; f < t.length; f++) {
    const v = 3 * (t[f] as number);
    const c = 3 * Math.floor(f / 3);
    centres[c] = (centres[c] as number) + (p[v] as number) / 3;
    centres[c + 1] = (centres[c + 1] as number) + (p[v + 1] as number) / 3;
    centres[c + 2] = (centres[c + 2] as number) + (p[v + 2] as number) / 3;
  }
  return boneLabels(s.atlas, centres);
}

/**
 * Labels the surface `radii` on `sphere` whose model-grid mesh has vertex `positions`, at the GA
 * entered (`gaEntered`, weeks) or else at `gaFromHc`; bone thickness the typical one at that GA.
 */
export function skullBonesOf(
  radii: ArrayLike<number>,
  sphere: SphereGrid,
  positions: Float32Array,
  gaFromHc: number,
  gaEntered: number | null = null,
): SkullBonesResult {
  const entered = gaEntered !== null && Number.isFinite(gaEntered);
  const gaWeeks = entered ? gaEntered : gaFromHc;
  const thicknessMm = defaultBoneThicknessMm(gaWeeks);
  const s = predictedBoneSurface(radii, sphere, { gaWeeks, thicknessMm, grid: BONE_DISPLAY_SPHERE });
  return {
    mesh: {
      ...plateMesh(s.mesh, gridGeometry(s.grid).dirs, s.inner, triangleLabels(s), isBoneCode),
      scalar: null,
    },
    vertexLabels: boneLabels(s.atlas, positions),
    gaWeeks,
    gaSource: entered ? 'entered' : 'hc',
    thicknessMm,
    widths: s.widths,
    areaFractions: Array.from(labelAreaFractions(s.mesh, s.labels)),
  };
}

/** Buffers of a bones result to transfer to the page. */
export function bonesTransfer(b: SkullBonesResult): ArrayBufferLike[] {
  return [
    b.mesh.positions.buffer,
    b.mesh.normals.buffer,
    b.mesh.indices.buffer,
    b.mesh.labels.buffer,
    b.vertexLabels.buffer,
  ];
}
