import { Canvas } from '@react-three/fiber';
import { useApp } from '../state/context';
import type { AppStore } from '../state/store';
import type { MeshPayload } from '../pipeline/protocol';
import { AnatomyMesh, currentMesh, pinnedMesh } from './AnatomyMesh';
import { ANATOMY_OBJECT_NAME, CameraRig } from './CameraRig';
import { OrientationCue } from './OrientationCue';
import { PixelBudget } from './PixelBudget';

/** Anatomy frames put their long axis on +z; the view shows +z up. */
const Z_UP: [number, number, number] = [-Math.PI / 2, 0, 0];

const CUE_LABELS = {
  lv: ['Lateral', 'Anterior', 'Base'] as [string, string, string],
  skull: ['Front', 'Left', 'Up'] as [string, string, string],
};

interface ViewProps {
  viewId: string;
  testId: string;
  select(s: AppStore): MeshPayload | null;
  primary: boolean;
  caption?: string;
}

function View({ viewId, testId, select, primary, caption }: ViewProps) {
  const anatomy = useApp((s) => s.anatomy);
  return (
    <div className="viewer-pane" data-testid={testId} data-mesh-version="0">
      {caption ? <div className="viewer-caption">{caption}</div> : null}
      <Canvas
        camera={{ fov: 40, position: [0, 0, 300], near: 1, far: 5000 }}
        // No preserved buffer: the export renders and copies in one task (capture.ts).
        gl={{ preserveDrawingBuffer: false, antialias: false, alpha: true }}
        dpr={[1, 2]}
        frameloop="demand"
      >
        <color attach="background" args={['#f4f5f7']} />
        {/* No light objects: the surfaces light themselves per vertex (surfaceMaterial.ts, LIGHT_RIG). */}
        <group rotation={Z_UP}>
          <group name="anatomy-root">
            <AnatomyMesh name={ANATOMY_OBJECT_NAME} select={select} hostTestId={testId} />
          </group>
        </group>
        <PixelBudget />
        <CameraRig viewId={viewId} primary={primary} />
        <OrientationCue
          labels={CUE_LABELS[anatomy]}
          rotation={Z_UP}
          negXLabel={anatomy === 'lv' ? 'RV side' : undefined}
        />
      </Canvas>
    </div>
  );
}

/** The 3-D view: the shown shape, and pinned shape A beside it (linked cameras) when asked for. */
export function Viewer() {
  const side = useApp(
    (s) => s.anatomy === 'lv' && s.source === 'model' && s.view.sideBySide && s.pins.A !== null,
  );
  return (
    <div className={`viewer${side ? ' viewer-split' : ''}`}>
      <View
        viewId="main"
        testId="viewer"
        select={currentMesh}
        primary
        caption={side ? 'Current' : undefined}
      />
      {side ? (
        <View viewId="pinA" testId="viewer-pin" select={pinnedMesh} primary={false} caption="Pin A" />
      ) : null}
    </div>
  );
}
