/**
 * Standing exercises. Angles follow skeleton.ts: a thigh's angle from vertical is
 * hipFlex - pitch, a shin's is that minus knee; feet stay flat (lFlat/rFlat) unless lifted.
 */
import { type Exercise, STANDING } from "./types";

export const SQUAT: Exercise = {
  duration: 2.6,
  support: "feet",
  previewPhase: 0.5,
  noise: 1,
  base: { ...STANDING, lHipAbd: 12, rHipAbd: 12, lHipRot: 12, rHipRot: 12 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.42, pose: { pitch: 38, spineFlex: 6, neckFlex: -30, lHipFlex: 122, rHipFlex: 122, lKnee: 118, rKnee: 118, lShFlex: 128, rShFlex: 128, lShAbd: 6, rShAbd: 6, lElbow: 8, rElbow: 8 } },
    { t: 0.58, pose: { pitch: 38, spineFlex: 6, neckFlex: -30, lHipFlex: 122, rHipFlex: 122, lKnee: 118, rKnee: 118, lShFlex: 128, rShFlex: 128, lShAbd: 6, rShAbd: 6, lElbow: 8, rElbow: 8 } },
    { t: 1, pose: {} },
  ],
};

/** Left leg steps forward; the back knee drops toward the floor. LUNGE-RIGHT is its mirror. */
export const LUNGE_LEFT: Exercise = {
  duration: 2.8,
  support: "feet",
  previewPhase: 0.5,
  noise: 1,
  base: { ...STANDING, lShAbd: 12, rShAbd: 12 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.22, pose: { lHipFlex: 45, lKnee: 40, lFlat: 0.5, lPlant: 0, rHipFlex: -10, rKnee: 20, rootZ: 0.12 } },
    { t: 0.45, pose: { pitch: 4, lHipFlex: 92, lKnee: 92, rHipFlex: -22, rKnee: 70, rFlat: 0, rAnkle: 38, rootZ: 0.2, lShFlex: 10, rShFlex: -4 } },
    { t: 0.6, pose: { pitch: 4, lHipFlex: 92, lKnee: 92, rHipFlex: -22, rKnee: 70, rFlat: 0, rAnkle: 38, rootZ: 0.2, lShFlex: 10, rShFlex: -4 } },
    { t: 0.8, pose: { lHipFlex: 40, lKnee: 35, lFlat: 0.5, lPlant: 0, rHipFlex: -8, rKnee: 15, rootZ: 0.1 } },
    { t: 1, pose: {} },
  ],
};

export const JUMPING_JACKS: Exercise = {
  duration: 1.1,
  support: "feet",
  previewPhase: 0.5,
  noise: 1.2,
  base: { ...STANDING, lShAbd: 10, rShAbd: 10, lElbow: 8, rElbow: 8 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.25, pose: { lift: 0.09, lShAbd: 95, rShAbd: 95, lHipAbd: 12, rHipAbd: 12, lFlat: 0, rFlat: 0, lAnkle: -25, rAnkle: -25, lKnee: 8, rKnee: 8 } },
    { t: 0.5, pose: { lShAbd: 165, rShAbd: 165, lElbow: 15, rElbow: 15, lHipAbd: 19, rHipAbd: 19, lKnee: 14, rKnee: 14, lHipFlex: 8, rHipFlex: 8 } },
    { t: 0.75, pose: { lift: 0.09, lShAbd: 95, rShAbd: 95, lHipAbd: 12, rHipAbd: 12, lFlat: 0, rFlat: 0, lAnkle: -25, rAnkle: -25, lKnee: 8, rKnee: 8 } },
    { t: 1, pose: {} },
  ],
};

/** One rep = a left and a right knee drive, with running arms. */
export const HIGH_KNEES: Exercise = {
  duration: 0.9,
  support: "feet",
  previewPhase: 0.25,
  noise: 1.2,
  base: { ...STANDING, lElbow: 88, rElbow: 88, lShAbd: 10, rShAbd: 10, pitch: 4 },
  keys: [
    { t: 0, pose: { lift: 0.02 } },
    { t: 0.25, pose: { lHipFlex: 92, lKnee: 100, lFlat: 0, lAnkle: -25, lPlant: 0, rShFlex: 45, lShFlex: -35, spineTwist: -6 } },
    { t: 0.5, pose: { lift: 0.02 } },
    { t: 0.75, pose: { rHipFlex: 92, rKnee: 100, rFlat: 0, rAnkle: -25, rPlant: 0, lShFlex: 45, rShFlex: -35, spineTwist: 6 } },
    { t: 1, pose: { lift: 0.02 } },
  ],
};

export const BICEP_CURL: Exercise = {
  duration: 2.2,
  support: "feet",
  previewPhase: 0.5,
  noise: 0.8,
  base: { ...STANDING, lShAbd: 7, rShAbd: 7, lShFlex: 2, rShFlex: 2, lShRot: -8, rShRot: -8, lElbow: 8, rElbow: 8, lHipAbd: 6, rHipAbd: 6 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.45, pose: { lElbow: 140, rElbow: 140, lShFlex: 14, rShFlex: 14 } },
    { t: 0.55, pose: { lElbow: 140, rElbow: 140, lShFlex: 14, rShFlex: 14 } },
    { t: 1, pose: {} },
  ],
};

/** Front raise: straight arms lifted forward to overhead and lowered. */
export const ARM_RAISE: Exercise = {
  duration: 2.6,
  support: "feet",
  previewPhase: 0.35,
  noise: 0.8,
  base: { ...STANDING, lShAbd: 6, rShAbd: 6, lElbow: 6, rElbow: 6, lHipAbd: 6, rHipAbd: 6 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.25, pose: { lShFlex: 90, rShFlex: 90, lShAbd: 12, rShAbd: 12 } },
    { t: 0.48, pose: { lShFlex: 172, rShFlex: 172, lShAbd: 10, rShAbd: 10, neckFlex: -8 } },
    { t: 0.55, pose: { lShFlex: 172, rShFlex: 172, lShAbd: 10, rShAbd: 10, neckFlex: -8 } },
    { t: 0.78, pose: { lShFlex: 90, rShFlex: 90, lShAbd: 12, rShAbd: 12 } },
    { t: 1, pose: {} },
  ],
};

/** Boxing guard, dip and a rising left uppercut. UPPERCUT-RIGHT is its mirror. */
const GUARD = { lShFlex: 38, rShFlex: 38, lShAbd: 14, rShAbd: 14, lElbow: 128, rElbow: 128, lShRot: -20, rShRot: -20 };
export const UPPERCUT_LEFT: Exercise = {
  duration: 1.3,
  support: "feet",
  previewPhase: 0.55,
  noise: 1,
  base: { ...STANDING, ...GUARD, lHipFlex: 14, rHipFlex: 4, lKnee: 22, rKnee: 18, lHipAbd: 9, rHipAbd: 9, pitch: 6, neckFlex: 6, rootZ: 0 },
  keys: [
    { t: 0, pose: {} },
    { t: 0.3, pose: { lKnee: 34, rKnee: 30, lHipFlex: 22, spineTwist: 10, spineLat: 6, lElbow: 95, lShFlex: 12 } },
    { t: 0.55, pose: { lKnee: 10, rKnee: 10, lHipFlex: 8, spineTwist: -26, spineLat: -4, lShFlex: 78, lShAbd: 8, lElbow: 88, lShRot: -5 } },
    { t: 0.7, pose: { lKnee: 14, rKnee: 14, spineTwist: -18, lShFlex: 62, lElbow: 105 } },
    { t: 1, pose: {} },
  ],
};
