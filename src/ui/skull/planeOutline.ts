import type { SkullSlot } from '../../state/skullExplorer';

/** The shown outline and ellipse: the hand edit when there is one, else the detection. */
export function outlineOf(slot: SkullSlot) {
  if (slot.edited)
    return {
      ellipse: slot.edited.ellipse,
      contourPx: slot.edited.contourPx,
      hcMm: slot.edited.hcMm,
      ofdMm: slot.edited.ofdMm,
      bpdMm: slot.edited.bpdOuterMm,
      bpdLabel: 'BPD (outer–outer)',
      confidence: null,
    };
  const d = slot.report?.detection;
  if (!d) return null;
  return {
    ellipse: d.ellipse,
    contourPx: d.contourPx,
    hcMm: d.hcMm,
    ofdMm: d.ofdMm,
    bpdMm: d.bpdMm,
    bpdLabel: 'BPD',
    confidence: d.confidence,
  };
}

/** The outline a plane slot shows (see {@link outlineOf}). */
export type PlaneOutline = NonNullable<ReturnType<typeof outlineOf>>;
