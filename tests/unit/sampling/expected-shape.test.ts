/** expectedShape: the expected histogram of each mode matches what sampling draws. */
import { describe, expect, it } from "vitest";
import type { ParamRecipe } from "@/lib/generation/recipe";
import { expectedShape } from "@/lib/generation/sampling";
import { integerEdges } from "@/lib/generation/expected-shape";
import { spec, param, sample, numbers, expectCount } from "./helpers";

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
