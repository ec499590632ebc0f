/**
 * The living rooms (LIVINGROOM_1, 2): a sofa against the back wall, a TV and low furniture.
 * One file per kind of room keeps each layout readable on its own; every call builds a fresh
 * SceneDef.
 */
import type { SceneDef } from "../scene";
import { WALNUT, bookshelf, box, cabinet, plant, sofa, table } from "./furniture";

export function living1(): SceneDef {
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

export function living2(): SceneDef {
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
