/**
 * Per-frame body rasterization by ray casting the body's primitives over each primitive's
 * screen rectangle, keeping the nearest hit per pixel in a depth / primitive-id buffer.
 * Shading is deferred to `body-composite.ts`, which only shades pixels where the body wins
 * the depth test against the room.
 */
import type { Prim } from "./body";
import type { Camera } from "./camera";
import { type CamPrim, prepareCamPrim } from "./cam-prim";
import type { Vec3 } from "./math";

/** Primitive id of a pixel no primitive covers (ids are indices into `BodyRaster.prims`). */
export const NONE = 255;

/** The body's depth and primitive-id buffers, allocated once per job and cleared per frame. */
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
