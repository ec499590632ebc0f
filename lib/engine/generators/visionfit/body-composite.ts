/**
 * Shading of the rasterized body: composites it over the frame (a copy of the room), fills
 * the instance mask where the body is nearer than the room, and colours those pixels from the
 * primitive's paint, normal and the room's light. Separate from the rasterizer so the depth
 * pass stays free of lighting and paint concerns.
 */
import type { RGB } from "./appearance";
import type { Paint } from "./body";
import { type BodyRaster, NONE } from "./body-raster";
import type { Vec3 } from "./math";
import { ToneMap, diffuse, hemi } from "./shading";

export interface CompositeStats {
  /** Body pixels in the image, ignoring furniture. */
  bodyOnly: number;
  /** Body pixels that won over the room (the mask's pixel count). */
  visible: number;
  /** Bounding box [x0, y0, x1, y1] of the mask, inclusive; x0 > x1 when empty. */
  bbox: [number, number, number, number];
}

export interface ShadeContext {
  tone: ToneMap;
  /** Light position in camera space, its colour and the room's ambient level. */
  light: Vec3;
  lightColor: RGB;
  ambient: number;
  /** World up in camera space. */
  up: Vec3;
}

const EYE: RGB = [0.06, 0.05, 0.05];

/** Albedo of a body hit from its paint, given local coordinates. */
function paintAlbedo(p: Paint, along: number, lx: number, ly: number, lz: number, out: RGB): void {
  let c: RGB;
  switch (p.type) {
    case "bands": {
      let k = 0;
      const v = along;
      while (k < p.stops.length && v >= p.stops[k]!) k++;
      c = p.colors[k] ?? (p.colors[p.colors.length - 1] as RGB);
      break;
    }
    case "shoe":
      c = ly < -0.42 ? p.sole : p.upper;
      break;
    case "head": {
      c = p.skin;
      if (ly > p.hairline + p.hairSlope * lz) {
        c = p.hair;
      } else if (lz > 0.55) {
        const ex = Math.abs(lx) - 0.38;
        if (ex * ex + (ly - 0.1) * (ly - 0.1) < 0.0085) c = EYE;
        else if (Math.abs(ex) < 0.14 && Math.abs(ly - 0.3) < 0.035) c = p.hair;
        else if (Math.abs(lx) < 0.22 && Math.abs(ly + 0.5) < 0.04) c = p.lip;
      }
      break;
    }
  }
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
}

/**
 * Composites the body over the frame (which holds a copy of the room): fills the mask, shades
 * visible pixels, counts pixels and finds the mask's bounding box.
 */
export function composite(br: BodyRaster, roomDepth: Float32Array, rays: Float32Array, frame: Uint8Array, mask: Uint8Array, ctx: ShadeContext): CompositeStats {
  const { W, depth, prim, prims } = br;
  const [x0, y0, x1, y1] = br.rect;
  const bbox: [number, number, number, number] = [W, br.H, -1, -1];
  let bodyOnly = 0,
    visible = 0;
  const alb: RGB = [0, 0, 0];
  const { tone, light, lightColor, ambient, up } = ctx;
  for (let y = y0; y <= y1; y++) {
    let i = y * W + x0;
    for (let x = x0; x <= x1; x++, i++) {
      const k = prim[i]!;
      if (k === NONE) continue;
      bodyOnly++;
      const t = depth[i]!;
      if (!(t < roomDepth[i]!)) continue;
      visible++;
      mask[i] = 255;
      if (x < bbox[0]) bbox[0] = x;
      if (x > bbox[2]) bbox[2] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (y > bbox[3]) bbox[3] = y;
      const cp = prims[k]!;
      const r = i * 3;
      const rx = rays[r]!,
        ry = rays[r + 1]!,
        rz = rays[r + 2]!;
      const px = rx * t,
        py = ry * t,
        pz = rz * t;
      let nx: number, ny: number, nz: number;
      let along = 0,
        lx = 0,
        ly = 0,
        lz = 0;
      if (cp.src.kind === 0) {
        const M = cp.M;
        lx = cp.o[0] + t * (M[0] * rx + M[1] * ry + M[2] * rz);
        ly = cp.o[1] + t * (M[3] * rx + M[4] * ry + M[5] * rz);
        lz = cp.o[2] + t * (M[6] * rx + M[7] * ry + M[8] * rz);
        nx = M[0] * lx + M[3] * ly + M[6] * lz;
        ny = M[1] * lx + M[4] * ly + M[7] * lz;
        nz = M[2] * lx + M[5] * ly + M[8] * lz;
        along = ly;
      } else {
        const { pa, ba, m0, m1, d2, ra, rr, S } = cp;
        // Work in the cone's round space (identity unless squashed).
        let sx = px,
          sy = py,
          sz = pz,
          dx = rx,
          dy = ry,
          dz = rz,
          ts = t;
        if (S) {
          sx = S[0] * px + S[1] * py + S[2] * pz;
          sy = S[3] * px + S[4] * py + S[5] * pz;
          sz = S[6] * px + S[7] * py + S[8] * pz;
          dx = S[0] * rx + S[1] * ry + S[2] * rz;
          dy = S[3] * rx + S[4] * ry + S[5] * rz;
          dz = S[6] * rx + S[7] * ry + S[8] * rz;
          const l = Math.sqrt(dx * dx + dy * dy + dz * dz);
          dx /= l;
          dy /= l;
          dz /= l;
          ts = t * l;
        }
        const qx = sx - pa[0],
          qy = sy - pa[1],
          qz = sz - pa[2];
        const m2 = ba[0] * dx + ba[1] * dy + ba[2] * dz;
        const yy = m1 - ra * rr + ts * m2;
        const proj = (qx * ba[0] + qy * ba[1] + qz * ba[2]) / m0;
        along = proj < 0 ? 0 : proj > 1 ? 1 : proj;
        if (yy > 0 && yy < d2) {
          nx = d2 * qx - ba[0] * yy;
          ny = d2 * qy - ba[1] * yy;
          nz = d2 * qz - ba[2] * yy;
        } else if (yy <= 0) {
          nx = qx;
          ny = qy;
          nz = qz;
        } else {
          nx = qx - ba[0];
          ny = qy - ba[1];
          nz = qz - ba[2];
        }
        if (S) {
          // Normals transform by Sᵀ.
          const ax = S[0] * nx + S[3] * ny + S[6] * nz,
            ay = S[1] * nx + S[4] * ny + S[7] * nz,
            az = S[2] * nx + S[5] * ny + S[8] * nz;
          nx = ax;
          ny = ay;
          nz = az;
        }
      }
      const nl = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
      nx *= nl;
      ny *= nl;
      nz *= nl;
      paintAlbedo(cp.src.paint, along, lx, ly, lz, alb);
      const lit = diffuse(nx, ny, nz, light[0] - px, light[1] - py, light[2] - pz);
      // Slightly darker at grazing angles: reads as soft occlusion at the body's edges.
      const facing = -(nx * rx + ny * ry + nz * rz);
      const a = ambient * hemi(nx * up[0] + ny * up[1] + nz * up[2]) * (0.72 + 0.28 * facing);
      const o = i * 4;
      frame[o] = tone.byte(alb[0] * (a + lit * lightColor[0]));
      frame[o + 1] = tone.byte(alb[1] * (a + lit * lightColor[1]));
      frame[o + 2] = tone.byte(alb[2] * (a + lit * lightColor[2]));
    }
  }
  return { bodyOnly, visible, bbox };
}
