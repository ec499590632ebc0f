/**
 * Light and exposure shared by the room and the body: Lambert diffuse from one point light,
 * a hemispherical ambient term, and an exposure curve set by lighting_power.
 */
export const LIGHT_STRENGTH = 0.95;
const FALLOFF = 0.12;

/** Exposure multiplier for lighting_power: 0 is black, 100 is nominal, 2000 is very bright. */
export function exposure(power: number): number {
  return Math.pow(Math.max(0, power) / 100, 0.75);
}

/** Lambert diffuse factor of a point light (without shadowing). */
export function diffuse(nx: number, ny: number, nz: number, lx: number, ly: number, lz: number): number {
  const d2 = lx * lx + ly * ly + lz * lz;
  const inv = 1 / Math.sqrt(d2);
  const ndl = (nx * lx + ny * ly + nz * lz) * inv;
  return ndl > 0 ? (LIGHT_STRENGTH * ndl) / (1 + FALLOFF * d2) : 0;
}

/** Ambient light from above is stronger than from below (sky/ceiling vs floor bounce). */
export const hemi = (upDot: number): number => 0.78 + 0.22 * upDot;

const LUT_SCALE = 1024;
const LUT_SIZE = 8 * LUT_SCALE;

/**
 * Radiance → 8-bit value: 1 - exp(-k·E·L), a filmic shoulder so bright light saturates
 * smoothly and mean brightness rises monotonically with lighting_power.
 */
export class ToneMap {
  readonly lut = new Uint8Array(LUT_SIZE + 1);

  constructor(power: number) {
    const e = exposure(power) * 1.55;
    for (let i = 0; i <= LUT_SIZE; i++) this.lut[i] = Math.round(255 * (1 - Math.exp((-e * i) / LUT_SCALE)));
  }

  byte(radiance: number): number {
    const i = (radiance * LUT_SCALE) | 0;
    return this.lut[i < 0 ? 0 : i > LUT_SIZE ? LUT_SIZE : i]!;
  }
}
