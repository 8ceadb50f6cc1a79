import { useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useApp, useLiveApp } from '../state/context';
import { PANEL_REFRESH_MS } from './dragPolicy';
import { topOf, withTop } from '../state/explorerSlice';
import { contourSegments, mapPlane, moveTo, project } from './mapGeometry';
import { Readout } from './Readout';
import { checkLvIndex, type LvIndexName } from '../geometry/lvIndexValidity';

/** One decoded class mean's index in the table: "—" with why when it is outside its physical range. */
function IndexCell({
  name,
  index,
  value,
  digits,
}: {
  name?: string;
  index: LvIndexName;
  value: number;
  digits: number;
}) {
  const c = checkLvIndex(index, value);
  return (
    <td data-readout={name} data-value={name ? (c.value ?? '') : undefined} title={c.why ?? undefined}>
      {c.value === null ? '—' : c.value.toFixed(digits)}
    </td>
  );
}

const SIZE = 300;
const PAD = 26;
const COLORS = { healthy: '#0072B2', hcm: '#D55E00' } as const;

/**
 * The latent map: the classifier's level in 2-D (the Ladder VAE's top level, or a plane through the
 * VAE's code). Population codes by class, the decision boundary p(HCM) = 0.5, the navigation path and
 * the current code, which follows clicks, drags and arrow keys. "Mean healthy" and "mean HCM" decode
 * the class means, with their mass and cavity volume side by side.
 */
export function LatentMap() {
  const info = useApp((s) => s.modelInfo);
  const latent = useApp((s) => s.latent);
  const path = useApp((s) => s.nav.path);
  const pHcm = useLiveApp((s) => s.lv?.model?.pHcm ?? null, PANEL_REFRESH_MS);
  const setLatent = useApp((s) => s.setLatent);
  const dragging = useRef(false);
  const topLevel = info?.levels[info.levels.length - 1];
  const plane = useMemo(() => (topLevel ? mapPlane(topLevel) : null), [topLevel]);

  const extent = useMemo(() => {
    if (info?.boundary) {
      const { xs, ys } = info.boundary;
      return [xs[0] ?? -4, xs[xs.length - 1] ?? 4, ys[0] ?? -4, ys[ys.length - 1] ?? 4] as const;
    }
    return [-4, 4, -4, 4] as const;
  }, [info]);
  const [x0, x1, y0, y1] = extent;
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0)) * (SIZE - 2 * PAD);
  const sy = (y: number) => SIZE - PAD - ((y - y0) / (y1 - y0)) * (SIZE - 2 * PAD);

  const background = useMemo(() => {
    if (!info?.boundary) return null;
    const { xs, ys, logit } = info.boundary;
    const w = (SIZE - 2 * PAD) / Math.max(1, xs.length - 1);
    const h = (SIZE - 2 * PAD) / Math.max(1, ys.length - 1);
    const cells = ys.flatMap((y, j) =>
      xs.map((x, i) => {
        const p = 1 / (1 + Math.exp(-(logit[j * xs.length + i] ?? 0)));
        return (
          <rect
            key={`${i}-${j}`}
            x={PAD + ((x - x0) / (x1 - x0)) * (SIZE - 2 * PAD) - w / 2}
            y={SIZE - PAD - ((y - y0) / (y1 - y0)) * (SIZE - 2 * PAD) - h / 2}
            width={w + 0.5}
            height={h + 0.5}
            fill={p > 0.5 ? COLORS.hcm : COLORS.healthy}
            fillOpacity={0.06 + 0.16 * Math.abs(2 * p - 1)}
          />
        );
      }),
    );
    const segs = contourSegments(xs, ys, logit, 0).map(([a, b, c, d], k) => (
      <line
        key={k}
        x1={PAD + ((a - x0) / (x1 - x0)) * (SIZE - 2 * PAD)}
        y1={SIZE - PAD - ((b - y0) / (y1 - y0)) * (SIZE - 2 * PAD)}
        x2={PAD + ((c - x0) / (x1 - x0)) * (SIZE - 2 * PAD)}
        y2={SIZE - PAD - ((d - y0) / (y1 - y0)) * (SIZE - 2 * PAD)}
        stroke="#1d2330"
        strokeWidth={1.5}
        strokeDasharray="4 3"
      />
    ));
    return (
      <g data-testid="map-boundary">
        {cells}
        {segs}
      </g>
    );
  }, [info, x0, x1, y0, y1]);

  const points = useMemo(
    () =>
      (info?.topPoints ?? []).map((p, k) => (
        <circle
          key={k}
          cx={PAD + ((p.z[0] - x0) / (x1 - x0)) * (SIZE - 2 * PAD)}
          cy={SIZE - PAD - ((p.z[1] - y0) / (y1 - y0)) * (SIZE - 2 * PAD)}
          r={1.8}
          fill={p.cls === 1 ? COLORS.hcm : COLORS.healthy}
          fillOpacity={0.7}
        />
      )),
    [info, x0, x1, y0, y1],
  );

  if (!info || !latent || !plane || !topLevel) return null;
  const top = topOf(latent.levels);
  const [cx, cy] = project(plane, top);
  const fromScreen = (e: PointerEvent<SVGSVGElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * SIZE;
    const py = ((e.clientY - r.top) / r.height) * SIZE;
    return [
      x0 + ((px - PAD) / (SIZE - 2 * PAD)) * (x1 - x0),
      y0 + ((SIZE - PAD - py) / (SIZE - 2 * PAD)) * (y1 - y0),
    ];
  };
  const moveCode = (a: number, b: number, interactive: boolean) =>
    setLatent(withTop(latent, moveTo(plane, top, a, b), interactive));
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    const d = e.shiftKey ? 0.5 : 0.1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-d, 0],
      ArrowRight: [d, 0],
      ArrowUp: [0, d],
      ArrowDown: [0, -d],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    moveCode(cx + m[0], cy + m[1], true);
  };
  const classMean = (cls: 'healthy' | 'hcm') => {
    const mean = topLevel.perClass?.[cls].mean;
    if (mean)
      setLatent({
        ...withTop(latent, [...mean], false),
        lowerMode: info.levels.length > 1 ? 'means' : 'free',
      });
  };
  const pathPts = path
    .map((p) => project(plane, p.top))
    .map(([a, b]) => `${sx(a).toFixed(1)},${sy(b).toFixed(1)}`);
  const ellipses =
    !info.topPoints && topLevel.perClass
      ? (['healthy', 'hcm'] as const).map((cls) => {
          const s = topLevel.perClass?.[cls];
          if (!s) return null;
          const [mx, my] = project(plane, s.mean);
          const spread = (dir: number[]) =>
            Math.sqrt(dir.reduce((acc, d, i) => acc + d * d * (s.sd[i] ?? 1) ** 2, 0));
          return (
            <ellipse
              key={cls}
              cx={sx(mx)}
              cy={sy(my)}
              rx={(spread(plane.u) / (x1 - x0)) * (SIZE - 2 * PAD)}
              ry={(spread(plane.v) / (y1 - y0)) * (SIZE - 2 * PAD)}
              fill={COLORS[cls]}
              fillOpacity={0.15}
              stroke={COLORS[cls]}
            />
          );
        })
      : null;
  const cm = info.classMeans;
  const pct = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0
      ? `${(((b - a) / a) * 100).toFixed(0)} %`
      : '—';

  return (
    <section className="panel" aria-label="Latent map">
      <h2>
        Latent map {info.levels.length > 1 ? `(${topLevel.name}, the top level)` : '(a plane through z1)'}
      </h2>
      <svg
        className="latent-map"
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="slider"
        tabIndex={0}
        aria-label={`Latent map: ${plane.labels[0]} across, ${plane.labels[1]} up. Click, drag or use the arrow keys (Shift for larger steps) to move the code.`}
        aria-valuetext={`(${cx.toFixed(2)}, ${cy.toFixed(2)})${pHcm !== null ? `, p(HCM) ${(pHcm * 100).toFixed(0)} %` : ''}`}
        aria-valuenow={Number(cx.toFixed(2))}
        data-testid="latent-map"
        data-x={cx}
        data-y={cy}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          const [a, b] = fromScreen(e);
          moveCode(a, b, true);
        }}
        onPointerMove={(e) => {
          if (!dragging.current) return;
          const [a, b] = fromScreen(e);
          moveCode(a, b, true);
        }}
        onPointerUp={(e) => {
          if (!dragging.current) return;
          dragging.current = false;
          const [a, b] = fromScreen(e);
          moveCode(a, b, false);
        }}
      >
        <rect x={0} y={0} width={SIZE} height={SIZE} fill="#fff" />
        {background}
        {ellipses}
        {points}
        <line x1={sx(0)} y1={PAD} x2={sx(0)} y2={SIZE - PAD} stroke="#aab" strokeWidth={0.5} />
        <line x1={PAD} y1={sy(0)} x2={SIZE - PAD} y2={sy(0)} stroke="#aab" strokeWidth={0.5} />
        {pathPts.length > 1 ? (
          <polyline
            points={pathPts.join(' ')}
            fill="none"
            stroke="#1d2330"
            strokeWidth={1.6}
            data-testid="map-path"
          />
        ) : null}
        <circle cx={sx(cx)} cy={sy(cy)} r={6} fill="#E69F00" stroke="#1d2330" strokeWidth={1.5} />
        <text x={SIZE / 2} y={SIZE - 6} textAnchor="middle" fontSize={10} fill="#5b6372">
          {plane.labels[0]}
        </text>
        <text
          x={10}
          y={SIZE / 2}
          textAnchor="middle"
          fontSize={10}
          fill="#5b6372"
          transform={`rotate(-90 10 ${SIZE / 2})`}
        >
          {plane.labels[1]}
        </text>
      </svg>
      <p className="hint">
        Dots: training subjects (blue healthy, orange HCM)
        {info.boundary ? '; dashed line: the classifier’s boundary p(HCM) = 50 %' : ''}; black line: the
        navigation path.
      </p>
      <div className="sample-row">
        <button type="button" onClick={() => classMean('healthy')} data-testid="mean-healthy">
          Mean healthy
        </button>
        <button type="button" onClick={() => classMean('hcm')} data-testid="mean-hcm">
          Mean HCM
        </button>
      </div>
      {cm ? (
        <table className="compare" aria-label="Decoded class means">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">mean healthy</th>
              <th scope="col">mean HCM</th>
              <th scope="col">HCM vs healthy</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">mass (g)</th>
              <IndexCell name="mean-healthy-mass" index="massG" value={cm.healthy.indexes.massG} digits={0} />
              <IndexCell name="mean-hcm-mass" index="massG" value={cm.hcm.indexes.massG} digits={0} />
              <td>{pct(cm.healthy.indexes.massG, cm.hcm.indexes.massG)}</td>
            </tr>
            <tr>
              <th scope="row">cavity EDV (mL)</th>
              <IndexCell index="edvMl" value={cm.healthy.indexes.edvMl} digits={0} />
              <IndexCell index="edvMl" value={cm.hcm.indexes.edvMl} digits={0} />
              <td>{pct(cm.healthy.indexes.edvMl, cm.hcm.indexes.edvMl)}</td>
            </tr>
            <tr>
              <th scope="row">max wall (mm)</th>
              <IndexCell
                index="maxWallThicknessMm"
                value={cm.healthy.indexes.maxWallThicknessMm}
                digits={1}
              />
              <IndexCell index="maxWallThicknessMm" value={cm.hcm.indexes.maxWallThicknessMm} digits={1} />
              <td>{pct(cm.healthy.indexes.maxWallThicknessMm, cm.hcm.indexes.maxWallThicknessMm)}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      <dl className="readouts">
        <Readout name="map-x" label="map across" unit="" digits={2} value={cx} />
        <Readout name="map-y" label="map up" unit="" digits={2} value={cy} />
      </dl>
    </section>
  );
}
