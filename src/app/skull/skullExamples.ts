/**
 * Held-out examples: the worker simulates the three planes of a held-out skull, which fill the slots;
 * the prediction from them is then compared with the true skull (`skullPrediction.ts`).
 */
import { PLANE_KINDS } from '../../pipeline/skullPlanes';
import { messageOf, type SkullContext } from './skullContext';
import type { SkullPlanes } from './skullPlanes';

export interface SkullExamples {
  /** Loads held-out example `index` (0-based) into all three slots. */
  loadExample(index: number): Promise<void>;
}

export function createSkullExamples(
  ctx: SkullContext,
  planes: Pick<SkullPlanes, 'applyReport' | 'forgetGa'>,
  predict: () => void,
): SkullExamples {
  return {
    async loadExample(index) {
      const s = () => ctx.state();
      ctx.dropT0 = performance.now();
      s().setSkullX({ busy: `simulating the planes of held-out skull ${index + 1}…` });
      for (const k of PLANE_KINDS) s().setSkullSlot(k, { status: 'reading', message: null });
      try {
        const { subject, reports, ms } = await ctx.worker().example(index);
        for (const r of reports) planes.applyReport(r.kind, r, ms / reports.length);
        planes.forgetGa(`held-out skull ${index + 1}`);
        s().setSkullX({ example: { subject, comparison: null, ms }, busy: null });
        predict();
      } catch (e) {
        s().setSkullX({ busy: null, message: `The example could not be made: ${messageOf(e)}` });
        for (const k of PLANE_KINDS)
          if (s().skullX.slots[k].status === 'reading') s().setSkullSlot(k, { status: 'empty' });
      }
    },
  };
}
