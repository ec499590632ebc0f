/**
 * Sensor noise (enable_sensor_noise): zero-mean Gaussian per pixel and channel, stronger in
 * dim light as a camera raises its gain. Samples come from a table of Gaussian values drawn
 * from the job's seed, indexed by a xorshift stream, so noise is cheap and reproducible.
 */
import type { Rng } from "./rng";
import { exposure } from "./shading";

const TABLE = 1 << 16;

export class SensorNoise {
  private readonly table = new Int16Array(TABLE);
  private s: number;

  constructor(rng: Rng, lightingPower: number) {
    const sigma = 2.5 + 4 / (0.4 + exposure(lightingPower));
    for (let i = 0; i < TABLE; i++) this.table[i] = Math.round(rng.normal() * sigma);
    this.s = rng.u32() | 1;
  }

  /** Adds noise to RGB of an RGBA frame in place. */
  apply(frame: Uint8Array): void {
    const c = new Uint8ClampedArray(frame.buffer, frame.byteOffset, frame.length);
    const t = this.table;
    let s = this.s;
    for (let o = 0; o < c.length; o += 4) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      c[o] = c[o]! + t[s & 0xffff]!;
      c[o + 1] = c[o + 1]! + t[(s >>> 16) & 0xffff]!;
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      c[o + 2] = c[o + 2]! + t[s & 0xffff]!;
    }
    this.s = s;
  }
}
