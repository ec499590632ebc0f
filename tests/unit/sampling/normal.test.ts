/** Normal mode: N(mean, sd) clipped to the parameter's range. */
import { describe, expect, it } from "vitest";
import { normalCdf } from "@/lib/generation/expected-shape";
import { N, sample, numbers, sd, count, expectMean, expectCount, decimals4 } from "./helpers";

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
