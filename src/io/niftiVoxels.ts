/**
 * NIfTI voxel decoding: stored voxels of any supported datatype and byte order into float32.
 *
 * Pure: runs in the browser, a worker and Node.
 */
import type { VoxelArray } from '../geometry/types.ts';
import type { DatatypeInfo } from './niftiHeader.ts';

/** Decode `count` voxels of type `dt` at `offset` into float32. */
export function decodeVoxels(
  u: Uint8Array,
  offset: number,
  count: number,
  dt: DatatypeInfo,
  le: boolean,
): Float32Array {
  // An aligned copy of exactly the voxel bytes. (`u.slice` would not do: on a Node Buffer it returns
  // a view whose `.buffer` is the whole file, so the header would be read as voxels.)
  const raw = new Uint8Array(count * dt.bytes);
  raw.set(u.subarray(offset, offset + count * dt.bytes));
  if (!le && dt.bytes > 1) {
    for (let i = 0; i < raw.length; i += dt.bytes) raw.subarray(i, i + dt.bytes).reverse();
  }
  const buf = raw.buffer;
  let src: VoxelArray | Int8Array | Uint32Array;
  switch (dt.name) {
    case 'uint8':
      src = raw;
      break;
    case 'int8':
      src = new Int8Array(buf);
      break;
    case 'int16':
      src = new Int16Array(buf);
      break;
    case 'uint16':
      src = new Uint16Array(buf);
      break;
    case 'int32':
      src = new Int32Array(buf);
      break;
    case 'uint32':
      src = new Uint32Array(buf);
      break;
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      src = new Float64Array(buf);
      break;
  }
  return Float32Array.from(src);
}
