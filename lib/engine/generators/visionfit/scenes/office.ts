/**
 * OFFICE_1: a desk with a monitor, a whiteboard on the back wall and a window on the left.
 * One file per kind of room keeps each layout readable on its own; every call builds a fresh
 * SceneDef.
 */
import type { SceneDef } from "../scene";
import { box, cabinet, chair, plant, table } from "./furniture";

export function office1(): SceneDef {
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
