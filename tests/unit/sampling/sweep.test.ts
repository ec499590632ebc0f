/** Sweep mode: evenly spaced values in job order, independent of the seed. */
import { describe, expect, it } from "vitest";
import { FRAME_RATES, SCENES } from "@/lib/engine/generators/visionfit/params";
import { sample, column, numbers, count } from "./helpers";

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
