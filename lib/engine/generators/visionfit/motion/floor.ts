/**
 * Exercises on the floor. PUSHUP and the plank of BURPEE solve the body's pitch so hands and
 * toes touch the floor together (`plank`); SIT_UP lies on its back (pitch -90) with bent knees.
 */
import { type Exercise, type Pose, STANDING } from "./types";

const PLANK: Pose = {
  ...STANDING,
  pitch: 70,
  plank: 1,
  neckFlex: -22,
  lShFlex: 82,
  rShFlex: 82,
  lShAbd: 10,
  rShAbd: 10,
  lShRot: 0,
  rShRot: 0,
  lElbow: 0,
  rElbow: 0,
  lHipAbd: 3,
  rHipAbd: 3,
  lKnee: 0,
  rKnee: 0,
  lFlat: 0,
  rFlat: 0,
  lAnkle: -5,
  rAnkle: -5,
  lPlant: 0,
  rPlant: 0,
};

export const PUSHUP: Exercise = {
  duration: 2.0,
  support: "feet",
  previewPhase: 0,
  noise: 0.6,
  base: PLANK,
  keys: [
    { t: 0, pose: {} },
    { t: 0.45, pose: { lShFlex: 8, rShFlex: 8, lShAbd: 38, rShAbd: 38, lElbow: 100, rElbow: 100, lShRot: 40, rShRot: 40, neckFlex: -30 } },
    { t: 0.55, pose: { lShFlex: 8, rShFlex: 8, lShAbd: 38, rShAbd: 38, lElbow: 100, rElbow: 100, lShRot: 40, rShRot: 40, neckFlex: -30 } },
    { t: 1, pose: {} },
  ],
};

/** Lying on the back with knees up; the trunk curls up to sitting and back down. */
const LYING: Pose = {
  ...STANDING,
  pitch: -88,
  neckFlex: 12,
  lHipFlex: 42,
  rHipFlex: 42,
  lKnee: 95,
  rKnee: 95,
  lHipAbd: 8,
  rHipAbd: 8,
  lShFlex: 150,
  rShFlex: 150,
  lShAbd: 55,
  rShAbd: 55,
  lShRot: 70,
  rShRot: 70,
  lElbow: 145,
  rElbow: 145,
};

export const SIT_UP: Exercise = {
  duration: 3.0,
  support: "lowest",
  previewPhase: 0.45,
  noise: 0.7,
  base: LYING,
  keys: [
    { t: 0, pose: {} },
    { t: 0.2, pose: { pitch: -70, spineFlex: 30, neckFlex: 25, lHipFlex: 60, rHipFlex: 60 } },
    { t: 0.45, pose: { pitch: -22, spineFlex: 28, neckFlex: 18, lHipFlex: 108, rHipFlex: 108 } },
    { t: 0.55, pose: { pitch: -22, spineFlex: 28, neckFlex: 18, lHipFlex: 108, rHipFlex: 108 } },
    { t: 0.8, pose: { pitch: -70, spineFlex: 30, neckFlex: 25, lHipFlex: 60, rHipFlex: 60 } },
    { t: 1, pose: {} },
  ],
};

const SQUAT_DOWN: Partial<Pose> = {
  pitch: 45,
  spineFlex: 14,
  neckFlex: -28,
  lHipFlex: 128,
  rHipFlex: 128,
  lKnee: 130,
  rKnee: 130,
  lHipAbd: 12,
  rHipAbd: 12,
  lShFlex: 78,
  rShFlex: 78,
  lShAbd: 10,
  rShAbd: 10,
  lElbow: 5,
  rElbow: 5,
  lFlat: 0.7,
  rFlat: 0.7,
};

const BURPEE_PLANK: Partial<Pose> = { ...PLANK, rootZ: -0.55 };

export const BURPEE: Exercise = {
  duration: 3.4,
  support: "feet",
  previewPhase: 0.4,
  noise: 0.9,
  base: STANDING,
  keys: [
    { t: 0, pose: {} },
    { t: 0.16, pose: SQUAT_DOWN },
    { t: 0.3, pose: BURPEE_PLANK },
    { t: 0.48, pose: BURPEE_PLANK },
    { t: 0.62, pose: SQUAT_DOWN },
    { t: 0.8, pose: { lift: 0.2, lShFlex: 170, rShFlex: 170, lShAbd: 12, rShAbd: 12, lElbow: 8, rElbow: 8, lFlat: 0, rFlat: 0, lAnkle: -30, rAnkle: -30, neckFlex: -10 } },
    { t: 1, pose: {} },
  ],
};
