import { describe, expect, it } from "vitest";
import { binIndex, countAxis, countBins, formatNumber, histogramEdges, numericSummary } from "@/lib/charts/binning";

describe("histogramEdges", () => {
  it("splits a float range into 20 equal bins, the last edge exactly the top", () => {
    const { edges, whole } = histogramEdges(10, 100, false);
    expect(whole).toBe(false);
    expect(edges).toHaveLength(21);
    expect(edges[0]).toBe(10);
    expect(edges[1]).toBe(14.5);
    expect(edges[10]).toBe(55);
    expect(edges[20]).toBe(100);
  });

  it("gives a small whole-number range one bin per value, centred on it", () => {
    expect(histogramEdges(1, 10, true)).toEqual({ edges: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5], whole: true });
    expect(histogramEdges(-1, 4, true).edges).toEqual([-1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5]);
  });

  it("falls back to equal bins for a wide whole-number range", () => {
    const { edges, whole } = histogramEdges(0, 2000, true);
    expect(whole).toBe(false);
    expect(edges).toHaveLength(21);
    expect(edges[1]).toBe(100);
  });
});

describe("binIndex", () => {
  const edges = [0, 1, 2, 3];
  it.each([
    [0, 0],
    [0.999, 0],
    [1, 1],
    [2.5, 2],
    [3, 2], // the last bin is closed, as in expectedShape
    [3.0001, -1],
    [-0.1, -1],
    [Number.NaN, -1],
  ])("%s falls in bin %s", (x, bin) => {
    expect(binIndex(edges, x)).toBe(bin);
  });

  it("agrees with a linear scan on 20 uneven float edges", () => {
    const { edges: e } = histogramEdges(0.33, 3, false);
    for (let x = 0.33; x <= 3; x += 0.0137) {
      const scan = e.findIndex((lo, i) => i < e.length - 1 && x >= lo && (x < e[i + 1]! || (i === e.length - 2 && x === e[i + 1])));
      expect(binIndex(e, x), `x=${x}`).toBe(scan);
    }
  });
});

describe("countBins", () => {
  it("counts per bin and per bin and group, leaving out what falls outside", () => {
    const values = [0, 0.5, 1, 2.5, 3, 7];
    expect(countBins(values, [0, 1, 2, 3])).toEqual({ counts: [2, 1, 2], stacks: [] });
    const grouped = countBins(values, [0, 1, 2, 3], { of: [0, 1, 0, 1, 1, 0], count: 2 });
    expect(grouped.counts).toEqual([2, 1, 2]);
    expect(grouped.stacks).toEqual([
      [1, 1],
      [1, 0],
      [0, 2],
    ]);
  });

  it("leaves a value without a group out of the stacks but in the count", () => {
    expect(countBins([0.5, 0.5], [0, 1], { of: [-1, 0], count: 1 })).toEqual({ counts: [2], stacks: [[1]] });
  });
});

describe("numericSummary", () => {
  it("skips missing values (NaN)", () => {
    expect(numericSummary([2, 4, Number.NaN, 9])).toEqual({ count: 3, min: 2, max: 9, mean: 5 });
  });
  it("is null without values", () => {
    expect(numericSummary([])).toBeNull();
    expect(numericSummary([Number.NaN])).toBeNull();
  });
});

describe("formatNumber", () => {
  it.each([
    [55.1234, 0.9, "55.1"],
    [10, 0.9, "10"],
    [0.82251, 0.00225, "0.823"],
    [-3.25, 0.01, "-3.25"],
    [1523.4, 10, "1523"],
    [-0.0001, 0.01, "0"],
    [1 / 3, 0, "0.3333"],
  ])("%s at step %s reads %s", (x, step, text) => {
    expect(formatNumber(x, step)).toBe(text);
  });
});

describe("countAxis", () => {
  it.each([
    [0, 1, [0, 1]],
    [1, 1, [0, 1]],
    [3, 3, [0, 3]],
    [2.5, 3, [0, 3]],
    [12, 12, [0, 6, 12]],
    [181, 200, [0, 100, 200]],
    [1012, 1200, [0, 600, 1200]],
    [10_000, 10_000, [0, 5000, 10_000]],
    [7, 8, [0, 4, 8]],
  ])("a largest count of %s gives a top of %s", (max, top, ticks) => {
    expect(countAxis(max)).toEqual({ top, ticks });
  });
});
