/** Uniform mode: values in [min, max] with the moments of U(a, b). */
import { describe, expect, it } from "vitest";
import { N, sample, numbers, sd, count, expectMean, expectCount, decimals4 } from "./helpers";

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
