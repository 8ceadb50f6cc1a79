import { Canvas } from '@react-three/fiber';
import { useApp } from '../state/context';
import { AnatomyMesh } from './AnatomyMesh';
import { ANATOMY_OBJECT_NAME, CameraRig } from './CameraRig';
import { OrientationCue } from './OrientationCue';

/** Anatomy frames put their long axis on +z; the view shows +z up. */
const Z_UP: [number, number, number] = [-Math.PI / 2, 0, 0];

const CUE_LABELS = {
  lv: ['Lateral', 'Anterior', 'Base'] as [string, string, string],
  skull: ['Front', 'Left', 'Up'] as [string, string, string],
};

/** The 3-D view: lights, the anatomy surface, orbit controls and an orientation cue. */
export function Viewer() {
  const anatomy = useApp((s) => s.anatomy);
  return (
    <div className="viewer" data-testid="viewer" data-mesh-version="0">
      <Canvas
        camera={{ fov: 40, position: [0, 0, 300], near: 1, far: 5000 }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        dpr={[1, 2]}
        frameloop="demand"
      >
        <color attach="background" args={['#f4f5f7']} />
        <hemisphereLight args={['#ffffff', '#9aa0aa', 1.6]} />
        <ambientLight intensity={0.35} />
        <directionalLight position={[200, 300, 400]} intensity={1.6} />
        <directionalLight position={[-300, -100, -200]} intensity={0.6} />
        <group rotation={Z_UP}>
          <group name="anatomy-root">
            <AnatomyMesh name={ANATOMY_OBJECT_NAME} />
          </group>
        </group>
        <CameraRig />
        <OrientationCue labels={CUE_LABELS[anatomy]} rotation={Z_UP} />
      </Canvas>
    </div>
  );
}
