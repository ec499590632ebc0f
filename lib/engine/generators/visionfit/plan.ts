/**
 * Everything about a job that does not change from frame to frame: the avatar (shape, look,
 * motion, timeline), the room with its furniture and art, and the camera. Built from the
 * parameters and `state` only.
 */
import { type Look, resolveLook } from "./appearance";
import { type Art, placeArt } from "./art";
import { PART, type Prim, primBounds, transformPrim } from "./body";
import { type Camera, makeCamera } from "./camera";
import { DEG, type Mat3, type Vec3, add, clamp, mmul, mvec, rotY } from "./math";
import { MotionNoise, type Track, compile, exerciseDef, sample, toPose } from "./motion";
import { type Moment, type Timeline, momentAt } from "./motion/timeline";
import { timelineFor } from "./plan-timeline";
import type { Exercise } from "./motion/types";
import { filterFurniture } from "./occlusion";
import type { VisionfitParams } from "./params";
import { stream } from "./rng";
import type { Room } from "./room";
import { sceneDef } from "./scene";
import { type BodyShape, type Skeleton, bodyShape } from "./skeleton";
import { solvePose } from "./solve";

export interface PosedFrame {
  moment: Moment;
  /** Avatar-local skeleton and primitives (floor at y = 0). */
  local: { sk: Skeleton; prims: Prim[] };
  /** World joint positions. */
  joints: Vec3[];
}

export interface Plan {
  p: VisionfitParams;
  exercise: Exercise;
  track: Track;
  timeline: Timeline;
  shape: BodyShape;
  look: Look;
  noise: MotionNoise;
  avatarYaw: number;
  /** Avatar-local → world. */
  toWorld: { R: Mat3; t: Vec3 };
  camera: Camera;
  room: Room;
  frames: number;
  isPreview: boolean;
}

/** The avatar's pose at a time (seconds) of the job. */
export function poseAt(plan: Plan, time: number, moment?: Moment): PosedFrame {
  const m = moment ?? momentAt(plan.timeline, time);
  const values = sample(plan.track, m.phase);
  plan.noise.apply(values, time, plan.exercise.noise);
  const local = solvePose(plan.shape, plan.look, toPose(values), plan.exercise.support);
  const { R, t } = plan.toWorld;
  return { moment: m, local, joints: local.sk.p.map((q) => add(mvec(R, q), t)) };
}

/** Time and moment of frame `index` (a preview shows the exercise's telling pose). */
export function frameMoment(plan: Plan, index: number): { time: number; moment: Moment } {
  if (plan.isPreview) {
    const ph = plan.exercise.previewPhase;
    const rep = plan.timeline.reps[0]!;
    return { time: ph * rep.motion, moment: { rep: 0, phase: ph, count: ph } };
  }
  const time = index / plan.p.frame_rate;
  return { time, moment: momentAt(plan.timeline, time) };
}

export function makePlan(p: VisionfitParams, isPreview: boolean): Plan {
  const exercise = exerciseDef(p.exercise);
  const track = compile(exercise);
  const timeline = timelineFor(p);
  const look = resolveLook(p, stream(p.state, "look"));
  const shape = bodyShape(p.gender === "FEMALE", p.relative_height, p.relative_weight, look.proportions);
  const noise = new MotionNoise(stream(p.state, "motion-noise"), p.kinematic_noise_factor);
  const def = sceneDef(p.scene);

  // Camera azimuth around the avatar: a seeded offset from straight down the room's +z axis,
  // limited so the camera stays inside the side walls.
  const camRng = stream(p.state, "camera");
  const d = p.camera_distance;
  const maxAz = Math.asin(clamp((def.halfW - 0.45) / d, 0, 1));
  const az = clamp(camRng.range(-20, 20) * DEG, -maxAz, maxAz);
  const camPos: Vec3 = [d * Math.sin(az), p.camera_height, d * Math.cos(az)];
  const avatarYaw = az + p.relative_avatar_angle_deg * DEG;
  const R = rotY(avatarYaw);
  const toWorld = { R, t: [0, 0, 0] as Vec3 };

  const plan: Plan = {
    p,
    exercise,
    track,
    timeline,
    shape,
    look,
    noise,
    avatarYaw,
    toWorld,
    camera: undefined as unknown as Camera,
    room: undefined as unknown as Room,
    frames: isPreview ? 1 : timeline.frames,
    isPreview,
  };

  // Sample the motion (without noise) to aim the camera at the middle of the moving body.
  const samples = [0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, exercise.previewPhase].map((ph) => {
    const values = sample(track, ph);
    return solvePose(shape, look, toPose(values), exercise.support).prims.map((q) => transformPrim(q, R, [0, 0, 0]));
  });
  const lo: Vec3 = [Infinity, Infinity, Infinity],
    hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const prims of samples)
    for (const q of prims) {
      if (q.part === PART.HAIR) continue;
      const [a, b] = primBounds(q);
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k]!, a[k]!);
        hi[k] = Math.max(hi[k]!, b[k]!);
      }
    }
  const target: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  const camera = makeCamera({ width: p.image_width, height: p.image_height, position: camPos, target, relYawDeg: p.relative_camera_yaw_deg, relPitchDeg: p.relative_camera_pitch_deg });
  plan.camera = camera;

  // The room reaches past the camera, so the camera is always inside it.
  const front = Math.max(def.front, camPos[2] + 0.6);
  const lightRng = stream(p.state, "light");
  const light: Vec3 = [def.light[0] + lightRng.range(-0.4, 0.4), def.light[1], def.light[2] + lightRng.range(-0.4, 0.4)];
  const camPrims = samples.map((prims) => prims.map((q) => transformPrim(q, camera.R, camera.t)));
  const furniture = filterFurniture(def.furniture, camera, camPrims, p.allowable_occlusion);
  const boxes = furniture.flatMap((f) => f.boxes);
  let arts: Art[] = [];
  const artRng = stream(p.state, "art");
  if (p.add_wall_art) {
    const wallPos = { back: -def.back, left: -def.halfW, right: def.halfW, front };
    arts = placeArt(
      artRng,
      p.wall_art_type === "misc_human",
      [
        { wall: "back", uMin: -def.halfW, uMax: def.halfW },
        { wall: "left", uMin: -def.back, uMax: Math.min(front, 1.8) },
        { wall: "right", uMin: -def.back, uMax: Math.min(front, 1.8) },
      ],
      def.openings,
      boxes,
      wallPos,
    );
  }
  plan.room = { def, halfW: def.halfW, back: def.back, front, height: def.height, boxes, furniture: furniture.map((f) => f.name), arts, light };
  return plan;
}

/** Rotation taking avatar-local directly to camera space. */
export function localToCamera(plan: Plan): { R: Mat3; t: Vec3 } {
  return { R: mmul(plan.camera.R, plan.toWorld.R), t: add(mvec(plan.camera.R, plan.toWorld.t), plan.camera.t) };
}
