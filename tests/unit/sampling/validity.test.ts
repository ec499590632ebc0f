/** Sampled jobs are valid: the engine accepts them, bad recipes are refused, a full batch is complete. */
import { describe, expect, it } from "vitest";
import { RecipeError, type ParamRecipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { VISIONFIT_NAME } from "@/lib/engine/generators/visionfit/params";
import { findGenerator } from "@/lib/engine/generators/registry";
import { resolveParams } from "@/lib/engine/validation";
import { spec, N, sample, allRandom } from "./helpers";

describe("the engine accepts every sampled job", () => {
  const generator = findGenerator(VISIONFIT_NAME)!;

  it.each([
    ["all Random", allRandom],
    [
      "every mode",
      {
        scene: { mode: "sweep" },
        exercise: { mode: "random", category: "UPPERCUT" },
        num_reps: { mode: "normal", mean: 19, sd: 5 },
        relative_height: { mode: "normal", mean: -3.9, sd: 2 },
        avatar_identity: { mode: "uniform", min: 0, max: 24 },
        lighting_power: { mode: "uniform", min: 0, max: 2000 },
        camera_height: { mode: "sweep", from: 2.75, to: 0.1 },
        image_width: { mode: "integer", min: 128, max: 512 },
        image_height: { mode: "sweep" },
        frame_rate: { mode: "choice", options: [{ value: 8, weight: 1 }, { value: 6, weight: 1 }] },
        outfit: { mode: "fixed", value: -1 },
        add_pauses: { mode: "sweep" },
      },
    ],
  ] as [string, Record<string, ParamRecipe>][])("%s: resolveParams passes each job unchanged", (_label, params) => {
    const jobs = sample(params);
    for (const job of jobs) {
      const result = resolveParams(generator, job);
      if (!result.ok) throw new Error(`engine refused ${JSON.stringify(job)}: ${JSON.stringify(result.errors)}`);
      expect(result.params).toEqual(job);
    }
  });
});

describe("invalid recipes", () => {
  it("sampleJobs refuses them with the per-parameter errors", () => {
    const bad = { generator: spec.name, kind: "video", jobCount: 10, seed: 1, name: "x", params: { num_reps: { mode: "fixed", value: 99 } } };
    expect(() => sampleJobs(spec, bad)).toThrow(RecipeError);
    try {
      sampleJobs(spec, bad);
    } catch (error) {
      expect((error as RecipeError).validation.paramErrors).toEqual({ num_reps: "num_reps: fixed value 99 is outside 1–20" });
    }
  });
});

describe("a full-size batch", () => {
  // Its speed is measured by `npm run bench` (scripts/bench/sampling.ts), not asserted here.
  it("samples 10,000 jobs with every one of the 31 parameters", () => {
    expect(spec.params).toHaveLength(31);
    const jobs = sample(allRandom);
    expect(jobs).toHaveLength(N);
    expect(jobs.every((job) => Object.keys(job).length === 31)).toBe(true);
  });
});
