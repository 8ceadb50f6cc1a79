import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { useThree } from '@react-three/fiber';
import { useStoreApi } from '../state/context';
import type { AppStore } from '../state/store';
import type { MeshPayload } from '../pipeline/protocol';
import { buildGeometry, recolor, robustRange } from './meshGeometry';

/** The mesh the store says should be shown now (LV at the chosen phase, or the skull). */
export function currentMesh(s: AppStore): MeshPayload | null {
  if (s.anatomy === 'lv') return s.lv ? (s.phase === 'ED' ? s.lv.ed : s.lv.es) : null;
  return s.skull?.mesh ?? null;
}

/**
 * The anatomy surface. Geometry is swapped imperatively from store subscriptions, outside React
 * renders; each swap bumps `data-mesh-version` on the canvas host so tests can wait for it.
 */
export function AnatomyMesh({ name }: { name: string }) {
  const store = useStoreApi();
  const meshRef = useRef<THREE.Mesh>(null);
  const invalidate = useThree((t) => t.invalidate);

  useEffect(() => {
    const owned = meshRef.current;
    let shown: MeshPayload | null = null;
    let version = 0;
    const apply = (s: AppStore) => {
      const mesh = meshRef.current;
      if (!mesh) return;
      const next = currentMesh(s);
      let { loMm, hiMm } = s.colorRange;
      if (next?.scalar && s.colorRange.auto) {
        [loMm, hiMm] = robustRange(next.scalar);
        if (Math.abs(loMm - s.colorRange.loMm) > 1e-6 || Math.abs(hiMm - s.colorRange.hiMm) > 1e-6) {
          s.setColorRange({ loMm, hiMm, auto: true });
          return; // the range update re-enters apply()
        }
      }
      invalidate();
      if (next === shown) {
        if (next) recolor(mesh.geometry, next, loMm, hiMm);
        return;
      }
      const old = mesh.geometry;
      mesh.geometry = next ? buildGeometry(next, loMm, hiMm) : new THREE.BufferGeometry();
      old.dispose();
      mesh.visible = next !== null;
      shown = next;
      version += 1;
      const host = document.querySelector<HTMLElement>('[data-testid="viewer"]');
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
        s.phase !== prev.phase ||
        s.anatomy !== prev.anatomy ||
        s.colorRange !== prev.colorRange
      ) {
        apply(s);
      }
    });
    return () => {
      unsub();
      owned?.geometry.dispose();
    };
  }, [store, invalidate]);

  return (
    <mesh ref={meshRef} name={name} visible={false}>
      <meshStandardMaterial vertexColors roughness={0.55} metalness={0.05} side={THREE.DoubleSide} />
    </mesh>
  );
}
