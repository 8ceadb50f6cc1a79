/**
 * Small seeded pseudo-random number generator for the synthetic anatomy.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand to
 * several TB) seeded through splitmix32, so nearby seeds give unrelated streams. Only 32-bit integer
 * arithmetic is used for the stream itself, so the same seed gives the same numbers in every JS
 * engine; `normal` uses Math.log / Math.cos (Box–Muller), which agree across V8 builds (browser,
 * worker and Node share V8's fdlibm port).
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Gaussian with the given mean and standard deviation (default 0, 1). */
  normal(mean?: number, sd?: number): number;
  /** Gaussian restricted to [lo, hi] (rejection sampling; clamps after 200 rejections). */
  truncatedNormal(mean: number, sd: number, lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** splitmix32 step: returns a function producing well-mixed 32-bit words from a 32-bit state. */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator. Any finite number is a valid seed: the integer part is used, all 53
 * bits of it (negative and non-finite seeds are folded to valid ones), so `createRng(1)` and
 * `createRng(2)` are unrelated streams.
 */
export function createRng(seed: number): Rng {
  const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const lo = s >>> 0;
  const hi = Math.floor(Math.abs(s) / 4294967296) >>> 0;
  const mix = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d) ^ (s < 0 ? 0x5bd1e995 : 0));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32();

  const next = (): number => nextU32() / 4294967296;

  const normal = (mean = 0, sd = 1): number => {
    const u1 = 1 - next(); // (0, 1]
    const u2 = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };

  return {
    next,
    normal,
    truncatedNormal(mean, sd, lo, hi) {
      if (!(lo <= hi)) throw new RangeError(`truncatedNormal: expected lo <= hi; got [${lo}, ${hi}]`);
      if (!(sd > 0)) return Math.min(hi, Math.max(lo, mean));
      for (let i = 0; i < 200; i++) {
        const v = normal(mean, sd);
        if (v >= lo && v <= hi) return v;
      }
      return Math.min(hi, Math.max(lo, mean));
    },
    uniform(lo, hi) {
      return lo + (hi - lo) * next();
    },
    int(lo, hi) {
      const l = Math.ceil(lo);
      const h = Math.floor(hi);
      if (h < l) throw new RangeError(`int: empty range [${lo}, ${hi}]`);
      return l + Math.floor(next() * (h - l + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick: expected a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}
