/**
 * A body primitive moved into camera space with the constants its ray intersection needs
 * (analytic ray–ellipsoid and ray–round-cone). Kept apart from the rasterizer because the
 * labeller and the occlusion check cast single rays against the same prepared primitives.
 */
import type { Prim } from "./body";
import type { Mat3, Vec3 } from "./math";

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
