/**
 * The eight rooms. World frame: the avatar stands at the origin (room centre), +y up; the
 * camera stands on the +z side, so the back wall (z = -back) and the side walls (x = ±halfW)
 * are what it sees. Furniture is axis-aligned boxes; openings (windows, doors, whiteboards,
 * mirrors) are painted onto walls.
 */
import type { RGB } from "./appearance";
import type { Vec3 } from "./math";
import type { Finish, FloorSpec, WallSpec } from "./textures";

export interface Box {
  min: Vec3;
  max: Vec3;
  color: RGB;
  finish: Finish;
}

export interface Furniture {
  name: string;
  boxes: Box[];
}

export type WallId = "back" | "left" | "right" | "front";

/** A rectangle on a wall: u along the wall (x for back/front, z for left/right), v height. */
export interface Opening {
  wall: WallId;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
  kind: "window" | "door" | "whiteboard" | "mirror" | "tv";
}

export interface SceneDef {
  id: string;
  halfW: number;
  back: number;
  front: number;
  height: number;
  floor: FloorSpec;
  wall: WallSpec;
  ceiling: RGB;
  baseboard: RGB;
  light: Vec3;
  lightColor: RGB;
  ambient: number;
  openings: Opening[];
  furniture: Furniture[];
  /** A rug painted on the floor: [x0, x1, z0, z1], colour, border colour. */
  rug?: { rect: [number, number, number, number]; color: RGB; border: RGB };
}

const box = (x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, color: RGB, finish: Finish = "plain"): Box => ({
  min: [Math.min(x0, x1), Math.min(y0, y1), Math.min(z0, z1)],
  max: [Math.max(x0, x1), Math.max(y0, y1), Math.max(z0, z1)],
  color,
  finish,
});

/** A bed with its head against the back wall, spanning x0..x1, `length` long. */
function bed(x0: number, x1: number, back: number, length: number, frame: RGB, duvet: RGB): Furniture {
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

function cabinet(name: string, x0: number, x1: number, z0: number, z1: number, h: number, color: RGB, finish: Finish = "wood"): Furniture {
  return { name, boxes: [box(x0, x1, 0, h, z0, z1, color, finish)] };
}

function table(name: string, x0: number, x1: number, z0: number, z1: number, h: number, top: RGB, legs: RGB): Furniture {
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

function chair(x: number, z: number, facingZ: 1 | -1, color: RGB): Furniture {
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
function sofa(x0: number, x1: number, back: number, color: RGB): Furniture {
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

function bookshelf(x0: number, x1: number, back: number, h: number, wood: RGB): Furniture {
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

function plant(x: number, z: number, h: number): Furniture {
  return {
    name: "plant",
    boxes: [box(x - 0.15, x + 0.15, 0, 0.35, z - 0.15, z + 0.15, [0.75, 0.72, 0.68]), box(x - 0.28, x + 0.28, 0.35, h, z - 0.28, z + 0.28, [0.2, 0.42, 0.18], "fabric")],
  };
}

const OAK: RGB = [0.62, 0.45, 0.28];
const WALNUT: RGB = [0.36, 0.24, 0.15];
const WHITE_WOOD: RGB = [0.88, 0.86, 0.82];

function bedroom2(): SceneDef {
  const halfW = 2.3,
    back = 2.5;
  return {
    id: "BEDROOM_2",
    halfW,
    back,
    front: 2.6,
    height: 2.7,
    floor: { kind: "planks", color: [0.66, 0.48, 0.3], accent: [0.3, 0.2, 0.1], size: 0.14, seed: 21 },
    wall: { kind: "paint", color: [0.86, 0.8, 0.7], accent: [0.8, 0.75, 0.65], seed: 22 },
    ceiling: [0.95, 0.94, 0.92],
    baseboard: [0.95, 0.94, 0.9],
    light: [0.3, 2.55, -0.4],
    lightColor: [1, 0.93, 0.82],
    ambient: 0.42,
    openings: [
      { wall: "back", u0: -1.9, u1: -0.8, v0: 0.9, v1: 2.15, kind: "window" },
      { wall: "left", u0: 1.0, u1: 1.9, v0: 0, v1: 2.05, kind: "door" },
    ],
    furniture: [
      bed(0.35, 1.95, back, 2.05, WALNUT, [0.25, 0.38, 0.6]),
      cabinet("nightstand", -0.25, 0.25, -back, -back + 0.42, 0.55, WALNUT),
      cabinet("wardrobe", -halfW, -halfW + 0.6, -1.9, -0.7, 2.0, WHITE_WOOD),
      { name: "ottoman", boxes: [box(0.45, 1.15, 0, 0.42, 1.55, 1.95, [0.55, 0.3, 0.25], "fabric")] },
    ],
    rug: { rect: [-1.2, 0.3, -0.9, 1.0], color: [0.72, 0.64, 0.52], border: [0.45, 0.32, 0.25] },
  };
}

function bedroom4(): SceneDef {
  const halfW = 2.2,
    back = 2.4;
  return {
    id: "BEDROOM_4",
    halfW,
    back,
    front: 2.4,
    height: 2.6,
    floor: { kind: "carpet", color: [0.55, 0.55, 0.56], accent: [0.4, 0.4, 0.42], size: 1, seed: 41 },
    wall: { kind: "paint", color: [0.67, 0.78, 0.86], accent: [0.6, 0.7, 0.8], seed: 42 },
    ceiling: [0.95, 0.95, 0.96],
    baseboard: [0.96, 0.96, 0.96],
    light: [-0.2, 2.45, 0.2],
    lightColor: [0.98, 0.96, 0.92],
    ambient: 0.45,
    openings: [
      { wall: "right", u0: -1.6, u1: -0.5, v0: 0.9, v1: 2.0, kind: "window" },
      { wall: "back", u0: 1.0, u1: 1.85, v0: 0, v1: 2.0, kind: "door" },
    ],
    furniture: [
      bed(-2.15, -1.1, back, 1.95, [0.9, 0.9, 0.9], [0.85, 0.55, 0.25]),
      table("desk", halfW - 0.6, halfW, -0.2, 1.0, 0.74, WHITE_WOOD, [0.3, 0.3, 0.32]),
      chair(halfW - 0.85, 0.4, -1, [0.2, 0.22, 0.3]),
      bookshelf(-0.7, 0.3, back, 1.6, WHITE_WOOD),
    ],
  };
}

function bedroom5(): SceneDef {
  const halfW = 2.5,
    back = 2.6;
  return {
    id: "BEDROOM_5",
    halfW,
    back,
    front: 2.6,
    height: 2.75,
    floor: { kind: "planks", color: [0.4, 0.27, 0.17], accent: [0.2, 0.12, 0.08], size: 0.18, seed: 51 },
    wall: { kind: "paint", color: [0.62, 0.7, 0.58], accent: [0.55, 0.62, 0.5], seed: 52 },
    ceiling: [0.96, 0.95, 0.92],
    baseboard: [0.93, 0.92, 0.88],
    light: [0, 2.6, -0.6],
    lightColor: [1, 0.9, 0.78],
    ambient: 0.4,
    openings: [
      { wall: "left", u0: -1.8, u1: -0.6, v0: 0.85, v1: 2.2, kind: "window" },
      { wall: "right", u0: 0.9, u1: 1.8, v0: 0, v1: 2.05, kind: "door" },
    ],
    furniture: [
      bed(-0.85, 0.85, back, 2.05, [0.22, 0.16, 0.12], [0.9, 0.88, 0.82]),
      cabinet("nightstand", -1.45, -0.95, -back, -back + 0.42, 0.58, [0.22, 0.16, 0.12]),
      cabinet("nightstand", 0.95, 1.45, -back, -back + 0.42, 0.58, [0.22, 0.16, 0.12]),
      cabinet("dresser", halfW - 0.5, halfW, -1.6, -0.3, 0.9, OAK),
    ],
    rug: { rect: [-1.5, 1.5, -0.6, 1.2], color: [0.55, 0.2, 0.18], border: [0.85, 0.75, 0.55] },
  };
}

function bedroom6(): SceneDef {
  const halfW = 2.1,
    back = 2.3;
  return {
    id: "BEDROOM_6",
    halfW,
    back,
    front: 2.4,
    height: 2.6,
    floor: { kind: "planks", color: [0.82, 0.78, 0.7], accent: [0.6, 0.55, 0.5], size: 0.12, seed: 61 },
    wall: { kind: "wainscot", color: [0.86, 0.76, 0.83], accent: [0.95, 0.94, 0.93], seed: 62 },
    ceiling: [0.97, 0.96, 0.96],
    baseboard: [0.95, 0.94, 0.93],
    light: [0.2, 2.45, -0.2],
    lightColor: [1, 0.95, 0.9],
    ambient: 0.45,
    openings: [{ wall: "back", u0: -0.4, u1: 0.6, v0: 1.0, v1: 2.1, kind: "window" }],
    furniture: [
      bed(halfW - 1.0, halfW, back, 1.95, WHITE_WOOD, [0.95, 0.7, 0.75]),
      cabinet("wardrobe", -halfW, -halfW + 0.55, -back, -back + 1.1, 1.95, [0.95, 0.93, 0.9]),
      table("desk", -halfW, -halfW + 0.55, 0.2, 1.2, 0.72, [0.95, 0.93, 0.9], [0.85, 0.83, 0.8]),
      { name: "beanbag", boxes: [box(-1.3, -0.7, 0, 0.45, 1.3, 1.9, [0.3, 0.6, 0.65], "fabric")] },
    ],
  };
}

function gym1(): SceneDef {
  const halfW = 4,
    back = 4.2;
  const steel: RGB = [0.2, 0.2, 0.22];
  const rack: Box[] = [];
  for (const x of [-0.7, 0.7]) for (const z of [-back + 0.2, -back + 1.2]) rack.push(box(x - 0.04, x + 0.04, 0, 2.3, z - 0.04, z + 0.04, steel, "metal"));
  rack.push(box(-0.74, 0.74, 2.26, 2.34, -back + 0.16, -back + 0.24, steel, "metal"), box(-0.74, 0.74, 2.26, 2.34, -back + 1.16, -back + 1.24, steel, "metal"));
  rack.push(box(-1.1, 1.1, 1.38, 1.42, -back + 1.18, -back + 1.22, [0.7, 0.7, 0.72], "metal"));
  for (const x of [-0.98, 0.9]) rack.push(box(x, x + 0.08, 1.17, 1.63, -back + 1.0, -back + 1.4, [0.1, 0.1, 0.11], "plain"));
  const dumbbells: Box[] = [box(halfW - 0.6, halfW - 0.05, 0, 0.55, -2.5, 0.5, [0.25, 0.25, 0.27], "metal")];
  for (let i = 0; i < 8; i++) {
    const z = -2.35 + i * 0.36;
    dumbbells.push(box(halfW - 0.5, halfW - 0.15, 0.55, 0.7, z, z + 0.16, i % 2 ? [0.1, 0.1, 0.1] : [0.55, 0.1, 0.1], "plain"));
  }
  return {
    id: "GYM_1",
    halfW,
    back,
    front: 4.5,
    height: 3.6,
    floor: { kind: "rubber", color: [0.14, 0.14, 0.15], accent: [0.5, 0.52, 0.55], size: 1, seed: 11 },
    wall: { kind: "concrete", color: [0.78, 0.78, 0.76], accent: [0.9, 0.45, 0.1], seed: 12 },
    ceiling: [0.85, 0.85, 0.86],
    baseboard: [0.2, 0.2, 0.22],
    light: [0.5, 3.4, 0],
    lightColor: [0.95, 0.97, 1],
    ambient: 0.5,
    openings: [
      { wall: "left", u0: -3.5, u1: 1.0, v0: 0.3, v1: 2.3, kind: "mirror" },
      { wall: "back", u0: 1.6, u1: 3.4, v0: 1.2, v1: 2.6, kind: "window" },
    ],
    furniture: [
      { name: "squat rack", boxes: rack },
      { name: "dumbbell rack", boxes: dumbbells },
      { name: "bench", boxes: [box(-0.7, 0.7, 0.36, 0.46, 1.65, 1.95, [0.12, 0.12, 0.14], "fabric"), box(-0.6, -0.5, 0, 0.36, 1.7, 1.9, steel, "metal"), box(0.5, 0.6, 0, 0.36, 1.7, 1.9, steel, "metal")] },
      { name: "plyo box", boxes: [box(-2.4, -1.8, 0, 0.6, -1.6, -1.0, [0.6, 0.42, 0.25], "wood")] },
    ],
  };
}

function living1(): SceneDef {
  const halfW = 2.8,
    back = 2.8;
  return {
    id: "LIVINGROOM_1",
    halfW,
    back,
    front: 3.0,
    height: 2.7,
    floor: { kind: "herringbone", color: [0.7, 0.52, 0.33], accent: [0.3, 0.2, 0.1], size: 0.09, seed: 71 },
    wall: { kind: "paint", color: [0.92, 0.91, 0.88], accent: [0.85, 0.84, 0.8], seed: 72 },
    ceiling: [0.97, 0.97, 0.96],
    baseboard: [0.97, 0.97, 0.96],
    light: [-0.3, 2.55, -0.5],
    lightColor: [1, 0.93, 0.84],
    ambient: 0.42,
    openings: [
      { wall: "right", u0: -2.2, u1: -0.4, v0: 0.5, v1: 2.3, kind: "window" },
      { wall: "left", u0: -1.5, u1: -0.3, v0: 0.75, v1: 1.45, kind: "tv" },
    ],
    furniture: [
      sofa(-1.25, 1.25, back, [0.45, 0.47, 0.5]),
      table("coffee table", -0.55, 0.55, -1.6, -1.05, 0.42, WALNUT, [0.1, 0.1, 0.1]),
      cabinet("tv stand", -halfW, -halfW + 0.42, -1.7, -0.1, 0.5, WALNUT),
      plant(2.3, -2.3, 1.3),
      { name: "pouf", boxes: [box(0.35, 0.85, 0, 0.42, 1.45, 1.95, [0.85, 0.75, 0.55], "fabric")] },
    ],
    rug: { rect: [-1.6, 1.6, -1.9, 0.9], color: [0.82, 0.8, 0.76], border: [0.3, 0.32, 0.4] },
  };
}

function living2(): SceneDef {
  const halfW = 3,
    back = 3;
  return {
    id: "LIVINGROOM_2",
    halfW,
    back,
    front: 3,
    height: 2.8,
    floor: { kind: "tiles", color: [0.8, 0.76, 0.68], accent: [0.55, 0.52, 0.48], size: 0.6, seed: 81 },
    wall: { kind: "stripes", color: [0.74, 0.7, 0.63], accent: [0.69, 0.65, 0.58], seed: 82 },
    ceiling: [0.96, 0.95, 0.93],
    baseboard: [0.35, 0.28, 0.22],
    light: [0.4, 2.6, -0.8],
    lightColor: [1, 0.92, 0.8],
    ambient: 0.4,
    openings: [
      { wall: "back", u0: -2.6, u1: -1.4, v0: 0, v1: 2.1, kind: "door" },
      { wall: "right", u0: -0.6, u1: 0.6, v0: 1.05, v1: 1.75, kind: "tv" },
    ],
    furniture: [
      sofa(-1.1, 1.1, back, [0.55, 0.25, 0.2]),
      { name: "armchair", boxes: [box(-2.7, -2.0, 0, 0.45, -1.2, -0.4, [0.3, 0.4, 0.35], "fabric"), box(-2.75, -2.6, 0, 0.9, -1.2, -0.4, [0.3, 0.4, 0.35], "fabric")] },
      bookshelf(1.4, 2.6, back, 2.0, WALNUT),
      cabinet("tv stand", halfW - 0.45, halfW, -1.0, 1.0, 0.55, [0.2, 0.2, 0.22]),
      plant(-2.5, 1.6, 1.5),
    ],
  };
}

function office1(): SceneDef {
  const halfW = 2.8,
    back = 2.8;
  return {
    id: "OFFICE_1",
    halfW,
    back,
    front: 3,
    height: 2.8,
    floor: { kind: "carpetTiles", color: [0.36, 0.4, 0.46], accent: [0.3, 0.33, 0.38], size: 0.5, seed: 91 },
    wall: { kind: "paint", color: [0.93, 0.93, 0.92], accent: [0.88, 0.88, 0.86], seed: 92 },
    ceiling: [0.93, 0.93, 0.94],
    baseboard: [0.3, 0.3, 0.32],
    light: [0, 2.65, -0.3],
    lightColor: [0.96, 0.98, 1],
    ambient: 0.5,
    openings: [
      { wall: "back", u0: -0.9, u1: 0.9, v0: 0.95, v1: 2.0, kind: "whiteboard" },
      { wall: "left", u0: -2.2, u1: 0.2, v0: 0.8, v1: 2.3, kind: "window" },
    ],
    furniture: [
      table("desk", 0.9, 2.5, -back, -back + 0.8, 0.74, [0.85, 0.83, 0.8], [0.25, 0.25, 0.27]),
      { name: "monitor", boxes: [box(1.35, 2.05, 0.95, 1.35, -back + 0.2, -back + 0.24, [0.08, 0.08, 0.1], "screen"), box(1.67, 1.73, 0.74, 0.95, -back + 0.22, -back + 0.26, [0.2, 0.2, 0.2], "metal")] },
      chair(1.7, -back + 1.2, -1, [0.12, 0.12, 0.14]),
      cabinet("filing cabinet", -halfW + 0.1, -halfW + 0.6, -back, -back + 0.6, 1.3, [0.62, 0.64, 0.66], "metal"),
      plant(halfW - 0.35, 0.8, 1.4),
    ],
  };
}

const BUILDERS: Record<string, () => SceneDef> = {
  BEDROOM_2: bedroom2,
  BEDROOM_4: bedroom4,
  BEDROOM_5: bedroom5,
  BEDROOM_6: bedroom6,
  GYM_1: gym1,
  LIVINGROOM_1: living1,
  LIVINGROOM_2: living2,
  OFFICE_1: office1,
};

export function sceneDef(id: string): SceneDef {
  const b = BUILDERS[id];
  if (!b) throw new Error(`Unknown scene ${id}`);
  return b();
}
