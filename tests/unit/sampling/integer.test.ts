/** Integer mode: whole numbers, uniform over [min, max]. */
import { describe, expect, it } from "vitest";
import { N, sample, numbers, count, expectCount } from "./helpers";

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
