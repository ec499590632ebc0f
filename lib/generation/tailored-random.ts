import type { ParamSpec } from "./contract";
import { choicesInCategory, choicesOf, isStateParam, rangeOf } from "./param-kinds";
import { applicableModes, paramRecipeProblem } from "./recipe";
import type { ChoiceValue, ParamRecipe, ParamRecipeOf } from "./recipe-schema";

/**
 * The `random` mode: the portal's port of Infinity's `sample_input`. Random resolves to one of
 * the explicit distributions, so sampling, labels and chart overlays share one code path and a
 * report can say exactly what "Random" meant.
 */

export type ConcreteRecipe = Exclude<ParamRecipe, { mode: "random" }>;

export interface ResolvedRandom {
  recipe: ConcreteRecipe;
  /** The PRNG stream the draws come from; usually the parameter's name. */
  stream: string;
  /** True when a generator-specific rule applied, false for the generic fallback. */
  tailored: boolean;
}

type RandomRecipe = ParamRecipeOf<"random">;

const uniform = (min: number, max: number): ConcreteRecipe => ({ mode: "uniform", min, max });
const equalChoice = (values: ChoiceValue[]): ParamRecipeOf<"choice"> => ({ mode: "choice", options: values.map((value) => ({ value, weight: 1 })) });
const coin = (): ConcreteRecipe => equalChoice([true, false]);
const fixed = (value: number | boolean): ConcreteRecipe => ({ mode: "fixed", value });

/**
 * Uniform over the parameter's choices; with a category, over that category's choices only
 * (exercise `{ mode: "random", category: "LUNGE" }` draws LUNGE-LEFT and LUNGE-RIGHT equally,
 * as `sample_input(exercise_category=…)` did).
 */
function overChoices(param: ParamSpec, r: RandomRecipe): ConcreteRecipe {
  const values = r.category === undefined ? (choicesOf(param) ?? []) : choicesInCategory(param, r.category);
  return equalChoice(values);
}

/** Every whole number of the parameter's range equally likely (avatar_identity, outfit). */
function overRange(param: ParamSpec): ConcreteRecipe {
  const range = rangeOf(param)!;
  return param.type === "int"
    ? { mode: "integer", min: Math.ceil(range.min), max: Math.floor(range.max) }
    : uniform(range.min, range.max);
}

type Rule = (param: ParamSpec, r: RandomRecipe) => ConcreteRecipe;

/** generation-api.md, "Random sampling": the VisionFit sampler, parameter by parameter. */
const VISIONFIT_RULES: Record<string, Rule> = {
  scene: overChoices,
  exercise: overChoices,
  gender: overChoices,
  frame_rate: overChoices,
  wall_art_type: overChoices,
  num_reps: () => ({ mode: "integer", min: 1, max: 10 }),
  rel_baseline_speed: () => uniform(0.8, 1.25),
  max_rel_speed_change: () => uniform(0, 0.2),
  kinematic_noise_factor: () => fixed(1.0),
  inter_rep_delay_avg: () => uniform(0, 2),
  inter_rep_delay_var: () => uniform(0, 2),
  add_pauses: coin,
  camera_distance: () => uniform(2.5, 5.0),
  camera_height: () => uniform(0.1, 2.75),
  relative_camera_yaw_deg: () => uniform(-15, 15),
  relative_camera_pitch_deg: () => uniform(-10, 10),
  relative_avatar_angle_deg: () => uniform(-180, 180),
  avatar_identity: overRange,
  randomize_skin_tone: () => fixed(false),
  // Clipped, as numpy's clip did: the rare |z| > 4 lands on the bound.
  relative_height: () => ({ mode: "normal", mean: 0, sd: 1 }),
  relative_weight: () => ({ mode: "normal", mean: 0, sd: 1 }),
  outfit: overRange,
  hide_shoes: coin,
  add_socks: coin,
  lighting_power: () => uniform(10, 1000),
  add_wall_art: coin,
  allowable_occlusion: () => uniform(0, 50),
  enable_sensor_noise: () => fixed(true),
  image_width: () => equalChoice([256, 512]),
  image_height: () => equalChoice([256, 512]),
};

/**
 * Width and height read one shared stream, so when both are Random they are equal in every
 * job (a square image, as the sampler drew them jointly), and when only one is Random its
 * values still do not depend on the other's recipe.
 */
const VISIONFIT_STREAMS: Record<string, string> = { image_width: "image_width=image_height", image_height: "image_width=image_height" };

/** Any version of the VisionFit family gets the tailored sampler. */
export function hasTailoredSampler(generator: string): boolean {
  return generator.startsWith("visionfit-");
}

/** Uniform over the range or the choices; a fair coin for booleans; the default otherwise. */
function genericRandom(param: ParamSpec, r: RandomRecipe): ConcreteRecipe {
  if (param.type === "bool") return coin();
  if (param.type !== "uuid" && choicesOf(param)) return overChoices(param, r);
  if (rangeOf(param) && (param.type === "int" || param.type === "float")) return overRange(param);
  return { mode: "default" };
}

export function resolveRandom(generator: string, param: ParamSpec, r: RandomRecipe): ResolvedRandom {
  const rule = hasTailoredSampler(generator) && !isStateParam(param) ? VISIONFIT_RULES[param.name] : undefined;
  if (rule) {
    const recipe = rule(param, r);
    // A later VisionFit version may narrow a range or rename a choice; then the documented
    // distribution no longer fits and the generic one (always valid) takes over.
    if (applicableModes(param).includes(recipe.mode) && paramRecipeProblem(param, recipe) === null) {
      return { recipe, stream: VISIONFIT_STREAMS[param.name] ?? param.name, tailored: true };
    }
  }
  return { recipe: genericRandom(param, r), stream: param.name, tailored: false };
}
