import { useState } from 'react';
import { coloringOf, currentMesh } from '../scene/AnatomyMesh';
import { captureView } from '../scene/capture';
import { useApp, useLiveApp, useStoreApi } from '../state/context';
import { PANEL_REFRESH_MS } from './dragPolicy';
import { useLvCommands } from './commands';
import { drawLegend, meshToObj, meshToStl, plyOf, saveFile } from './exportFiles';

/**
 * Export and share: a PNG of the view (2×, optionally transparent, legend drawn in), the shown mesh
 * as PLY (per-vertex colours), OBJ or STL, the latent code as JSON, and a link holding model, code
 * and camera.
 */
export function ExportPanel() {
  const store = useStoreApi();
  const [transparent, setTransparent] = useState(false);
  const info = useApp((s) => s.modelInfo);
  const commands = useLvCommands();
  const source = useApp((s) => s.source);
  const [message, setMessage] = useState<string | null>(null);
  const base = `lv-${source === 'model' ? (info?.id ?? 'model') : 'phantom'}`;

  // The link follows the code at the panels' pace while dragging (useLiveApp), like the readouts.
  const query = useLiveApp((s) => commands.shareQuery(s), PANEL_REFRESH_MS);
  const link = query ? `${location.origin}${location.pathname}${query}` : null;

  const png = () => {
    const s = store.getState();
    const canvas = captureView(2, transparent);
    if (!canvas) return setMessage('The 3-D view is not ready yet.');
    const coloring = coloringOf(s);
    drawLegend(
      canvas,
      coloring,
      coloring.by === 'displacement' ? `Displacement from pin ${s.view.reference}` : 'Wall thickness',
      2,
    );
    canvas.toBlob((blob) => {
      if (!blob) return setMessage('The browser could not encode the PNG.');
      void blob.arrayBuffer().then((b) => {
        saveFile(`${base}-${s.phase}.png`, new Uint8Array(b), 'image/png');
        setMessage(`Saved ${base}-${s.phase}.png (${canvas.width}×${canvas.height}).`);
        return null;
      });
    }, 'image/png');
  };

  const mesh = (format: 'ply' | 'obj' | 'stl') => {
    const s = store.getState();
    const m = currentMesh(s);
    if (!m) return setMessage('There is no shape to export yet.');
    const name = `${base}-${s.phase}.${format}`;
    if (format === 'ply')
      saveFile(
        name,
        plyOf(m, coloringOf(s), [`latent-anatomy-explorer ${base} ${s.phase}`, 'units mm']),
        'application/octet-stream',
      );
    else if (format === 'obj') saveFile(name, meshToObj(m, base), 'text/plain');
    else saveFile(name, meshToStl(m, `${base} ${s.phase}`), 'application/octet-stream');
    setMessage(`Saved ${name} (${m.positions.length / 3} vertices).`);
  };

  const json = () => {
    const s = store.getState();
    if (!s.lv?.model || !info) return setMessage('There is no model code to export.');
    const doc = {
      schema: 1,
      model: info.id,
      levels: info.levels.map((l, i) => ({ name: l.name, values: s.lv?.model?.levels[i] ?? [] })),
      lowerMode: s.lv.model.lowerMode,
      pHcm: s.lv.model.pHcm,
      indexes: s.lv.indexes,
      link,
    };
    saveFile(`${base}-code.json`, JSON.stringify(doc, null, 2), 'application/json');
    setMessage(`Saved ${base}-code.json.`);
  };

  return (
    <section className="panel" aria-label="Export and share">
      <h2>Export and share</h2>
      <div className="sample-row wrap">
        <button type="button" onClick={png} data-export="png">
          PNG (2×)
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={transparent}
            onChange={(e) => setTransparent(e.currentTarget.checked)}
          />
          transparent
        </label>
      </div>
      <div className="sample-row wrap">
        <button type="button" onClick={() => mesh('ply')} data-export="ply">
          PLY (colours)
        </button>
        <button type="button" onClick={() => mesh('obj')} data-export="obj">
          OBJ
        </button>
        <button type="button" onClick={() => mesh('stl')} data-export="stl">
          STL
        </button>
        <button type="button" onClick={json} disabled={source !== 'model'} data-export="json">
          Latent JSON
        </button>
      </div>
      {link ? (
        <label className="field">
          <span>Link to this shape</span>
          <input
            type="text"
            readOnly
            value={link}
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
      ) : null}
      {message ? (
        <p className="hint" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
