/**
 * The avatar's skeleton: body dimensions and forward kinematics from joint angles.
 *
 * Avatar-local frame: +y up, +z the direction the avatar faces, +x the avatar's LEFT (so the
 * frame is right-handed). FK places the pelvis at its standing height above the origin; the
 * contact solver (solve.ts) then moves the body so it rests on the floor (y = 0).
 */
import { DEG, IDENTITY, type Mat3, type Vec3, add, clamp, mmul, mvec, rotX, rotY, rotZ } from "./math";
import type { Pose } from "./motion/types";

export const J = {
  PELVIS: 0,
  SPINE: 1,
  CHEST: 2,
  NECK: 3,
  HEAD: 4,
  NOSE: 5,
  L_EYE: 6,
  R_EYE: 7,
  L_EAR: 8,
  R_EAR: 9,
  L_SHOULDER: 10,
  L_ELBOW: 11,
  L_WRIST: 12,
  L_HAND: 13,
  R_SHOULDER: 14,
  R_ELBOW: 15,
  R_WRIST: 16,
  R_HAND: 17,
  L_HIP: 18,
  L_KNEE: 19,
  L_ANKLE: 20,
  L_TOE: 21,
  L_HEEL: 22,
  R_HIP: 23,
  R_KNEE: 24,
  R_ANKLE: 25,
  R_TOE: 26,
  R_HEEL: 27,
} as const;
export const JOINT_COUNT = 28;

export const COCO_KEYPOINTS = [
  "nose",
  "left_eye",
  "right_eye",
  "left_ear",
  "right_ear",
  "left_shoulder",
  "right_shoulder",
  "left_elbow",
  "right_elbow",
  "left_wrist",
  "right_wrist",
  "left_hip",
  "right_hip",
  "left_knee",
  "right_knee",
  "left_ankle",
  "right_ankle",
] as const;

/** Skeleton joint index of each COCO keypoint, in COCO order. */
export const COCO_JOINTS: readonly number[] = [
  J.NOSE,
  J.L_EYE,
  J.R_EYE,
  J.L_EAR,
  J.R_EAR,
  J.L_SHOULDER,
  J.R_SHOULDER,
  J.L_ELBOW,
  J.R_ELBOW,
  J.L_WRIST,
  J.R_WRIST,
  J.L_HIP,
  J.R_HIP,
  J.L_KNEE,
  J.R_KNEE,
  J.L_ANKLE,
  J.R_ANKLE,
];

/** COCO's person skeleton, 1-based keypoint indices as in the COCO files. */
export const COCO_SKELETON: readonly [number, number][] = [
  [16, 14],
  [14, 12],
  [17, 15],
  [15, 13],
  [12, 13],
  [6, 12],
  [7, 13],
  [6, 7],
  [6, 8],
  [7, 9],
  [8, 10],
  [9, 11],
  [2, 3],
  [1, 2],
  [1, 3],
  [2, 4],
  [3, 5],
  [4, 6],
  [5, 7],
];

/** Bone lengths and body radii in metres, for one avatar. */
export interface BodyShape {
  female: boolean;
  height: number;
  pelvisHeight: number;
  pelvisToSpine: number;
  spineToChest: number;
  chestToNeck: number;
  neckToHead: number;
  shoulderHalf: number;
  shoulderUp: number;
  hipHalf: number;
  hipDown: number;
  upperArm: number;
  forearm: number;
  hand: number;
  thigh: number;
  shin: number;
  ankleHeight: number;
  footFwd: number;
  footBack: number;
  /** Semi-axes [x, y, z] of ellipsoids. */
  head: Vec3;
  chest: Vec3;
  abdomen: Vec3;
  pelvis: Vec3;
  handSize: Vec3;
  foot: Vec3;
  neckR: number;
  upperArmR: [number, number];
  forearmR: [number, number];
  thighR: [number, number];
  shinR: [number, number];
  bust: number;
}

export interface Proportions {
  shoulder: number;
  hip: number;
  leg: number;
  head: number;
  girth: number;
}

/**
 * Dimensions from gender, preset proportions and the relative height / weight in standard
 * deviations. Height scales every length; weight scales girth (limb and torso radii), with
 * extra belly depth for heavier builds.
 */
export function bodyShape(female: boolean, relHeight: number, relWeight: number, p: Proportions): BodyShape {
  const h0 = female ? 1.63 : 1.76;
  const height = h0 + relHeight * (female ? 0.065 : 0.07);
  const s = height / 1.76;
  const leg = s * p.leg;
  // The trunk absorbs the leg ratio so the total height stays as asked.
  const trunk = s * (1 - (p.leg - 1) * 1.1);
  const g = clamp(1 + 0.11 * relWeight, 0.6, 1.5) * p.girth * Math.sqrt(s);
  const belly = 1 + 0.12 * Math.max(0, relWeight);
  const fw = female ? 0.88 : 1; // female: narrower shoulders and chest
  const fh = female ? 1.1 : 1; // female: wider hips
  const fl = female ? 0.88 : 1; // female: slimmer limbs
  const ankleHeight = 0.075 * s;
  const shin = 0.42 * leg;
  const thigh = 0.435 * leg;
  const hipDown = 0.07 * trunk;
  return {
    female,
    height,
    pelvisHeight: ankleHeight + shin + thigh + hipDown,
    pelvisToSpine: 0.13 * trunk,
    spineToChest: 0.16 * trunk,
    chestToNeck: 0.17 * trunk,
    neckToHead: 0.165 * trunk * p.head,
    shoulderHalf: 0.185 * s * p.shoulder * fw * (0.85 + 0.15 * g),
    shoulderUp: 0.135 * trunk,
    hipHalf: 0.085 * s * p.hip * fh,
    hipDown,
    upperArm: 0.3 * s,
    forearm: 0.26 * s,
    hand: 0.09 * s,
    thigh,
    shin,
    ankleHeight,
    footFwd: 0.155 * s,
    footBack: 0.06 * s,
    head: [0.078 * s * p.head, 0.108 * s * p.head, 0.097 * s * p.head],
    chest: [0.152 * s * fw * p.shoulder * g, 0.185 * trunk, 0.105 * s * g],
    abdomen: [0.13 * s * g * (female ? 0.88 : 1), 0.15 * trunk, 0.096 * s * g * belly * belly],
    pelvis: [0.145 * s * p.hip * fh * g, 0.12 * trunk, 0.1 * s * g * belly],
    handSize: [0.043 * s * fl, 0.062 * s, 0.022 * s],
    foot: [0.048 * s * fl, 0.042 * s, 0.13 * s * fl],
    neckR: 0.06 * s * fl * g,
    upperArmR: [0.055 * s * g * fl, 0.04 * s * g * fl],
    forearmR: [0.04 * s * g * fl, 0.028 * s * g * fl],
    thighR: [0.09 * s * g * fh * fl, 0.058 * s * g * fl],
    shinR: [0.062 * s * g * fl, 0.037 * s * g * fl],
    bust: female ? 0.062 * s * g : 0,
  };
}

/** Joint positions plus the frames of the body parts drawn as ellipsoids. */
export interface Skeleton {
  p: Vec3[];
  pelvis: Mat3;
  abdomen: Mat3;
  chest: Mat3;
  head: Mat3;
  lHand: Mat3;
  rHand: Mat3;
  lFoot: Mat3;
  rFoot: Mat3;
}

const r = (deg: number) => deg * DEG;

/**
 * Ankle angle that makes the foot's forward axis horizontal given the shin frame, so planted
 * feet rest flat whatever the knee and hip do (null when the shin is too close to horizontal).
 */
function flatAnkle(shin: Mat3): number | null {
  const a = shin[4],
    b = shin[5];
  if (Math.abs(a) < 0.2) return null;
  return Math.atan(-b / a);
}

function arm(
  shape: BodyShape,
  chest: Mat3,
  shoulder: Vec3,
  side: 1 | -1,
  flex: number,
  abd: number,
  rot: number,
  elbow: number,
): { elbow: Vec3; wrist: Vec3; hand: Vec3; handFrame: Mat3 } {
  const upper = mmul(chest, mmul(rotX(-r(flex)), mmul(rotZ(side * r(abd)), rotY(side * r(rot)))));
  const elbowP = add(shoulder, mvec(upper, [0, -shape.upperArm, 0]));
  const fore = mmul(upper, rotX(-r(elbow)));
  const wrist = add(elbowP, mvec(fore, [0, -shape.forearm, 0]));
  const hand = add(wrist, mvec(fore, [0, -shape.hand, 0]));
  return { elbow: elbowP, wrist, hand, handFrame: fore };
}

function leg(
  shape: BodyShape,
  pelvis: Mat3,
  hip: Vec3,
  side: 1 | -1,
  flex: number,
  abd: number,
  rot: number,
  knee: number,
  ankle: number,
  flat: number,
): { knee: Vec3; ankle: Vec3; toe: Vec3; heel: Vec3; footFrame: Mat3 } {
  const thigh = mmul(pelvis, mmul(rotX(-r(flex)), mmul(rotZ(side * r(abd)), rotY(side * r(rot)))));
  const kneeP = add(hip, mvec(thigh, [0, -shape.thigh, 0]));
  const shin = mmul(thigh, rotX(r(knee)));
  const ankleP = add(kneeP, mvec(shin, [0, -shape.shin, 0]));
  let a = r(ankle);
  const fa = flat > 0 ? flatAnkle(shin) : null;
  if (fa !== null) a = a + flat * fa;
  const foot = mmul(shin, rotX(-a));
  const toe = add(ankleP, mvec(foot, [0, -shape.ankleHeight * 0.75, shape.footFwd]));
  const heel = add(ankleP, mvec(foot, [0, -shape.ankleHeight * 0.75, -shape.footBack]));
  return { knee: kneeP, ankle: ankleP, toe, heel, footFrame: foot };
}

/** Forward kinematics: pose angles (degrees) to joint positions in the avatar-local frame. */
export function forwardKinematics(shape: BodyShape, pose: Pose): Skeleton {
  const p: Vec3[] = new Array(JOINT_COUNT);
  const root = mmul(rotY(r(pose.yaw)), mmul(rotX(r(pose.pitch)), rotZ(r(pose.roll))));
  const pelvisP: Vec3 = [pose.rootX, shape.pelvisHeight, pose.rootZ];
  const half = (a: number) => r(a) / 2;
  const seg = mmul(rotX(half(pose.spineFlex)), mmul(rotZ(half(pose.spineLat)), rotY(half(pose.spineTwist))));
  const abdomen = mmul(root, seg);
  const chest = mmul(abdomen, seg);
  const spineP = add(pelvisP, mvec(root, [0, shape.pelvisToSpine, 0]));
  const chestP = add(spineP, mvec(abdomen, [0, shape.spineToChest, 0]));
  const neckP = add(chestP, mvec(chest, [0, shape.chestToNeck, 0]));
  const head = mmul(chest, mmul(rotX(r(pose.neckFlex)), rotY(r(pose.neckTurn))));
  const headP = add(neckP, mvec(head, [0, shape.neckToHead, 0.012 * shape.height]));
  const hs = shape.head;
  p[J.PELVIS] = pelvisP;
  p[J.SPINE] = spineP;
  p[J.CHEST] = chestP;
  p[J.NECK] = neckP;
  p[J.HEAD] = headP;
  // Face landmarks sit on the head ellipsoid's surface.
  p[J.NOSE] = add(headP, mvec(head, [0, -0.15 * hs[1], hs[2] * 1.02]));
  p[J.L_EYE] = add(headP, mvec(head, [0.4 * hs[0], 0.12 * hs[1], hs[2] * 0.86]));
  p[J.R_EYE] = add(headP, mvec(head, [-0.4 * hs[0], 0.12 * hs[1], hs[2] * 0.86]));
  p[J.L_EAR] = add(headP, mvec(head, [hs[0] * 1.0, 0, -0.05 * hs[2]]));
  p[J.R_EAR] = add(headP, mvec(head, [-hs[0] * 1.0, 0, -0.05 * hs[2]]));

  const lSh = add(chestP, mvec(chest, [shape.shoulderHalf, shape.shoulderUp, -0.01]));
  const rSh = add(chestP, mvec(chest, [-shape.shoulderHalf, shape.shoulderUp, -0.01]));
  const la = arm(shape, chest, lSh, 1, pose.lShFlex, pose.lShAbd, pose.lShRot, pose.lElbow);
  const ra = arm(shape, chest, rSh, -1, pose.rShFlex, pose.rShAbd, pose.rShRot, pose.rElbow);
  p[J.L_SHOULDER] = lSh;
  p[J.L_ELBOW] = la.elbow;
  p[J.L_WRIST] = la.wrist;
  p[J.L_HAND] = la.hand;
  p[J.R_SHOULDER] = rSh;
  p[J.R_ELBOW] = ra.elbow;
  p[J.R_WRIST] = ra.wrist;
  p[J.R_HAND] = ra.hand;

  const lHip = add(pelvisP, mvec(root, [shape.hipHalf, -shape.hipDown, 0]));
  const rHip = add(pelvisP, mvec(root, [-shape.hipHalf, -shape.hipDown, 0]));
  const ll = leg(shape, root, lHip, 1, pose.lHipFlex, pose.lHipAbd, pose.lHipRot, pose.lKnee, pose.lAnkle, pose.lFlat);
  const rl = leg(shape, root, rHip, -1, pose.rHipFlex, pose.rHipAbd, pose.rHipRot, pose.rKnee, pose.rAnkle, pose.rFlat);
  p[J.L_HIP] = lHip;
  p[J.L_KNEE] = ll.knee;
  p[J.L_ANKLE] = ll.ankle;
  p[J.L_TOE] = ll.toe;
  p[J.L_HEEL] = ll.heel;
  p[J.R_HIP] = rHip;
  p[J.R_KNEE] = rl.knee;
  p[J.R_ANKLE] = rl.ankle;
  p[J.R_TOE] = rl.toe;
  p[J.R_HEEL] = rl.heel;
  return { p, pelvis: root, abdomen, chest, head, lHand: la.handFrame, rHand: ra.handFrame, lFoot: ll.footFrame, rFoot: rl.footFrame };
}

/** Applies a rigid transform (rotation then translation) to a whole skeleton. */
export function transformSkeleton(s: Skeleton, rot: Mat3, t: Vec3): Skeleton {
  const tp = (v: Vec3) => add(mvec(rot, v), t);
  const tf = (m: Mat3) => mmul(rot, m);
  return {
    p: s.p.map(tp),
    pelvis: tf(s.pelvis),
    abdomen: tf(s.abdomen),
    chest: tf(s.chest),
    head: tf(s.head),
    lHand: tf(s.lHand),
    rHand: tf(s.rHand),
    lFoot: tf(s.lFoot),
    rFoot: tf(s.rFoot),
  };
}

export const NO_ROTATION: Mat3 = IDENTITY;
