/**
 * GYM_1: a large concrete room with a squat rack, dumbbells, a bench and a mirror wall.
 * One file per kind of room keeps each layout readable on its own; every call builds a fresh
 * SceneDef.
 */
import type { RGB } from "../appearance";
import type { Box, SceneDef } from "../scene";
import { box } from "./furniture";

export function gym1(): SceneDef {
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
