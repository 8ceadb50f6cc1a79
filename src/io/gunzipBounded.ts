/**
 * Gzip decompression that cannot be turned into a memory bomb: the output is inflated in small steps,
 * a caller-supplied rule decides from the first bytes how much output the content may have (for
 * NIfTI: the header says it), inflation stops as soon as that is exceeded, and the gzip trailer's
 * CRC-32 and size are checked at the end.
 *
 * Pure (fflate's streaming Gunzip); runs in the browser, a worker and Node.
 */
import { Gunzip } from 'fflate';
import { crc32 } from './crc32';

/** Why a bounded gunzip failed; `kind` lets callers word the message for their format. */
export class GunzipError extends Error {
  constructor(
    readonly kind: 'truncated' | 'corrupt' | 'crc' | 'too-large' | 'not-gzip',
    message: string,
  ) {
    super(message);
    this.name = 'GunzipError';
  }
}

/** Options for {@link gunzipBounded}. */
export interface GunzipBoundedOptions {
  /** Hard cap on the output, bytes, whatever the content says. */
  maxBytes: number;
  /**
   * Called once with the first `headBytes` of output (or all of it, if shorter): returns the number
   * of output bytes the content needs, or throws to refuse the content before inflating the rest.
   */
  expectedFromHead?: (head: Uint8Array) => number;
  /** How many leading output bytes `expectedFromHead` needs. */
  headBytes?: number;
  /** Output bytes tolerated beyond the expected count (trailing padding). Default 1 MiB. */
  slackBytes?: number;
}

const STEP = 16 * 1024;

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === total) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Inflates the gzip stream `input` with the limits of `opts`.
 *
 * @throws GunzipError: 'too-large' as soon as the output passes the cap or the content's own size
 *   (plus slack), 'truncated' when the stream ends early, 'crc' when the trailer's CRC-32 or size
 *   disagree with the output, 'corrupt' for an invalid deflate stream, 'not-gzip' without the magic.
 */
export function gunzipBounded(input: Uint8Array, opts: GunzipBoundedOptions): Uint8Array {
  if (input.length < 2 || input[0] !== 0x1f || input[1] !== 0x8b) {
    throw new GunzipError('not-gzip', 'not a gzip stream (no 1f 8b magic)');
  }
  if (input.length < 18) {
    throw new GunzipError('truncated', `the gzip stream holds only ${input.length} bytes`);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  let members = 0;
  let limit = opts.maxBytes;
  let headChecked = !opts.expectedFromHead;
  const headBytes = opts.headBytes ?? 0;
  const slack = opts.slackBytes ?? 1024 * 1024;
  let ended = false;
  const checkHead = (): void => {
    if (headChecked || (total < headBytes && !ended)) return;
    headChecked = true;
    const head = concat(parts, total).subarray(0, Math.min(total, headBytes));
    const expected = opts.expectedFromHead!(head);
    limit = Math.min(limit, expected + slack);
  };
  const gz = new Gunzip((chunk, final) => {
    parts.push(chunk);
    total += chunk.length;
    if (final) ended = true;
    checkHead();
    if (total > limit) {
      throw new GunzipError(
        'too-large',
        `the compressed data inflates beyond ${limit} bytes (${headChecked && opts.expectedFromHead ? 'more than its header says' : 'over the size limit'})`,
      );
    }
  });
  // fflate reports each member after the first.
  gz.onmember = () => {
    members++;
  };
  try {
    for (let at = 0; at < input.length; at += STEP) {
      const end = Math.min(input.length, at + STEP);
      gz.push(input.subarray(at, end), end === input.length);
    }
  } catch (e) {
    if (e instanceof GunzipError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/EOF|unexpected end/i.test(msg)) throw new GunzipError('truncated', 'the gzip stream ends early');
    throw new GunzipError('corrupt', `invalid compressed data (${msg})`);
  }
  if (!ended) throw new GunzipError('truncated', 'the gzip stream ends early');
  checkHead();
  const out = concat(parts, total);
  if (members === 0) {
    const n = input.length;
    const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const crc = dv.getUint32(n - 8, true);
    const size = dv.getUint32(n - 4, true);
    if (size !== total >>> 0) {
      throw new GunzipError('crc', `the gzip trailer says ${size} bytes but the data inflates to ${total}`);
    }
    if (crc !== crc32(out)) {
      throw new GunzipError('crc', 'the gzip checksum (CRC-32) does not match the data');
    }
  }
  return out;
}
