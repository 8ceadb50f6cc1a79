import { useCallback, useRef, useState } from 'react';
import { createRng } from '../anatomy/random';
import { useApp } from '../state/context';
import type { LatentIntent } from '../state/explorerSlice';
import type { LowerMode } from '../model/lvSession';
import { LatentSlider } from './LatentSlider';
import { Term } from './Term';

/** Plain explanations of the terms of this panel (shown on hover and keyboard focus). */
export const LATENT_TERMS = {
  levels:
    'The model describes a heart with codes at several levels: the top level (z3, 2 numbers) holds what separates healthy from HCM hearts; each level below adds detail, and the lowest (z1) is what the decoder turns into the shape.',
  priorMeans:
    'Prior means: the lower levels take the values the model expects on average given the level above. Prior samples: random values the model finds plausible given the level above. Edited: the lower levels keep exactly the values set with their sliders or taken from a file.',
  sigma:
    'σ (sigma) is the standard deviation of the model’s prior for one number of the code: 0 is the average, ±1 σ covers about two thirds of plausible values, ±3 σ nearly all.',
} as const;

/**
 * Latent sliders for every dimension of every level (top level first: the classifier's level), with
 * reset to the prior mean, a sample from the prior, a sample from a class, and — for the Ladder VAE —
 * whether the lower levels follow the top-down prior means or samples.
 */
export function LatentPanel() {
  const info = useApp((s) => s.modelInfo);
  const latent = useApp((s) => s.latent);
  const shown = useApp((s) => s.lv?.model ?? null);
  const setLatent = useApp((s) => s.setLatent);
  const [seed, setSeed] = useState(1);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  // One stable change handler (so unchanged sliders do not re-render), reading the latest code.
  const latest = useRef<(li: number, dim: number, v: number, interactive: boolean) => void>(() => undefined);
  const onSlider = useCallback(
    (li: number, dim: number, v: number, interactive: boolean) => latest.current(li, dim, v, interactive),
    [],
  );
  if (!info || !latent) return null;
  const L = info.levels.length;
  const top = L - 1;
  // Lower levels in means/samples mode are what the worker completed for the shown code.
  const levelsShown = latent.levels.map((l, i) =>
    i !== top && latent.lowerMode !== 'free' && shown && shown.modelId === info.id
      ? (shown.levels[i] ?? l)
      : l,
  );

  const set = (levels: number[][], lowerMode: LowerMode, interactive: boolean, nextSeed = latent.seed) =>
    setLatent({ levels, lowerMode, seed: nextSeed, logvarQ: null, interactive } satisfies LatentIntent);

  latest.current = (li: number, dim: number, v: number, interactive: boolean) => {
    const levels = levelsShown.map((l, i) => (i === li ? l.map((x, d) => (d === dim ? v : x)) : [...l]));
    // Editing a lower level frees the lower levels; moving the top lets them follow the prior again.
    const mode: LowerMode =
      L === 1 ? 'free' : li === top ? (latent.lowerMode === 'free' ? 'means' : latent.lowerMode) : 'free';
    set(levels, mode, interactive);
  };

  const zeros = () => info.levels.map((l) => new Array<number>(l.size).fill(0));
  const sample = (cls: 'prior' | 'healthy' | 'hcm') => {
    const rng = createRng(seed * 7919 + (cls === 'prior' ? 0 : cls === 'healthy' ? 1 : 2));
    const levels = info.levels.map((lvl, i) => {
      if (L > 1 && i !== top) return new Array<number>(lvl.size).fill(0);
      const stats = cls === 'prior' ? null : lvl.perClass?.[cls];
      return Array.from({ length: lvl.size }, (_, d) => rng.normal(stats?.mean[d] ?? 0, stats?.sd[d] ?? 1));
    });
    set(levels, L > 1 ? 'samples' : 'free', false, seed);
    setSeed(seed + 1);
  };

  return (
    <section className="panel" aria-label="Latent code">
      <header className="panel-head">
        <h2>Latent code</h2>
        <button type="button" onClick={() => set(zeros(), L > 1 ? 'means' : 'free', false)}>
          Reset to mean
        </button>
      </header>
      <div className="sample-row">
        <button type="button" onClick={() => sample('prior')}>
          Sample prior
        </button>
        <button type="button" onClick={() => sample('healthy')}>
          Sample healthy
        </button>
        <button type="button" onClick={() => sample('hcm')}>
          Sample HCM
        </button>
      </div>
      {L > 1 ? (
        <div role="radiogroup" aria-label="Lower levels follow" className="tabs small">
          {(['means', 'samples', 'free'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={latent.lowerMode === m}
              data-lower={m}
              disabled={m === 'free' && latent.lowerMode !== 'free'}
              onClick={() =>
                set(
                  levelsShown,
                  m,
                  false,
                  m === 'samples' && latent.lowerMode === 'samples' ? latent.seed + 1 : latent.seed,
                )
              }
            >
              {m === 'means' ? 'Prior means' : m === 'samples' ? 'Prior samples' : 'Edited'}
            </button>
          ))}
        </div>
      ) : null}
      {L > 1 ? (
        <p className="hint">
          Lower levels follow:{' '}
          <Term term="prior means" explain={LATENT_TERMS.priorMeans}>
            what do these mean?
          </Term>
        </p>
      ) : null}
      <p className="hint">
        The code has <Term term="levels" explain={LATENT_TERMS.levels} />. Shaded behind each slider: the
        training codes of healthy (blue) and HCM (orange) subjects. Ranges are ±3{' '}
        <Term term="σ" explain={LATENT_TERMS.sigma} />. Keys: arrows move a slider by 0.1 σ, Page Up / Page
        Down by 1 σ.
      </p>
      {[...info.levels.keys()].reverse().map((li) => {
        const lvl = info.levels[li];
        if (!lvl) return null;
        const values = levelsShown[li] ?? [];
        return (
          <details
            key={lvl.name}
            open={open[lvl.name] ?? li === top}
            className="level"
            onToggle={(e) => {
              const isOpen = e.currentTarget.open;
              setOpen((o) => (o[lvl.name] === isOpen ? o : { ...o, [lvl.name]: isOpen }));
            }}
          >
            <summary>
              {lvl.name} — {lvl.size} dimensions
              {li === top ? ' (classifier and navigation level)' : li === 0 ? ' (decoder input)' : ''}
            </summary>
            {L > 1 && li !== 0 && li !== top ? (
              <p className="hint level-note" data-testid={`level-note-${lvl.name}`}>
                The shape is decoded from {info.levels[0]?.name ?? 'the lowest level'} only. Editing{' '}
                {lvl.name} switches to Edited: {info.levels[0]?.name} keeps its values, so the shape does not
                change until you move {info.levels[0]?.name}&apos;s sliders, or choose Prior means to let the
                levels below follow the top level again. {lvl.name} changes the code&apos;s KL (see Teaching).
              </p>
            ) : null}
            {L > 1 && li === 0 && latent.lowerMode !== 'free' ? (
              <p className="hint level-note" data-testid={`level-note-${lvl.name}`}>
                Now following the {latent.lowerMode === 'means' ? 'prior means' : 'prior samples'} of the
                levels above; moving a {lvl.name} slider switches to Edited and keeps the other values.
              </p>
            ) : null}
            {(open[lvl.name] ?? li === top)
              ? values.map((v, d) => (
                  <LatentSlider key={d} level={lvl} levelIndex={li} dim={d} value={v} onChange={onSlider} />
                ))
              : null}
          </details>
        );
      })}
    </section>
  );
}
