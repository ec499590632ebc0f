/**
 * Exercise registry and pose sampling: keyframes interpolated with Hermite splines (flat at
 * local extremes, so a squat's bottom never overshoots), plus smooth seeded noise.
 */
import type { Rng } from "../rng";
import { ARM_RAISE, BICEP_CURL, HIGH_KNEES, JUMPING_JACKS, LUNGE_LEFT, SQUAT, UPPERCUT_LEFT } from "./standing";
import { BURPEE, PUSHUP, SIT_UP } from "./floor";
import { type Exercise, POSE_KEYS, type Pose, mirrorExercise } from "./types";

export const EXERCISE_DEFS: Record<string, Exercise> = {
  "UPPERCUT-LEFT": UPPERCUT_LEFT,
  "UPPERCUT-RIGHT": mirrorExercise(UPPERCUT_LEFT),
  PUSHUP,
  SQUAT,
  JUMPING_JACKS,
  "LUNGE-LEFT": LUNGE_LEFT,
  "LUNGE-RIGHT": mirrorExercise(LUNGE_LEFT),
  BURPEE,
  HIGH_KNEES,
  BICEP_CURL,
  ARM_RAISE,
  SIT_UP,
};

export function exerciseDef(name: string): Exercise {
  const e = EXERCISE_DEFS[name];
  if (!e) throw new Error(`Unknown exercise ${name}`);
  return e;
}

const NC = POSE_KEYS.length;
/** Channels that are weights in [0, 1] rather than angles or lengths. */
const WEIGHTS = new Set(["lFlat", "rFlat", "lPlant", "rPlant", "plank"]);

/** A compiled exercise: keyframe values as a dense table for fast sampling. */
export interface Track {
  times: number[];
  values: Float64Array[];
}

export function compile(e: Exercise): Track {
  const keys = [...e.keys].sort((a, b) => a.t - b.t);
  if (keys[0]?.t !== 0 || keys[keys.length - 1]?.t !== 1) throw new Error("keyframes must span phase 0..1");
  return {
    times: keys.map((k) => k.t),
    values: keys.map((k) => {
      const full = { ...e.base, ...k.pose } as Pose;
      return Float64Array.from(POSE_KEYS, (key) => full[key]);
    }),
  };
}

/** Pose at phase in [0, 1]. The track is periodic: key 0 and the last key are the same pose. */
export function sample(track: Track, phase: number): Float64Array {
  const { times, values } = track;
  const n = times.length;
  const ph = Math.min(1, Math.max(0, phase));
  let i = 0;
  while (i < n - 2 && ph > times[i + 1]!) i++;
  const t0 = times[i]!,
    t1 = times[i + 1]!;
  const h = t1 - t0;
  const u = h > 0 ? (ph - t0) / h : 0;
  // Neighbours wrap around the period (skipping the duplicate end key).
  const prevIdx = i > 0 ? i - 1 : n - 2;
  const prevT = i > 0 ? times[i - 1]! : times[n - 2]! - 1;
  const nextIdx = i + 2 < n ? i + 2 : 1;
  const nextT = i + 2 < n ? times[i + 2]! : 1 + times[1]!;
  const a = values[i]!,
    b = values[i + 1]!,
    pa = values[prevIdx]!,
    nb = values[nextIdx]!;
  const u2 = u * u,
    u3 = u2 * u;
  const h00 = 2 * u3 - 3 * u2 + 1,
    h10 = u3 - 2 * u2 + u,
    h01 = -2 * u3 + 3 * u2,
    h11 = u3 - u2;
  const out = new Float64Array(NC);
  for (let c = 0; c < NC; c++) {
    const va = a[c]!,
      vb = b[c]!,
      vp = pa[c]!,
      vn = nb[c]!;
    // Tangents: zero at a local extreme (no overshoot), else the neighbours' slope.
    const ma = (va - vp) * (vb - va) <= 0 ? 0 : ((vb - vp) / (t1 - prevT)) * h;
    const mb = (vb - va) * (vn - vb) <= 0 ? 0 : ((vn - va) / (nextT - t0)) * h;
    out[c] = h00 * va + h10 * ma + h01 * vb + h11 * mb;
  }
  return out;
}

/** Noise amplitude per channel (degrees or metres) at kinematic_noise_factor 1. */
const NOISE_AMP: Partial<Record<(typeof POSE_KEYS)[number], number>> = {
  rootX: 0.006,
  rootZ: 0.006,
  pitch: 1.2,
  yaw: 2,
  roll: 0.8,
  spineFlex: 2,
  spineLat: 1.5,
  spineTwist: 2.5,
  neckFlex: 4,
  neckTurn: 5,
  lShFlex: 4,
  lShAbd: 3,
  lShRot: 4,
  lElbow: 4,
  rShFlex: 4,
  rShAbd: 3,
  rShRot: 4,
  rElbow: 4,
  lHipFlex: 1.5,
  lHipAbd: 1,
  lKnee: 1.5,
  rHipFlex: 1.5,
  rHipAbd: 1,
  rKnee: 1.5,
};

/** Smooth noise: per channel, three sinusoids with seeded frequencies (0.15–0.9 Hz) and phases. */
export class MotionNoise {
  private readonly terms: { c: number; amp: number; f: number; ph: number }[] = [];

  constructor(rng: Rng, factor: number) {
    POSE_KEYS.forEach((key, c) => {
      const base = NOISE_AMP[key] ?? 0;
      for (let k = 0; k < 3; k++) {
        const f = rng.range(0.15, 0.9);
        const ph = rng.range(0, 2 * Math.PI);
        const w = rng.range(0.5, 1);
        if (base > 0 && factor > 0) this.terms.push({ c, amp: (base * factor * w) / 1.8, f, ph });
      }
    });
  }

  apply(values: Float64Array, time: number, scale: number): void {
    for (const t of this.terms) values[t.c] = values[t.c]! + t.amp * scale * Math.sin(2 * Math.PI * t.f * time + t.ph);
  }
}

export function toPose(values: Float64Array): Pose {
  const pose = {} as Pose;
  POSE_KEYS.forEach((key, c) => {
    const v = values[c]!;
    pose[key] = WEIGHTS.has(key) ? Math.min(1, Math.max(0, v)) : v;
  });
  return pose;
}
