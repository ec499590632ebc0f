/** describeDistribution: the one-line label of each mode. */
import { describe, expect, it } from "vitest";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { describeDistribution } from "@/lib/generation/sampling";
import { SCENES } from "@/lib/engine/generators/visionfit/params";
import { spec, param } from "./helpers";

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
