/**
 * Share links of the skull explorer (format in `skullShare.ts`): the link the page was opened with
 * is applied once, when the skull planes are first shown; the link of the shown prediction is written
 * on demand for the export panel.
 */
import { joinSentences } from '../../io/messages';
import { PLANE_KINDS, type PlaneKind } from '../../pipeline/skullPlanes';
import { emptySlot, slotProfile } from '../../state/skullExplorer';
import type { AppStore } from '../../state/store';
import { planeWarnings } from '../../ui/skull/planeChecks';
import { messageOf, type SkullContext } from './skullContext';
import { parseSkullShare, skullShareQuery, type SkullShared } from './skullShare';

export interface SkullShareLink {
  /** Applies the opening link once (its outlines, model, offsets, GA and camera); later calls do nothing. */
  restoreFromUrl(): void;
  /** The query string of a link that reopens the shown prediction, or null when none is shown. */
  shareQuery(s: AppStore): string | null;
}

export function createSkullShareLink(ctx: SkullContext, search: string, predict: () => void): SkullShareLink {
  let restored = false;
  const backend = new URLSearchParams(search).get('backend');

  /** Restores planes from a shared link's profiles (no images). */
  function restoreShared(profiles: Partial<Record<PlaneKind, Float32Array>>): void {
    for (const k of PLANE_KINDS) {
      const p = profiles[k];
      ctx.state().setSkullSlot(k, p ? { ...emptySlot(), status: 'ready', shared: p } : emptySlot());
    }
    predict();
  }

  return {
    restoreFromUrl() {
      if (restored) return;
      restored = true;
      let shared: SkullShared | null;
      try {
        shared = parseSkullShare(search);
      } catch (e) {
        // Kept apart from the status message, which the next prediction replaces.
        ctx.state().setSkullX({ linkMessage: joinSentences(messageOf(e), 'Starting without it.') });
        return;
      }
      if (!shared) return;
      ctx.state().setSkullX({
        modelId: shared.modelId,
        offsets: shared.offsets,
        gaWeeks: shared.gaWeeks,
        gaNote: null,
      });
      if (shared.camera) ctx.state().setCamera(shared.camera);
      restoreShared(shared.profiles);
    },
    shareQuery(s) {
      const x = s.skullX;
      if (!x.prediction) return null;
      const profiles: Partial<Record<PlaneKind, Float32Array>> = {};
      // The planes the prediction used: a plane held back by the plane checks is not shared either.
      const warned = planeWarnings(x.slots);
      for (const k of PLANE_KINDS) {
        const pr = slotProfile(x.slots[k], warned[k].length > 0);
        if (pr) profiles[k] = pr;
      }
      return skullShareQuery(
        { modelId: x.modelId, profiles, offsets: x.offsets, gaWeeks: x.gaWeeks, camera: s.camera },
        backend ? { backend } : {},
      );
    },
  };
}
