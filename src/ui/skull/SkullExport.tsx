import { useState } from 'react';
import { captureView } from '../../scene/capture';
import { PLANE_KINDS } from '../../pipeline/skullPlanes';
import { useApp, useStoreApi } from '../../state/context';
import { slotProfile } from '../../state/skullExplorer';
import { meshToPly } from '../../io/meshExport';
import { colorBytes } from '../../scene/meshGeometry';
import { boneLabelCodes } from '../../anatomy/skullBones';
import { drawLegend, meshToObj, meshToStl, saveFile } from '../exportFiles';
import { useSkullCommands } from '../commands';

/**
 * Export and share of the skull prediction: PNG of the view (2×, legend drawn in, optional transparent
 * background), the surface as PLY (uncertainty colours, the SD and the bone label per vertex; coloured
 * by bone: the finer labelled surface), OBJ or STL, the
 * prediction as JSON, and a link holding model, outlines, latent offsets, GA and camera.
 */
export function SkullExport() {
  const store = useStoreApi();
  const p = useApp((s) => s.skullX.prediction);
  const skull = useSkullCommands();
  const query = useApp((s) => skull.shareQuery(s));
  const link = query ? `${location.origin}${location.pathname}${query}` : null;
  const [transparent, setTransparent] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!p) return null;
  const base = `${p.modelId}-${p.planesUsed.join('-')}`;
  const coloring = () => {
    const r = store.getState().skullX.range;
    return { by: 'thickness' as const, loMm: r.loMm, hiMm: r.hiMm };
  };
  const png = () => {
    const canvas = captureView(2, transparent);
    if (!canvas) return setMessage('The 3-D view is not ready yet.');
    if (store.getState().skullX.colorBy === 'uncertainty')
      drawLegend(canvas, coloring(), 'Uncertainty (SD)', 2);
    canvas.toBlob((blob) => {
      if (!blob) return setMessage('The browser could not encode the PNG.');
      void blob.arrayBuffer().then((b) => {
        saveFile(`${base}.png`, new Uint8Array(b), 'image/png');
        setMessage(`Saved ${base}.png (${canvas.width}×${canvas.height}).`);
        return null;
      });
    }, 'image/png');
  };
  const mesh = (format: 'ply' | 'obj' | 'stl') => {
    const x = store.getState().skullX;
    const cur = x.prediction;
    if (!cur) return;
    // Coloured by bone: the finer labelled surface (pipeline/skullBones.ts) with its labels.
    const bones = x.colorBy === 'bone' ? cur.bones.mesh : null;
    const m = bones ?? { ...cur.mesh, scalar: cur.stdMm };
    const name = `${base}.${format}`;
    if (format === 'ply') {
      const codes = `bone_label = ${boneLabelCodes()}`;
      const bytes = bones
        ? meshToPly(bones, {
            colors: colorBytes(bones, coloring()),
            labels: { name: 'bone_label', values: bones.labels },
            comments: [
              `latent-anatomy-explorer ${cur.modelId} from ${cur.planesUsed.join(' + ')}: bones`,
              `outer skull surface, units mm; bone plate ${cur.bones.thicknessMm.toFixed(2)} mm thick at ${cur.bones.gaWeeks.toFixed(1)} weeks`,
              codes,
            ],
          })
        : meshToPly(m, {
            colors: colorBytes(x.colorBy === 'uncertainty' ? m : { ...m, scalar: null }, coloring()),
            scalars: { name: 'uncertainty_mm', values: cur.stdMm },
            labels: { name: 'bone_label', values: cur.bones.vertexLabels },
            comments: [
              `latent-anatomy-explorer ${cur.modelId} from ${cur.planesUsed.join(' + ')}`,
              'outer skull surface, units mm; uncertainty_mm = per-vertex SD over K prior samples',
              codes,
            ],
          });
      saveFile(name, bytes, 'application/octet-stream');
    } else if (format === 'obj') saveFile(name, meshToObj(m, base), 'text/plain');
    else saveFile(name, meshToStl(m, base), 'application/octet-stream');
    setMessage(`Saved ${name} (${m.positions.length / 3} vertices).`);
  };
  const json = () => {
    const s = store.getState();
    const cur = s.skullX.prediction;
    if (!cur) return;
    const doc = {
      format: 'latent-anatomy-skull-prediction',
      version: 1,
      model: cur.modelId,
      planes: cur.planesUsed,
      planesFilled: cur.planesFilled,
      k: cur.k,
      biometry: cur.biometry,
      uncertainty: cur.uncertainty,
      latentOffsetsPriorSd: cur.offsets,
      gaWeeksEntered: s.skullX.gaWeeks,
      profilesMm: Object.fromEntries(
        PLANE_KINDS.map((k) => [k, slotProfile(s.skullX.slots[k])]).map(([k, v]) => [
          k,
          v ? Array.from(v as Float32Array, (r) => +r.toFixed(2)) : null,
        ]),
      ),
      radiiMm: Array.from(cur.radii, (r) => +r.toFixed(2)),
      stdMm: Array.from(cur.stdMm, (r) => +r.toFixed(3)),
    };
    saveFile(`${base}.json`, JSON.stringify(doc, null, 2), 'application/json');
    setMessage(`Saved ${base}.json.`);
  };
  return (
    <section className="panel" aria-label="Export and share">
      <h2>Export and share</h2>
      <div className="export-row">
        <button type="button" data-skull-export="png" onClick={png}>
          PNG (2×)
        </button>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={transparent}
            onChange={(e) => setTransparent(e.currentTarget.checked)}
          />
          transparent
        </label>
      </div>
      <div className="export-row">
        <button type="button" data-skull-export="ply" onClick={() => mesh('ply')}>
          PLY
        </button>
        <button type="button" data-skull-export="obj" onClick={() => mesh('obj')}>
          OBJ
        </button>
        <button type="button" data-skull-export="stl" onClick={() => mesh('stl')}>
          STL
        </button>
        <button type="button" data-skull-export="json" onClick={json}>
          JSON
        </button>
      </div>
      {link ? (
        <div className="export-row">
          <label>
            Link
            <input
              readOnly
              value={link}
              data-skull-share
              aria-label="Shareable link (outlines only, no images)"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(link)
                .then(() => {
                  setMessage('Link copied. It holds the outlines (64 radii per plane), never the images.');
                  return null;
                })
                .catch(() => setMessage('Copy the link from the field (the clipboard is not available).'))
            }
          >
            Copy
          </button>
        </div>
      ) : null}
      {message ? (
        <p className="hint" role="status" data-skull-export-message>
          {message}
        </p>
      ) : null}
    </section>
  );
}
