/** Choice mode: weighted draws over a value list. */
import { describe, expect, it } from "vitest";
import { N, sample, column, count, expectCount } from "./helpers";

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
