/**
 * Shared pieces of the CLI commands: console output, file access with person-readable errors, and
 * turning a NIfTI volume into the scalar field the geometry code expects.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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
    case 'ENOTDIR':
      return `cannot ${verb} '${path}': a part of the path is a file, not a directory`;
    case 'EFBIG':
      return `cannot ${verb} '${path}': the file is larger than the file-size limit (ulimit -f)`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `cannot ${verb} '${path}': the disk is full`;
    case 'EROFS':
      return `cannot ${verb} '${path}': the file system is read-only`;
    default:
      return `cannot ${verb} '${path}': ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Read a whole file. @throws UserInputError with the reason (missing, directory, permission). */
export function readFileOrThrow(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const buf = readFileSync(path);
    // A plain Uint8Array over the Buffer's bytes: readers may take `.slice()` (a copy for Uint8Array, a
    // view for a Node Buffer) and then `.buffer`, which must not be Node's shared pool.
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new UserInputError(fsMessage(e, path, 'read'));
  }
}

/** One file a command writes. */
export interface OutputFile {
  path: string;
  bytes: Uint8Array | string;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The path a target will have once written: symlinks of the folder (and of the file) resolved. */
function resolvedTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Check every target of a command before anything is written: no target is one of the command's
 * `inputs` (compared by resolved real path and by device/inode, so links count), none is a folder,
 * none is named twice, and none exists unless `force`.
 * @throws UserInputError naming the target and what would work.
 */
export function checkOutputTargets(
  targets: readonly string[],
  inputs: readonly string[],
  force: boolean,
): void {
  const inputStats = inputs.map((p) => ({ path: p, real: resolvedTarget(p), stat: statOrNull(p) }));
  const seen = new Map<string, string>();
  for (const target of targets) {
    const real = resolvedTarget(target);
    const before = seen.get(real);
    if (before !== undefined) {
      throw new UserInputError(`cannot write '${target}': it is the same file as the output '${before}'`);
    }
    seen.set(real, target);
    const st = statOrNull(target);
    for (const inp of inputStats) {
      const same =
        inp.real === real ||
        (st !== null && inp.stat !== null && st.dev === inp.stat.dev && st.ino === inp.stat.ino);
      if (same) {
        throw new UserInputError(
          `refusing to write '${target}': it is the input file '${inp.path}' (it would be overwritten); choose another output name`,
        );
      }
    }
    if (st?.isDirectory()) {
      throw new UserInputError(`cannot write '${target}': it is a directory, expected a file name`);
    }
    if (st && !force) {
      throw new UserInputError(`'${target}' already exists; pass --force to overwrite it`);
    }
  }
}

let tempCounter = 0;

/** Write `bytes` to a new temporary file next to `path` (flushed to disk); returns its name. */
function writeTemp(path: string, bytes: Uint8Array | string): string {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
  closeSync(fd);
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Write a command's outputs all or nothing: every target is checked first ({@link checkOutputTargets});
 * each file is written to a temporary file in its own folder, and only when all of them are complete
 * are they renamed onto their names (atomic per file, so a reader never sees a half-written file and
 * an existing file is never truncated). On any failure the temporary files, the outputs already
 * renamed and folders this call created are removed, and the error names the file.
 * @throws UserInputError (target refused, folder missing or not writable, disk full, file-size limit).
 */
export function writeOutputsAtomically(
  outputs: readonly OutputFile[],
  inputs: readonly string[],
  force: boolean,
): void {
  checkOutputTargets(
    outputs.map((o) => o.path),
    inputs,
    force,
  );
  const createdDirs: string[] = [];
  const temps: { tmp: string; path: string }[] = [];
  const renamed: string[] = [];
  let current = '';
  try {
    for (const o of outputs) {
      current = o.path;
      const made = mkdirSync(dirname(o.path), { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      temps.push({ tmp: writeTemp(o.path, o.bytes), path: o.path });
    }
    for (const t of temps) {
      current = t.path;
      renameSync(t.tmp, t.path);
      renamed.push(t.path);
    }
  } catch (e) {
    for (const t of temps) removeQuietly(t.tmp);
    for (const p of renamed) removeQuietly(p);
    for (const made of createdDirs.reverse()) {
      for (const o of outputs) removeEmptyDirs(made, dirname(o.path));
    }
    throw new UserInputError(`${fsMessage(e, current, 'write')}; no output was written`);
  }
}

/** Remove `deepest` and its parents up to and including `top` while they are empty. */
function removeEmptyDirs(top: string, deepest: string): void {
  let d = resolve(deepest);
  const stop = resolve(top);
  if (d !== stop && !d.startsWith(stop + '/')) return;
  for (;;) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === stop || dirname(d) === d) return;
    d = dirname(d);
  }
}

/** Smallest and largest voxel size the commands accept, mm (a 10 µm micro-CT to 10 cm). */
export const VOXEL_MM_RANGE = [0.01, 100] as const;
/** Largest distance of the volume's first voxel from the scanner origin, mm (100 m). */
export const ORIGIN_MM_LIMIT = 1e5;

/**
 * Refuse voxel geometry no anatomy has: a voxel size outside {@link VOXEL_MM_RANGE} (a header with
 * pixdim 1e-30 or 1e30 would otherwise ask the geometry code for astronomically large grids), or an
 * origin beyond {@link ORIGIN_MM_LIMIT} (float32 positions lose the mesh there).
 * @throws UserInputError naming the file, the axis and the range that would work.
 */
export function checkVoxelGeometry(vol: Volume, path: string): void {
  const [lo, hi] = VOXEL_MM_RANGE;
  const axes = ['x', 'y', 'z'];
  vol.spacing.forEach((s, i) => {
    // Tolerance for float32 headers (0.01 is stored as 0.0099999998).
    if (!(s >= lo * (1 - 1e-6) && s <= hi * (1 + 1e-6))) {
      throw new UserInputError(
        `${path}: the voxel size along ${axes[i]} is ${s.toPrecision(3)} mm (pixdim[${i + 1}] with the header's units); expected ${lo}–${hi} mm — fix the header's voxel size`,
      );
    }
  });
  vol.origin.forEach((o, i) => {
    if (!(Math.abs(o) <= ORIGIN_MM_LIMIT)) {
      throw new UserInputError(
        `${path}: the volume's origin along ${axes[i]} is ${o.toPrecision(3)} mm; expected within ±${ORIGIN_MM_LIMIT} mm — fix the header's affine (sform/qform offsets)`,
      );
    }
  });
}

/**
 * Read a NIfTI file for a command: NiftiError messages are prefixed with the file name, and voxel
 * geometry outside what the geometry code handles is refused ({@link checkVoxelGeometry}).
 */
export function readNiftiFile(path: string): NiftiVolume {
  const bytes = readFileOrThrow(path);
  let vol: NiftiVolume;
  try {
    vol = readNifti(bytes);
  } catch (e) {
    if (e instanceof UserInputError) throw new UserInputError(`${path}: ${e.message}`);
    throw e;
  }
  checkVoxelGeometry(vol, path);
  return vol;
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
