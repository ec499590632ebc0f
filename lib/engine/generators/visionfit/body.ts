/**
 * The avatar's volume: ellipsoids (head, torso, hands, feet) and round cones (capsules with
 * different end radii: neck, limbs), built from a skeleton. Each primitive knows which body
 * part it is (for keypoint visibility) and how it is painted (skin, clothing bands, shoes).
 */
import type { Look, RGB } from "./appearance";
import { type Mat3, type Vec3, add, col, lerp3, mmul, mvec, scale } from "./math";
import { type BodyShape, J, type Skeleton } from "./skeleton";

export const PART = {
  HEAD: 0,
  HAIR: 1,
  NECK: 2,
  CHEST: 3,
  ABDOMEN: 4,
  PELVIS: 5,
  L_TRAP: 6,
  R_TRAP: 7,
  L_UPPER_ARM: 8,
  L_FOREARM: 9,
  L_HAND: 10,
  R_UPPER_ARM: 11,
  R_FOREARM: 12,
  R_HAND: 13,
  L_THIGH: 14,
  L_SHIN: 15,
  L_FOOT: 16,
  R_THIGH: 17,
  R_SHIN: 18,
  R_FOOT: 19,
  BUST: 20,
} as const;

/**
 * How a primitive is coloured at a hit point. `bands`: along a cone's axis (t from 0 at `a`
 * to 1 at `b`) or along an ellipsoid's local y (-1..1), colour i applies below stops[i].
 */
export type Paint =
  | { type: "bands"; stops: number[]; colors: RGB[] }
  | { type: "head"; skin: RGB; hair: RGB; lip: RGB; hairline: number; hairSlope: number }
  | { type: "shoe"; upper: RGB; sole: RGB };

export interface Ellipsoid {
  kind: 0;
  part: number;
  c: Vec3;
  /** Columns are the semi-axis vectors (local x, y, z scaled by the radii). */
  axes: Mat3;
  paint: Paint;
}

export interface Cone {
  kind: 1;
  part: number;
  a: Vec3;
  b: Vec3;
  ra: number;
  rb: number;
  paint: Paint;
  /**
   * Elliptical cross-section: radii along the frame's z axis are divided by k (a torso is
   * wider than deep). The cone is round in the space scaled by diag(1, 1, k)·Fᵀ.
   */
  squash?: { F: Mat3; k: number };
}

export type Prim = Ellipsoid | Cone;

const solid = (c: RGB): Paint => ({ type: "bands", stops: [], colors: [c] });
const diagAxes = (frame: Mat3, s: Vec3): Mat3 => mmul(frame, [s[0], 0, 0, 0, s[1], 0, 0, 0, s[2]]);
const ell = (part: number, c: Vec3, frame: Mat3, semi: Vec3, paint: Paint): Ellipsoid => ({ kind: 0, part, c, axes: diagAxes(frame, semi), paint });
const cone = (part: number, a: Vec3, b: Vec3, ra: number, rb: number, paint: Paint, squash?: { F: Mat3; k: number }): Cone => (squash ? { kind: 1, part, a, b, ra, rb, paint, squash } : { kind: 1, part, a, b, ra, rb, paint });

/** Colour bands for a limb segment covered by clothing up to `cover` (fraction from the top). */
function covered(cover: number, cloth: RGB, skin: RGB): Paint {
  if (cover <= 0.001) return solid(skin);
  if (cover >= 0.999) return solid(cloth);
  return { type: "bands", stops: [cover], colors: [cloth, skin] };
}

function shinPaint(look: Look): Paint {
  const o = look.outfit;
  const cover = Math.max(0, Math.min(1, o.legs - 1));
  const stops: number[] = [];
  const colors: RGB[] = [];
  // Socks show on the lowest fifth of the shin unless trousers cover it.
  const sockFrom = look.socks ? 0.8 : 1.01;
  if (cover > 0) {
    stops.push(cover);
    colors.push(o.bottom);
  }
  if (cover < sockFrom) {
    stops.push(sockFrom);
    colors.push(look.skin);
  }
  colors.push(look.socks && cover < 1 ? o.sock : cover >= 1 ? o.bottom : look.skin);
  return stops.length ? { type: "bands", stops, colors } : solid(colors[0] as RGB);
}

function headPaint(look: Look): Paint {
  const s = look.skin,
    h = look.hair;
  const base = { type: "head" as const, skin: s, hair: h, lip: [s[0] * 0.78, s[1] * 0.5, s[2] * 0.5] as RGB };
  switch (look.hairStyle) {
    case "bald":
      // A fringe low at the back of the head only.
      return { ...base, hairline: -0.35, hairSlope: 0.9 };
    case "buzz":
      return { ...base, hair: [(h[0] + s[0]) / 2, (h[1] + s[1]) / 2, (h[2] + s[2]) / 2] as RGB, hairline: -0.1, hairSlope: 0.45 };
    case "long":
      return { ...base, hairline: -0.3, hairSlope: 0.65 };
    default:
      return { ...base, hairline: -0.08, hairSlope: 0.5 };
  }
}

/** Builds every primitive of the body in the skeleton's frame. */
export function buildBody(shape: BodyShape, look: Look, sk: Skeleton): Prim[] {
  const p = sk.p;
  const o = look.outfit;
  const skin = look.skin;
  const s = shape.height / 1.76;
  const prims: Prim[] = [];
  const at = (j: number) => p[j] as Vec3;

  // Trunk: two elliptic round cones, chest → waist → hips, sharing the waist section so the
  // surface runs on smoothly; a belly ellipsoid shows only on heavier builds.
  const chestTop = add(at(J.CHEST), mvec(sk.chest, [0, 0.06 * s, -0.006 * s]));
  const waist = add(at(J.SPINE), mvec(sk.abdomen, [0, 0.0, 0.002 * s]));
  const hips = add(at(J.PELVIS), mvec(sk.pelvis, [0, -0.045 * s, -0.006 * s]));
  const rc = shape.chest[0],
    rw = shape.abdomen[0],
    rp = shape.pelvis[0];
  const chestPaint: Paint = o.crop ? { type: "bands", stops: [0.55], colors: [o.top, skin] } : solid(o.top);
  prims.push(cone(PART.CHEST, chestTop, waist, rc, rw, chestPaint, { F: sk.chest, k: rc / shape.chest[2] }));
  const waistPaint: Paint = o.crop ? { type: "bands", stops: [0.45], colors: [skin, o.bottom] } : { type: "bands", stops: [0.45], colors: [o.top, o.bottom] };
  prims.push(cone(PART.PELVIS, waist, hips, rw, rp, waistPaint, { F: sk.pelvis, k: rp / shape.pelvis[2] }));
  if (shape.abdomen[2] > rw / 1.35) {
    const c = add(at(J.SPINE), mvec(sk.abdomen, [0, -0.02 * s, shape.abdomen[2] - rw / 1.35]));
    prims.push(ell(PART.ABDOMEN, c, sk.abdomen, [rw * 0.9, shape.abdomen[1] * 0.8, rw / 1.35], solid(o.crop ? skin : o.top)));
  }
  if (shape.bust > 0) {
    for (const side of [1, -1]) {
      const c = add(at(J.CHEST), mvec(sk.chest, [side * 0.068 * s, 0.035 * s, shape.chest[2] * 0.72]));
      prims.push(ell(PART.BUST, c, sk.chest, [shape.bust, shape.bust * 0.9, shape.bust * 0.75], solid(o.top)));
    }
  }
  const trapTop = add(at(J.NECK), mvec(sk.chest, [0, -0.02 * s, -0.015 * s]));
  // Shoulder line: covered by the top (a tank top's straps included).
  const trapPaint = solid(o.top);
  prims.push(cone(PART.L_TRAP, trapTop, at(J.L_SHOULDER), shape.neckR * 1.05, shape.upperArmR[0] * 0.95, trapPaint));
  prims.push(cone(PART.R_TRAP, trapTop, at(J.R_SHOULDER), shape.neckR * 1.05, shape.upperArmR[0] * 0.95, trapPaint));

  const headC = at(J.HEAD);
  const neckTop = add(headC, mvec(sk.head, [0, -shape.head[1] * 0.55, -shape.head[2] * 0.25]));
  prims.push(cone(PART.NECK, add(at(J.NECK), mvec(sk.chest, [0, -0.03 * s, -0.01 * s])), neckTop, shape.neckR, shape.neckR * 0.9, solid(skin)));
  prims.push(ell(PART.HEAD, headC, sk.head, shape.head, headPaint(look)));
  const hs = shape.head;
  if (look.hairStyle === "long") {
    const c = add(headC, mvec(sk.head, [0, -0.45 * hs[1], -0.5 * hs[2]]));
    prims.push(ell(PART.HAIR, c, sk.head, [hs[0] * 1.12, hs[1] * 1.25, hs[2] * 0.62], solid(look.hair)));
  } else if (look.hairStyle === "bun") {
    const c = add(headC, mvec(sk.head, [0, 0.55 * hs[1], -0.85 * hs[2]]));
    prims.push(ell(PART.HAIR, c, sk.head, [hs[0] * 0.55, hs[0] * 0.5, hs[0] * 0.5], solid(look.hair)));
  } else if (look.hairStyle === "ponytail") {
    const a = add(headC, mvec(sk.head, [0, 0.3 * hs[1], -0.95 * hs[2]]));
    const b = add(headC, mvec(sk.head, [0, -1.5 * hs[1], -1.35 * hs[2]]));
    prims.push(cone(PART.HAIR, a, b, hs[0] * 0.35, hs[0] * 0.18, solid(look.hair)));
  }

  const upperPaint = covered(Math.min(1, o.sleeve), o.top, skin);
  const forePaint = covered(Math.max(0, o.sleeve - 1), o.top, skin);
  const thighPaint = covered(Math.min(1, o.legs), o.bottom, skin);
  const shin = shinPaint(look);
  const bare = look.hideShoes;
  const footPaint: Paint = bare ? solid(look.socks ? o.sock : skin) : { type: "shoe", upper: o.shoe, sole: o.sole };
  const footSemi: Vec3 = bare ? [shape.foot[0] * 0.82, shape.foot[1] * 0.72, shape.foot[2] * 0.92] : shape.foot;

  const sides = [
    { sh: J.L_SHOULDER, el: J.L_ELBOW, wr: J.L_WRIST, hip: J.L_HIP, kn: J.L_KNEE, an: J.L_ANKLE, toe: J.L_TOE, heel: J.L_HEEL, hand: sk.lHand, foot: sk.lFoot, parts: [PART.L_UPPER_ARM, PART.L_FOREARM, PART.L_HAND, PART.L_THIGH, PART.L_SHIN, PART.L_FOOT] },
    { sh: J.R_SHOULDER, el: J.R_ELBOW, wr: J.R_WRIST, hip: J.R_HIP, kn: J.R_KNEE, an: J.R_ANKLE, toe: J.R_TOE, heel: J.R_HEEL, hand: sk.rHand, foot: sk.rFoot, parts: [PART.R_UPPER_ARM, PART.R_FOREARM, PART.R_HAND, PART.R_THIGH, PART.R_SHIN, PART.R_FOOT] },
  ];
  for (const d of sides) {
    const [pu, pf, ph, pt, ps, pft] = d.parts as [number, number, number, number, number, number];
    prims.push(cone(pu, at(d.sh), at(d.el), shape.upperArmR[0], shape.upperArmR[1], upperPaint));
    prims.push(cone(pf, at(d.el), at(d.wr), shape.forearmR[0], shape.forearmR[1], forePaint));
    // The hand's thin axis is local x: with the arm hanging, the palm faces the thigh.
    const handC = add(at(d.wr), scale(col(d.hand, 1), -shape.hand * 0.62));
    prims.push(ell(ph, handC, d.hand, [shape.handSize[2], shape.handSize[1], shape.handSize[0]], solid(skin)));
    prims.push(cone(pt, at(d.hip), at(d.kn), shape.thighR[0], shape.thighR[1], thighPaint));
    prims.push(cone(ps, at(d.kn), at(d.an), shape.shinR[0], shape.shinR[1], shin));
    const mid = lerp3(at(d.toe), at(d.heel), 0.5);
    const footC = add(mid, scale(col(d.foot, 1), footSemi[1] * 0.55));
    prims.push(ell(pft, footC, d.foot, footSemi, footPaint));
  }
  return prims;
}

/** Lowest y of a primitive (exact for both kinds). */
/** Half-extent along world axis `row` of a sphere of radius 1 squashed by (F, k). */
function squashExtent(F: Mat3, k: number, row: number): number {
  const a = F[row * 3]!,
    b = F[row * 3 + 1]!,
    c = F[row * 3 + 2]! / k;
  return Math.sqrt(a * a + b * b + c * c);
}

export function primMinY(q: Prim): number {
  if (q.kind === 1) {
    const e = q.squash ? squashExtent(q.squash.F, q.squash.k, 1) : 1;
    return Math.min(q.a[1] - q.ra * e, q.b[1] - q.rb * e);
  }
  const m = q.axes;
  return q.c[1] - Math.sqrt(m[3] * m[3] + m[4] * m[4] + m[5] * m[5]);
}

/** Axis-aligned bounds [min, max] of a primitive. */
export function primBounds(q: Prim): [Vec3, Vec3] {
  if (q.kind === 1) {
    const lo: Vec3 = [0, 0, 0],
      hi: Vec3 = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const e = q.squash ? squashExtent(q.squash.F, q.squash.k, k) : 1;
      lo[k] = Math.min(q.a[k]! - q.ra * e, q.b[k]! - q.rb * e);
      hi[k] = Math.max(q.a[k]! + q.ra * e, q.b[k]! + q.rb * e);
    }
    return [lo, hi];
  }
  const m = q.axes;
  const e: Vec3 = [Math.hypot(m[0], m[1], m[2]), Math.hypot(m[3], m[4], m[5]), Math.hypot(m[6], m[7], m[8])];
  return [
    [q.c[0] - e[0], q.c[1] - e[1], q.c[2] - e[2]],
    [q.c[0] + e[0], q.c[1] + e[1], q.c[2] + e[2]],
  ];
}

/** The same primitive under a rigid transform x -> R x + t. */
export function transformPrim(q: Prim, R: Mat3, t: Vec3): Prim {
  const tp = (v: Vec3) => add(mvec(R, v), t);
  if (q.kind === 1) return q.squash ? { ...q, a: tp(q.a), b: tp(q.b), squash: { F: mmul(R, q.squash.F), k: q.squash.k } } : { ...q, a: tp(q.a), b: tp(q.b) };
  return { ...q, c: tp(q.c), axes: mmul(R, q.axes) };
}

export const FOOT_PARTS = new Set<number>([PART.L_FOOT, PART.R_FOOT]);
export const HAND_PARTS = new Set<number>([PART.L_HAND, PART.R_HAND]);
