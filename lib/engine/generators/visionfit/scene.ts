/**
 * The eight rooms. World frame: the avatar stands at the origin (room centre), +y up; the
 * camera stands on the +z side, so the back wall (z = -back) and the side walls (x = ±halfW)
 * are what it sees. Furniture is axis-aligned boxes; openings (windows, doors, whiteboards,
 * mirrors) are painted onto walls.
 *
 * This module holds the shared room types and the id → builder table; the rooms themselves are
 * in scenes/ (one file per kind of room, furniture builders in scenes/furniture.ts).
 */
import type { RGB } from "./appearance";
import type { Vec3 } from "./math";
import { bedroom2, bedroom4, bedroom5, bedroom6 } from "./scenes/bedrooms";
import { gym1 } from "./scenes/gym";
import { living1, living2 } from "./scenes/living-rooms";
import { office1 } from "./scenes/office";
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
