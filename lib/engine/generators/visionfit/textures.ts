/**
 * Procedural surface textures, evaluated once per job when the room is rendered. Each writes
 * an albedo into `out`; (u, v) are metres along the surface.
 */
import type { RGB } from "./appearance";
import { hash2 } from "./rng";

const fract = (x: number) => x - Math.floor(x);

/** Smooth value noise in [0, 1]. */
export function valueNoise(u: number, v: number, seed: number): number {
  const x0 = Math.floor(u),
    y0 = Math.floor(v);
  const fx = u - x0,
    fy = v - y0;
  const sx = fx * fx * (3 - 2 * fx),
    sy = fy * fy * (3 - 2 * fy);
  const a = hash2(x0, y0, seed),
    b = hash2(x0 + 1, y0, seed),
    c = hash2(x0, y0 + 1, seed),
    d = hash2(x0 + 1, y0 + 1, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

function set(out: RGB, c: RGB, k: number): void {
  out[0] = c[0] * k;
  out[1] = c[1] * k;
  out[2] = c[2] * k;
}

export type FloorKind = "planks" | "tiles" | "carpet" | "rubber" | "herringbone" | "carpetTiles";

export interface FloorSpec {
  kind: FloorKind;
  color: RGB;
  /** Second colour: grout, speckles, alternate tiles. */
  accent: RGB;
  /** Plank width or tile size, metres. */
  size: number;
  seed: number;
}

/** Wooden boards along u with staggered joints, per-board tint, grain and dark seams. */
function planks(u: number, v: number, s: FloorSpec, out: RGB): void {
  const w = s.size;
  const row = Math.floor(v / w);
  const len = 1.2;
  const shifted = u + hash2(row, 7, s.seed) * len;
  const board = Math.floor(shifted / len);
  const tint = 0.82 + 0.3 * hash2(row, board, s.seed);
  const grain = 0.93 + 0.07 * Math.sin((v * 90 + valueNoise(u * 1.5, v * 12, s.seed + 3) * 9) * (1 + 0.3 * hash2(board, row, s.seed + 1)));
  const fv = fract(v / w) * w,
    fu = fract(shifted / len) * len;
  const seam = fv < 0.004 || fu < 0.004 ? 0.55 : 1;
  set(out, s.color, tint * grain * seam);
}

function tiles(u: number, v: number, s: FloorSpec, out: RGB): void {
  const t = s.size;
  const fu = fract(u / t) * t,
    fv = fract(v / t) * t;
  if (fu < 0.006 || fv < 0.006) {
    set(out, s.accent, 1);
    return;
  }
  const tint = 0.9 + 0.14 * hash2(Math.floor(u / t), Math.floor(v / t), s.seed);
  const mottle = 0.92 + 0.1 * valueNoise(u * 6, v * 6, s.seed + 5);
  set(out, s.color, tint * mottle);
}

function carpet(u: number, v: number, s: FloorSpec, out: RGB): void {
  const fine = 0.88 + 0.2 * hash2(Math.floor(u * 220), Math.floor(v * 220), s.seed);
  const mottle = 0.9 + 0.14 * valueNoise(u * 2.5, v * 2.5, s.seed + 9);
  set(out, s.color, fine * mottle);
}

function rubber(u: number, v: number, s: FloorSpec, out: RGB): void {
  const cu = Math.floor(u * 160),
    cv = Math.floor(v * 160);
  const h = hash2(cu, cv, s.seed);
  const seam = fract(u) < 0.004 || fract(v) < 0.004 ? 0.6 : 1;
  if (h < 0.07) set(out, s.accent, seam * (0.8 + h * 3));
  else set(out, s.color, seam * (0.9 + 0.15 * valueNoise(u * 4, v * 4, s.seed + 2)));
}

/** Parquet in a herringbone pattern: boards alternate direction along diagonal bands. */
function herringbone(u: number, v: number, s: FloorSpec, out: RGB): void {
  const w = s.size,
    l = w * 4;
  const a = u + v,
    b = v - u;
  const band = Math.floor(a / l);
  const horiz = band % 2 === 0;
  const along = horiz ? u : v;
  const across = horiz ? v : u;
  const idx = Math.floor((across + band * w) / w);
  const tint = 0.8 + 0.3 * hash2(idx, band, s.seed);
  const fa = fract((across + band * w) / w) * w;
  const fb = fract(a / l) * l;
  const seam = fa < 0.004 || fb < 0.006 ? 0.6 : 1;
  const grain = 0.94 + 0.06 * Math.sin(along * 70 + valueNoise(b * 3, a * 3, s.seed) * 6);
  set(out, s.color, tint * seam * grain);
}

function carpetTiles(u: number, v: number, s: FloorSpec, out: RGB): void {
  const t = s.size;
  const iu = Math.floor(u / t),
    iv = Math.floor(v / t);
  const alt = (iu + iv) % 2 === 0;
  const fine = 0.9 + 0.18 * hash2(Math.floor(u * 200), Math.floor(v * 200), s.seed);
  const stripe = 0.95 + 0.05 * Math.sin((alt ? u : v) * 300);
  const seam = fract(u / t) * t < 0.004 || fract(v / t) * t < 0.004 ? 0.8 : 1;
  set(out, alt ? s.color : s.accent, fine * stripe * seam);
}

export function floorAlbedo(u: number, v: number, s: FloorSpec, out: RGB): void {
  switch (s.kind) {
    case "planks":
      return planks(u, v, s, out);
    case "tiles":
      return tiles(u, v, s, out);
    case "carpet":
      return carpet(u, v, s, out);
    case "rubber":
      return rubber(u, v, s, out);
    case "herringbone":
      return herringbone(u, v, s, out);
    case "carpetTiles":
      return carpetTiles(u, v, s, out);
  }
}

export type WallKind = "paint" | "stripes" | "concrete" | "wainscot";

export interface WallSpec {
  kind: WallKind;
  color: RGB;
  accent: RGB;
  seed: number;
}

export function wallAlbedo(u: number, v: number, s: WallSpec, out: RGB): void {
  switch (s.kind) {
    case "paint":
      set(out, s.color, 0.97 + 0.05 * valueNoise(u * 3, v * 3, s.seed));
      return;
    case "stripes": {
      const on = fract(u / 0.16) < 0.5;
      set(out, on ? s.color : s.accent, 0.97 + 0.04 * valueNoise(u * 5, v * 5, s.seed));
      return;
    }
    case "concrete": {
      const n = valueNoise(u * 2, v * 2, s.seed) * 0.6 + valueNoise(u * 9, v * 9, s.seed + 1) * 0.4;
      const band = v > 1.0 && v < 1.25;
      set(out, band ? s.accent : s.color, 0.86 + 0.2 * n);
      return;
    }
    case "wainscot": {
      if (v < 0.95) {
        const panel = fract(u / 0.6) * 0.6;
        const edge = panel < 0.03 || v > 0.9 ? 0.85 : 1;
        set(out, s.accent, edge);
      } else set(out, s.color, 0.97 + 0.05 * valueNoise(u * 3, v * 3, s.seed));
      return;
    }
  }
}

/** Wood, fabric or plain finish on furniture. */
export type Finish = "plain" | "wood" | "fabric" | "metal" | "screen" | "books";

export function finishAlbedo(finish: Finish, u: number, v: number, base: RGB, seed: number, out: RGB): void {
  switch (finish) {
    case "wood":
      set(out, base, 0.94 + 0.06 * Math.sin(v * 14 + valueNoise(u * 3, v * 1.5, seed) * 5));
      return;
    case "fabric":
      set(out, base, 0.9 + 0.12 * hash2(Math.floor(u * 150), Math.floor(v * 150), seed) * valueNoise(u * 3, v * 3, seed));
      return;
    case "metal":
      set(out, base, 0.95 + 0.08 * valueNoise(u * 1.5, v * 8, seed));
      return;
    case "screen":
      set(out, base, 0.85 + 0.3 * valueNoise(u * 4, v * 4, seed));
      return;
    case "books": {
      const i = Math.floor(u / 0.035);
      const h = hash2(i, Math.floor(v / 0.3), seed);
      const palette: RGB[] = [
        [0.55, 0.12, 0.1],
        [0.12, 0.25, 0.5],
        [0.85, 0.8, 0.65],
        [0.15, 0.4, 0.22],
        [0.6, 0.45, 0.15],
        [0.2, 0.2, 0.22],
      ];
      const gap = fract(v / 0.3) > 0.88;
      set(out, gap ? base : (palette[Math.floor(h * palette.length)] as RGB), gap ? 0.6 : 0.85 + 0.3 * h);
      return;
    }
    default:
      set(out, base, 1);
  }
}
