/** Random mode: VisionFit's tailored sampler, and the generic one for other generators. */
import { describe, expect, it } from "vitest";
import { generatorSpecSchema } from "@/lib/generation/contract";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { EXERCISES, FRAME_RATES, SCENES } from "@/lib/engine/generators/visionfit/params";
import { N, sample, column, numbers, mean, sd, count, expectMean, expectCount, allRandom } from "./helpers";

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
