/**
 * The three plane slots: a dropped file or an entered pixel size becomes a plane report (head
 * outline, pixel size, warnings), a hand-edited ellipse replaces the detected outline, and a plane
 * can be switched off, confirmed despite warnings or removed. Each change asks for a prediction.
 */
import { aboutFile, joinSentences } from '../../io/messages';
import { SkullWorkerError } from '../../pipeline/skullClient';
import { editOutline, ellipseProblem } from '../../pipeline/skullOutlineEdit';
import type { OutlineEllipse, PlaneKind, PlaneReport } from '../../pipeline/skullPlanes';
import { emptySlot, type SkullSlot } from '../../state/skullExplorer';
import { messageOf, type SkullContext } from './skullContext';

/** Largest file accepted from a drop, bytes (the decoders also refuse images over 40 megapixels). */
export const MAX_FILE_BYTES = 80 * 1024 * 1024;

export interface SkullPlanes {
  dropFile(kind: PlaneKind, file: File): Promise<void>;
  setPixel(kind: PlaneKind, pixelMm: number): Promise<void>;
  removePlane(kind: PlaneKind): void;
  confirmPlane(kind: PlaneKind): void;
  setEnabled(kind: PlaneKind, enabled: boolean): void;
  editEllipse(kind: PlaneKind, ellipse: OutlineEllipse | null): void;
  /** Puts a worker's report into slot `kind` (a read file or an example's plane). */
  applyReport(kind: PlaneKind, report: PlaneReport, readMs: number | null): void;
  /** A new image starts without the GA entered for the previous one (`what` names the image). */
  forgetGa(what: string): void;
  /** A plane of the person's own replaces an example: the example (and its truth) is left. */
  leaveExample(): void;
}

export function createSkullPlanes(ctx: SkullContext, predict: () => void): SkullPlanes {
  const slot = (kind: PlaneKind) => ctx.state().skullX.slots[kind];
  const setSlot = (kind: PlaneKind, p: Partial<SkullSlot>) => ctx.state().setSkullSlot(kind, p);

  function applyReport(kind: PlaneKind, report: PlaneReport, readMs: number | null): void {
    setSlot(kind, {
      status: report.detection ? 'ready' : 'error',
      report,
      message: report.error,
      edited: null,
      shared: null,
      enabled: true,
      confirmed: false,
      readMs,
    });
  }

  function forgetGa(what: string): void {
    const ga = ctx.state().skullX.gaWeeks;
    if (ga === null) return;
    // No reader here finds a GA in a file's header, so none is carried over.
    ctx.state().setSkullX({
      gaWeeks: null,
      gaNote: `The GA of ${ga} weeks entered before was for the previous image; ${what} carries none, so GA is estimated from HC until you enter this fetus's age.`,
    });
  }

  function leaveExample(): void {
    if (ctx.state().skullX.example) ctx.state().setSkullX({ example: null });
  }

  /** A change of planes: its prediction's time is counted from now. */
  function changed(): void {
    ctx.dropT0 = performance.now();
  }

  return {
    applyReport,
    forgetGa,
    leaveExample,
    async dropFile(kind, file) {
      if (file.size > MAX_FILE_BYTES) {
        setSlot(kind, {
          message: `'${file.name}' is ${(file.size / 1e6).toFixed(0)} MB; files up to ${MAX_FILE_BYTES / 1e6} MB are read (downscale the image first). The previous ${kind} plane is kept.`,
        });
        return;
      }
      changed();
      setSlot(kind, { status: 'reading', message: null });
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        // A new image starts with no pixel size unless its own header carries one (never the previous
        // image's: a 19-week image's 0.14 mm pixels make a 37-week head far too small).
        const { report, ms } = await ctx.worker().plane(kind, bytes, file.name, null);
        leaveExample();
        applyReport(kind, report, ms);
        forgetGa(`'${file.name}'`);
        predict();
      } catch (e) {
        const prev = slot(kind);
        setSlot(kind, {
          status: prev.report ? (prev.report.detection ? 'ready' : 'error') : 'empty',
          message: joinSentences(
            aboutFile(file.name, messageOf(e)),
            prev.report && `The previous ${kind} plane is kept.`,
          ),
        });
        if (!(e instanceof SkullWorkerError && e.user)) console.error(e);
      }
    },
    async setPixel(kind, pixelMm) {
      if (!(Number.isFinite(pixelMm) && pixelMm >= 0.01 && pixelMm <= 2)) {
        setSlot(kind, {
          message: `a pixel size must be a number of mm from 0.01 to 2 (no ultrasound scanner uses others; typically 0.05–0.4); got ${String(pixelMm)}`,
        });
        return;
      }
      changed();
      setSlot(kind, { status: 'reading', message: null });
      try {
        applyReport(kind, await ctx.worker().pixel(kind, pixelMm), null);
        predict();
      } catch (e) {
        setSlot(kind, { status: 'error', message: messageOf(e) });
      }
    },
    removePlane(kind) {
      ctx.worker().clear(kind);
      setSlot(kind, emptySlot());
      leaveExample();
      changed();
      predict();
    },
    confirmPlane(kind) {
      setSlot(kind, { confirmed: true });
      changed();
      predict();
    },
    setEnabled(kind, enabled) {
      setSlot(kind, { enabled });
      changed();
      predict();
    },
    editEllipse(kind, ellipse) {
      const r = slot(kind).report;
      if (!r || r.pixelMm === null) return;
      if (!ellipse) {
        setSlot(kind, { edited: null, status: r.detection ? 'ready' : 'error', message: r.error });
        predict();
        return;
      }
      const problem = ellipseProblem(ellipse, r.width, r.height, r.pixelMm);
      if (problem) {
        setSlot(kind, { message: `outline not changed: ${problem}` });
        return;
      }
      try {
        changed();
        const edited = editOutline(kind, r.pixelMm, ellipse, r.detection);
        setSlot(kind, { edited, status: 'ready', message: null });
        predict();
      } catch (e) {
        setSlot(kind, { message: `outline not changed: ${messageOf(e)}` });
      }
    },
  };
}
