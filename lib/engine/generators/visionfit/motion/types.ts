/**
 * Exercise motion as keyframed joint angles. A rep is one period of phase 0 → 1; its first
 * and last keyframes are equal so reps chain smoothly. Angles are in degrees, lengths in metres.
 */

/** Every animated channel of the avatar. */
export interface Pose {
  /** Horizontal pelvis offset in the avatar frame (x: avatar's left, z: forward). */
  rootX: number;
  rootZ: number;
  /** Extra height above the floor contact (jumps), metres. */
  lift: number;
  /** Whole-body rotation about the pelvis: + pitch leans forward (face down at 90). */
  pitch: number;
  yaw: number;
  roll: number;
  spineFlex: number;
  spineLat: number;
  spineTwist: number;
  neckFlex: number;
  neckTurn: number;
  /** Shoulder: flex raises the arm forward (90 = horizontal, 180 = overhead), abd sideways, rot = external rotation. */
  lShFlex: number;
  lShAbd: number;
  lShRot: number;
  lElbow: number;
  rShFlex: number;
  rShAbd: number;
  rShRot: number;
  rElbow: number;
  /** Hip: flex raises the thigh forward; knee bends the shin back; ankle lifts the toes. */
  lHipFlex: number;
  lHipAbd: number;
  lHipRot: number;
  lKnee: number;
  lAnkle: number;
  /** 0..1: how much the ankle is set so the foot rests flat (added to lAnkle). */
  lFlat: number;
  rHipFlex: number;
  rHipAbd: number;
  rHipRot: number;
  rKnee: number;
  rAnkle: number;
  rFlat: number;
  /** 0..1: pull the foot down onto the floor (two-bone IK), e.g. a lunge's back foot. */
  lPlant: number;
  rPlant: number;
  /** 0..1: solve pitch so hands and feet touch the floor together (plank). */
  plank: number;
}

export type PoseKey = keyof Pose;
export const POSE_KEYS = [
  "rootX",
  "rootZ",
  "lift",
  "pitch",
  "yaw",
  "roll",
  "spineFlex",
  "spineLat",
  "spineTwist",
  "neckFlex",
  "neckTurn",
  "lShFlex",
  "lShAbd",
  "lShRot",
  "lElbow",
  "rShFlex",
  "rShAbd",
  "rShRot",
  "rElbow",
  "lHipFlex",
  "lHipAbd",
  "lHipRot",
  "lKnee",
  "lAnkle",
  "lFlat",
  "rHipFlex",
  "rHipAbd",
  "rHipRot",
  "rKnee",
  "rAnkle",
  "rFlat",
  "lPlant",
  "rPlant",
  "plank",
] as const satisfies readonly PoseKey[];

/** Relaxed standing: arms hang slightly away from the body with soft elbows, feet flat. */
export const STANDING: Pose = {
  rootX: 0,
  rootZ: 0,
  lift: 0,
  pitch: 0,
  yaw: 0,
  roll: 0,
  spineFlex: 0,
  spineLat: 0,
  spineTwist: 0,
  neckFlex: 0,
  neckTurn: 0,
  lShFlex: 3,
  lShAbd: 9,
  lShRot: 0,
  lElbow: 12,
  rShFlex: 3,
  rShAbd: 9,
  rShRot: 0,
  rElbow: 12,
  lHipFlex: 0,
  lHipAbd: 4,
  lHipRot: 0,
  lKnee: 2,
  lAnkle: 0,
  lFlat: 1,
  rHipFlex: 0,
  rHipAbd: 4,
  rHipRot: 0,
  rKnee: 2,
  rAnkle: 0,
  rFlat: 1,
  lPlant: 1,
  rPlant: 1,
  plank: 0,
};

export interface Keyframe {
  t: number;
  pose: Partial<Pose>;
}

/** Which body parts rest on the floor: feet only, or whatever is lowest (lying down). */
export type Support = "feet" | "lowest";

export interface Exercise {
  /** Seconds per rep at rel_baseline_speed 1. */
  duration: number;
  base: Pose;
  keys: Keyframe[];
  support: Support;
  /** Phase shown by a preview: the exercise's most telling pose. */
  previewPhase: number;
  /** Noise amplitude multiplier (a plank jitters less than jumping jacks). */
  noise: number;
}

/** Swaps left and right: the mirror image of a pose through the avatar's sagittal plane. */
export function mirrorPose(p: Partial<Pose>): Partial<Pose> {
  const out: Partial<Pose> = {};
  for (const [k, v] of Object.entries(p) as [PoseKey, number][]) {
    let key: PoseKey = k;
    if (k.startsWith("l") && k !== "lift") key = ("r" + k.slice(1)) as PoseKey;
    else if (k.startsWith("r") && k !== "rootX" && k !== "rootZ" && k !== "roll") key = ("l" + k.slice(1)) as PoseKey;
    const negate = k === "rootX" || k === "yaw" || k === "roll" || k === "spineLat" || k === "spineTwist" || k === "neckTurn";
    out[key] = negate ? -v : v;
  }
  return out;
}

export function mirrorExercise(e: Exercise): Exercise {
  return { ...e, base: { ...STANDING, ...mirrorPose(e.base) } as Pose, keys: e.keys.map((k) => ({ t: k.t, pose: mirrorPose(k.pose) })) };
}
