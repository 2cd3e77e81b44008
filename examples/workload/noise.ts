/**
 * Seeded, stateless noise: every value is a pure function of (seed, position), so history
 * written for the past and values served live agree exactly, and a restart continues.
 */

/** A 32-bit seed from a string (FNV-1a). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in [0, 1) for integer position k (a murmur3-style finaliser of seed and k). */
export function uniform(seed: number, k: number): number {
  let h = (seed ^ Math.imul(k | 0, 0x9e3779b1) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Uniform in [-1, 1). */
export function signed(seed: number, k: number): number {
  return uniform(seed, k) * 2 - 1;
}

/**
 * Noise in [-1, 1], linear between seeded points every `period` seconds: continuous, so a
 * counter built on it (see traffic.ts) never jumps, and its slope is bounded by 2 / period.
 */
export function smoothNoise(seed: number, t: number, period: number): number {
  const x = t / period;
  const k = Math.floor(x);
  const a = signed(seed, k);
  const b = signed(seed, k + 1);
  return a + (b - a) * (x - k);
}

/** The standard normal distribution function (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
