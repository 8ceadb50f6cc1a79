import { memo, useId, useMemo } from 'react';
import type { LatentLevelInfo } from '../pipeline/modelInfo';

export interface LatentSliderProps {
  level: LatentLevelInfo;
  levelIndex: number;
  dim: number;
  value: number;
  /** `interactive`: a drag or arrow key on the slider (drawn at drag quality until it settles). */
  onChange(levelIndex: number, dim: number, value: number, interactive: boolean): void;
}

const CLASS_COLORS = { healthy: '#0072B2', hcm: '#D55E00' } as const;

/** Keyboard steps of a latent slider, in latent units (prior SDs): arrows 0.1, PageUp/PageDown 1. */
export const KEY_STEPS: Record<string, number> = {
  ArrowRight: 0.1,
  ArrowUp: 0.1,
  ArrowLeft: -0.1,
  ArrowDown: -0.1,
  PageUp: 1,
  PageDown: -1,
};
const W = 100;
const H = 18;

/** Gaussian density curves of both classes over the slider's range, as an SVG path per class. */
function densityPaths(
  level: LatentLevelInfo,
  dim: number,
  lo: number,
  hi: number,
): { cls: 'healthy' | 'hcm'; d: string }[] {
  if (!level.perClass) return [];
  const out: { cls: 'healthy' | 'hcm'; d: string }[] = [];
  const curves = (['healthy', 'hcm'] as const).map((cls) => {
    const s = level.perClass?.[cls];
    const m = s?.mean[dim] ?? 0;
    const sd = Math.max(1e-3, s?.sd[dim] ?? 1);
    const ys = Array.from({ length: 41 }, (_, i) => {
      const x = lo + ((hi - lo) * i) / 40;
      return Math.exp(-0.5 * ((x - m) / sd) ** 2) / sd;
    });
    return { cls, ys };
  });
  const peak = Math.max(...curves.flatMap((c) => c.ys));
  for (const c of curves) {
    const pts = c.ys.map((y, i) => `${((W * i) / 40).toFixed(1)},${(H - (H * y) / peak).toFixed(2)}`);
    out.push({ cls: c.cls, d: `M0,${H} L${pts.join(' L')} L${W},${H} Z` });
  }
  return out;
}

/**
 * One latent dimension: a range slider (±3 σ, widened to both classes' ±3 SD) with the training
 * population's per-class distribution drawn behind it, and a numeric field speaking the same value.
 */
export const LatentSlider = memo(function LatentSlider({
  level,
  levelIndex,
  dim,
  value,
  onChange,
}: LatentSliderProps) {
  const id = useId();
  const lo = level.range.lo[dim] ?? -3;
  const hi = level.range.hi[dim] ?? 3;
  const name = `${level.name}[${dim + 1}]`;
  const paths = useMemo(() => densityPaths(level, dim, lo, hi), [level, dim, lo, hi]);
  return (
    <div className="latent-row">
      <label htmlFor={id}>{name}</label>
      <div className="latent-track">
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
          {paths.map((p) => (
            <path
              key={p.cls}
              d={p.d}
              fill={CLASS_COLORS[p.cls]}
              fillOpacity={0.28}
              stroke={CLASS_COLORS[p.cls]}
              strokeWidth={0.4}
            />
          ))}
        </svg>
        <input
          id={id}
          type="range"
          data-latent={`${levelIndex}-${dim}`}
          min={lo}
          max={hi}
          step={0.01}
          value={value}
          aria-valuetext={`${name} = ${value.toFixed(2)}`}
          aria-keyshortcuts="ArrowLeft ArrowRight PageUp PageDown"
          onChange={(e) => onChange(levelIndex, dim, Number(e.currentTarget.value), true)}
          onKeyDown={(e) => {
            const step = KEY_STEPS[e.key];
            if (step === undefined) return;
            e.preventDefault();
            const next = Math.round((value + step) * 100) / 100;
            onChange(levelIndex, dim, Math.min(hi, Math.max(lo, next)), false);
          }}
        />
      </div>
      <input
        type="number"
        className="param-number"
        aria-label={`${name} value`}
        data-latent-number={`${levelIndex}-${dim}`}
        step={0.1}
        value={Number(value.toFixed(2))}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) onChange(levelIndex, dim, v, false);
        }}
      />
    </div>
  );
});
