import { describe, expect, it } from "vitest";
import { generatorSpecSchema, type GeneratorSpec } from "@/lib/generation/contract";
import { applicableModes, paramRecipeSchema, recipeSchema, validateRecipe, type RecipeValidation } from "@/lib/generation/recipe";
import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);
const param = (name: string) => spec.params.find((p) => p.name === name)!;

function recipe(params: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  return { generator: spec.name, kind: "video", jobCount: 100, seed: 7, name: "Squats at dusk", params, ...header };
}

function failure(result: RecipeValidation) {
  expect(result.ok, "the recipe should be refused").toBe(false);
  return result as Extract<RecipeValidation, { ok: false }>;
}

/** The one error a single bad parameter gives, and the key it is filed under. */
function paramError(name: string, distribution: unknown) {
  const result = failure(validateRecipe(spec, recipe({ [name]: distribution })));
  expect(result.fieldErrors).toEqual({});
  expect(Object.keys(result.paramErrors)).toEqual([name]);
  expect(result.messages).toEqual([result.paramErrors[name]]);
  return result.paramErrors[name];
}

describe("a valid recipe", () => {
  it("passes with every mode used where it applies, and comes back typed", () => {
    const params = {
      scene: { mode: "choice", options: [{ value: "GYM_1", weight: 2 }, { value: "OFFICE_1", weight: 1 }, { value: "BEDROOM_2", weight: 0 }] },
      exercise: { mode: "random", category: "LUNGE" },
      gender: { mode: "sweep" },
      num_reps: { mode: "integer", min: 2, max: 8 },
      rel_baseline_speed: { mode: "uniform", min: 0.5, max: 2 },
      relative_height: { mode: "normal", mean: 0.5, sd: 1.5 },
      lighting_power: { mode: "sweep", from: 50, to: 1500 },
      avatar_identity: { mode: "uniform", min: 3, max: 9 },
      add_pauses: { mode: "fixed", value: true },
      frame_rate: { mode: "fixed", value: 30 },
      camera_height: { mode: "default" },
      state: { mode: "fixed", value: "3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C" },
    };
    const result = validateRecipe(spec, recipe(params));
    expect(result).toEqual({ ok: true, recipe: recipe(params) });
  });

  it("lets an int stand for a float, and a float parameter take Integer", () => {
    expect(validateRecipe(spec, recipe({ lighting_power: { mode: "fixed", value: 100 }, camera_distance: { mode: "integer", min: 2, max: 4 } })).ok).toBe(true);
  });

  it("fills params with {} when missing and trims the name", () => {
    const result = validateRecipe(spec, { generator: spec.name, kind: "preview", jobCount: 1, seed: 0, name: "  Preview  " });
    expect(result).toEqual({ ok: true, recipe: { generator: spec.name, kind: "preview", jobCount: 1, seed: 0, name: "Preview", params: {} } });
  });

  it("accepts the bounds of jobCount and seed", () => {
    expect(validateRecipe(spec, recipe({}, { jobCount: 10_000, seed: 2 ** 31 - 1 })).ok).toBe(true);
  });

  it("the schema alone parses a stored recipe with typed distributions", () => {
    const parsed = recipeSchema.parse(recipe({ num_reps: { mode: "integer", min: 1, max: 3 } }));
    expect(parsed.params.num_reps).toEqual({ mode: "integer", min: 1, max: 3 });
    expect(paramRecipeSchema.parse({ mode: "sweep" })).toEqual({ mode: "sweep" });
  });
});

describe("the recipe's own fields", () => {
  it.each([
    ["jobCount", { jobCount: 0 }, "Job count must be a whole number from 1 to 10,000."],
    ["jobCount", { jobCount: 10_001 }, "Job count must be a whole number from 1 to 10,000."],
    ["jobCount", { jobCount: 2.5 }, "Job count must be a whole number from 1 to 10,000."],
    ["jobCount", { jobCount: "10" }, "Job count must be a whole number from 1 to 10,000."],
    ["seed", { seed: -1 }, "Seed must be a whole number from 0 to 2147483647."],
    ["seed", { seed: 2 ** 31 }, "Seed must be a whole number from 0 to 2147483647."],
    ["kind", { kind: "gif" }, 'Kind must be "preview" or "video".'],
    ["name", { name: "   " }, "Give the batch a name."],
    ["generator", { generator: "other-gen-v1" }, `This recipe is for other-gen-v1, not ${VISIONFIT_SPEC.name}.`],
    ["params", { params: [] }, "params must be an object of parameter names to distributions."],
  ])("%s: %j", (key, header, message) => {
    const result = failure(validateRecipe(spec, recipe({}, header)));
    expect(result.fieldErrors).toEqual({ [key]: message });
    expect(result.paramErrors).toEqual({});
  });

  it("refuses previews for a generator without them", () => {
    const noPreview: GeneratorSpec = { ...spec, name: "video-only-v1", options: { preview: false } };
    const result = failure(validateRecipe(noPreview, recipe({}, { generator: "video-only-v1", kind: "preview" })));
    expect(result.fieldErrors).toEqual({ kind: "video-only-v1 does not render previews." });
  });

  it("refuses something that is not an object", () => {
    const result = failure(validateRecipe(spec, "uniform please"));
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["recipe"]);
  });
});

describe("per-parameter errors name the parameter and say what to change", () => {
  it.each([
    ["lighting_power", { mode: "uniform", min: 500, max: 100 }, "lighting_power: Uniform min (500) must be ≤ max (100)"],
    ["lighting_power", { mode: "uniform", min: 10, max: 3000 }, "lighting_power: Uniform max (3000) is outside 0–2000"],
    ["lighting_power", { mode: "uniform", min: 10 }, "lighting_power: Uniform max must be a number"],
    ["num_reps", { mode: "uniform", min: 1.5, max: 4 }, "num_reps: Uniform min (1.5) must be a whole number"],
    ["num_reps", { mode: "fixed", value: 99 }, "num_reps: fixed value 99 is outside 1–20"],
    ["num_reps", { mode: "fixed", value: 2.5 }, "num_reps: fixed value 2.5 must be a whole number"],
    ["num_reps", { mode: "fixed", value: "3" }, 'num_reps: fixed value "3" must be a whole number'],
    ["num_reps", { mode: "integer", min: 0, max: 5 }, "num_reps: Integer min (0) is outside 1–20"],
    ["num_reps", { mode: "integer", min: 6, max: 5 }, "num_reps: Integer min (6) must be ≤ max (5)"],
    ["camera_distance", { mode: "integer", min: 1.5, max: 4 }, "camera_distance: Integer min (1.5) must be a whole number"],
    ["exercise", { mode: "fixed", value: "SWIM" }, "exercise: SWIM is not one of the choices"],
    ["exercise", { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SWIM", weight: 1 }] }, "exercise: SWIM is not one of the choices"],
    ["exercise", { mode: "random", category: "SWIM" }, "exercise: category SWIM matches none of the choices"],
    ["num_reps", { mode: "random", category: "LUNGE" }, "num_reps: a category applies only to a text parameter with a list of choices"],
    ["frame_rate", { mode: "fixed", value: 25 }, "frame_rate: 25 is not one of the choices"],
    ["add_pauses", { mode: "fixed", value: "yes" }, 'add_pauses: fixed value "yes" must be true or false'],
    ["scene", { mode: "uniform", min: 0, max: 1 }, "scene: Uniform does not apply to a text parameter with a list of choices (use Default, Fixed, Random, Choice or Sweep)"],
    ["frame_rate", { mode: "normal", mean: 24, sd: 2 }, "frame_rate: Normal does not apply to a parameter with a list of choices (use Default, Fixed, Random, Choice or Sweep)"],
    ["add_socks", { mode: "integer", min: 0, max: 1 }, "add_socks: Integer does not apply to a true/false parameter (use Default, Fixed, Random, Choice or Sweep)"],
    ["relative_height", { mode: "normal", mean: 0, sd: 0 }, "relative_height: Normal sd (0) must be greater than 0"],
    ["relative_height", { mode: "normal", mean: 0, sd: -1 }, "relative_height: Normal sd (-1) must be greater than 0"],
    ["relative_height", { mode: "normal", mean: 9, sd: 1 }, "relative_height: Normal mean (9) is outside -4–4"],
    ["scene", { mode: "choice", options: [{ value: "GYM_1", weight: 0 }, { value: "OFFICE_1", weight: 0 }] }, "scene: Choice weights must not all be 0"],
    ["scene", { mode: "choice", options: [{ value: "GYM_1", weight: -1 }, { value: "OFFICE_1", weight: 2 }] }, "scene: Choice weight for GYM_1 (-1) must be 0 or more"],
    ["scene", { mode: "choice", options: [{ value: "GYM_1", weight: 1 }, { value: "GYM_1", weight: 2 }] }, "scene: Choice lists GYM_1 twice"],
    ["scene", { mode: "choice", options: [] }, "scene: Choice needs at least one option"],
    ["num_reps", { mode: "choice", options: [{ value: 5, weight: 1 }, { value: 50, weight: 1 }] }, "num_reps: choice 50 is outside 1–20"],
    ["num_reps", { mode: "sweep", from: 0, to: 10 }, "num_reps: Sweep from (0) is outside 1–20"],
    ["num_reps", { mode: "sweep", from: 1, to: 9.5 }, "num_reps: Sweep to (9.5) must be a whole number"],
    ["scene", { mode: "sweep", from: 1, to: 3 }, "scene: Sweep from/to apply only to a number range; choices are cycled in order"],
    ["state", { mode: "random" }, "state: the seed may only be Default (one per job, derived from the batch seed) or Fixed to a UUID"],
    ["state", { mode: "uniform", min: 0, max: 1 }, "state: the seed may only be Default (one per job, derived from the batch seed) or Fixed to a UUID"],
    ["state", { mode: "fixed", value: "not-a-uuid" }, 'state: fixed value "not-a-uuid" must be a UUID like 3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c'],
    ["state", { mode: "fixed", value: null }, "state: fixed value null must be a UUID like 3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c"],
    ["gender", { mode: "bogus" }, "gender: mode must be one of default, fixed, random, uniform, normal, choice, integer, sweep"],
    ["gender", {}, "gender: mode must be one of default, fixed, random, uniform, normal, choice, integer, sweep"],
    ["gender", "MALE", 'gender: must be a distribution with a mode, like { "mode": "default" }'],
    ["swim_speed", { mode: "default" }, `swim_speed: not a parameter of ${VISIONFIT_SPEC.name}`],
  ])("%s %j", (name, distribution, message) => {
    expect(paramError(name, distribution)).toBe(message);
  });

  it("reports every bad parameter at once, each under its own key, with the header errors", () => {
    const result = failure(
      validateRecipe(
        spec,
        recipe(
          {
            lighting_power: { mode: "uniform", min: 500, max: 100 },
            num_reps: { mode: "fixed", value: 99 },
            exercise: { mode: "fixed", value: "SWIM" },
            gender: { mode: "fixed", value: "FEMALE" },
          },
          { seed: -5 },
        ),
      ),
    );
    expect(result.fieldErrors).toEqual({ seed: "Seed must be a whole number from 0 to 2147483647." });
    expect(result.paramErrors).toEqual({
      lighting_power: "lighting_power: Uniform min (500) must be ≤ max (100)",
      num_reps: "num_reps: fixed value 99 is outside 1–20",
      exercise: "exercise: SWIM is not one of the choices",
    });
    expect(result.messages).toHaveLength(4);
  });
});

describe("applicableModes", () => {
  it("offers each kind of parameter only the modes that make sense", () => {
    expect(applicableModes(param("lighting_power"))).toEqual(["default", "fixed", "random", "uniform", "normal", "choice", "integer", "sweep"]);
    expect(applicableModes(param("num_reps"))).toEqual(["default", "fixed", "random", "uniform", "normal", "choice", "integer", "sweep"]);
    expect(applicableModes(param("scene"))).toEqual(["default", "fixed", "random", "choice", "sweep"]);
    expect(applicableModes(param("frame_rate"))).toEqual(["default", "fixed", "random", "choice", "sweep"]);
    expect(applicableModes(param("add_pauses"))).toEqual(["default", "fixed", "random", "choice", "sweep"]);
    expect(applicableModes(param("state"))).toEqual(["default", "fixed"]);
    expect(applicableModes({ name: "asset_id", type: "uuid", default_value: null, options: null, description: "" })).toEqual(["default", "fixed", "random"]);
    expect(applicableModes({ name: "label", type: "str", default_value: "x", options: null, description: "" })).toEqual(["default", "fixed", "random", "choice"]);
  });
});
