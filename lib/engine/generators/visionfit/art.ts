/**
 * Framed pictures on the walls (add_wall_art). `misc_human` pictures show figure silhouettes;
 * `non_human` ones show landscapes, seascapes and abstract shapes. Placement avoids windows,
 * doors and tall furniture standing against the same wall.
 */
import type { RGB } from "./appearance";
import type { Rng } from "./rng";
import type { Box, Opening, WallId } from "./scene";

export interface Art {
  wall: WallId;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
  human: boolean;
  variant: number;
  frame: RGB;
  palette: RGB[];
  /** Segments [x0, y0, x1, y1, radius] of figure silhouettes, frame coordinates 0..1. */
  figures: number[][];
  shapes: number[][];
}

export interface WallExtent {
  wall: WallId;
  uMin: number;
  uMax: number;
}

const PALETTE: RGB[] = [
  [0.8, 0.25, 0.2],
  [0.15, 0.35, 0.65],
  [0.95, 0.78, 0.2],
  [0.2, 0.55, 0.4],
  [0.55, 0.3, 0.6],
  [0.9, 0.5, 0.25],
  [0.1, 0.1, 0.12],
];

/** A standing person: segments for torso, limbs, and a head disc, with a random stance. */
function figure(rng: Rng, cx: number, base: number, h: number): number[][] {
  const u = h / 8;
  const hip = [cx, base + 4 * u];
  const neck = [cx, base + 6.6 * u];
  const spread = rng.range(0.2, 1.2) * u;
  const armUp = rng.bool(0.4);
  const segs: number[][] = [
    [hip[0]!, hip[1]!, neck[0]!, neck[1]!, 0.55 * u],
    [cx, base + 7.4 * u, cx, base + 7.4 * u, 0.6 * u],
    [hip[0]!, hip[1]!, cx - spread, base, 0.32 * u],
    [hip[0]!, hip[1]!, cx + spread, base, 0.32 * u],
  ];
  for (const side of [-1, 1]) {
    const ex = cx + side * rng.range(0.6, 2.2) * u;
    const ey = armUp ? base + rng.range(7, 9) * u : base + rng.range(3.5, 5) * u;
    segs.push([neck[0]! + side * 0.6 * u, neck[1]! - 0.3 * u, ex, ey, 0.25 * u]);
  }
  return segs;
}

function overlaps(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1] && a[2] < b[3] && b[2] < a[3];
}

/** Chooses up to three pictures. */
export function placeArt(rng: Rng, human: boolean, walls: WallExtent[], openings: Opening[], boxes: Box[], wallPos: Record<WallId, number>): Art[] {
  const arts: Art[] = [];
  const taken: { wall: WallId; r: [number, number, number, number] }[] = openings.map((o) => ({ wall: o.wall, r: [o.u0 - 0.15, o.u1 + 0.15, o.v0 - 0.15, o.v1 + 0.15] }));
  // Furniture near a wall blocks the part of it behind the furniture, up to its top.
  for (const b of boxes) {
    for (const w of walls) {
      const pos = wallPos[w.wall];
      const near = w.wall === "back" ? b.min[2] - pos < 0.8 : w.wall === "left" ? b.min[0] - pos < 0.8 : pos - b.max[0] < 0.8;
      if (!near) continue;
      const r: [number, number, number, number] = w.wall === "back" ? [b.min[0], b.max[0], 0, b.max[1] + 0.1] : [b.min[2], b.max[2], 0, b.max[1] + 0.1];
      taken.push({ wall: w.wall, r });
    }
  }
  for (let attempt = 0; attempt < 40 && arts.length < 3; attempt++) {
    const w = rng.pick(walls);
    const width = rng.range(0.5, 1.0);
    const height = width * rng.range(0.65, 1.2);
    const cu = rng.range(w.uMin + width / 2 + 0.2, w.uMax - width / 2 - 0.2);
    const cv = rng.range(1.4, 1.7);
    const r: [number, number, number, number] = [cu - width / 2, cu + width / 2, cv - height / 2, cv + height / 2];
    const variant = rng.int(4);
    const frameKind = rng.int(3);
    const palette = [rng.pick(PALETTE), rng.pick(PALETTE), rng.pick(PALETTE), rng.pick(PALETTE)];
    const figs: number[][] = [];
    const shapes: number[][] = [];
    if (human) {
      const count = variant === 1 ? 3 : 1;
      for (let i = 0; i < count; i++) {
        const cx = count === 1 ? 0.5 : 0.25 + i * 0.25;
        const h = count === 1 ? rng.range(0.6, 0.75) : rng.range(0.45, 0.6);
        figs.push(...figure(rng, cx, 0.12, h));
      }
    } else {
      for (let i = 0; i < 4; i++) shapes.push([rng.next(), rng.next(), rng.range(0.08, 0.28), rng.int(4), rng.next()]);
    }
    if (r[0] < w.uMin + 0.1 || r[1] > w.uMax - 0.1) continue;
    if (taken.some((t) => t.wall === w.wall && overlaps(t.r, r))) continue;
    taken.push({ wall: w.wall, r: [r[0] - 0.2, r[1] + 0.2, r[2] - 0.2, r[3] + 0.2] });
    const frame: RGB = frameKind === 0 ? [0.08, 0.08, 0.08] : frameKind === 1 ? [0.45, 0.3, 0.17] : [0.93, 0.93, 0.9];
    arts.push({ wall: w.wall, u0: r[0], u1: r[1], v0: r[2], v1: r[3], human, variant, frame, palette, figures: figs, shapes });
  }
  return arts;
}

function segDist2(px: number, py: number, s: number[]): number {
  const [x0, y0, x1, y1] = s as [number, number, number, number];
  const dx = x1 - x0,
    dy = y1 - y0;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
  const qx = x0 + t * dx - px,
    qy = y0 + t * dy - py;
  return qx * qx + qy * qy;
}

/** Albedo of a picture at frame coordinates (s, t) in [0, 1] (t up). */
export function artAlbedo(a: Art, s: number, t: number, out: RGB): void {
  const border = 0.05;
  const put = (c: RGB, k = 1) => {
    out[0] = c[0] * k;
    out[1] = c[1] * k;
    out[2] = c[2] * k;
  };
  if (s < border || s > 1 - border || t < border || t > 1 - border) return put(a.frame);
  const x = (s - border) / (1 - 2 * border),
    y = (t - border) / (1 - 2 * border);
  const p = a.palette as [RGB, RGB, RGB, RGB];
  if (a.human) {
    const bg: RGB = a.variant === 2 ? [0.85, 0.75, 0.6] : a.variant === 3 ? [0.75, 0.82, 0.88] : [0.92, 0.9, 0.85];
    for (const seg of a.figures) {
      const r = seg[4]!;
      if (segDist2(x, y, seg) < r * r) return put(a.variant === 3 ? p[0] : [0.12, 0.1, 0.1]);
    }
    return put(bg, 0.9 + 0.1 * y);
  }
  switch (a.variant) {
    case 0: {
      // Landscape: sky, sun, mountain ridge, meadow.
      const ridge = 0.45 + 0.13 * Math.sin(x * 7 + p[0][0] * 10) + 0.06 * Math.sin(x * 19 + p[1][1] * 10);
      if (y < 0.22) return put([0.3, 0.55, 0.25], 0.85 + 0.5 * y);
      if (y < ridge) return put([0.35, 0.4, 0.5], 0.8 + 0.4 * (y - 0.22));
      const dx = x - 0.72,
        dy = y - 0.78;
      if (dx * dx + dy * dy < 0.01) return put([1, 0.9, 0.55]);
      return put([0.55, 0.75, 0.95], 1.05 - 0.3 * y);
    }
    case 1: {
      for (const sh of a.shapes) {
        const dx = x - sh[0]!,
          dy = y - sh[1]!;
        if (dx * dx + dy * dy < sh[2]! * sh[2]!) return put(p[sh[3]! as 0 | 1 | 2 | 3]);
      }
      return put([0.94, 0.92, 0.86]);
    }
    case 2: {
      // Blocks with black lines.
      const lx = Math.abs(x - 0.35) < 0.02 || Math.abs(x - 0.7) < 0.02;
      const ly = Math.abs(y - 0.4) < 0.02 || Math.abs(y - 0.75) < 0.02;
      if (lx || ly) return put([0.08, 0.08, 0.08]);
      const cell = (x < 0.35 ? 0 : x < 0.7 ? 1 : 2) + 3 * (y < 0.4 ? 0 : y < 0.75 ? 1 : 2);
      return put(cell === 0 ? p[0] : cell === 5 ? p[1] : cell === 7 ? p[2] : [0.95, 0.94, 0.9]);
    }
    default: {
      // Seascape with a sail.
      if (y < 0.45) return put([0.15, 0.35, 0.55], 0.8 + 0.6 * y);
      const sx = x - 0.4;
      if (y < 0.75 && sx > 0 && sx < (0.75 - y) * 0.6) return put([0.97, 0.97, 0.95]);
      return put([0.7, 0.82, 0.93], 1.1 - 0.3 * y);
    }
  }
}
