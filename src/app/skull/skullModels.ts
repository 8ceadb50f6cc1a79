/**
 * Which skull model is loaded: the selected one, loaded once (and again when another is picked);
 * once ready, the latent offsets take its levels' sizes and a prediction follows.
 */
import { joinSentences } from '../../io/messages';
import type { SkullModelId } from '../../state/skullExplorer';
import { APP_BASE, MODELS_BASE } from '../modelsBase';
import { messageOf, type SkullContext } from './skullContext';

/** Where the skull models are served from: `?skull-models=<folder>` (tests), else the app's models. */
export function skullModelsBase(search: string): string {
  const q = new URLSearchParams(search).get('skull-models');
  return q && /^[a-z-]+$/.test(q) ? `${APP_BASE}${q}`.replace('//', '/') : MODELS_BASE;
}

export interface SkullModels {
  /** Loads the selected model unless it is loading or loaded; then predicts. */
  ensureModel(): Promise<void>;
  selectModel(id: SkullModelId): void;
}

export function createSkullModels(ctx: SkullContext, search: string, predict: () => void): SkullModels {
  async function ensureModel(): Promise<void> {
    const x = ctx.state().skullX;
    if (x.model.status === 'loading' || (x.model.status === 'ready' && x.model.info?.id === x.modelId))
      return;
    const id = x.modelId;
    ctx.state().setSkullX({ model: { status: 'loading', info: null, message: null } });
    try {
      const info = await ctx.worker().load(skullModelsBase(search), id);
      if (ctx.state().skullX.modelId !== id) return;
      ctx.state().setSkullX({
        model: { status: 'ready', info, message: null },
        offsets: info.latent.map((l, i) =>
          Array.from({ length: l.size }, (_, d) => ctx.state().skullX.offsets[i]?.[d] ?? 0),
        ),
      });
      predict();
    } catch (e) {
      ctx.state().setSkullX({
        model: {
          status: 'error',
          info: null,
          message: joinSentences(
            messageOf(e),
            'The plane readers still work; try the other model or reload.',
          ),
        },
      });
    }
  }
  return {
    ensureModel,
    selectModel(id) {
      if (ctx.state().skullX.modelId === id) return;
      ctx
        .state()
        .setSkullX({ modelId: id, model: { status: 'idle', info: null, message: null }, prediction: null });
      void ensureModel();
    },
  };
}
