/**
 * Checks of successful runs: the numbers a command prints must be those of the untouched input
 * (a re-encoded or re-oriented file measures the same) or follow from the change (a voxel size ×s
 * scales volumes by s³), and written files must be complete.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../harness.ts';

/** Reference results by name, filled by the runner's reference runs before the cases run. */
export const refs = new Map<string, Record<string, unknown>>();

function json(r: RunResult): Record<string, unknown> | string {
  try {
    const v = JSON.parse(r.stdout) as unknown;
    return typeof v === 'object' && v !== null
      ? (v as Record<string, unknown>)
      : 'stdout is not a JSON object';
  } catch {
    return `stdout is not JSON: ${r.stdout.slice(0, 80)}`;
  }
}

/** Every number in the JSON finite. */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

/**
 * `measure --json` printed the reference `key`'s numbers, volumes × `volScale` and lengths ×
 * `lenScale`, within `tol` (relative).
 */
export function sameMeasure(key: string, opts: { volScale?: number; lenScale?: number; tol?: number } = {}) {
  return (r: RunResult): string | null => {
    const got = json(r);
    if (typeof got === 'string') return got;
    const ref = refs.get(key);
    if (!ref) return `no reference '${key}'`;
    const tol = opts.tol ?? 0.01;
    const fields: [string, number][] = [
      ['cavityMl', opts.volScale ?? 1],
      ['massG', opts.volScale ?? 1],
      ['edvMl', opts.volScale ?? 1],
      ['hcMm', opts.lenScale ?? 1],
      ['bpdMm', opts.lenScale ?? 1],
    ];
    for (const [f, scale] of fields) {
      const want = ref[f];
      if (typeof want !== 'number') continue;
      const have = got[f];
      if (typeof have !== 'number' || !Number.isFinite(have))
        return `${f} is ${String(have)}, expected ${want * scale}`;
      if (Math.abs(have - want * scale) > tol * Math.abs(want * scale) + 1e-6)
        return `${f} = ${have}, expected ${(want * scale).toPrecision(5)} (reference ${key})`;
    }
    return null;
  };
}

/** A success is acceptable when every number printed is finite (inputs the reader cannot judge). */
export function finiteJson(r: RunResult): string | null {
  const got = json(r);
  if (typeof got === 'string') return got;
  return allFinite(got) ? null : `non-finite number in ${r.stdout.slice(0, 160)}`;
}

/** `measure` succeeded with finite numbers, or equal to the reference when `key` is given. */
export function finiteOrSame(key?: string) {
  return (r: RunResult): string | null => (key ? sameMeasure(key)(r) : finiteJson(r));
}

/** A mesh file `name` exists and is complete (PLY header with its vertex count, binary body size). */
export function meshWritten(name: string) {
  return (_r: RunResult, dir: string): string | null => {
    let b: Buffer;
    try {
      b = readFileSync(join(dir, name));
    } catch {
      return `${name} was not written`;
    }
    const head = b.subarray(0, Math.min(b.length, 2000)).toString('latin1');
    if (!head.startsWith('ply')) return `${name} does not start with 'ply'`;
    const nv = Number(/element vertex (\d+)/.exec(head)?.[1] ?? NaN);
    if (!(nv > 100)) return `${name} has ${nv} vertices`;
    return null;
  };
}

/** Files named exist and read as NIfTI of plausible size. */
export function filesWritten(...names: string[]) {
  return (_r: RunResult, dir: string): string | null => {
    for (const n of names) {
      try {
        if (readFileSync(join(dir, n)).length < 352) return `${n} is shorter than a NIfTI header`;
      } catch {
        return `${n} was not written`;
      }
    }
    return null;
  };
}
