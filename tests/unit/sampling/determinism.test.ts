/** Determinism across modes: same seed, other seed, independent streams per parameter. */
import { describe, expect, it } from "vitest";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { jobStateUuid } from "@/lib/generation/prng";
import { spec, sample, column, allRandom } from "./helpers";

describe("determinism", () => {
  const mixed: Record<string, ParamRecipe> = {
    ...allRandom,
    num_reps: { mode: "integer", min: 2, max: 6 },
    relative_height: { mode: "normal", mean: 1, sd: 0.5 },
    scene: { mode: "choice", options: [{ value: "GYM_1", weight: 1 }, { value: "OFFICE_1", weight: 2 }] },
    camera_distance: { mode: "sweep" },
  };

  it("the same seed gives identical jobs, state included", () => {
    expect(sample(mixed, { jobCount: 2000 })).toEqual(sample(mixed, { jobCount: 2000 }));
  });

  it("another seed gives other values in every drawn parameter and other states", () => {
    const a = sample(mixed, { jobCount: 200, seed: 1 });
    const b = sample(mixed, { jobCount: 200, seed: 2 });
    for (const name of ["lighting_power", "num_reps", "relative_height", "scene", "exercise", "add_pauses", "image_width", "state"]) {
      expect(column(a, name), name).not.toEqual(column(b, name));
    }
    expect(new Set([...column(a, "state"), ...column(b, "state")]).size).toBe(400);
  });

  it("changing one parameter's recipe leaves every other parameter's values unchanged", () => {
    const before = sample(mixed, { jobCount: 1000 });
    const after = sample({ ...mixed, lighting_power: { mode: "normal", mean: 700, sd: 50 }, exercise: { mode: "fixed", value: "SQUAT" } }, { jobCount: 1000 });
    expect(column(after, "lighting_power")).not.toEqual(column(before, "lighting_power"));
    for (const p of spec.params.filter((p) => p.name !== "lighting_power" && p.name !== "exercise")) {
      expect(column(after, p.name), p.name).toEqual(column(before, p.name));
    }
  });

  it("more jobs extend a batch without changing the jobs it already had (Sweep aside)", () => {
    const drawn = Object.fromEntries(Object.entries(mixed).filter(([name]) => name !== "camera_distance"));
    expect(sample(drawn, { jobCount: 10_000 }).slice(0, 300)).toEqual(sample(drawn, { jobCount: 300 }));
  });

  it("state depends only on the seed and the job's index", () => {
    expect(column(sample(mixed, { jobCount: 100 }), "state")).toEqual(column(sample({}, { jobCount: 100 }), "state"));
    expect(column(sample({}, { jobCount: 3, seed: 0 }), "state")).toEqual([jobStateUuid(0, 0), jobStateUuid(0, 1), jobStateUuid(0, 2)]);
  });
});
