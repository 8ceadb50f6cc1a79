/**
 * Shared pieces of the CLI commands: console output, file access with person-readable errors, and
 * turning a NIfTI volume into the scalar field the geometry code expects.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Volume } from '../../src/geometry/types.ts';
import { UserInputError } from '../../src/io/errors.ts';
import { maskToField } from '../../src/io/maskField.ts';
import { readNifti, type NiftiVolume } from '../../src/io/nifti.ts';

/** Where a command writes: `out` for results, `err` for warnings and notes. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Print a warning line on stderr. */
export function warn(io: CliIO, message: string): void {
  io.err(`warning: ${message}`);
}

function fsMessage(e: unknown, path: string, verb: 'read' | 'write'): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return verb === 'read'
        ? `cannot read '${path}': no such file`
        : `cannot write '${path}': no such directory`;
    case 'EISDIR':
      return `cannot ${verb} '${path}': it is a directory, expected a file`;
    case 'EACCES':
    case 'EPERM':
      return `cannot ${verb} '${path}': permission denied`;
    default:
      return `cannot ${verb} '${path}': ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Read a whole file. @throws UserInputError with the reason (missing, directory, permission). */
export function readFileOrThrow(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return readFileSync(path);
  } catch (e) {
    throw new UserInputError(fsMessage(e, path, 'read'));
  }
}

/** Write a file, creating its directory. @throws UserInputError with the reason. */
export function writeFileOrThrow(path: string, bytes: Uint8Array | string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  } catch (e) {
    throw new UserInputError(fsMessage(e, path, 'write'));
  }
}

/** Read a NIfTI file; NiftiError messages are prefixed with the file name. */
export function readNiftiFile(path: string): NiftiVolume {
  const bytes = readFileOrThrow(path);
  try {
    return readNifti(bytes);
  } catch (e) {
    if (e instanceof UserInputError) throw new UserInputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Distinct values of an integer-valued volume (sorted), at most `limit` of them. */
export function labelsOf(vol: Volume, limit = 256): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < vol.data.length && seen.size <= limit; i++) seen.add(vol.data[i]!);
  return [...seen].sort((a, b) => a - b);
}

/** How a volume was turned into a field. */
export interface FieldSource {
  field: Volume<Float32Array>;
  /** 'field' when used as is, else which labels formed the mask. */
  kind: 'field' | 'mask';
  description: string;
}

/**
 * The scalar field (negative inside, mm) for marching cubes and measures.
 * Float volumes are used as is. Integer-valued volumes are label maps: the mask is `label` when given,
 * else `preferLabel` (2 = LV myocardium, 1 = skull bone) when several labels are present, else every
 * non-zero voxel; the field is the mask's signed distance (cut half-way between voxel centres, so
 * volumes match voxel counts), smoothed `smoothPasses` times (default 0; `mesh` uses 1 for display).
 */
export function fieldFromVolume(
  vol: NiftiVolume,
  opts: { label?: number; preferLabel: number; path: string; smoothPasses?: number },
): FieldSource {
  if (!vol.header.integerValued) {
    if (opts.label !== undefined) {
      throw new UserInputError(
        `${opts.path}: --label applies to label maps; this file holds a continuous field`,
      );
    }
    return { field: vol, kind: 'field', description: 'scalar field (negative inside)' };
  }
  const labels = labelsOf(vol);
  const nonZero = labels.filter((l) => l !== 0);
  if (nonZero.length === 0) {
    throw new UserInputError(
      `${opts.path}: the label map is empty (every voxel is 0); expected a mask or labels`,
    );
  }
  let pick: (v: number) => boolean;
  let description: string;
  if (opts.label !== undefined) {
    const want = opts.label;
    if (!labels.includes(want)) {
      throw new UserInputError(`${opts.path}: label ${want} is not present (labels: ${labels.join(', ')})`);
    }
    pick = (v) => v === want;
    description = `label ${want}`;
  } else if (nonZero.length > 1) {
    const want = opts.preferLabel;
    const name = want === 2 ? 'myocardium' : 'bone';
    if (!nonZero.includes(want)) {
      throw new UserInputError(
        `${opts.path}: expected a label map with label ${want} = ${name}; got labels ${labels.join(', ')} (use --label N to choose one)`,
      );
    }
    pick = (v) => v === want;
    description = `label ${want} (${name})`;
  } else {
    pick = (v) => v !== 0;
    description = nonZero.length === 1 ? `mask (label ${nonZero[0]})` : 'all non-zero labels';
  }
  return {
    field: maskToField(vol, pick, { smoothPasses: opts.smoothPasses ?? 0 }),
    kind: 'mask',
    description,
  };
}

/** Format a number for tables: fixed decimals, '—' for NaN. */
export function fmt(v: number, digits = 1): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** What a file holds, as far as its header or labels tell. */
export interface Detected {
  anatomy?: 'lv' | 'skull';
  phase?: 'ED' | 'ES';
  how: 'header' | 'ACDC-style labels' | 'none';
}

const DESCRIPTION_RE = /^latent-anatomy (lv|skull)(?: (ED|ES))?/;

/** Anatomy and phase from the `phantom` header description, or ACDC-style labels (⊆ {0,1,2,3} with 2, 3). */
export function detectAnatomy(vol: NiftiVolume): Detected {
  const m = DESCRIPTION_RE.exec(vol.header.description);
  if (m) return { anatomy: m[1] as 'lv' | 'skull', phase: m[2] as 'ED' | 'ES' | undefined, how: 'header' };
  if (vol.header.integerValued) {
    const labels = labelsOf(vol, 8);
    if (labels.includes(2) && labels.includes(3) && labels.every((l) => [0, 1, 2, 3].includes(l))) {
      return { anatomy: 'lv', how: 'ACDC-style labels' };
    }
  }
  return { how: 'none' };
}

/** The label a label map of this anatomy is meshed and measured from: LV myocardium 2, skull bone 1. */
export function preferredLabel(anatomy: 'lv' | 'skull' | undefined): number {
  return anatomy === 'skull' ? 1 : 2;
}
