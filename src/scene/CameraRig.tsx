import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useStoreApi } from '../state/context';
import { joinCameraLink, lastPose, publishPose, type CameraPose } from './cameraLink';
import { registerCapture } from './capture';
import {
  anatomyToWorld,
  DEFAULT_VIEW,
  fitDistance,
  viewById,
  worldToAnatomy,
  type Vec3,
} from './standardViews';

export const ANATOMY_OBJECT_NAME = 'anatomy-surface';

export interface CameraRigProps {
  /** Link id of this view; views share their camera through the camera link. */
  viewId: string;
  /** The main view frames the anatomy, writes the camera into the store and serves screenshots. */
  primary: boolean;
}

/** A shape whose bounding radius changes by more than this fraction is framed again. */
const REFIT_CHANGE = 0.15;

/**
 * Orbit controls (drag to rotate, wheel to zoom, right-drag or arrow keys to pan), the anatomy's
 * default view when it is first shown (or the camera of a shared link), the standard views asked for
 * in the store (`requestView`), and framing: the camera distance is fitted again when the shape's
 * size changes by more than 15 % or the view is resized (side by side), keeping the direction.
 * The canvas carries the view for tests: data-view, data-camera-dir (anatomy frame), data-fit
 * (the shape's angular radius over the narrower half view angle of the part left free by the legend)
 * and data-shape-box (the shape's
 * bounding box on screen, px).
 */
export function CameraRig({ viewId, primary }: CameraRigProps) {
  const { camera, gl, scene, invalidate, size } = useThree();
  const store = useStoreApi();
  const refit = useRef<(() => void) | null>(null);

  useEffect(() => {
    refit.current?.();
  }, [size.width, size.height]);

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
      el.dataset.view = 'user';
      const pose = poseOf();
      publishPose(viewId, pose);
      if (primary) {
        if (storeTimer) clearTimeout(storeTimer);
        storeTimer = setTimeout(() => store.getState().setCamera(pose), 150);
      }
    };
    controls.addEventListener('change', onChange);
    const leave = joinCameraLink(viewId, apply);

    const el = gl.domElement;
    const persp = camera as THREE.PerspectiveCamera;
    /** The shown shape's bounding sphere in the scene, or null while there is none. */
    const shape = (): { center: THREE.Vector3; radius: number } | null => {
      const obj = scene.getObjectByName(ANATOMY_OBJECT_NAME) as THREE.Mesh | undefined;
      const sphere = obj?.geometry.boundingSphere;
      if (!obj || !sphere || !obj.visible || !(sphere.radius > 0)) return null;
      obj.updateWorldMatrix(true, false);
      return { center: sphere.center.clone().applyMatrix4(obj.matrixWorld), radius: sphere.radius };
    };
    /**
     * Width over height of the part of the view the shape may fill: on a wide enough view, the
     * legend's width is kept free on both sides, so the centred shape never lies under the legend.
     */
    const aspect = () => {
      const w = el.clientWidth;
      const legend = primary ? el.closest('.stage')?.querySelector<HTMLElement>('.legend') : null;
      const reserve = legend ? legend.offsetWidth + 12 : 0;
      const free = w > 3 * reserve ? w - 2 * reserve : w;
      return free / Math.max(1, el.clientHeight);
    };
    /** Writes what the view shows into the canvas's data attributes (tests, scripts). */
    const describe = (viewName: string | null) => {
      const d = camera.position.clone().sub(controls.target);
      const dist = d.length();
      const dir = worldToAnatomy(d.normalize().toArray() as Vec3);
      el.dataset.cameraDir = dir.map((v) => v.toFixed(3)).join(',');
      if (viewName !== null) el.dataset.view = viewName;
      const sh = shape();
      if (sh && dist > 0) {
        const halfV = THREE.MathUtils.degToRad(persp.fov / 2);
        const halfH = Math.atan(Math.tan(halfV) * aspect());
        const angular = Math.asin(Math.min(1, sh.radius / camera.position.distanceTo(sh.center)));
        el.dataset.fit = (angular / Math.min(halfV, halfH)).toFixed(3);
      }
      // The shape's box on screen (CSS px from the canvas's top left): left, top, right, bottom, over
      // the shown mesh's vertices (the buffers hold stale values past them; AnatomyMesh publishes the count).
      const obj = scene.getObjectByName(ANATOMY_OBJECT_NAME) as THREE.Mesh | undefined;
      const pos = obj?.geometry.getAttribute('position');
      const n = Number(el.closest<HTMLElement>('[data-vertex-count]')?.dataset.vertexCount ?? 0);
      if (obj?.visible && pos && n > 0 && n <= pos.count) {
        camera.updateMatrixWorld();
        obj.updateWorldMatrix(true, false);
        const box = new THREE.Box3();
        const p = new THREE.Vector3();
        for (let i = 0; i < n; i++) box.expandByPoint(p.fromBufferAttribute(pos, i));
        let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
        for (let k = 0; k < 8; k++) {
          p.set(k & 1 ? box.max.x : box.min.x, k & 2 ? box.max.y : box.min.y, k & 4 ? box.max.z : box.min.z);
          p.applyMatrix4(obj.matrixWorld).project(camera);
          const x = ((p.x + 1) / 2) * el.clientWidth;
          const y = ((1 - p.y) / 2) * el.clientHeight;
          [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
        }
        el.dataset.shapeBox = [x0, y0, x1, y1].map((v) => v.toFixed(0)).join(',');
      }
    };
    /** Places the camera along `dirWorld` (or its present direction) at the fitting distance. */
    const place = (dirWorld: THREE.Vector3 | null, viewName: string | null) => {
      const sh = shape();
      if (!sh) return false;
      const dist = fitDistance(sh.radius, persp.fov, aspect());
      camera.near = dist / 50;
      camera.far = dist * 10;
      camera.updateProjectionMatrix();
      const dir = dirWorld ?? camera.position.clone().sub(controls.target).normalize();
      if (!(dir.lengthSq() > 0)) dir.set(0, 0, 1);
      camera.position.copy(sh.center).add(dir.normalize().multiplyScalar(dist));
      controls.target.copy(sh.center);
      controls.update();
      framedRadius = sh.radius;
      describe(viewName);
      if (primary) publishPose(viewId, poseOf());
      invalidate();
      return true;
    };
    const worldDir = (v: Vec3) => new THREE.Vector3(...anatomyToWorld(v));

    let framedFor: string | null = null;
    let framedRadius = 0;
    let viewSeq = store.getState().viewRequest?.seq ?? 0;
    const frame = () => {
      const s = store.getState();
      const sh = shape();
      if (!sh) return;
      if (framedFor === s.anatomy) {
        // The same anatomy: fit again only when the shape changed size markedly (a 38-week skull
        // after a 20-week one), keeping the direction the person chose.
        if (primary && Math.abs(sh.radius - framedRadius) > REFIT_CHANGE * framedRadius) place(null, null);
        return;
      }
      framedFor = s.anatomy;
      const linked = primary ? (s.camera ?? null) : s.anatomy === 'lv' ? lastPose() : null;
      if (linked) {
        const dist = fitDistance(sh.radius, persp.fov, aspect());
        camera.near = dist / 50;
        camera.far = dist * 10;
        camera.updateProjectionMatrix();
        framedRadius = sh.radius;
        apply(linked);
        describe('shared');
        return;
      }
      place(worldDir(DEFAULT_VIEW[s.anatomy].dir), 'default');
    };
    refit.current = () => {
      if (primary && framedFor !== null) place(null, null);
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.anatomy !== prev.anatomy) {
        framedFor = null;
        // A camera kept for the LV (or a shared link) does not frame another anatomy.
        if (primary) s.setCamera(null);
      }
      const req = s.viewRequest;
      if (primary && req && req.seq !== viewSeq) {
        viewSeq = req.seq;
        const v = viewById(s.anatomy, req.id);
        if (v) queueMicrotask(() => place(worldDir(v.dir), v.id));
      }
      // Let the mesh component swap geometry first.
      queueMicrotask(frame);
    });
    queueMicrotask(frame);
    return () => {
      refit.current = null;
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
