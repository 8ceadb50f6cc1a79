/**
 * Byte builders for malformed compressed data: zlib and gzip streams that inflate to far more than
 * their size (decompression bombs) without ever holding the inflated bytes, and gzip with a wrong CRC.
 */
import { constants, deflateRawSync, gzipSync } from 'node:zlib';

/** A raw-deflate segment that inflates to `bytes` zeros and ends on a byte boundary (not final). */
function zeroSegment(bytes: number): Buffer {
  return deflateRawSync(Buffer.alloc(bytes), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
}

/** Raw deflate that inflates to `megabytes` MiB of zeros; ~1 KB per MiB. */
export function deflateBomb(megabytes: number): Uint8Array {
  const seg = zeroSegment(1 << 20);
  const end = deflateRawSync(Buffer.alloc(0)); // final empty block
  const out = Buffer.alloc(seg.length * megabytes + end.length);
  for (let i = 0; i < megabytes; i++) seg.copy(out, i * seg.length);
  end.copy(out, seg.length * megabytes);
  return out;
}

/** A zlib stream (PNG IDAT) inflating to `megabytes` MiB of zeros; the Adler-32 is a placeholder. */
export function zlibBomb(megabytes: number): Uint8Array {
  const body = deflateBomb(megabytes);
  const out = new Uint8Array(2 + body.length + 4);
  out.set([0x78, 0xda], 0);
  out.set(body, 2);
  return out;
}

/**
 * A gzip member inflating to `megabytes` MiB of zeros, with the true CRC of that data unknown (0) and
 * ISIZE = `isize` (default: the true size mod 2³², which wraps past 4 GiB).
 */
export function gzipBomb(megabytes: number, isize?: number): Uint8Array {
  const body = deflateBomb(megabytes);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3], 0);
  out.set(body, 10);
  const dv = new DataView(out.buffer);
  dv.setUint32(10 + body.length, 0, true);
  dv.setUint32(14 + body.length, (isize ?? megabytes * 2 ** 20) >>> 0, true);
  return out;
}

/** A gzip member of `bytes` followed by `prefix` bytes of valid data, then a prepended header+bomb. */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** gzip of `bytes` with its CRC-32 flipped (the data inflate fine; the check must fail). */
export function gzipWrongCrc(bytes: Uint8Array): Uint8Array {
  const g = gzip(bytes);
  const at = g.length - 8;
  g[at] = (g[at] ?? 0) ^ 0xff;
  return g;
}

/**
 * A gzip file whose first member is `header` (a valid NIfTI header, say) and whose data then inflates
 * to `megabytes` MiB of zeros: a bomb a reader can only refuse by trusting the header's size.
 */
export function gzipHeaderThenBomb(header: Uint8Array, megabytes: number, isize?: number): Uint8Array {
  const head = deflateRawSync(Buffer.from(header), { finishFlush: constants.Z_SYNC_FLUSH });
  const body = deflateBomb(megabytes);
  const out = new Uint8Array(10 + head.length + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3], 0);
  out.set(head, 10);
  out.set(body, 10 + head.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(10 + head.length + body.length, 0, true);
  const size = isize ?? header.length + megabytes * 2 ** 20;
  dv.setUint32(14 + head.length + body.length, size >>> 0, true);
  return out;
}
