/**
 * Widths of the fetal skull's sutures and fontanelles as a function of gestational age: the
 * project's model, shared by the synthetic phantom (skullShape.ts: its gaps), the bone labelling
 * (skullBones.ts) and the predicted skull (at the GA entered or estimated from HC).
 *
 * With u = clamp((GA − 20)/16, 0, 1) (0 at 20 w, 1 at 36 w) and every width × `scale`:
 * - sutures (sagittal, coronal, lambdoid, squamosal): 2.5 − 1.3u mm (2.5 mm at 20 w, 1.2 mm at 36 w);
 * - metopic: the same × clamp((32 − GA)/12, 0, 1) — closed from 32 w (REFERENCE.md §2: the metopic
 *   suture normally closes in the third trimester, closed after ≈ 32 w);
 * - anterior fontanelle: a diamond with half-diagonals 10 − 2u mm (front–back) and 8 − 2u mm (left–right);
 * - posterior fontanelle radius 4.5 − 2u mm; mastoid (posterolateral) radius 4 − 1.5u mm;
 * - sphenoidal (anterolateral) radius 4.5 × clamp((30 − GA)/10, 0, 1) mm (REFERENCE.md §2: measurable
 *   before 26 w, gone by 34 w; this model closes it at 30 w).
 * The narrowing with GA and the closures follow REFERENCE.md §2 (Dikkeboom 2004 and the notes there);
 * the millimetre values are this project's illustrative model, not a measured table.
 */

/** Suture and fontanelle sizes, mm. */
export interface SutureWidths {
  /** Full width of the sagittal, coronal, lambdoid and squamosal sutures. */
  suture: number;
  /** Full width of the metopic suture (0 once closed). */
  metopic: number;
  /** Anterior fontanelle half-diagonals: front–back (x) and left–right (y). */
  afX: number;
  afY: number;
  /** Posterior fontanelle radius. */
  pf: number;
  /** Sphenoidal (anterolateral) fontanelle radius, each side (0 once closed). */
  sphenoid: number;
  /** Mastoid (posterolateral) fontanelle radius, each side. */
  mastoid: number;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Suture and fontanelle sizes (mm) at `gaWeeks`, × `scale` (1 typical, 0 closed). */
export function sutureWidthsMm(gaWeeks: number, scale = 1): SutureWidths {
  const u = clamp01((gaWeeks - 20) / 16);
  const s = Math.max(0, scale);
  return {
    suture: (2.5 - 1.3 * u) * s,
    metopic: (2.5 - 1.3 * u) * s * clamp01((32 - gaWeeks) / 12),
    afX: (10 - 2 * u) * s,
    afY: (8 - 2 * u) * s,
    pf: (4.5 - 2 * u) * s,
    sphenoid: 4.5 * s * clamp01((30 - gaWeeks) / 10),
    mastoid: (4 - 1.5 * u) * s,
  };
}
