/**
 * Seeded randomness for workflow recipes. Pure and isomorphic: the workflow editor previews a
 * recipe in the browser and the server samples the batch with the same code, so both see the
 * same jobs. Never Math.random or crypto here: a batch seed must reproduce every job.
 *
 * Each parameter draws from its own stream, keyed by (batch seed, stream name). Editing one
 * parameter's recipe therefore never shifts another parameter's draws, and a job's value
 * depends only on the draws before it in its own stream (growing the job count keeps the
 * earlier jobs).
 */

import { cyrb128 } from "../random/cyrb128";

/** A source of uniform numbers in [0, 1). */
export type Uniform01 = () => number;

/** splitmix32 finaliser: spreads a 32-bit input over all output bits (a bijection). */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * sfc32 seeded from (seed, name). The seed goes through splitmix so that neighbouring batch
 * seeds (1, 2, 3 …) give unrelated streams, and is xor-ed with the name's hash so every
 * parameter gets its own stream.
 */
export function createStream(seed: number, name: string): Uniform01 {
  const h = cyrb128(name);
  const s0 = mix32(seed);
  let a = (h[0] ^ s0) | 0;
  let b = (h[1] ^ mix32(s0)) | 0;
  let c = (h[2] ^ mix32(s0 ^ 0x5bd1e995)) | 0;
  let d = h[3] | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32's first outputs still echo the seed words; discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * A standard normal draw by Box–Muller. It always consumes exactly two uniforms (the sine
 * half is dropped) so a job's position in the stream never depends on earlier values.
 */
export function standardNormal(u: Uniform01): number {
  const u1 = 1 - u(); // (0, 1]: log(0) would be -Infinity
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(w: number): string {
  return HEX[(w >>> 24) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
}

/**
 * The render seed (`state`) of job `index` in a batch with `seed`: a UUID in v4 layout
 * (version nibble 4, variant 10xx), so the engine's UUID check accepts it. Counter-based
 * (a hash of seed and index, not a stream) so a job's state is the same whatever the other
 * parameters or the job count are.
 */
export function jobStateUuid(seed: number, index: number): string {
  // mix32 is a bijection, so (seed, index) can be recovered from w0 and w3 (both kept whole in
  // the UUID; the version and variant bits only touch w1 and w2): no two jobs of any two
  // batches share a state. Integer mixing, not string hashing: 10,000 of these per batch.
  const w1 = mix32(index ^ mix32(seed ^ 0x243f6a88));
  const w0 = mix32(w1 ^ mix32(seed ^ 0x85a308d3));
  const w2 = mix32(w0 ^ 0x13198a2e) ^ w1;
  const w3 = mix32(w1 ^ 0x03707344) ^ w0;
  const v1 = ((w1 & 0xffff0fff) | 0x00004000) >>> 0;
  const v2 = ((w2 & 0x3fffffff) | 0x80000000) >>> 0;
  const b = hex32(v1);
  const c = hex32(v2);
  return `${hex32(w0)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex32(w3 >>> 0)}`;
}
