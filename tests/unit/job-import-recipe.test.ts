import { describe, expect, it } from "vitest";
import { generatorSpecSchema } from "@/lib/generation/contract";
import { recipeSchema, validateRecipe, type RecipeValidation } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { jobStateUuid } from "@/lib/generation/prng";
import { VISIONFIT_NAME, VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";
import { findGenerator } from "@/lib/engine/generators/registry";
import { resolveParams } from "@/lib/engine/validation";

/** Recipes with an explicit job list (pasted or uploaded jobs) instead of distributions. */

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);

function recipe(jobs: unknown, header: Record<string, unknown> = {}) {
  return { generator: spec.name, kind: "preview", jobCount: 10, seed: 99, name: "pasted", params: {}, jobs, ...header };
}

function failure(result: RecipeValidation) {
  expect(result.ok, "the recipe should be refused").toBe(false);
  return result as Extract<RecipeValidation, { ok: false }>;
}

describe("validating a recipe with explicit jobs", () => {
  it("takes the job count from the list and ignores the distributions", () => {
    const params = { num_reps: { mode: "fixed", value: 99 }, colour: { mode: "uniform" } };
    const result = validateRecipe(spec, recipe([{ num_reps: 3 }, { scene: "GYM_1", state: null }], { jobCount: 500, params }));
    expect(result).toEqual({
      ok: true,
      recipe: { generator: spec.name, kind: "preview", jobCount: 2, seed: 99, name: "pasted", params: {}, jobs: [{ num_reps: 3 }, { scene: "GYM_1" }] },
    });
    expect(recipeSchema.parse((result as { recipe: unknown }).recipe)).toEqual((result as { recipe: unknown }).recipe);
  });

  it("does not need a jobCount at all", () => {
    const withoutCount: Record<string, unknown> = recipe([{ num_reps: 3 }]);
    delete withoutCount.jobCount;
    expect(validateRecipe(spec, withoutCount).ok).toBe(true);
  });

  it("reports every bad cell by row and column, and unknown keys once", () => {
    const result = failure(validateRecipe(spec, recipe([{ num_reps: 3 }, { lighting_power: 2500, foo: 1 }, { foo: 2, gender: "OTHER" }])));
    expect(result.fieldErrors).toEqual({});
    expect(result.paramErrors).toEqual({});
    expect(result.jobErrors).toEqual([
      { row: null, column: "foo", message: `Unknown key 'foo' (rows 2–3) — not a parameter of ${VISIONFIT_NAME}.` },
      { row: 2, column: "lighting_power", message: "2500 is above the maximum 2000" },
      { row: 3, column: "gender", message: '"OTHER" is not one of MALE, FEMALE' },
    ]);
    expect(result.messages).toEqual([
      `Unknown key 'foo' (rows 2–3) — not a parameter of ${VISIONFIT_NAME}.`,
      "Row 2, column lighting_power: 2500 is above the maximum 2000",
      'Row 3, column gender: "OTHER" is not one of MALE, FEMALE',
    ]);
  });

  it("files a problem with the list as a whole under the jobs field", () => {
    expect(failure(validateRecipe(spec, recipe([]))).fieldErrors).toEqual({ jobs: "The job list is empty: give at least one job." });
    expect(failure(validateRecipe(spec, recipe("all of them"))).fieldErrors).toEqual({ jobs: "The job list must be a list of objects, one per job." });
    const tooMany = failure(validateRecipe(spec, recipe(Array.from({ length: 10_001 }, () => ({})))));
    expect(tooMany.fieldErrors).toEqual({ jobs: "A batch holds at most 10,000 jobs; this list has 10,001." });
    expect(tooMany.messages).toEqual(["A batch holds at most 10,000 jobs; this list has 10,001."]);
  });

  it("still checks the header", () => {
    expect(failure(validateRecipe(spec, recipe([{}], { name: " " }))).fieldErrors).toEqual({ name: "Give the batch a name." });
    expect(failure(validateRecipe(spec, recipe([{}], { generator: "other-v1" }))).fieldErrors).toEqual({ generator: `This recipe is for other-v1, not ${VISIONFIT_NAME}.` });
  });

  it("a recipe without jobs (or with jobs: null) is a distribution recipe as before", () => {
    const result = validateRecipe(spec, { ...recipe(null), params: { num_reps: { mode: "fixed", value: 4 } } });
    expect(result.ok && result.recipe).toEqual({ generator: spec.name, kind: "preview", jobCount: 10, seed: 99, name: "pasted", params: { num_reps: { mode: "fixed", value: 4 } } });
  });
});

describe("checking the same list again", () => {
  it("gives the same answer, and checks it anew against another schema", () => {
    const list = [{ num_reps: 5 }, { num_reps: 12 }];
    expect(validateRecipe(spec, recipe(list)).ok).toBe(true);
    expect(validateRecipe(spec, recipe(list)).ok).toBe(true);
    const stricter = { ...spec, params: spec.params.map((p) => (p.name === "num_reps" ? { ...p, options: { min: 1, max: 10 } } : p)) };
    expect(failure(validateRecipe(stricter, recipe(list))).messages).toEqual(["Row 2, column num_reps: 12 is above the maximum 10"]);
    const bad = [{ num_reps: 50 }];
    expect(failure(validateRecipe(spec, recipe(bad))).jobErrors).toHaveLength(1);
    expect(failure(validateRecipe(spec, recipe(bad))).jobErrors).toHaveLength(1);
  });
});

describe("sampling a recipe with explicit jobs", () => {
  it("returns exactly the listed jobs, in order, with every parameter and defaults filled in", () => {
    const listed = [{ num_reps: 3, scene: "GYM_1" }, { lighting_power: 5 }, { state: "3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C", add_pauses: true }];
    const jobs = sampleJobs(spec, recipe(listed));
    expect(jobs).toHaveLength(3);
    for (const job of jobs) expect(Object.keys(job)).toEqual(spec.params.map((p) => p.name));
    expect(jobs[0]).toMatchObject({ num_reps: 3, scene: "GYM_1", lighting_power: 100, exercise: "PUSHUP" });
    expect(jobs[1]).toMatchObject({ num_reps: 1, scene: "BEDROOM_2", lighting_power: 5 });
    expect(jobs[2]).toMatchObject({ add_pauses: true, state: "3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c" });
  });

  it("derives a missing state from the batch seed, as Default mode does", () => {
    const jobs = sampleJobs(spec, recipe([{}, {}]));
    expect(jobs.map((j) => j.state)).toEqual([jobStateUuid(99, 0), jobStateUuid(99, 1)]);
    expect(sampleJobs(spec, recipe([{}, {}]))).toEqual(jobs);
  });

  it("gives jobs the engine accepts unchanged", () => {
    const generator = findGenerator(VISIONFIT_NAME)!;
    const jobs = sampleJobs(spec, recipe([{ num_reps: 20, camera_distance: 1, outfit: -1, relative_camera_yaw_deg: -45, frame_rate: 6 }, {}]));
    for (const job of jobs) expect(resolveParams(generator, job)).toEqual({ ok: true, params: job });
  });

  it("throws the per-cell errors for a bad list", () => {
    expect(() => sampleJobs(spec, recipe([{ num_reps: 0 }]))).toThrow("Row 1, column num_reps: 0 is below the minimum 1");
  });
});
