/**
 * The bedrooms (BEDROOM_2, 4, 5, 6): a bed against the back wall plus storage and a desk or seat.
 * One file per kind of room keeps each layout readable on its own; every call builds a fresh
 * SceneDef.
 */
import type { SceneDef } from "../scene";
import { OAK, WALNUT, WHITE_WOOD, bed, bookshelf, box, cabinet, chair, table } from "./furniture";

export function bedroom2(): SceneDef {
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

export function bedroom4(): SceneDef {
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

export function bedroom5(): SceneDef {
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

export function bedroom6(): SceneDef {
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
