/**
 * The static room, rendered once per job by ray casting every pixel: floor, walls and ceiling
 * of an axis-aligned room with procedural textures, furniture boxes with soft shadows from the
 * light, painted openings (windows, doors…) and wall art. The result (colour + ray depth) is
 * copied into every frame; the body is then depth-tested against it.
 */
import type { RGB } from "./appearance";
import { type Art, artAlbedo } from "./art";
import type { Camera } from "./camera";
import type { Vec3 } from "./math";
import type { Box, Opening, SceneDef, WallId } from "./scene";
import { ToneMap, diffuse, hemi } from "./shading";
import { finishAlbedo, floorAlbedo, valueNoise, wallAlbedo } from "./textures";

export interface Room {
  def: SceneDef;
  halfW: number;
  back: number;
  front: number;
  height: number;
  boxes: Box[];
  furniture: string[];
  arts: Art[];
  light: Vec3;
}

export interface RoomLayer {
  rgba: Uint8Array;
  /** Distance along each pixel's unit ray to the room surface. */
  depth: Float32Array;
  /** World (x, z) where a pixel sees the bare floor, NaN elsewhere (for the avatar's shadow). */
  floor: Float32Array;
}

const LIGHT_JITTER: [number, number][] = [
  [0.18, 0.05],
  [-0.12, 0.16],
  [-0.06, -0.17],
];

/** Slab test of a ray against a box; returns entry distance or Infinity. */
export function hitBox(b: Box, ox: number, oy: number, oz: number, ix: number, iy: number, iz: number, tMax: number): number {
  let t0 = (b.min[0] - ox) * ix,
    t1 = (b.max[0] - ox) * ix;
  let tn = Math.min(t0, t1),
    tf = Math.max(t0, t1);
  t0 = (b.min[1] - oy) * iy;
  t1 = (b.max[1] - oy) * iy;
  tn = Math.max(tn, Math.min(t0, t1));
  tf = Math.min(tf, Math.max(t0, t1));
  t0 = (b.min[2] - oz) * iz;
  t1 = (b.max[2] - oz) * iz;
  tn = Math.max(tn, Math.min(t0, t1));
  tf = Math.min(tf, Math.max(t0, t1));
  return tn <= tf && tn > 1e-4 && tn < tMax ? tn : Infinity;
}

function wallUV(wall: WallId, x: number, z: number): number {
  return wall === "back" || wall === "front" ? x : z;
}

/** Colour of an opening at (u, v) on its wall, and how much light it emits itself. */
function openingAlbedo(o: Opening, u: number, v: number, out: RGB): number {
  const s = (u - o.u0) / (o.u1 - o.u0),
    t = (v - o.v0) / (o.v1 - o.v0);
  const w = o.u1 - o.u0,
    h = o.v1 - o.v0;
  const edge = Math.min(s * w, (1 - s) * w, t * h, (1 - t) * h);
  const put = (r: number, g: number, b: number) => {
    out[0] = r;
    out[1] = g;
    out[2] = b;
  };
  switch (o.kind) {
    case "window": {
      if (edge < 0.05 || Math.abs(s - 0.5) * w < 0.025 || Math.abs(t - 0.55) * h < 0.02) {
        put(0.93, 0.93, 0.92);
        return 0;
      }
      put(0.62 + 0.2 * t, 0.76 + 0.15 * t, 0.95);
      return 0.55;
    }
    case "door": {
      const panel = edge < 0.06 ? 0.75 : edge < 0.12 ? 1 : Math.abs(t - 0.5) * h < 0.03 ? 0.85 : 0.95;
      const knob = Math.abs(s - 0.85) * w < 0.03 && Math.abs(v - 1.0) < 0.03;
      if (knob) put(0.75, 0.7, 0.5);
      else put(0.72 * panel, 0.6 * panel, 0.45 * panel);
      return 0;
    }
    case "whiteboard": {
      if (edge < 0.03) {
        put(0.7, 0.72, 0.74);
        return 0;
      }
      const scribble = Math.abs(Math.sin(u * 9) * 0.08 + 0.7 - t) < 0.012 && s < 0.6;
      const scribble2 = Math.abs(t - 0.35 - 0.15 * Math.sin(u * 5)) < 0.01 && s > 0.4;
      if (scribble) put(0.1, 0.2, 0.6);
      else if (scribble2) put(0.7, 0.15, 0.12);
      else put(0.95, 0.96, 0.96);
      return 0.05;
    }
    case "mirror": {
      if (edge < 0.03) {
        put(0.55, 0.55, 0.58);
        return 0;
      }
      const streak = 0.92 + 0.08 * valueNoise(u * 0.8, 0.5, 5);
      put(0.55 * streak, 0.6 * streak, 0.64 * streak);
      return 0.08;
    }
    case "tv": {
      if (edge < 0.02) {
        put(0.12, 0.12, 0.13);
        return 0;
      }
      const g = 0.05 + 0.06 * Math.max(0, t - s * 0.5);
      put(g, g, g * 1.15);
      return 0;
    }
  }
}

export function renderRoom(room: Room, cam: Camera, rays: Float32Array, tone: ToneMap): RoomLayer {
  const W = cam.width,
    H = cam.height;
  const rgba = new Uint8Array(W * H * 4);
  const depth = new Float32Array(W * H);
  const floor = new Float32Array(W * H * 2).fill(NaN);
  const R = cam.R;
  const [ox, oy, oz] = cam.position;
  const { halfW, back, front, height, boxes, def } = room;
  const albedo: RGB = [0, 0, 0];
  const light = room.light;
  const lc = def.lightColor;
  const amb = def.ambient;

  // Screen rectangles of the boxes, so most pixels test only the few boxes they can see.
  const rects = boxes.map((b) => {
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    for (let k = 0; k < 8; k++) {
      const p: Vec3 = [k & 1 ? b.max[0] : b.min[0], k & 2 ? b.max[1] : b.min[1], k & 4 ? b.max[2] : b.min[2]];
      const cx = R[0] * (p[0] - ox) + R[1] * (p[1] - oy) + R[2] * (p[2] - oz);
      const cy = R[3] * (p[0] - ox) + R[4] * (p[1] - oy) + R[5] * (p[2] - oz);
      const cz = R[6] * (p[0] - ox) + R[7] * (p[1] - oy) + R[8] * (p[2] - oz);
      if (cz < 0.01) return [0, W, 0, H];
      const u = cam.f * (cx / cz) + cam.cx,
        v = cam.f * (cy / cz) + cam.cy;
      x0 = Math.min(x0, u);
      x1 = Math.max(x1, u);
      y0 = Math.min(y0, v);
      y1 = Math.max(y1, v);
    }
    return [Math.floor(x0) - 1, Math.ceil(x1) + 1, Math.floor(y0) - 1, Math.ceil(y1) + 1];
  });
  const groundBoxes = boxes.filter((b) => b.min[1] < 0.02);

  const inShadow = (px: number, py: number, pz: number): number => {
    let lit = 0;
    for (const [jx, jz] of LIGHT_JITTER) {
      const lx = light[0] + jx - px,
        ly = light[1] - py,
        lz = light[2] + jz - pz;
      const ix = 1 / lx,
        iy = 1 / ly,
        iz = 1 / lz;
      let blocked = false;
      for (const b of boxes)
        if (hitBox(b, px, py, pz, ix, iy, iz, 1) !== Infinity) {
          blocked = true;
          break;
        }
      if (!blocked) lit++;
    }
    return lit / LIGHT_JITTER.length;
  };

  for (let py = 0; py < H; py++) {
    for (let px = 0; px < W; px++) {
      const i = py * W + px;
      const rx = rays[i * 3]!,
        ry = rays[i * 3 + 1]!,
        rz = rays[i * 3 + 2]!;
      // World direction = R^T · camera ray.
      const dx = R[0] * rx + R[3] * ry + R[6] * rz;
      const dy = R[1] * rx + R[4] * ry + R[7] * rz;
      const dz = R[2] * rx + R[5] * ry + R[8] * rz;
      const ix = 1 / dx,
        iy = 1 / dy,
        iz = 1 / dz;
      // The camera is inside the room: the first surface is where the ray leaves the room box.
      const tX = dx > 0 ? (halfW - ox) * ix : (-halfW - ox) * ix;
      const tY = dy > 0 ? (height - oy) * iy : -oy * iy;
      const tZ = dz > 0 ? (front - oz) * iz : (-back - oz) * iz;
      let t = tX,
        face = dx > 0 ? 3 : 2;
      if (tY < t) {
        t = tY;
        face = dy > 0 ? 1 : 0;
      }
      if (tZ < t) {
        t = tZ;
        face = dz > 0 ? 5 : 4;
      }
      let hitBoxIdx = -1;
      for (let b = 0; b < boxes.length; b++) {
        const r = rects[b]!;
        if (px < r[0]! || px > r[1]! || py < r[2]! || py > r[3]!) continue;
        const tb = hitBox(boxes[b]!, ox, oy, oz, ix, iy, iz, t);
        if (tb < t) {
          t = tb;
          hitBoxIdx = b;
        }
      }
      const hx = ox + dx * t,
        hy = oy + dy * t,
        hz = oz + dz * t;
      let nx = 0,
        ny = 0,
        nz = 0;
      let emit = 0;
      let ao = 1;
      if (hitBoxIdx >= 0) {
        const b = boxes[hitBoxIdx]!;
        // Face normal: the axis whose slab face is nearest the hit point.
        const ex = Math.min(Math.abs(hx - b.min[0]), Math.abs(hx - b.max[0]));
        const ey = Math.min(Math.abs(hy - b.min[1]), Math.abs(hy - b.max[1]));
        const ez = Math.min(Math.abs(hz - b.min[2]), Math.abs(hz - b.max[2]));
        let u: number, v: number;
        if (ex <= ey && ex <= ez) {
          nx = Math.abs(hx - b.min[0]) < Math.abs(hx - b.max[0]) ? -1 : 1;
          u = hz;
          v = hy;
        } else if (ey <= ez) {
          ny = Math.abs(hy - b.min[1]) < Math.abs(hy - b.max[1]) ? -1 : 1;
          u = hx;
          v = hz;
        } else {
          nz = Math.abs(hz - b.min[2]) < Math.abs(hz - b.max[2]) ? -1 : 1;
          u = hx;
          v = hy;
        }
        finishAlbedo(b.finish, u, v, b.color, hitBoxIdx * 7 + 3, albedo);
        // Darken box edges a little so shapes read at low resolution.
        const edgeD = Math.min(ex <= ey && ex <= ez ? Math.min(ey, ez) : ey <= ez ? Math.min(ex, ez) : Math.min(ex, ey), 0.03);
        ao = 0.85 + 5 * edgeD;
      } else if (face === 0) {
        ny = 1;
        floor[i * 2] = hx;
        floor[i * 2 + 1] = hz;
        floorAlbedo(hx, hz, def.floor, albedo);
        const rug = def.rug;
        if (rug && hx > rug.rect[0] && hx < rug.rect[1] && hz > rug.rect[2] && hz < rug.rect[3]) {
          const e = Math.min(hx - rug.rect[0], rug.rect[1] - hx, hz - rug.rect[2], rug.rect[3] - hz);
          const c = e < 0.09 ? rug.border : rug.color;
          const fine = 0.88 + 0.2 * valueNoise(hx * 90, hz * 90, 3);
          albedo[0] = c[0] * fine;
          albedo[1] = c[1] * fine;
          albedo[2] = c[2] * fine;
        }
        // Ambient occlusion near walls and where furniture stands.
        const dWall = Math.min(halfW - Math.abs(hx), hz + back, front - hz);
        ao = 1 - 0.3 * Math.exp(-dWall / 0.18);
        for (const b of groundBoxes) {
          const ddx = Math.max(b.min[0] - hx, 0, hx - b.max[0]);
          const ddz = Math.max(b.min[2] - hz, 0, hz - b.max[2]);
          const d = Math.sqrt(ddx * ddx + ddz * ddz);
          if (d < 0.3) ao *= 1 - 0.4 * Math.exp(-d / 0.07);
        }
      } else if (face === 1) {
        ny = -1;
        albedo[0] = def.ceiling[0];
        albedo[1] = def.ceiling[1];
        albedo[2] = def.ceiling[2];
        const dWall = Math.min(halfW - Math.abs(hx), hz + back, front - hz);
        ao = 1 - 0.25 * Math.exp(-dWall / 0.3);
      } else {
        const wall: WallId = face === 2 ? "left" : face === 3 ? "right" : face === 4 ? "back" : "front";
        if (face === 2) nx = 1;
        else if (face === 3) nx = -1;
        else if (face === 4) nz = 1;
        else nz = -1;
        const u = wallUV(wall, hx, hz);
        const v = hy;
        wallAlbedo(u, v, def.wall, albedo);
        if (v < 0.09) {
          albedo[0] = def.baseboard[0];
          albedo[1] = def.baseboard[1];
          albedo[2] = def.baseboard[2];
        }
        for (const o of def.openings)
          if (o.wall === wall && u >= o.u0 && u <= o.u1 && v >= o.v0 && v <= o.v1) {
            emit = openingAlbedo(o, u, v, albedo);
            break;
          }
        for (const a of room.arts)
          if (a.wall === wall && u >= a.u0 && u <= a.u1 && v >= a.v0 && v <= a.v1) {
            const s = (u - a.u0) / (a.u1 - a.u0);
            artAlbedo(a, wall === "right" || wall === "back" ? s : 1 - s, (v - a.v0) / (a.v1 - a.v0), albedo);
            break;
          }
        const side = face <= 3 ? Math.min(hz + back, front - hz) : halfW - Math.abs(hx);
        ao = (1 - 0.28 * Math.exp(-v / 0.15)) * (1 - 0.22 * Math.exp(-side / 0.2)) * (1 - 0.2 * Math.exp(-(height - v) / 0.15));
      }
      let lit = diffuse(nx, ny, nz, light[0] - hx, light[1] - hy, light[2] - hz);
      if (lit > 0) lit *= inShadow(hx + nx * 1e-3, hy + ny * 1e-3, hz + nz * 1e-3);
      // The ceiling is lit by light bounced off the floor and walls.
      const a = amb * (face === 1 && hitBoxIdx < 0 ? 1.45 : hemi(ny)) * ao;
      const o = i * 4;
      rgba[o] = tone.byte(albedo[0] * (a + lit * lc[0]) + emit * albedo[0]);
      rgba[o + 1] = tone.byte(albedo[1] * (a + lit * lc[1]) + emit * albedo[1]);
      rgba[o + 2] = tone.byte(albedo[2] * (a + lit * lc[2]) + emit * albedo[2]);
      rgba[o + 3] = 255;
      depth[i] = t;
    }
  }
  return { rgba, depth, floor };
}
