import { describe, expect, it } from "vitest";
import { generatorSpecSchema, type GeneratorSpec, type ParamValues } from "@/lib/generation/contract";
import { RecipeError, type ParamRecipe } from "@/lib/generation/recipe";
import { describeDistribution, expectedShape, sampleJobs } from "@/lib/generation/sampling";
import { integerEdges, normalCdf } from "@/lib/generation/expected-shape";
import { jobStateUuid } from "@/lib/generation/prng";
import { EXERCISES, FRAME_RATES, SCENES, VISIONFIT_NAME, VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";
import { findGenerator } from "@/lib/engine/generators/registry";
import { resolveParams } from "@/lib/engine/validation";

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);
const param = (name: string) => spec.params.find((p) => p.name === name)!;
const N = 10_000;
const SEED = 20_240_611;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sample(params: Record<string, ParamRecipe>, header: { jobCount?: number; seed?: number } = {}, on: GeneratorSpec = spec): ParamValues[] {
  return sampleJobs(on, { generator: on.name, kind: "video", jobCount: N, seed: SEED, name: "test batch", params, ...header });
}

const column = (jobs: ParamValues[], name: string) => jobs.map((j) => j[name]);
const numbers = (jobs: ParamValues[], name: string) => column(jobs, name) as number[];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
const count = (xs: unknown[], v: unknown) => xs.filter((x) => x === v).length;

/** The sample mean lies within 3 standard errors of the distribution's mean. */
function expectMean(xs: number[], mu: number, sigma: number) {
  expect(Math.abs(mean(xs) - mu), `mean ${mean(xs)} vs ${mu}`).toBeLessThan((3 * sigma) / Math.sqrt(xs.length));
}

/** A count of n Bernoulli(p) trials lies within 3 binomial standard deviations of n·p. */
function expectCount(k: number, n: number, p: number) {
  expect(Math.abs(k - n * p), `count ${k} vs ${n * p}`).toBeLessThanOrEqual(3 * Math.sqrt(n * p * (1 - p)));
}

const decimals4 = (x: number) => Math.round(x * 1e4) / 1e4 === x;
const allRandom = Object.fromEntries(spec.params.filter((p) => p.name !== "state").map((p) => [p.name, { mode: "random" } as ParamRecipe]));

describe("Uniform", () => {
  it("floats: every value in [min, max], mean and sd as U(a, b), four decimals", () => {
    const xs = numbers(sample({ lighting_power: { mode: "uniform", min: 100, max: 1500 } }), "lighting_power");
    expect(xs).toHaveLength(N);
    expect(xs.every((x) => x >= 100 && x <= 1500 && decimals4(x))).toBe(true);
    const sigma = 1400 / Math.sqrt(12);
    expectMean(xs, 800, sigma);
    expect(Math.abs(sd(xs) / sigma - 1)).toBeLessThan(0.03);
    expect(Math.min(...xs)).toBeLessThan(101);
    expect(Math.max(...xs)).toBeGreaterThan(1499);
  });

  it("ints: whole numbers, each value of the range, ends as likely as the middle", () => {
    const xs = numbers(sample({ num_reps: { mode: "uniform", min: 1, max: 20 } }), "num_reps");
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 20)).toBe(true);
    expectMean(xs, 10.5, Math.sqrt((20 ** 2 - 1) / 12));
    for (let v = 1; v <= 20; v++) expectCount(count(xs, v), N, 1 / 20);
  });
});

describe("Normal, clipped to the parameter's range", () => {
  it("on a wide range keeps its mean and sd, and nothing leaves the range", () => {
    const xs = numbers(sample({ relative_height: { mode: "normal", mean: 0.5, sd: 1 } }), "relative_height");
    expect(xs.every((x) => x >= -4 && x <= 4 && decimals4(x))).toBe(true);
    expectMean(xs, 0.5, 1);
    expect(Math.abs(sd(xs) - 1)).toBeLessThan(3 / Math.sqrt(2 * N));
  });

  it("on a narrow range piles the clipped tails on the bounds", () => {
    const xs = numbers(sample({ camera_height: { mode: "normal", mean: 0.3, sd: 1 } }), "camera_height");
    expect(xs.every((x) => x >= 0.1 && x <= 2.75)).toBe(true);
    expectCount(count(xs, 0.1), N, normalCdf((0.1 - 0.3) / 1)); // ≈ 42 %
    expectCount(count(xs, 2.75), N, 1 - normalCdf((2.75 - 0.3) / 1)); // ≈ 0.7 %
    expect(count(xs, 0.1)).toBeGreaterThan(4000);
  });

  it("on an int parameter rounds to whole numbers inside the range", () => {
    const xs = numbers(sample({ num_reps: { mode: "normal", mean: 10, sd: 3 } }), "num_reps");
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 20)).toBe(true);
    expectMean(xs, 10, 3);
  });
});

describe("Choice", () => {
  const options = [
    { value: "PUSHUP", weight: 1 },
    { value: "SQUAT", weight: 3 },
    { value: "LUNGE-LEFT", weight: 0 },
    { value: "BURPEE", weight: 6 },
  ];

  it("draws each choice in proportion to its weight and never a zero-weight one", () => {
    const xs = column(sample({ exercise: { mode: "choice", options } }), "exercise");
    expect(new Set(xs)).toEqual(new Set(["PUSHUP", "SQUAT", "BURPEE"]));
    expect(count(xs, "LUNGE-LEFT")).toBe(0);
    for (const { value, weight } of options) expectCount(count(xs, value), N, weight / 10);
    // Pearson's chi-square over the three live choices (2 degrees of freedom; p = 0.001 at 13.8).
    const chi2 = options.filter((o) => o.weight > 0).reduce((s, o) => s + (count(xs, o.value) - (N * o.weight) / 10) ** 2 / ((N * o.weight) / 10), 0);
    expect(chi2).toBeLessThan(13.8);
  });

  it("works for booleans and for numbers from a list", () => {
    const jobs = sample({
      add_pauses: { mode: "choice", options: [{ value: true, weight: 1 }, { value: false, weight: 4 }] },
      frame_rate: { mode: "choice", options: [{ value: 30, weight: 1 }, { value: 6, weight: 1 }, { value: 12, weight: 0 }] },
    });
    expectCount(count(column(jobs, "add_pauses"), true), N, 0.2);
    expect(count(column(jobs, "add_pauses"), false) + count(column(jobs, "add_pauses"), true)).toBe(N);
    expectCount(count(column(jobs, "frame_rate"), 30), N, 0.5);
    expect(count(column(jobs, "frame_rate"), 30) + count(column(jobs, "frame_rate"), 6)).toBe(N);
  });
});

describe("Integer", () => {
  it("gives whole numbers in [min, max], each about equally often", () => {
    const xs = numbers(sample({ avatar_identity: { mode: "integer", min: 3, max: 9 } }), "avatar_identity");
    expect(xs.every((x) => Number.isInteger(x) && x >= 3 && x <= 9)).toBe(true);
    for (let v = 3; v <= 9; v++) expectCount(count(xs, v), N, 1 / 7);
  });

  it("on a float parameter still gives whole numbers", () => {
    const xs = numbers(sample({ camera_distance: { mode: "integer", min: 2, max: 4 } }), "camera_distance");
    expect(new Set(xs)).toEqual(new Set([2, 3, 4]));
  });
});

describe("Sweep", () => {
  it("spreads floats evenly from `from` to `to` in job order", () => {
    const jobs = sample({ camera_distance: { mode: "sweep", from: 1.5, to: 4.5 } }, { jobCount: 7 });
    expect(column(jobs, "camera_distance")).toEqual([1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  });

  it("defaults to the parameter's whole range and can run downwards", () => {
    expect(column(sample({ lighting_power: { mode: "sweep" } }, { jobCount: 5 }), "lighting_power")).toEqual([0, 500, 1000, 1500, 2000]);
    expect(column(sample({ relative_avatar_angle_deg: { mode: "sweep", from: 90, to: -90 } }, { jobCount: 4 }), "relative_avatar_angle_deg")).toEqual([90, 30, -30, -90]);
    expect(column(sample({ lighting_power: { mode: "sweep", from: 300 } }, { jobCount: 1 }), "lighting_power")).toEqual([300]);
  });

  it("keeps even steps over many jobs", () => {
    const xs = numbers(sample({ rel_baseline_speed: { mode: "sweep", from: 0.5, to: 2.5 } }, { jobCount: 101 }), "rel_baseline_speed");
    expect(xs[0]).toBe(0.5);
    expect(xs.at(-1)).toBe(2.5);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(0.02, 9);
  });

  it("gives whole numbers an equal run each when there are enough jobs", () => {
    const xs = numbers(sample({ num_reps: { mode: "sweep", from: 1, to: 10 } }, { jobCount: 100 }), "num_reps");
    expect(xs[0]).toBe(1);
    expect(xs.at(-1)).toBe(10);
    for (let v = 1; v <= 10; v++) expect(count(xs, v)).toBe(10);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it("steps whole numbers from first to last when there are fewer jobs than values", () => {
    expect(column(sample({ num_reps: { mode: "sweep" } }, { jobCount: 5 }), "num_reps")).toEqual([1, 6, 11, 15, 20]);
  });

  it("cycles every choice, and true/false, in schema order", () => {
    const jobs = sample({ scene: { mode: "sweep" }, add_wall_art: { mode: "sweep" }, frame_rate: { mode: "sweep" } }, { jobCount: 20 });
    expect(column(jobs, "scene")).toEqual(Array.from({ length: 20 }, (_, i) => SCENES[i % SCENES.length]));
    expect(column(jobs, "add_wall_art")).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 1));
    expect(column(jobs, "frame_rate")).toEqual(Array.from({ length: 20 }, (_, i) => FRAME_RATES[i % FRAME_RATES.length]));
  });

  it("does not depend on the seed", () => {
    const params = { scene: { mode: "sweep" }, lighting_power: { mode: "sweep", from: 10, to: 20 } } as const;
    const a = sample(params, { jobCount: 30, seed: 1 });
    const b = sample(params, { jobCount: 30, seed: 2 });
    for (const name of ["scene", "lighting_power"]) expect(column(a, name)).toEqual(column(b, name));
  });
});

describe("Fixed and Default", () => {
  it("Default writes the generator's default into every job and a seed per job into state", () => {
    const jobs = sample({}, { jobCount: 50 });
    const defaults = Object.fromEntries(spec.params.filter((p) => p.name !== "state").map((p) => [p.name, p.default_value]));
    for (const job of jobs) {
      expect(Object.keys(job)).toEqual(spec.params.map((p) => p.name));
      expect({ ...job, state: undefined }).toEqual({ ...defaults, state: undefined });
      expect(job.state).toMatch(UUID_V4);
    }
    expect(new Set(column(jobs, "state")).size).toBe(50);
    expect(jobs[3]!.state).toBe(jobStateUuid(SEED, 3));
  });

  it("Fixed writes exactly the value given (a UUID lowercased, as the engine stores it)", () => {
    const jobs = sample(
      {
        num_reps: { mode: "fixed", value: 3 },
        lighting_power: { mode: "fixed", value: 123.456789 },
        exercise: { mode: "fixed", value: "BICEP_CURL" },
        add_socks: { mode: "fixed", value: true },
        state: { mode: "fixed", value: "3F2B6A1C-0D4E-4F5A-8B6C-7D8E9F0A1B2C" },
      },
      { jobCount: 20 },
    );
    for (const job of jobs) {
      expect(job).toMatchObject({ num_reps: 3, lighting_power: 123.456789, exercise: "BICEP_CURL", add_socks: true, state: "3f2b6a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c" });
    }
  });
});

describe("Random (VisionFit's tailored sampler)", () => {
  const jobs = sample(allRandom);
  const uniformCases: [string, number, number][] = [
    ["lighting_power", 10, 1000],
    ["rel_baseline_speed", 0.8, 1.25],
    ["max_rel_speed_change", 0, 0.2],
    ["camera_distance", 2.5, 5.0],
    ["camera_height", 0.1, 2.75],
    ["relative_camera_yaw_deg", -15, 15],
    ["relative_camera_pitch_deg", -10, 10],
    ["relative_avatar_angle_deg", -180, 180],
    ["inter_rep_delay_avg", 0, 2],
    ["inter_rep_delay_var", 0, 2],
    ["allowable_occlusion", 0, 50],
  ];

  it.each(uniformCases)("%s ~ U(%d, %d)", (name, a, b) => {
    const xs = numbers(jobs, name);
    expect(xs.every((x) => x >= a && x <= b)).toBe(true);
    expectMean(xs, (a + b) / 2, (b - a) / Math.sqrt(12));
  });

  it("lighting_power has mean ≈ 505", () => {
    expect(Math.abs(mean(numbers(jobs, "lighting_power")) - 505)).toBeLessThan(9);
  });

  it("relative_height and relative_weight ~ N(0, 1) clipped to [-4, 4]", () => {
    for (const name of ["relative_height", "relative_weight"]) {
      const xs = numbers(jobs, name);
      expect(xs.every((x) => x >= -4 && x <= 4)).toBe(true);
      expectMean(xs, 0, 1);
      expect(Math.abs(sd(xs) - 1)).toBeLessThan(3 / Math.sqrt(2 * N));
    }
    // Separate streams: the two are not the same sequence.
    expect(numbers(jobs, "relative_height")).not.toEqual(numbers(jobs, "relative_weight"));
  });

  it.each([
    ["num_reps", 1, 10],
    ["avatar_identity", 0, 24],
    ["outfit", -1, 4],
  ])("%s is uniform over the whole numbers %d..%d", (name, lo, hi) => {
    const xs = numbers(jobs, name);
    expect(xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi)).toBe(true);
    for (let v = lo; v <= hi; v++) expectCount(count(xs, v), N, 1 / (hi - lo + 1));
  });

  it.each([
    ["scene", [...SCENES]],
    ["exercise", [...EXERCISES]],
    ["gender", ["MALE", "FEMALE"]],
    ["frame_rate", [...FRAME_RATES]],
    ["wall_art_type", ["misc_human", "non_human"]],
  ] as [string, (string | number)[]][])("%s is uniform over its choices", (name, choices) => {
    const xs = column(jobs, name);
    expect(new Set(xs)).toEqual(new Set(choices));
    for (const c of choices) expectCount(count(xs, c), N, 1 / choices.length);
  });

  it("image_width = image_height, drawn jointly from {256, 512}", () => {
    expect(jobs.every((j) => j.image_width === j.image_height)).toBe(true);
    expect(new Set(column(jobs, "image_width"))).toEqual(new Set([256, 512]));
    expectCount(count(column(jobs, "image_width"), 512), N, 0.5);
  });

  it("add_pauses, add_wall_art, hide_shoes and add_socks are each a fair coin, drawn independently", () => {
    const names = ["add_pauses", "add_wall_art", "hide_shoes", "add_socks"];
    for (const name of names) expectCount(count(column(jobs, name), true), N, 0.5);
    const both = jobs.filter((j) => j.add_pauses === true && j.hide_shoes === true).length;
    expectCount(both, N, 0.25);
  });

  it("kinematic_noise_factor is 1, randomize_skin_tone false and enable_sensor_noise true in every job", () => {
    expect(new Set(column(jobs, "kinematic_noise_factor"))).toEqual(new Set([1]));
    expect(new Set(column(jobs, "randomize_skin_tone"))).toEqual(new Set([false]));
    expect(new Set(column(jobs, "enable_sensor_noise"))).toEqual(new Set([true]));
  });

  it("a category narrows exercise to that category's choices", () => {
    const xs = column(sample({ exercise: { mode: "random", category: "LUNGE" } }), "exercise");
    expect(new Set(xs)).toEqual(new Set(["LUNGE-LEFT", "LUNGE-RIGHT"]));
    expectCount(count(xs, "LUNGE-LEFT"), N, 0.5);
    expect(new Set(column(sample({ exercise: { mode: "random", category: "JUMPING_JACKS" } }, { jobCount: 50 }), "exercise"))).toEqual(new Set(["JUMPING_JACKS"]));
  });

  it("a Random width beside a fixed height keeps its own {256, 512} draws", () => {
    const alone = sample({ image_width: { mode: "random" }, image_height: { mode: "fixed", value: 384 } }, { jobCount: 500 });
    expect(column(alone, "image_width")).toEqual(column(jobs, "image_width").slice(0, 500));
    expect(new Set(column(alone, "image_height"))).toEqual(new Set([384]));
  });
});

describe("Random on another generator: uniform over range or choices", () => {
  const other = generatorSpecSchema.parse({
    name: "other-gen-v1",
    params: [
      { name: "count", type: "int", default_value: 5, options: { min: 0, max: 9 } },
      // Named like a VisionFit parameter, but the tailored U(10, 1000) belongs to VisionFit only.
      { name: "lighting_power", type: "float", default_value: 1, options: { min: 0, max: 2000 } },
      { name: "color", type: "str", default_value: "red", options: { choices: ["red", "green", "blue"] } },
      { name: "flag", type: "bool", default_value: false, options: null },
      { name: "label", type: "str", default_value: "plain", options: null },
      { name: "asset", type: "uuid", default_value: null, options: null },
    ],
  });
  const jobs = sample(Object.fromEntries(other.params.map((p) => [p.name, { mode: "random" } as ParamRecipe])), {}, other);

  it("covers each range and choice list evenly; a free value or uuid keeps its default", () => {
    for (let v = 0; v <= 9; v++) expectCount(count(column(jobs, "count"), v), N, 0.1);
    const power = numbers(jobs, "lighting_power");
    expect(power.every((x) => x >= 0 && x <= 2000)).toBe(true);
    expectMean(power, 1000, 2000 / Math.sqrt(12));
    for (const c of ["red", "green", "blue"]) expectCount(count(column(jobs, "color"), c), N, 1 / 3);
    expectCount(count(column(jobs, "flag"), true), N, 0.5);
    expect(new Set(column(jobs, "label"))).toEqual(new Set(["plain"]));
    expect(new Set(column(jobs, "asset"))).toEqual(new Set([null]));
  });
});

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

describe("describeDistribution", () => {
  it.each([
    ["lighting_power", { mode: "uniform", min: 10, max: 100 }, "Uniform(10, 100)"],
    ["exercise", { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SQUAT", weight: 1 }] }, "Choice: PUSHUP 50%, SQUAT 50%"],
    ["exercise", { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SQUAT", weight: 2 }, { value: "BURPEE", weight: 0 }] }, "Choice: PUSHUP 33%, SQUAT 67%"],
    ["scene", { mode: "choice", options: SCENES.map((value) => ({ value, weight: 1 })) }, "Choice: uniform over 8"],
    ["scene", { mode: "choice", options: SCENES.map((value, i) => ({ value, weight: i + 1 })) }, "Choice: BEDROOM_2 3%, BEDROOM_4 6%, BEDROOM_5 8%, +5 more"],
    ["num_reps", { mode: "fixed", value: 3 }, "Fixed 3"],
    ["num_reps", { mode: "default" }, "Default (1)"],
    ["state", { mode: "default" }, "Seed per job (from the batch seed)"],
    ["num_reps", { mode: "integer", min: 1, max: 10 }, "Integer(1, 10)"],
    ["relative_height", { mode: "normal", mean: 0, sd: 1 }, "Normal(0, 1) clipped to [-4, 4]"],
    ["camera_distance", { mode: "sweep", from: 2 }, "Sweep 2 → 5.25"],
    ["gender", { mode: "sweep" }, "Sweep: MALE, FEMALE"],
    ["exercise", { mode: "sweep" }, "Sweep over 12 choices"],
    ["lighting_power", { mode: "random" }, "Random (tailored): Uniform(10, 1000)"],
    ["add_pauses", { mode: "random" }, "Random (tailored): Choice: true 50%, false 50%"],
    ["enable_sensor_noise", { mode: "random" }, "Random (tailored): Fixed true"],
  ] as [string, ParamRecipe, string][])("%s %j → %s", (name, recipe, label) => {
    expect(describeDistribution(param(name), recipe, spec.name)).toBe(label);
  });

  it("without the generator's name, Random is the generic uniform", () => {
    expect(describeDistribution(param("lighting_power"), { mode: "random" })).toBe("Random: Uniform(0, 2000)");
  });
});

describe("expectedShape", () => {
  /** Every bin's sampled count lies within 3 binomial sd of the expected count. */
  function expectHistogramMatches(xs: number[], edges: number[], probabilities: number[]) {
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    probabilities.forEach((p, i) => {
      const inBin = xs.filter((x) => x >= edges[i]! && (x < edges[i + 1]! || (i === probabilities.length - 1 && x === edges[i + 1]))).length;
      if (p === 0) expect(inBin, `bin ${i}`).toBe(0);
      else expectCount(inBin, xs.length, p);
    });
  }

  it.each([
    ["lighting_power", { mode: "uniform", min: 100, max: 1500 }],
    ["lighting_power", { mode: "random" }],
    ["camera_height", { mode: "normal", mean: 0.3, sd: 1 }],
    ["relative_height", { mode: "normal", mean: 0.5, sd: 1 }],
  ] as [string, ParamRecipe][])("%s %j: numeric bins match the sampled histogram", (name, recipe) => {
    const shape = expectedShape(param(name), recipe, 10, spec.name);
    if (shape.kind !== "numeric") throw new Error("expected a numeric shape");
    expect(shape.edges).toHaveLength(11);
    expectHistogramMatches(numbers(sample({ [name]: recipe }), name), shape.edges, shape.probabilities);
  });

  it("uniform bins get their share of the range, nothing outside it", () => {
    const shape = expectedShape(param("lighting_power"), { mode: "uniform", min: 100, max: 1500 }, [0, 100, 500, 1500, 2000]);
    expect(shape).toEqual({ kind: "numeric", edges: [0, 100, 500, 1500, 2000], probabilities: [0, 400 / 1400, 1000 / 1400, 0] });
  });

  it("whole-number modes put their mass on whole numbers", () => {
    const edges = integerEdges(1, 20);
    expect(edges[0]).toBe(0.5);
    expect(edges.at(-1)).toBe(20.5);
    for (const recipe of [{ mode: "normal", mean: 10, sd: 3 }, { mode: "integer", min: 3, max: 7 }, { mode: "random" }] as ParamRecipe[]) {
      const shape = expectedShape(param("num_reps"), recipe, edges, spec.name);
      if (shape.kind !== "numeric") throw new Error("expected a numeric shape");
      expectHistogramMatches(numbers(sample({ num_reps: recipe }), "num_reps"), edges, shape.probabilities);
    }
    const fixed = expectedShape(param("num_reps"), { mode: "fixed", value: 4 }, edges);
    expect(fixed.kind === "numeric" && fixed.probabilities[3]).toBe(1);
  });

  it("choices get their probabilities, every choice listed in schema order", () => {
    const shape = expectedShape(param("gender"), { mode: "choice", options: [{ value: "FEMALE", weight: 3 }, { value: "MALE", weight: 1 }] }, 10);
    expect(shape).toEqual({ kind: "categorical", categories: [{ value: "MALE", probability: 0.25 }, { value: "FEMALE", probability: 0.75 }] });
    expect(expectedShape(param("add_pauses"), { mode: "random" }, 10, spec.name)).toEqual({
      kind: "categorical",
      categories: [{ value: false, probability: 0.5 }, { value: true, probability: 0.5 }],
    });
    expect(expectedShape(param("wall_art_type"), { mode: "default" }, 10)).toEqual({
      kind: "categorical",
      categories: [{ value: "misc_human", probability: 0 }, { value: "non_human", probability: 1 }],
    });
    const sweep = expectedShape(param("frame_rate"), { mode: "sweep" }, 10);
    expect(sweep.kind === "categorical" && sweep.categories.map((c) => c.probability)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(expectedShape(param("state"), { mode: "default" }, 10)).toEqual({ kind: "none" });
  });
});
