import { describe, expect, it } from "vitest";
import { generatorSpecSchema, type ParamValues } from "@/lib/generation/contract";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { sampleJobs } from "@/lib/generation/sampling";
import { distributionCharts, type CountChart, type ParamChart } from "@/lib/charts/param-charts";
import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";

const spec = generatorSpecSchema.parse(VISIONFIT_SPEC);

function charts(params: Record<string, ParamRecipe>, jobCount: number, colourBy: string | null = null, seed = 4242) {
  const recipe = { generator: spec.name, kind: "preview" as const, jobCount, seed, name: "charts", params };
  return distributionCharts(spec, recipe, sampleJobs(spec, recipe), colourBy);
}

function chart(out: { charts: ParamChart[] }, name: string): ParamChart {
  return out.charts.find((c) => c.param === name)!;
}

function counted(out: { charts: ParamChart[] }, name: string): CountChart {
  const c = chart(out, name);
  if (c.kind === "constant") throw new Error(`${name} is a constant`);
  return c;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const twoExercises: ParamRecipe = { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SQUAT", weight: 1 }] };
const dimLight: ParamRecipe = { mode: "uniform", min: 10, max: 100 };

describe("distributionCharts", () => {
  it("a Choice of two and a Uniform: bars with the two choices, a 20-bin histogram over 10..100, constants for the rest", () => {
    const out = charts({ exercise: twoExercises, lighting_power: dimLight }, 50);
    expect(out.charts.map((c) => c.param)).toEqual(spec.params.map((p) => p.name));

    const exercise = counted(out, "exercise");
    expect(exercise.kind).toBe("bars");
    expect(exercise.description).toBe("Choice: PUSHUP 50%, SQUAT 50%");
    expect(exercise.rows.map((r) => r.label)).toEqual(["PUSHUP", "SQUAT"]);
    expect(exercise.rows.map((r) => r.expected)).toEqual([25, 25]);
    const [pushups, squats] = exercise.rows.map((r) => r.count);
    expect(pushups! + squats!).toBe(50);
    expect(exercise.summary).toBe(`exercise: PUSHUP ${pushups}, SQUAT ${squats}`);

    const light = counted(out, "lighting_power");
    expect(light.kind).toBe("histogram");
    expect(light.description).toBe("Uniform(10, 100)");
    expect([light.lo, light.hi]).toEqual(["10", "100"]);
    expect(light.rows).toHaveLength(20);
    expect(light.rows[0]!.label).toBe("10–14.5");
    expect(light.rows[19]!.label).toBe("95.5–100");
    for (const row of light.rows) expect(row.expected).toBeCloseTo(2.5, 9);
    expect(sum(light.rows.map((r) => r.count))).toBe(50);
    const m = /^lighting_power: 50 values from ([\d.]+) to ([\d.]+), mean ([\d.]+)$/.exec(light.summary);
    expect(m, light.summary).not.toBeNull();
    const [lo, hi, mean] = m!.slice(1).map(Number);
    expect(lo).toBeGreaterThanOrEqual(10);
    expect(hi).toBeLessThanOrEqual(100);
    expect(mean).toBeGreaterThan(lo!);
    expect(mean).toBeLessThan(hi!);

    expect(chart(out, "scene")).toMatchObject({ kind: "constant", value: "BEDROOM_2", summary: "scene: every job BEDROOM_2", description: "Default (BEDROOM_2)" });
    expect(chart(out, "state")).toMatchObject({ kind: "constant", summary: "state: a different seed for every job, derived from the batch seed" });
    expect(out.charts.filter((c) => c.kind !== "constant").map((c) => c.param)).toEqual(["exercise", "lighting_power"]);
    expect(out.colourByOptions).toEqual(["exercise"]);
    expect(out.colourBy).toBeNull();
  });

  it("10,000 Random jobs: every bin's count lies within 3 binomial sd of the requested shape", () => {
    const out = charts({ lighting_power: { mode: "random" }, num_reps: { mode: "random" }, relative_height: { mode: "normal", mean: 0.5, sd: 1 } }, 10_000);
    const light = counted(out, "lighting_power");
    expect(light.description).toBe("Random (tailored): Uniform(10, 1000)");
    expect([light.lo, light.hi, light.rows.length]).toEqual(["10", "1000", 20]);
    const reps = counted(out, "num_reps");
    // Whole numbers get a bar each: 1..10, a tenth of the jobs apiece.
    expect(reps.rows.map((r) => r.label)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect([reps.lo, reps.hi]).toEqual(["1", "10"]);
    const height = counted(out, "relative_height");
    // Mean ± 4 sd within the range [-4, 4], widened to the furthest draw (10,000 draws reach past -3.5).
    expect(height.hi).toBe("4");
    expect(Number(height.lo)).toBeLessThanOrEqual(-3.5);
    expect(height.summary).toContain(`from ${height.lo} to`);
    for (const c of [light, reps, height]) {
      expect(sum(c.rows.map((r) => r.count))).toBe(10_000);
      expect(sum(c.rows.map((r) => r.expected ?? 0))).toBeGreaterThan(9_990);
      for (const row of c.rows) {
        const p = row.expected! / 10_000;
        expect(Math.abs(row.count - row.expected!), `${c.param} ${row.label}: ${row.count} vs ${row.expected}`).toBeLessThanOrEqual(3 * Math.sqrt(10_000 * p * (1 - p)) + 1e-9);
      }
    }
    expect(reps.rows[0]!.expected).toBeCloseTo(1000, 6);
  });

  it("colours the other charts by one categorical parameter: stacks add up to each bar, summaries split by group", () => {
    const out = charts({ exercise: twoExercises, lighting_power: dimLight, add_pauses: { mode: "random" } }, 200, "exercise");
    expect(out.colourByOptions).toEqual(["exercise", "add_pauses"]);
    expect(out.colourBy).toEqual({ param: "exercise", labels: ["PUSHUP", "SQUAT"] });

    const light = counted(out, "lighting_power");
    expect(light.colourBy).toEqual(out.colourBy);
    for (const row of light.rows) expect(sum(row.stacks)).toBe(row.count);
    expect(light.summary).toMatch(/^lighting_power: 200 values from [\d.]+ to [\d.]+, mean [\d.]+; by exercise: PUSHUP mean [\d.]+, SQUAT mean [\d.]+$/);

    const pauses = counted(out, "add_pauses");
    expect(pauses.rows.map((r) => r.label)).toEqual(["false", "true"]);
    for (const row of pauses.rows) expect(sum(row.stacks)).toBe(row.count);
    const [f, t] = pauses.rows;
    expect(pauses.summary).toBe(
      `add_pauses: false ${f!.count}, true ${t!.count}; by exercise: PUSHUP (false ${f!.stacks[0]}, true ${t!.stacks[0]}), SQUAT (false ${f!.stacks[1]}, true ${t!.stacks[1]})`,
    );

    // The colouring parameter's own chart: each bar entirely in its own colour.
    const exercise = counted(out, "exercise");
    expect(exercise.rows.map((r) => r.stacks)).toEqual([
      [exercise.rows[0]!.count, 0],
      [0, exercise.rows[1]!.count],
    ]);
    expect(exercise.summary).not.toContain("by exercise");
    expect(chart(out, "scene").kind).toBe("constant");
  });

  it("ignores a colouring that is no longer an option", () => {
    const out = charts({ lighting_power: dimLight }, 20, "exercise");
    expect(out.colourBy).toBeNull();
    expect(counted(out, "lighting_power").colourBy).toBeNull();
    expect(counted(out, "lighting_power").rows.every((r) => r.stacks.length === 0)).toBe(true);
  });

  it("a Choice among numbers of a range draws one bar per option, in ascending order", () => {
    const out = charts({ num_reps: { mode: "choice", options: [{ value: 5, weight: 3 }, { value: 3, weight: 1 }] } }, 400);
    const reps = counted(out, "num_reps");
    expect(reps.kind).toBe("bars");
    expect(reps.rows.map((r) => [r.label, r.expected])).toEqual([
      ["3", 100],
      ["5", 300],
    ]);
  });

  it("a distribution that collapses to one value is a constant card", () => {
    const out = charts({ lighting_power: { mode: "uniform", min: 42, max: 42 }, num_reps: { mode: "fixed", value: 7 }, kinematic_noise_factor: { mode: "random" } }, 30);
    expect(chart(out, "lighting_power")).toMatchObject({ kind: "constant", value: "42", summary: "lighting_power: every job 42" });
    expect(chart(out, "num_reps")).toMatchObject({ kind: "constant", value: "7", description: "Fixed 7" });
    // VisionFit's sampler never varies kinematic noise: Random is Fixed 1.
    expect(chart(out, "kinematic_noise_factor")).toMatchObject({ kind: "constant", value: "1", description: "Random (tailored): Fixed 1" });
  });

  it("explicit jobs: what the list holds, with no requested shape", () => {
    const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default_value])) as ParamValues;
    const listed = [
      { exercise: "SQUAT", lighting_power: 10, num_reps: 3, state: "a0000000-0000-4000-8000-000000000001" },
      { exercise: "PUSHUP", lighting_power: 30, num_reps: 3, state: "a0000000-0000-4000-8000-000000000002" },
      { exercise: "SQUAT", lighting_power: 20, num_reps: 5, state: "a0000000-0000-4000-8000-000000000003" },
    ];
    const jobs = listed.map((j) => ({ ...defaults, ...j }));
    const out = distributionCharts(spec, { params: {}, jobs: listed }, jobs, "exercise");
    const exercise = counted(out, "exercise");
    expect(exercise).toMatchObject({ kind: "bars", description: "As listed", summary: "exercise: PUSHUP 1, SQUAT 2" });
    expect(exercise.rows.map((r) => r.expected)).toEqual([null, null]);
    const light = counted(out, "lighting_power");
    expect([light.kind, light.lo, light.hi]).toEqual(["histogram", "10", "30"]);
    expect(light.rows.every((r) => r.expected === null)).toBe(true);
    expect(light.summary).toBe("lighting_power: 3 values from 10 to 30, mean 20; by exercise: PUSHUP mean 30, SQUAT mean 15");
    expect(counted(out, "num_reps").rows.map((r) => [r.label, r.count])).toEqual([
      ["3", 2],
      ["4", 0],
      ["5", 1],
    ]);
    expect(chart(out, "state")).toMatchObject({ kind: "constant", value: "3 different" });
    expect(chart(out, "scene")).toMatchObject({ kind: "constant", value: "BEDROOM_2" });
  });
});
