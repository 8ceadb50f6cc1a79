import { useEffect } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useStoreApi } from '../state/context';
import { joinCameraLink, lastPose, publishPose, type CameraPose } from './cameraLink';
import { registerCapture } from './capture';

export const ANATOMY_OBJECT_NAME = 'anatomy-surface';

export interface CameraRigProps {
  /** Link id of this view; views share their camera through the camera link. */
  viewId: string;
  /** The main view frames the anatomy, writes the camera into the store and serves screenshots. */
  primary: boolean;
}

/**
 * Orbit controls (drag to rotate, wheel to zoom, right-drag or arrow keys to pan) and automatic
 * framing of the anatomy whenever a different anatomy is first shown (or the camera of a shared link).
 */
export function CameraRig({ viewId, primary }: CameraRigProps) {
  const { camera, gl, scene, invalidate, size } = useThree();
  const store = useStoreApi();

  useEffect(() => {
    if (!primary) return;
    return registerCapture({ gl, scene, camera, size });
  }, [gl, scene, camera, size, primary]);

  useEffect(() => {
    const controls = new OrbitControls(camera, gl.domElement);
    controls.enableDamping = false;
    controls.listenToKeyEvents(gl.domElement);
    gl.domElement.tabIndex = 0;
    gl.domElement.setAttribute(
      'aria-label',
      `${primary ? 'Anatomy view' : 'Pinned shape A view'}: drag to rotate, wheel to zoom, arrow keys to pan`,
    );
    gl.domElement.setAttribute('role', 'img');
    let applying = false;
    const apply = (pose: CameraPose) => {
      applying = true;
      camera.position.set(...pose.position);
      controls.target.set(...pose.target);
      controls.update();
      applying = false;
      invalidate();
    };
    const poseOf = (): CameraPose => ({
      position: camera.position.toArray() as [number, number, number],
      target: controls.target.toArray() as [number, number, number],
    });
    let storeTimer: ReturnType<typeof setTimeout> | null = null;
    const onChange = () => {
      invalidate();
      if (applying) return;
      const pose = poseOf();
      publishPose(viewId, pose);
      if (primary) {
        if (storeTimer) clearTimeout(storeTimer);
        storeTimer = setTimeout(() => store.getState().setCamera(pose), 150);
      }
    };
    controls.addEventListener('change', onChange);
    const leave = joinCameraLink(viewId, apply);

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
      // Fit the narrower of the two view angles (a tall, narrow view is limited horizontally).
      const halfV = THREE.MathUtils.degToRad(fov / 2);
      const el = gl.domElement;
      const halfH = Math.atan(Math.tan(halfV) * (el.clientWidth / Math.max(1, el.clientHeight)));
      const dist = (sphere.radius * 1.25) / Math.sin(Math.min(halfV, halfH));
      camera.near = dist / 50;
      camera.far = dist * 10;
      camera.updateProjectionMatrix();
      const linked = primary ? (s.camera ?? null) : s.anatomy === 'lv' ? lastPose() : null;
      if (linked) {
        apply(linked);
        return;
      }
      camera.position.copy(center).add(new THREE.Vector3(0.7, 0.55, 1).normalize().multiplyScalar(dist));
      controls.target.copy(center);
      controls.update();
      if (primary) publishPose(viewId, poseOf());
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.anatomy !== prev.anatomy) {
        framedFor = null;
        // A camera kept for the LV (or a shared link) does not frame another anatomy.
        if (primary) s.setCamera(null);
      }
      // Let the mesh component swap geometry first.
      queueMicrotask(frame);
    });
    queueMicrotask(frame);
    return () => {
      unsub();
      leave();
      if (storeTimer) clearTimeout(storeTimer);
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [camera, gl, scene, store, invalidate, viewId, primary]);

  useFrame(() => undefined);
  return null;
}
