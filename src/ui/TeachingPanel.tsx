import { useApp, useLiveApp } from '../state/context';
import { PANEL_REFRESH_MS } from './dragPolicy';
import { Term } from './Term';

const KL_EXPLAINED =
  'KL (Kullback–Leibler divergence) measures how far the code is from what the model expects before seeing any heart. It is counted in nats (natural-log units of information; 1 nat ≈ 1.44 bits): 0 is the most typical code, and a few nats per level is ordinary.';

/**
 * A short explanation of the variational autoencoder behind the shapes — encoder → (μ, σ) → z →
 * decoder, the reparameterisation and the two loss terms — with the KL of the shown code, live.
 */
export function TeachingPanel() {
  const info = useApp((s) => s.modelInfo);
  const m = useLiveApp((s) => (s.source === 'model' ? (s.lv?.model ?? null) : null), PANEL_REFRESH_MS);
  const total = m ? m.klPerLevel.reduce((a, b) => a + b, 0) : null;
  return (
    <section className="panel teaching" aria-label="How the model works">
      <details>
        <summary>
          <h2>How the model works</h2>
        </summary>
        <ol>
          <li>
            <strong>Encoder.</strong> A segmented heart (ED and ES myocardium) goes in; out come a mean μ and
            a spread σ for every latent dimension: a Gaussian q(z | x) of codes that could describe this
            heart.
          </li>
          <li>
            <strong>Reparameterisation.</strong> Training draws z = μ + σ·ε with ε ~ N(0, 1), so the
            randomness sits in ε and gradients flow through μ and σ.
          </li>
          <li>
            <strong>Decoder.</strong> z becomes a signed distance field of the myocardium (32³ voxels of 3.2
            mm, ED and ES); the page resamples it to 1.6 mm, extracts the surface and measures it.
          </li>
          <li>
            <strong>Two loss terms.</strong> Reconstruction (how well the decoded shape matches the input)
            plus the Kullback–Leibler divergence KL(q(z | x) ‖ p(z)), which keeps codes near the prior N(0, 1)
            so that every point of the latent space decodes to a plausible heart.
            {info?.kind === 'ladder-vae'
              ? ' In the Ladder VAE each lower level has a prior given the level above, and the top level is 2-D and shared with the HCM classifier.'
              : ' A classifier on μ predicts HCM; its gradient drives the navigation.'}
          </li>
        </ol>
        <p className="hint">
          The sliders set the code the decoder sees: each is one latent dimension in units of the prior’s σ
          (±3 σ covers 99.7 % of it). Moving along the classifier’s gradient changes the shape the way the
          model associates with HCM.
        </p>
        {m ? (
          <p className="hint">
            <Term term="KL in nats" explain={KL_EXPLAINED}>
              KL in nats
            </Term>{' '}
            of the shown code, per level:
          </p>
        ) : null}
        {m ? (
          <dl className="readouts" aria-label="KL of the shown code">
            {m.klPerLevel.map((kl, l) => (
              <div className="readout" key={l} data-readout={`kl-${l}`} data-value={kl}>
                <dt>KL {info?.levels[l]?.name ?? `level ${l + 1}`}</dt>
                <dd>
                  <output>{Number.isFinite(kl) ? kl.toFixed(2) : '—'} nats</output>
                </dd>
              </div>
            ))}
            <div className="readout" data-readout="kl" data-value={total ?? ''}>
              <dt>KL total</dt>
              <dd>
                <output>{total !== null && Number.isFinite(total) ? total.toFixed(2) : '—'} nats</output>
              </dd>
            </div>
          </dl>
        ) : null}
        {m ? (
          <p className="hint">
            {m.klComplete
              ? 'From the encoder’s μ and σ of your file: the complete KL.'
              : 'A slider code has no σ of its own: shown is the mean term ½ Σ (μ − μp)²/σp², 0 at the prior mean.'}
          </p>
        ) : null}
      </details>
    </section>
  );
}
