/**
 * Pinned shapes A and B: the worker keeps a pinned shape's fields (the reference for displacement
 * colours), the store keeps its code and outcome (side by side, interpolation).
 */
import type { Pin } from '../../state/explorerSlice';
import type { LvContext } from './lvContext';

export interface Pins {
  /** Pins the shown model shape in `slot` (nothing without one). */
  pin(slot: 'A' | 'B'): void;
  unpin(slot: 'A' | 'B'): void;
}

/** The pin's one-line label: p(HCM) and mass, e.g. "p(HCM) 12 %, mass 130 g". */
export function pinLabel(pHcm: number, massG: number): string {
  return `p(HCM) ${(pHcm * 100).toFixed(0)} %, mass ${massG > 0 && Number.isFinite(massG) ? massG.toFixed(0) : '—'} g`;
}

export function createPins(ctx: LvContext): Pins {
  const { store } = ctx;
  /** Worker-side ids; never reused. */
  let nextId = 1;
  return {
    pin(slot) {
      const s = store.getState();
      if (!s.lv?.model || !s.latent) return;
      const old = s.pins[slot];
      if (old) ctx.client.unpin(old.id);
      const id = nextId++;
      ctx.client.pin(id);
      const p: Pin = {
        slot,
        id,
        intent: { ...s.latent, levels: s.lv.model.levels, lowerMode: 'free', interactive: false },
        outcome: s.lv,
        label: pinLabel(s.lv.model.pHcm, s.lv.indexes.massG),
      };
      s.setPin(slot, p);
    },
    unpin(slot) {
      const s = store.getState();
      const old = s.pins[slot];
      if (old) ctx.client.unpin(old.id);
      s.setPin(slot, null);
      if (s.view.colorBy === 'displacement' && s.view.reference === slot) s.setView({ colorBy: 'thickness' });
    },
  };
}
