import { binEdges, integerEdges } from "@/lib/generation/expected-shape";

/**
 * Binning for the distribution charts. Pure, so the editor (values sampled in the browser)
 * and a batch's report (values the jobs really used) bin the same way, and so the bins line
 * up exactly with `expectedShape`'s: bin i is [edges[i], edges[i+1]), the last one closed.
 */

/** About this many bins: enough to see a shape in a 140 px tall chart, few enough to stay readable. */
export const DEFAULT_BINS = 20;

/** Whole-number parameters spanning at most this many values get one bar per value. */
export const MAX_WHOLE_BINS = 30;

/**
 * Edges over [lo, hi]: one bin per whole number for an int parameter with a small span (so
 * 1..10 reps shows ten bars, not twenty bins half of them empty), else `bins` equal bins.
 * Expects lo < hi.
 */
export function histogramEdges(lo: number, hi: number, whole: boolean, bins = DEFAULT_BINS): { edges: number[]; whole: boolean } {
  if (whole && hi - lo + 1 <= MAX_WHOLE_BINS) return { edges: integerEdges(lo, hi), whole: true };
  return { edges: binEdges(lo, hi, bins), whole: false };
}

/** The bin holding x, by the same rule as `expectedShape`; -1 outside the edges. */
export function binIndex(edges: readonly number[], x: number): number {
  const last = edges.length - 2;
  if (last < 0 || !(x >= edges[0]!) || x > edges[last + 1]!) return -1;
  if (x === edges[last + 1]) return last;
  // The largest i with edges[i] <= x: binary search, so 10,000 values × 31 charts stay cheap.
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Counts per bin, and per bin and group when `groups` (a group index per value, -1 for none)
 * is given: `stacks[bin][group]`. Values outside the edges are left out.
 */
export function countBins(values: readonly number[], edges: readonly number[], groups?: { of: readonly number[]; count: number }): { counts: number[]; stacks: number[][] } {
  const bins = Math.max(0, edges.length - 1);
  const counts = new Array<number>(bins).fill(0);
  const stacks = groups ? Array.from({ length: bins }, () => new Array<number>(groups.count).fill(0)) : [];
  for (let i = 0; i < values.length; i++) {
    const b = binIndex(edges, values[i]!);
    if (b < 0) continue;
    counts[b]! += 1;
    const g = groups?.of[i] ?? -1;
    if (g >= 0) stacks[b]![g]! += 1;
  }
  return { counts, stacks };
}

/** How many finite values, the smallest, the largest and their mean; null when none (NaN marks a missing value). */
export function numericSummary(values: readonly number[]): { count: number; min: number; max: number; mean: number } | null {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    count += 1;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  return count === 0 ? null : { count, min, max, mean: sum / count };
}

/**
 * A number for a chart label, to the resolution `step` calls for (a step of 0.9 shows one
 * decimal, 0.02 two), at most four decimals, without trailing zeros: "10.2", "55", "-3.25".
 */
export function formatNumber(x: number, step: number): string {
  const decimals = step > 0 && Number.isFinite(step) ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(step)))) : 4;
  return String(Number(x.toFixed(decimals)));
}

/**
 * The y axis top and its ticks: the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or
 * above `max`, whole (counts are), with a middle tick when it falls on a whole number.
 * 181 → 200 (0, 100, 200); 1012 → 1200 (0, 600, 1200); 3 → 3 (0, 3).
 */
export function countAxis(max: number): { top: number; ticks: number[] } {
  let top = 1;
  if (max > 1) {
    const p = 10 ** Math.floor(Math.log10(max));
    const m = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((k) => k * p >= max * (1 - 1e-12)) ?? 10;
    top = Math.ceil(m * p);
  }
  return { top, ticks: top % 2 === 0 && top > 2 ? [0, top / 2, top] : [0, top] };
}
