import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import * as THREE from 'three';

export interface OrientationCueProps {
  /** Labels of the +x, +y, +z axes of the anatomy frame. */
  labels: [string, string, string];
  /** Rotation of the anatomy group, so the cue turns with the anatomy. */
  rotation: [number, number, number];
  /** Label of the −x direction (the heart's RV side), drawn with a dashed arrow; none when absent. */
  negXLabel?: string;
}

// Colour-blind-safe axis colours (Okabe–Ito orange, bluish green, blue).
const AXIS_COLORS = ['#E69F00', '#009E73', '#0072B2'] as const;

function labelSprite(text: string, color: string): THREE.Sprite {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 64;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.font = 'bold 40px system-ui, sans-serif';
    ctx.fillStyle = color;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 4, 32);
  }
  const tex = new THREE.CanvasTexture(canvas);
  tex.colorSpace = THREE.SRGBColorSpace;
  const sprite = new THREE.Sprite(
    new THREE.SpriteMaterial({ map: tex, depthTest: false, transparent: true }),
  );
  sprite.scale.set(0.16, 0.04, 1);
  sprite.renderOrder = 1001;
  return sprite;
}

/**
 * A small axis triad with anatomical labels pinned to the lower-left corner of the view. It keeps
 * the anatomy's orientation while the camera orbits, so the user always sees which way is base,
 * septum or anterior.
 */
export function OrientationCue({ labels, rotation, negXLabel }: OrientationCueProps) {
  const group = useRef<THREE.Group>(null);
  const triad = useMemo(() => {
    const g = new THREE.Group();
    const dirs = [new THREE.Vector3(1, 0, 0), new THREE.Vector3(0, 1, 0), new THREE.Vector3(0, 0, 1)];
    dirs.forEach((d, i) => {
      const color = AXIS_COLORS[i] ?? '#000';
      const arrow = new THREE.ArrowHelper(d, new THREE.Vector3(), 0.1, color, 0.03, 0.018);
      arrow.traverse((o) => {
        const m = (o as THREE.Mesh).material as THREE.Material | undefined;
        if (m) m.depthTest = false;
        o.renderOrder = 1000;
      });
      g.add(arrow);
      const s = labelSprite(labels[i] ?? '', color);
      s.position.copy(d.clone().multiplyScalar(0.13)).add(new THREE.Vector3(0.06, 0, 0));
      g.add(s);
    });
    if (negXLabel) {
      const color = '#CC79A7'; // Okabe–Ito reddish purple
      const d = new THREE.Vector3(-1, 0, 0);
      const arrow = new THREE.ArrowHelper(d, new THREE.Vector3(), 0.1, color, 0.03, 0.018);
      arrow.traverse((o) => {
        const m = (o as THREE.Mesh).material as THREE.Material | undefined;
        if (m) m.depthTest = false;
        o.renderOrder = 1000;
      });
      g.add(arrow);
      const s = labelSprite(negXLabel, color);
      s.position.copy(d.clone().multiplyScalar(0.2)).add(new THREE.Vector3(0, 0.03, 0));
      g.add(s);
    }
    return g;
  }, [labels, negXLabel]);

  const fwd = useMemo(() => new THREE.Vector3(), []);
  const right = useMemo(() => new THREE.Vector3(), []);
  const up = useMemo(() => new THREE.Vector3(), []);
  useFrame(({ camera, size }) => {
    const g = group.current;
    if (!g) return;
    const cam = camera as THREE.PerspectiveCamera;
    const d = cam.near * 4;
    const halfH = d * Math.tan(THREE.MathUtils.degToRad(cam.fov / 2));
    const halfW = halfH * (size.width / Math.max(1, size.height));
    camera.getWorldDirection(fwd);
    right.setFromMatrixColumn(camera.matrixWorld, 0);
    up.setFromMatrixColumn(camera.matrixWorld, 1);
    g.position
      .copy(camera.position)
      .addScaledVector(fwd, d)
      // Room on the left for the −x (RV side) arrow and label when there is one.
      .addScaledVector(right, -halfW * (negXLabel ? 0.6 : 0.8))
      .addScaledVector(up, -halfH * 0.72);
    g.scale.setScalar(halfH * 0.9);
  });

  return (
    <group ref={group}>
      <group rotation={rotation}>
        <primitive object={triad} />
      </group>
    </group>
  );
}
