/**
 * Furniture builders shared by the rooms: each piece is a few axis-aligned boxes with a
 * finish, so the room ray caster only ever intersects boxes. Wood colours live here because
 * several rooms reuse them.
 */
import type { RGB } from "../appearance";
import type { Box, Furniture } from "../scene";
import type { Finish } from "../textures";

/** An axis-aligned box from two opposite corners given in any order. */
export const box = (x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, color: RGB, finish: Finish = "plain"): Box => ({
  min: [Math.min(x0, x1), Math.min(y0, y1), Math.min(z0, z1)],
  max: [Math.max(x0, x1), Math.max(y0, y1), Math.max(z0, z1)],
  color,
  finish,
});

/** A bed with its head against the back wall, spanning x0..x1, `length` long. */
export function bed(x0: number, x1: number, back: number, length: number, frame: RGB, duvet: RGB): Furniture {
  const z0 = -back,
    z1 = -back + length;
  return {
    name: "bed",
    boxes: [
      box(x0, x1, 0, 0.32, z0 + 0.06, z1, frame, "wood"),
      box(x0 + 0.03, x1 - 0.03, 0.32, 0.52, z0 + 0.08, z1 - 0.03, [0.93, 0.92, 0.88], "fabric"),
      box(x0 + 0.01, x1 - 0.01, 0.36, 0.56, z0 + 0.7, z1 - 0.01, duvet, "fabric"),
      box(x0 + 0.08, (x0 + x1) / 2 - 0.04, 0.52, 0.66, z0 + 0.12, z0 + 0.5, [0.96, 0.96, 0.94], "fabric"),
      box((x0 + x1) / 2 + 0.04, x1 - 0.08, 0.52, 0.66, z0 + 0.12, z0 + 0.5, [0.96, 0.96, 0.94], "fabric"),
      box(x0 - 0.02, x1 + 0.02, 0, 1.05, z0, z0 + 0.07, frame, "wood"),
    ],
  };
}

export function cabinet(name: string, x0: number, x1: number, z0: number, z1: number, h: number, color: RGB, finish: Finish = "wood"): Furniture {
  return { name, boxes: [box(x0, x1, 0, h, z0, z1, color, finish)] };
}

export function table(name: string, x0: number, x1: number, z0: number, z1: number, h: number, top: RGB, legs: RGB): Furniture {
  const t = 0.045,
    l = 0.05;
  return {
    name,
    boxes: [
      box(x0, x1, h - t, h, z0, z1, top, "wood"),
      box(x0 + 0.03, x0 + 0.03 + l, 0, h - t, z0 + 0.03, z0 + 0.03 + l, legs, "metal"),
      box(x1 - 0.03 - l, x1 - 0.03, 0, h - t, z0 + 0.03, z0 + 0.03 + l, legs, "metal"),
      box(x0 + 0.03, x0 + 0.03 + l, 0, h - t, z1 - 0.03 - l, z1 - 0.03, legs, "metal"),
      box(x1 - 0.03 - l, x1 - 0.03, 0, h - t, z1 - 0.03 - l, z1 - 0.03, legs, "metal"),
    ],
  };
}

export function chair(x: number, z: number, facingZ: 1 | -1, color: RGB): Furniture {
  const s = 0.24;
  const backZ = z - facingZ * s;
  return {
    name: "chair",
    boxes: [
      box(x - s, x + s, 0.42, 0.48, z - s, z + s, color, "fabric"),
      box(x - s, x + s, 0.48, 0.95, backZ - 0.03, backZ + 0.03, color, "fabric"),
      box(x - 0.03, x + 0.03, 0.05, 0.42, z - 0.03, z + 0.03, [0.15, 0.15, 0.16], "metal"),
      box(x - 0.26, x + 0.26, 0, 0.05, z - 0.26, z + 0.26, [0.15, 0.15, 0.16], "metal"),
    ],
  };
}

/** Sofa against the back wall, seat facing +z. */
export function sofa(x0: number, x1: number, back: number, color: RGB): Furniture {
  const z0 = -back,
    z1 = -back + 0.92;
  return {
    name: "sofa",
    boxes: [
      box(x0, x1, 0.08, 0.44, z0, z1, color, "fabric"),
      box(x0, x1, 0.08, 0.86, z0, z0 + 0.22, color, "fabric"),
      box(x0, x0 + 0.2, 0.08, 0.64, z0, z1, color, "fabric"),
      box(x1 - 0.2, x1, 0.08, 0.64, z0, z1, color, "fabric"),
      box(x0 + 0.04, x1 - 0.04, 0, 0.08, z0 + 0.04, z1 - 0.04, [0.12, 0.1, 0.08], "wood"),
    ],
  };
}

export function bookshelf(x0: number, x1: number, back: number, h: number, wood: RGB): Furniture {
  const z0 = -back,
    z1 = -back + 0.34;
  return {
    name: "bookshelf",
    boxes: [
      box(x0, x1, 0, h, z0, z0 + 0.3, [0.4, 0.35, 0.3], "books"),
      box(x0 - 0.03, x0, 0, h + 0.03, z0, z1, wood, "wood"),
      box(x1, x1 + 0.03, 0, h + 0.03, z0, z1, wood, "wood"),
      box(x0 - 0.03, x1 + 0.03, h, h + 0.03, z0, z1, wood, "wood"),
    ],
  };
}

export function plant(x: number, z: number, h: number): Furniture {
  return {
    name: "plant",
    boxes: [box(x - 0.15, x + 0.15, 0, 0.35, z - 0.15, z + 0.15, [0.75, 0.72, 0.68]), box(x - 0.28, x + 0.28, 0.35, h, z - 0.28, z + 0.28, [0.2, 0.42, 0.18], "fabric")],
  };
}

export const OAK: RGB = [0.62, 0.45, 0.28];
export const WALNUT: RGB = [0.36, 0.24, 0.15];
export const WHITE_WOOD: RGB = [0.88, 0.86, 0.82];
