/**
 * Per-frame body rendering by ray casting the body's primitives (analytic ray–ellipsoid and
 * ray–round-cone intersections) over each primitive's screen rectangle, keeping the nearest
 * hit per pixel. Shading is deferred: only pixels where the body wins the depth test against
 * the room are shaded, and those pixels form the instance mask.
 */
import type { RGB } from "./appearance";
import type { Paint, Prim } from "./body";
import type { Camera } from "./camera";
import type { Mat3, Vec3 } from "./math";
import { ToneMap, diffuse, hemi } from "./shading";

const NONE = 255;

/** A primitive in camera space with the constants its intersection needs. */
export interface CamPrim {
  src: Prim;
  /** Screen rectangle [x0, y0, x1, y1] (inclusive, clipped), empty when x0 > x1. */
  rect: [number, number, number, number];
  /** Ellipsoid: inverse axes M (camera → unit sphere) and o' = -M c. */
  M: Mat3;
  o: Vec3;
  // Round cone constants.
  pa: Vec3;
  ba: Vec3;
  ra: number;
  rb: number;
  rr: number;
  m0: number;
  m1: number;
  m5: number;
  m7: number;
  d2: number;
  ob: Vec3;
  /** Squashed cone: camera → scaled space (where the cone is round), else null. */
  S: Mat3 | null;
}

function inverse(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const k = 1 / det;
  return [A * k, -(b * i - c * h) * k, (b * f - c * e) * k, B * k, (a * i - c * g) * k, -(a * f - c * d) * k, C * k, -(a * h - b * g) * k, (a * e - b * d) * k];
}

/** Intersection constants of a camera-space primitive. */
export function prepareCamPrim(q: Prim, rect: [number, number, number, number] = [1, 1, 0, 0]): CamPrim {
  const z: Vec3 = [0, 0, 0];
  const base: CamPrim = { src: q, rect, M: [1, 0, 0, 0, 1, 0, 0, 0, 1], o: z, pa: z, ba: z, ra: 0, rb: 0, rr: 0, m0: 0, m1: 0, m5: 0, m7: 0, d2: 0, ob: z, S: null };
  if (q.kind === 0) {
    const M = inverse(q.axes);
    const c = q.c;
    base.M = M;
    base.o = [-(M[0] * c[0] + M[1] * c[1] + M[2] * c[2]), -(M[3] * c[0] + M[4] * c[1] + M[5] * c[2]), -(M[6] * c[0] + M[7] * c[1] + M[8] * c[2])];
  } else {
    let pa = q.a,
      pb = q.b;
    if (q.squash) {
      const F = q.squash.F,
        k = q.squash.k;
      const S: Mat3 = [F[0], F[3], F[6], F[1], F[4], F[7], k * F[2], k * F[5], k * F[8]];
      const m = (v: Vec3): Vec3 => [S[0] * v[0] + S[1] * v[1] + S[2] * v[2], S[3] * v[0] + S[4] * v[1] + S[5] * v[2], S[6] * v[0] + S[7] * v[1] + S[8] * v[2]];
      pa = m(pa);
      pb = m(pb);
      base.S = S;
    }
    const ba: Vec3 = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
    const oa: Vec3 = [-pa[0], -pa[1], -pa[2]];
    const ob: Vec3 = [-pb[0], -pb[1], -pb[2]];
    base.pa = pa;
    base.ba = ba;
    base.ob = ob;
    base.ra = q.ra;
    base.rb = q.rb;
    base.rr = q.ra - q.rb;
    base.m0 = ba[0] * ba[0] + ba[1] * ba[1] + ba[2] * ba[2];
    base.m1 = ba[0] * oa[0] + ba[1] * oa[1] + ba[2] * oa[2];
    base.m5 = oa[0] * oa[0] + oa[1] * oa[1] + oa[2] * oa[2];
    base.m7 = ob[0] * ob[0] + ob[1] * ob[1] + ob[2] * ob[2];
    base.d2 = base.m0 - base.rr * base.rr;
  }
  return base;
}


export class BodyRaster {
  readonly W: number;
  readonly H: number;
  readonly depth: Float32Array;
  readonly prim: Uint8Array;
  prims: CamPrim[] = [];
  /** Union of the primitives' rectangles this frame. */
  rect: [number, number, number, number] = [0, 0, -1, -1];

  constructor(
    private readonly cam: Camera,
    private readonly rays: Float32Array,
  ) {
    this.W = cam.width;
    this.H = cam.height;
    this.depth = new Float32Array(this.W * this.H).fill(Infinity);
    this.prim = new Uint8Array(this.W * this.H).fill(NONE);
  }

  /** Screen rectangle of camera-space bounds; null when wholly behind the camera. */
  private screenRect(lo: Vec3, hi: Vec3): [number, number, number, number] | null {
    const { f, cx, cy } = this.cam;
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    let behind = 0;
    for (let k = 0; k < 8; k++) {
      const x = k & 1 ? hi[0] : lo[0],
        y = k & 2 ? hi[1] : lo[1],
        z = k & 4 ? hi[2] : lo[2];
      if (z < 0.02) {
        behind++;
        continue;
      }
      const u = (f * x) / z + cx,
        v = (f * y) / z + cy;
      x0 = Math.min(x0, u);
      x1 = Math.max(x1, u);
      y0 = Math.min(y0, v);
      y1 = Math.max(y1, v);
    }
    if (behind === 8) return null;
    if (behind > 0) return [0, 0, this.W - 1, this.H - 1];
    return [Math.max(0, Math.floor(x0)), Math.max(0, Math.floor(y0)), Math.min(this.W - 1, Math.ceil(x1)), Math.min(this.H - 1, Math.ceil(y1))];
  }

  /** Rasterizes camera-space primitives into the depth / primitive-id buffers. */
  draw(prims: Prim[], boundsOf: (p: Prim) => [Vec3, Vec3]): void {
    this.prims = [];
    const u: [number, number, number, number] = [this.W, this.H, -1, -1];
    for (let k = 0; k < prims.length; k++) {
      const q = prims[k]!;
      const [lo, hi] = boundsOf(q);
      const rect = this.screenRect(lo, hi);
      if (!rect || rect[0] > rect[2] || rect[1] > rect[3]) {
        this.prims.push(prepareCamPrim(q, [1, 1, 0, 0]));
        continue;
      }
      const cp = prepareCamPrim(q, rect);
      this.prims.push(cp);
      u[0] = Math.min(u[0], rect[0]);
      u[1] = Math.min(u[1], rect[1]);
      u[2] = Math.max(u[2], rect[2]);
      u[3] = Math.max(u[3], rect[3]);
      if (q.kind === 0) this.drawEllipsoid(cp, k);
      else this.drawCone(cp, k);
    }
    this.rect = u;
  }

  private drawEllipsoid(cp: CamPrim, id: number): void {
    const { rays, depth, prim, W } = this;
    const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = cp.M;
    const [o0, o1, o2] = cp.o;
    const cc = o0 * o0 + o1 * o1 + o2 * o2 - 1;
    if (cc <= 0) return; // camera inside: never happens for a body metres away
    const [x0, y0, x1, y1] = cp.rect;
    for (let y = y0; y <= y1; y++) {
      let i = y * W + x0;
      for (let x = x0; x <= x1; x++, i++) {
        const r = i * 3;
        const rx = rays[r]!,
          ry = rays[r + 1]!,
          rz = rays[r + 2]!;
        const d0 = m0 * rx + m1 * ry + m2 * rz;
        const d1 = m3 * rx + m4 * ry + m5 * rz;
        const d2 = m6 * rx + m7 * ry + m8 * rz;
        const a = d0 * d0 + d1 * d1 + d2 * d2;
        const b = o0 * d0 + o1 * d1 + o2 * d2;
        const disc = b * b - a * cc;
        if (disc < 0) continue;
        const t = (-b - Math.sqrt(disc)) / a;
        if (t > 0 && t < depth[i]!) {
          depth[i] = t;
          prim[i] = id;
        }
      }
    }
  }

  /** Round cone (two spheres and the cone tangent to both), after Inigo Quilez. */
  private drawCone(cp: CamPrim, id: number): void {
    const { rays, depth, prim, W } = this;
    const { ba, pa, ob, ra, rb, rr, m0, m1, m5, m7, d2 } = cp;
    const oa0 = -pa[0],
      oa1 = -pa[1],
      oa2 = -pa[2];
    const [b0, b1, b2] = ba;
    const [ob0, ob1, ob2] = ob;
    const kc = d2 * m5 - m1 * m1 + m1 * rr * ra * 2 - m0 * ra * ra;
    const rra = rr * ra;
    const ra2 = ra * ra,
      rb2 = rb * rb;
    const [x0, y0, x1, y1] = cp.rect;
    const S = cp.S;
    for (let y = y0; y <= y1; y++) {
      let i = y * W + x0;
      for (let x = x0; x <= x1; x++, i++) {
        const r = i * 3;
        let rx = rays[r]!,
          ry = rays[r + 1]!,
          rz = rays[r + 2]!;
        // In scaled space the ray is renormalized; distances scale back by 1 / |S·d|.
        let inv = 1;
        if (S) {
          const sx = S[0] * rx + S[1] * ry + S[2] * rz,
            sy = S[3] * rx + S[4] * ry + S[5] * rz,
            sz = S[6] * rx + S[7] * ry + S[8] * rz;
          inv = 1 / Math.sqrt(sx * sx + sy * sy + sz * sz);
          rx = sx * inv;
          ry = sy * inv;
          rz = sz * inv;
        }
        const m2 = b0 * rx + b1 * ry + b2 * rz;
        const m3 = rx * oa0 + ry * oa1 + rz * oa2;
        const k2 = d2 - m2 * m2;
        const k1 = d2 * m3 - m1 * m2 + m2 * rra;
        const h = k1 * k1 - kc * k2;
        if (h < 0) continue;
        let t = (-Math.sqrt(h) - k1) / k2;
        const yy = m1 - rra + t * m2;
        if (!(yy > 0 && yy < d2)) {
          const m6 = ob0 * rx + ob1 * ry + ob2 * rz;
          const h1 = m3 * m3 - m5 + ra2;
          const h2 = m6 * m6 - m7 + rb2;
          t = Infinity;
          if (h1 > 0) t = -m3 - Math.sqrt(h1);
          if (h2 > 0) {
            const t2 = -m6 - Math.sqrt(h2);
            if (t2 < t) t = t2;
          }
          if (t === Infinity) continue;
        }
        t *= inv;
        if (t > 0 && t < depth[i]!) {
          depth[i] = t;
          prim[i] = id;
        }
      }
    }
  }

  /** Resets the buffers inside this frame's rectangle. */
  clear(): void {
    const [x0, y0, x1, y1] = this.rect;
    for (let y = y0; y <= y1; y++) {
      const i = y * this.W;
      this.depth.fill(Infinity, i + x0, i + x1 + 1);
      this.prim.fill(NONE, i + x0, i + x1 + 1);
    }
  }

  static readonly NONE = NONE;
}

/** Nearest hit distance of one unit ray (camera space) with a prepared primitive, or Infinity. */
export function rayHit(cp: CamPrim, rx: number, ry: number, rz: number): number {

  if (cp.src.kind === 0) {
    const M = cp.M;
    const d0 = M[0] * rx + M[1] * ry + M[2] * rz;
    const d1 = M[3] * rx + M[4] * ry + M[5] * rz;
    const d2 = M[6] * rx + M[7] * ry + M[8] * rz;
    const [o0, o1, o2] = cp.o;
    const a = d0 * d0 + d1 * d1 + d2 * d2;
    const b = o0 * d0 + o1 * d1 + o2 * d2;
    const c = o0 * o0 + o1 * o1 + o2 * o2 - 1;
    const disc = b * b - a * c;
    if (disc < 0) return Infinity;
    const t = (-b - Math.sqrt(disc)) / a;
    return t > 0 ? t : Infinity;
  }
  const { ba, pa, ob, ra, rb, rr, m0, m1, m5, m7, d2, S } = cp;
  let inv = 1;
  if (S) {
    const sx = S[0] * rx + S[1] * ry + S[2] * rz,
      sy = S[3] * rx + S[4] * ry + S[5] * rz,
      sz = S[6] * rx + S[7] * ry + S[8] * rz;
    inv = 1 / Math.sqrt(sx * sx + sy * sy + sz * sz);
    rx = sx * inv;
    ry = sy * inv;
    rz = sz * inv;
  }
  const m2 = ba[0] * rx + ba[1] * ry + ba[2] * rz;
  const m3 = -(rx * pa[0] + ry * pa[1] + rz * pa[2]);
  const k2 = d2 - m2 * m2;
  const k1 = d2 * m3 - m1 * m2 + m2 * rr * ra;
  const k0 = d2 * m5 - m1 * m1 + m1 * rr * ra * 2 - m0 * ra * ra;
  const h = k1 * k1 - k0 * k2;
  if (h < 0) return Infinity;
  let t = (-Math.sqrt(h) - k1) / k2;
  const y = m1 - ra * rr + t * m2;
  if (!(y > 0 && y < d2)) {
    const m6 = ob[0] * rx + ob[1] * ry + ob[2] * rz;
    const h1 = m3 * m3 - m5 + ra * ra;
    const h2 = m6 * m6 - m7 + rb * rb;
    t = Infinity;
    if (h1 > 0) t = -m3 - Math.sqrt(h1);
    if (h2 > 0) t = Math.min(t, -m6 - Math.sqrt(h2));
  }
  t *= inv;
  return t > 0 ? t : Infinity;
}

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
