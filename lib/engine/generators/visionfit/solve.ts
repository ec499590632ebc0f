/**
 * Puts a posed skeleton in contact with the floor: optional plank pitch solve (hands and toes
 * both down), ground contact, planted feet via two-bone IK, jump lift, and no limb through
 * the floor. Everything happens in the avatar-local frame (floor y = 0).
 */
import type { Look } from "./appearance";
import { FOOT_PARTS, HAND_PARTS, PART, type Prim, buildBody, primMinY } from "./body";
import { type Vec3, add, clamp, dot, len, norm, scale, sub } from "./math";
import type { Pose, Support } from "./motion/types";
import { type BodyShape, J, type Skeleton, forwardKinematics } from "./skeleton";

/** Tiny gap so a resting body never z-fights with the floor. */
const FLOOR_GAP = 0.002;

function minY(prims: Prim[], parts?: Set<number>): number {
  let m = Infinity;
  for (const q of prims) if (!parts || parts.has(q.part)) m = Math.min(m, primMinY(q));
  return m;
}

function shiftSkeleton(sk: Skeleton, d: Vec3): void {
  for (let i = 0; i < sk.p.length; i++) sk.p[i] = add(sk.p[i] as Vec3, d);
}

/**
 * Two-bone IK: moves the chain's end by `delta`, keeping bone lengths and bending the middle
 * joint in the plane it already bends in. Returns the end's actual displacement.
 */
function twoBone(sk: Skeleton, root: number, mid: number, end: number, delta: Vec3, la: number, lb: number): Vec3 {
  const R = sk.p[root] as Vec3,
    M = sk.p[mid] as Vec3,
    E = sk.p[end] as Vec3;
  const target = add(E, delta);
  let toT = sub(target, R);
  let d = len(toT);
  const dMin = Math.abs(la - lb) + 1e-4,
    dMax = la + lb - 1e-4;
  const u = d > 1e-9 ? scale(toT, 1 / d) : norm(sub(E, R));
  d = clamp(d, dMin, dMax);
  toT = scale(u, d);
  const rm = sub(M, R);
  let w = sub(rm, scale(u, dot(rm, u)));
  if (len(w) < 1e-6) w = [0, 0, 1];
  w = norm(w);
  const x = (la * la - lb * lb + d * d) / (2 * d);
  const y = Math.sqrt(Math.max(0, la * la - x * x));
  sk.p[mid] = add(R, add(scale(u, x), scale(w, y)));
  const newEnd = add(R, toT);
  sk.p[end] = newEnd;
  return sub(newEnd, E);
}

function moveFoot(sk: Skeleton, shape: BodyShape, left: boolean, dy: number): void {
  if (Math.abs(dy) < 1e-7) return;
  const [hip, knee, ankle, toe, heel] = left ? [J.L_HIP, J.L_KNEE, J.L_ANKLE, J.L_TOE, J.L_HEEL] : [J.R_HIP, J.R_KNEE, J.R_ANKLE, J.R_TOE, J.R_HEEL];
  const moved = twoBone(sk, hip, knee, ankle, [0, dy, 0], shape.thigh, shape.shin);
  sk.p[toe] = add(sk.p[toe] as Vec3, moved);
  sk.p[heel] = add(sk.p[heel] as Vec3, moved);
}

function moveHand(sk: Skeleton, shape: BodyShape, left: boolean, dy: number): void {
  if (Math.abs(dy) < 1e-7) return;
  const [sh, el, wr, hand] = left ? [J.L_SHOULDER, J.L_ELBOW, J.L_WRIST, J.L_HAND] : [J.R_SHOULDER, J.R_ELBOW, J.R_WRIST, J.R_HAND];
  const moved = twoBone(sk, sh, el, wr, [0, dy, 0], shape.upperArm, shape.forearm);
  sk.p[hand] = add(sk.p[hand] as Vec3, moved);
}

const L_FOOT = new Set<number>([PART.L_FOOT]);
const R_FOOT = new Set<number>([PART.R_FOOT]);
const L_HAND = new Set<number>([PART.L_HAND]);
const R_HAND = new Set<number>([PART.R_HAND]);

/** Pitch (degrees) at which hands and feet reach the floor together, by bisection. */
function plankPitch(shape: BodyShape, look: Look, pose: Pose): number {
  const gap = (pitch: number) => {
    const prims = buildBody(shape, look, forwardKinematics(shape, { ...pose, pitch }));
    return minY(prims, HAND_PARTS) - minY(prims, FOOT_PARTS);
  };
  let lo = 0,
    hi = 115;
  if (gap(lo) <= 0) return lo;
  if (gap(hi) >= 0) return hi;
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (gap(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Skeleton (avatar-local, on the floor) and its primitives for a pose. */
export function solvePose(shape: BodyShape, look: Look, pose: Pose, support: Support): { sk: Skeleton; prims: Prim[] } {
  let posed = pose;
  if (pose.plank > 0.001) posed = { ...pose, pitch: pose.pitch + (plankPitch(shape, look, pose) - pose.pitch) * clamp(pose.plank, 0, 1) };
  const sk = forwardKinematics(shape, posed);
  let prims = buildBody(shape, look, sk);
  const ground = support === "feet" && pose.plank < 0.5 ? minY(prims, FOOT_PARTS) : minY(prims);
  shiftSkeleton(sk, [0, FLOOR_GAP - ground, 0]);
  prims = buildBody(shape, look, sk);
  let changed = false;
  for (const left of [true, false]) {
    const plant = clamp(left ? pose.lPlant : pose.rPlant, 0, 1);
    const m = minY(prims, left ? L_FOOT : R_FOOT) - FLOOR_GAP;
    const dy = m < 0 ? -m : -m * plant;
    if (Math.abs(dy) > 1e-5) {
      moveFoot(sk, shape, left, dy);
      changed = true;
    }
  }
  if (pose.lift !== 0) {
    shiftSkeleton(sk, [0, pose.lift, 0]);
    changed = true;
  }
  if (changed) prims = buildBody(shape, look, sk);
  changed = false;
  for (const left of [true, false]) {
    const m = minY(prims, left ? L_HAND : R_HAND) - FLOOR_GAP;
    if (m < 0) {
      moveHand(sk, shape, left, -m);
      changed = true;
    }
  }
  if (changed) prims = buildBody(shape, look, sk);
  return { sk, prims };
}


