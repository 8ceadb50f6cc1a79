/**
 * Share links of the cardiac explorer (format in `app/shareUrl.ts`): the link the page was opened
 * with is read once and applied when its model is ready; the link of the shown shape is written on
 * demand for the export panel.
 */
import type { ModelInfo } from '../../pipeline/modelInfo';
import type { LatentIntent } from '../../state/explorerSlice';
import type { AppStore, AppStoreApi } from '../../state/store';
import {
  clampNotice,
  clampSharedLevels,
  codeLimits,
  parseShareQuery,
  shareQuery,
  type SharedState,
} from '../shareUrl';

export interface LvShareLink {
  /**
   * The opening link's code for model `info` (applied once; null when the link named no code for
   * this model, or its code does not fit the model, which is then said in a notice).
   */
  intentFor(info: ModelInfo): LatentIntent | null;
  /** The query string of a link that reopens the shown model shape, or null when none is shown. */
  shareQuery(s: AppStore): string | null;
}

/** Reads the link the page was opened with (`search`); an unreadable one is said in a notice. */
export function readLvShareLink(store: AppStoreApi, search: string): LvShareLink {
  let shared: SharedState | null = null;
  try {
    shared = parseShareQuery(search);
  } catch (err) {
    store.getState().notify('error', `${(err as Error).message} Showing the default shape instead.`);
  }
  const backend = new URLSearchParams(search).get('backend');
  return {
    intentFor(info) {
      if (!shared || shared.model !== info.id) return null;
      const link = shared;
      shared = null;
      const s = store.getState();
      const sizes = info.levels.map((l) => l.size);
      if (link.levels.length !== sizes.length || link.levels.some((l, i) => l.length !== sizes[i])) {
        s.notify(
          'error',
          `This link's latent code has levels of ${link.levels.map((l) => l.length).join(', ')} values; model ${info.id} has ${sizes.join(', ')}. Showing the mean healthy shape instead.`,
        );
        return null;
      }
      const { levels, clamped } = clampSharedLevels(link.levels, codeLimits(info.levels));
      // An error notice: it stays until dismissed.
      if (clamped.length > 0)
        s.notify(
          'error',
          clampNotice(
            clamped,
            info.levels.map((l) => l.name),
          ),
        );
      if (link.camera) s.setCamera(link.camera);
      return { levels, lowerMode: link.lower, seed: link.seed, logvarQ: null, interactive: false };
    },
    shareQuery(s) {
      const info = s.modelInfo;
      const shown = s.lv?.model;
      const latent = s.latent;
      if (s.source !== 'model' || !info || !shown || !latent) return null;
      return shareQuery(
        {
          model: info.id,
          levels: latent.lowerMode === 'free' ? shown.levels : latent.levels,
          lower: latent.lowerMode,
          seed: latent.seed,
          camera: s.camera,
        },
        backend ? { backend } : {},
      );
    },
  };
}
