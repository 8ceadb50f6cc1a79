/**
 * Loading the head outline's boundary refiner (`imaging/boundaryRefiner.ts`) from a URL for the page's
 * skull worker. Never throws: when the weights are missing or invalid the detector runs classically
 * and every axial detection says why (`HeadOutlineOptions.refinerUnavailable`).
 */
import { type BoundaryRefiner, parseBoundaryRefiner } from '../imaging/boundaryRefiner';

/** Folder (under the models base) and file of the shipped refiner. */
export const HEAD_REFINER_ID = 'hc18-refiner';
export const HEAD_REFINER_FILE = 'refiner.json';

/** The refiner, or why there is none; spreads into `HeadOutlineOptions`. */
export interface RefinerState {
  refiner: BoundaryRefiner | null;
  refinerUnavailable?: string;
}

/** Parses weights text into a refiner state naming what went wrong, if anything. */
export function refinerFromText(text: string, where: string): RefinerState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { refiner: null, refinerUnavailable: `the boundary refiner's weights (${where}) are not JSON` };
  }
  try {
    return { refiner: parseBoundaryRefiner(json) };
  } catch (e) {
    return {
      refiner: null,
      refinerUnavailable: `the boundary refiner's weights (${where}) are invalid: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Fetches and validates `${modelsBase}/hc18-refiner/refiner.json`. */
export async function fetchHeadRefiner(modelsBase: string): Promise<RefinerState> {
  const url = `${modelsBase}/${HEAD_REFINER_ID}/${HEAD_REFINER_FILE}`;
  try {
    const res = await fetch(url);
    if (!res.ok)
      return {
        refiner: null,
        refinerUnavailable: `the boundary refiner's weights are missing (${url}: HTTP ${res.status})`,
      };
    return refinerFromText(await res.text(), url);
  } catch (e) {
    return {
      refiner: null,
      refinerUnavailable: `the boundary refiner's weights could not be read (${url}: ${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
