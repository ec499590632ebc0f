import type { GeneratorSpec, ParamSpec, ParamValues } from "../types";

export const VISIONFIT_NAME = "visionfit-flagship-v0.1.0";
export const VISIONFIT_VERSION = "0.1.0";

export const SCENES = ["BEDROOM_2", "BEDROOM_4", "BEDROOM_5", "BEDROOM_6", "GYM_1", "LIVINGROOM_1", "LIVINGROOM_2", "OFFICE_1"] as const;

/** `CATEGORY[_NN][-SIDE]`: the category is the part before `_NN` and `-SIDE`. */
export const EXERCISES = [
  "UPPERCUT-LEFT",
  "UPPERCUT-RIGHT",
  "PUSHUP",
  "SQUAT",
  "JUMPING_JACKS",
  "LUNGE-LEFT",
  "LUNGE-RIGHT",
  "BURPEE",
  "HIGH_KNEES",
  "BICEP_CURL",
  "ARM_RAISE",
  "SIT_UP",
] as const;

export const FRAME_RATES = [30, 24, 12, 8, 6] as const;

const range = (min: number, max: number) => ({ min, max });
const choices = (values: readonly (string | number)[]) => ({ choices: [...values] });

export const VISIONFIT_PARAMS: ParamSpec[] = [
  { name: "scene", type: "str", default_value: "BEDROOM_2", options: choices(SCENES), description: "The room the person exercises in." },
  { name: "exercise", type: "str", default_value: "PUSHUP", options: choices(EXERCISES), description: "The motion performed." },
  { name: "gender", type: "str", default_value: "MALE", options: choices(["MALE", "FEMALE"]), description: "Avatar build." },
  { name: "num_reps", type: "int", default_value: 1, options: range(1, 20), description: "Number of repetitions." },
  { name: "rel_baseline_speed", type: "float", default_value: 1.0, options: range(0.33, 3.0), description: "Speed relative to a natural pace." },
  { name: "max_rel_speed_change", type: "float", default_value: 0, options: range(0, 1), description: "Largest relative speed change between repetitions." },
  { name: "kinematic_noise_factor", type: "float", default_value: 1, options: range(0, 2), description: "Scales the natural jitter of the motion." },
  { name: "inter_rep_delay_avg", type: "float", default_value: 0, options: range(0, 2), description: "Mean seconds of rest between repetitions." },
  { name: "inter_rep_delay_var", type: "float", default_value: 0, options: range(0, 2), description: "Variance of the rest between repetitions (seconds²)." },
  { name: "add_pauses", type: "bool", default_value: false, options: null, description: "Random holds inside repetitions." },
  { name: "camera_distance", type: "float", default_value: 3.0, options: range(1.0, 5.25), description: "Metres from the camera to the avatar." },
  { name: "camera_height", type: "float", default_value: 0.75, options: range(0.1, 2.75), description: "Metres of the camera above the floor." },
  { name: "relative_camera_yaw_deg", type: "float", default_value: 0, options: range(-45, 45), description: "Camera turn left/right relative to looking at the avatar, degrees." },
  { name: "relative_camera_pitch_deg", type: "float", default_value: 0, options: range(-45, 45), description: "Camera tilt up/down relative to looking at the avatar, degrees." },
  { name: "relative_avatar_angle_deg", type: "float", default_value: 0, options: range(-180, 180), description: "Avatar heading; 0 faces the camera." },
  { name: "avatar_identity", type: "int", default_value: 0, options: range(0, 24), description: "Appearance preset: skin tone, hair, proportions." },
  { name: "randomize_skin_tone", type: "bool", default_value: false, options: null, description: "Override the preset's skin tone with a random one." },
  { name: "relative_height", type: "float", default_value: 0, options: range(-4, 4), description: "Body height in standard deviations from the mean." },
  { name: "relative_weight", type: "float", default_value: 0, options: range(-4, 4), description: "Body weight in standard deviations from the mean." },
  { name: "outfit", type: "int", default_value: 0, options: range(-1, 4), description: "Clothing preset (−1: random)." },
  { name: "hide_shoes", type: "bool", default_value: false, options: null, description: "Barefoot." },
  { name: "add_socks", type: "bool", default_value: false, options: null, description: "Socks (visible when shoes are hidden)." },
  { name: "lighting_power", type: "float", default_value: 100, options: range(0, 2000), description: "Scene brightness." },
  { name: "add_wall_art", type: "bool", default_value: false, options: null, description: "Pictures on the walls." },
  { name: "wall_art_type", type: "str", default_value: "non_human", options: choices(["misc_human", "non_human"]), description: "What the wall pictures show." },
  { name: "allowable_occlusion", type: "float", default_value: 50, options: range(0, 100), description: "Largest percent of the body furniture may hide." },
  { name: "enable_sensor_noise", type: "bool", default_value: false, options: null, description: "Camera sensor noise." },
  { name: "frame_rate", type: "int", default_value: 24, options: choices(FRAME_RATES), description: "Output frames per second." },
  { name: "image_width", type: "int", default_value: 256, options: range(128, 512), description: "Image width in pixels." },
  { name: "image_height", type: "int", default_value: 256, options: range(128, 512), description: "Image height in pixels." },
  { name: "state", type: "uuid", default_value: null, options: null, description: "The job's seed; drawn and recorded when absent, so any job can be rendered again exactly." },
];

export const VISIONFIT_SPEC: GeneratorSpec = {
  name: VISIONFIT_NAME,
  version: VISIONFIT_VERSION,
  description: "A person performs an exercise in a room, seen by one camera; video or a single preview frame with perfect labels.",
  params: VISIONFIT_PARAMS,
  options: { preview: true },
};

/** Typed view of resolved parameters, for the renderer. */
export interface VisionfitParams {
  scene: (typeof SCENES)[number];
  exercise: (typeof EXERCISES)[number];
  gender: "MALE" | "FEMALE";
  num_reps: number;
  rel_baseline_speed: number;
  max_rel_speed_change: number;
  kinematic_noise_factor: number;
  inter_rep_delay_avg: number;
  inter_rep_delay_var: number;
  add_pauses: boolean;
  camera_distance: number;
  camera_height: number;
  relative_camera_yaw_deg: number;
  relative_camera_pitch_deg: number;
  relative_avatar_angle_deg: number;
  avatar_identity: number;
  randomize_skin_tone: boolean;
  relative_height: number;
  relative_weight: number;
  outfit: number;
  hide_shoes: boolean;
  add_socks: boolean;
  lighting_power: number;
  add_wall_art: boolean;
  wall_art_type: "misc_human" | "non_human";
  allowable_occlusion: number;
  enable_sensor_noise: boolean;
  frame_rate: number;
  image_width: number;
  image_height: number;
  state: string;
}

/**
 * Typed, defaults-filled view of a job's parameter values (the API validates; this only
 * coerces and fills, so the renderer and frameCount agree on every value).
 */
export function resolveVisionfitParams(values: ParamValues): VisionfitParams {
  const out: Record<string, string | number | boolean> = {};
  for (const spec of VISIONFIT_PARAMS) {
    const v = values[spec.name] ?? spec.default_value;
    if (spec.type === "int" || spec.type === "float") {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new Error(`Parameter ${spec.name} must be a number`);
      out[spec.name] = spec.type === "int" ? Math.round(n) : n;
    } else if (spec.type === "bool") out[spec.name] = v === true || v === "true" || v === 1;
    else {
      if (v === null || v === undefined) throw new Error(`Parameter ${spec.name} is required`);
      out[spec.name] = String(v);
    }
  }
  return out as unknown as VisionfitParams;
}
