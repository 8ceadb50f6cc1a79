import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useThree } from '@react-three/fiber';
import { useStoreApi } from '../state/context';
import type { AppStore } from '../state/store';
import type { MeshPayload } from '../pipeline/protocol';
import { absNow, recordShown, stampsOf } from '../pipeline/updateTrace';
import { createSurfaceMaterial } from './surfaceMaterial';
import {
  buildGeometry,
  DISPLACEMENT_RANGE_MM,
  fitsGeometry,
  recolor,
  robustRange,
  updateGeometry,
  type Coloring,
} from './meshGeometry';

/** The mesh the store says should be shown now (LV at the chosen phase or cycle frame, or the skull). */
export function currentMesh(s: AppStore): MeshPayload | null {
  if (s.anatomy === 'skull') {
    if (s.skullX.source !== 'planes') return s.skull?.mesh ?? null;
    const p = s.skullX.prediction;
    // Coloured by bone: the finer labelled surface the worker made (pipeline/skullBones.ts).
    return p && s.skullX.colorBy === 'bone' && p.bones ? p.bones.mesh : (p?.mesh ?? null);
  }
  const cycle = s.view.cycle;
  if (s.source === 'model' && cycle.playing && cycle.frames) return cycle.frames[cycle.frame] ?? null;
  return s.lv ? (s.phase === 'ED' ? s.lv.ed : s.lv.es) : null;
}

/** The pinned shape A at the chosen phase (the side-by-side view). */
export function pinnedMesh(s: AppStore): MeshPayload | null {
  const o = s.pins.A?.outcome;
  return o ? (s.phase === 'ED' ? o.ed : o.es) : null;
}

/** How the shown LV is coloured now. */
export function coloringOf(s: AppStore): Coloring {
  // The skull prediction's scalar is its per-vertex uncertainty (mm), drawn with the same colour map;
  // its bones mesh carries labels and is coloured by them (meshGeometry.colorBytes).
  if (s.anatomy === 'skull' && s.skullX.source === 'planes')
    return { by: 'thickness', loMm: s.skullX.range.loMm, hiMm: s.skullX.range.hiMm };
  return s.anatomy === 'lv' && s.source === 'model' && s.view.colorBy === 'displacement'
    ? { by: 'displacement', rangeMm: DISPLACEMENT_RANGE_MM }
    : { by: 'thickness', loMm: s.colorRange.loMm, hiMm: s.colorRange.hiMm };
}

const sameColoring = (a: Coloring, b: Coloring) => JSON.stringify(a) === JSON.stringify(b);

export interface AnatomyMeshProps {
  name: string;
  /** Which mesh of the store to show. */
  select(s: AppStore): MeshPayload | null;
  /** Publish mesh version and counts on this element (data-testid) for tests. */
  hostTestId?: string;
}

/**
 * An anatomy surface. Geometry is swapped imperatively from store subscriptions, outside React
 * renders; each swap bumps `data-mesh-version` on the host element so tests can wait for it.
 */
export function AnatomyMesh({ name, select, hostTestId }: AnatomyMeshProps) {
  const store = useStoreApi();
  const meshRef = useRef<THREE.Mesh>(null);
  const invalidate = useThree((t) => t.invalidate);
  const material = useMemo(createSurfaceMaterial, []);
  useEffect(() => () => material.dispose(), [material]);

  useEffect(() => {
    const owned = meshRef.current;
    let shown: MeshPayload | null = null;
    let shownColoring: Coloring | null = null;
    let version = 0;
    const apply = (s: AppStore) => {
      const mesh = meshRef.current;
      if (!mesh) return;
      const next = select(s);
      // A drag keeps the settled shape's automatic range (no legend update per drag mesh).
      const dragMesh = s.anatomy === 'lv' && s.lv?.model?.quality === 'drag';
      if (
        next?.scalar &&
        !dragMesh &&
        s.anatomy === 'lv' &&
        s.colorRange.auto &&
        s.view.colorBy === 'thickness'
      ) {
        const [loMm, hiMm] = robustRange(next.scalar);
        if (Math.abs(loMm - s.colorRange.loMm) > 1e-6 || Math.abs(hiMm - s.colorRange.hiMm) > 1e-6) {
          s.setColorRange({ loMm, hiMm, auto: true });
          return; // the range update re-enters apply()
        }
      }
      const coloring = coloringOf(s);
      invalidate();
      if (next === shown) {
        if (next && (!shownColoring || !sameColoring(coloring, shownColoring)))
          recolor(mesh.geometry, next, coloring);
        shownColoring = coloring;
        return;
      }
      // The drag's meshes are written into the buffers already on the GPU; a larger one gets new ones.
      if (next && fitsGeometry(mesh.geometry, next)) updateGeometry(mesh.geometry, next, coloring);
      else if (next) {
        const old = mesh.geometry;
        mesh.geometry = buildGeometry(next, coloring);
        old.dispose();
      }
      mesh.visible = next !== null;
      shown = next;
      shownColoring = coloring;
      version += 1;
      const host = hostTestId ? document.querySelector<HTMLElement>(`[data-testid="${hostTestId}"]`) : null;
      const stamps = stampsOf(s.anatomy === 'lv' ? s.lv : s.skull);
      if (stamps && hostTestId === 'viewer') {
        const rec = recordShown(stamps, version);
        // invalidate() above queued the render's animation frame first; this one runs right after it.
        requestAnimationFrame(() => (rec.renderedAt = absNow()));
      }
      if (host) {
        host.dataset.meshVersion = String(version);
        host.dataset.vertexCount = String(next ? next.positions.length / 3 : 0);
        host.dataset.triangleCount = String(next ? next.indices.length / 3 : 0);
      }
    };
    apply(store.getState());
    const unsub = store.subscribe((s, prev) => {
      if (
        s.lv !== prev.lv ||
        s.skull !== prev.skull ||
        s.skullX !== prev.skullX ||
        s.phase !== prev.phase ||
        s.anatomy !== prev.anatomy ||
        s.source !== prev.source ||
        s.colorRange !== prev.colorRange ||
        s.view !== prev.view ||
        s.pins !== prev.pins
      ) {
        apply(s);
      }
    });
    return () => {
      unsub();
      owned?.geometry.dispose();
    };
  }, [store, invalidate, select, hostTestId]);

  return (
    // Lambert lighting per vertex (surfaceMaterial.ts): one select per pixel in software GL.
    <mesh ref={meshRef} name={name} visible={false} material={material} />
  );
}
