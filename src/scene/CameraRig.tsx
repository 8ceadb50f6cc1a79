import { useEffect } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useStoreApi } from '../state/context';

export const ANATOMY_OBJECT_NAME = 'anatomy-surface';

/**
 * Orbit controls (drag to rotate, wheel to zoom, right-drag or arrow keys to pan) and automatic
 * framing of the anatomy whenever a different anatomy is first shown.
 */
export function CameraRig() {
  const { camera, gl, scene, invalidate } = useThree();
  const store = useStoreApi();

  useEffect(() => {
    const controls = new OrbitControls(camera, gl.domElement);
    controls.enableDamping = false;
    controls.listenToKeyEvents(gl.domElement);
    gl.domElement.tabIndex = 0;
    gl.domElement.setAttribute(
      'aria-label',
      'Anatomy view: drag to rotate, wheel to zoom, arrow keys to pan',
    );
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);

    let framedFor: string | null = null;
    const frame = () => {
      const s = store.getState();
      const obj = scene.getObjectByName(ANATOMY_OBJECT_NAME) as THREE.Mesh | undefined;
      const sphere = obj?.geometry.boundingSphere;
      if (!obj || !sphere || !obj.visible || framedFor === s.anatomy) return;
      framedFor = s.anatomy;
      obj.updateWorldMatrix(true, false);
      const center = sphere.center.clone().applyMatrix4(obj.matrixWorld);
      const fov = (camera as THREE.PerspectiveCamera).fov ?? 40;
      const dist = (sphere.radius * 1.25) / Math.sin(THREE.MathUtils.degToRad(fov / 2));
      camera.position.copy(center).add(new THREE.Vector3(0.7, 0.55, 1).normalize().multiplyScalar(dist));
      camera.near = dist / 50;
      camera.far = dist * 10;
      camera.updateProjectionMatrix();
      controls.target.copy(center);
      controls.update();
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.anatomy !== prev.anatomy) framedFor = null;
      // Let the mesh component swap geometry first.
      queueMicrotask(frame);
    });
    queueMicrotask(frame);
    return () => {
      unsub();
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [camera, gl, scene, store, invalidate]);

  useFrame(() => undefined);
  return null;
}
