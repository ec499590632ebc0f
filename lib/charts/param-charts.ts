import type { GeneratorSpec, ParamSpec, ParamValues } from "@/lib/generation/contract";
import { describeDistribution } from "@/lib/generation/describe-distribution";
import { expectedShape } from "@/lib/generation/expected-shape";
import { choicesOf, formatValue, isNumeric, isStateParam, rangeOf, type ParamValue } from "@/lib/generation/param-kinds";
import type { ChoiceValue, ParamRecipe, Recipe } from "@/lib/generation/recipe-schema";
import { resolveRandom, type ConcreteRecipe } from "@/lib/generation/tailored-random";
import { countBins, DEFAULT_BINS, formatNumber, histogramEdges, numericSummary } from "./binning";

/**
 * What the distribution charts draw, one chart per parameter, computed from a recipe (the
 * requested shape) and a list of jobs (what was sampled, or what a batch's jobs really used).
 * Pure: the components only draw these, so the numbers and the summaries read by screen
 * readers and tests are unit-tested here.
 */

export type ChartKind = "histogram" | "bars" | "constant";

export interface ChartRow {
  key: string;
  /** "10–14.5" for a bin, "7" for a whole-number bin, "PUSHUP" for a category. */
  label: string;
  /** How many jobs have a value in this bin or category. */
  count: number;
  /** How many the recipe asks for: probability × number of jobs; null for a listed job (no distribution asked). */
  expected: number | null;
  /** Counts per colour group, in the order of `ColourGroups.labels`; empty when not coloured. */
  stacks: number[];
}

/** The categorical parameter whose values colour the other charts, and its values in order. */
export interface ColourGroups {
  param: string;
  labels: string[];
}

interface ChartBase {
  param: string;
  /** describeDistribution: "Uniform(10, 100)", "Choice: PUSHUP 50%, SQUAT 50%"; "As listed" for explicit jobs. */
  description: string;
  /** One sentence for screen readers and tests: "exercise: PUSHUP 25, SQUAT 25". */
  summary: string;
  jobs: number;
}

export interface CountChart extends ChartBase {
  kind: "histogram" | "bars";
  rows: ChartRow[];
  /** Histograms: the ends of the x axis, formatted. */
  lo?: string;
  hi?: string;
  /** Set when the rows are split by another parameter (never by the chart's own). */
  colourBy: ColourGroups | null;
}

export interface ConstantChart extends ChartBase {
  kind: "constant";
  value: string;
}

export type ParamChart = CountChart | ConstantChart;

export interface DistributionCharts {
  /** One chart per parameter, in the schema's order. */
  charts: ParamChart[];
  /** Parameters that can colour the others: bars with 2 to MAX_COLOUR_GROUPS values. */
  colourByOptions: string[];
  /** The colouring in effect: null when `colourBy` was null or is no longer an option. */
  colourBy: ColourGroups | null;
}

/** More groups than this would need more colours than anyone can tell apart. */
export const MAX_COLOUR_GROUPS = 12;

/** Above this many distinct values a listed text parameter gets a card, not a forest of bars. */
const MAX_LISTED_CATEGORIES = 30;

/** What a recipe needs here: its distributions, or the explicit jobs that replace them. */
export interface ChartRecipe {
  params: Recipe["params"];
  jobs?: readonly unknown[];
}

/** probability/probabilities null: the jobs were listed, nothing was asked of a distribution. */
type Plan =
  | { kind: "constant"; value: string }
  | { kind: "histogram"; edges: number[]; whole: boolean; probabilities: number[] | null; values: number[] }
  | { kind: "bars"; categories: { value: ChoiceValue; probability: number | null }[]; values: ParamValue[] }
  /** Too many different values to chart (listed UUIDs, free text): a card with the count. */
  | { kind: "distinct"; count: number };

/**
 * Every parameter's chart. `colourBy` names a parameter from `colourByOptions`; any other
 * name is ignored, so a stale choice (the parameter went back to Fixed) simply uncolours.
 */
export function distributionCharts(spec: GeneratorSpec, recipe: ChartRecipe, jobs: readonly ParamValues[], colourBy: string | null = null): DistributionCharts {
  const listed = Array.isArray(recipe.jobs);
  const plans = spec.params.map((param) => {
    const r: ParamRecipe = recipe.params[param.name] ?? { mode: "default" };
    const values = jobs.map((j) => j[param.name] ?? null);
    return { param, r, plan: listed ? listedPlan(param, values) : planFor(spec.name, param, r, values) };
  });
  const options = plans.filter(({ plan }) => plan.kind === "bars" && plan.categories.length >= 2 && plan.categories.length <= MAX_COLOUR_GROUPS).map(({ param }) => param.name);
  const colouring = colourBy && options.includes(colourBy) ? plans.find((p) => p.param.name === colourBy)! : null;
  const groups = colouring?.plan.kind === "bars" ? groupsOf(colouring.plan.categories, colouring.plan.values) : null;
  const colour = groups && colourBy ? { param: colourBy, labels: groups.labels } : null;

  const charts = plans.map(({ param, r, plan }): ParamChart => {
    const base = { param: param.name, description: listed ? "As listed" : describeDistribution(param, r, spec.name), jobs: jobs.length };
    if (plan.kind === "constant") {
      const perJob = plan.value === PER_JOB;
      return { ...base, kind: "constant", value: plan.value, summary: perJob ? `${param.name}: a different seed for every job, derived from the batch seed` : `${param.name}: every job ${plan.value}` };
    }
    if (plan.kind === "distinct") return { ...base, kind: "constant", value: `${plan.count} different`, summary: `${param.name}: ${plan.count} different values` };
    const own = colour?.param === param.name;
    const by = groups && colour && !own ? groups : null;
    return plan.kind === "histogram" ? histogramChart(base, plan, by, colour) : barsChart(base, plan, by, colour, own);
  });
  return { charts, colourByOptions: options, colourBy: colour };
}

/** The state parameter's Default: a seed derived per job, not one value. */
const PER_JOB = "one per job";

function planFor(generator: string, param: ParamSpec, r: ParamRecipe, values: ParamValue[]): Plan {
  const concrete: ConcreteRecipe = r.mode === "random" ? resolveRandom(generator, param, r).recipe : r;
  if (concrete.mode === "default" || concrete.mode === "fixed") {
    if (concrete.mode === "default" && isStateParam(param)) return { kind: "constant", value: PER_JOB };
    // The jobs' own value when there are jobs: a fixed UUID is stored lowercased.
    return { kind: "constant", value: formatValue(values[0] ?? (concrete.mode === "fixed" ? concrete.value : param.default_value)) };
  }
  const range = rangeOf(param);
  if (range && isNumeric(param) && concrete.mode !== "choice") {
    const numbers = values.map((v) => (typeof v === "number" ? v : Number.NaN));
    const support = supportOf(concrete, range);
    const seen = numericSummary(numbers);
    let lo = Math.min(support.lo, seen?.min ?? support.lo);
    let hi = Math.max(support.hi, seen?.max ?? support.hi);
    if (param.type === "int") [lo, hi] = [Math.floor(lo), Math.ceil(hi)];
    if (lo === hi) return { kind: "constant", value: formatValue(lo) };
    const { edges, whole } = histogramEdges(lo, hi, param.type === "int");
    const shape = expectedShape(param, r, edges, generator);
    const probabilities = shape.kind === "numeric" ? shape.probabilities : edges.slice(1).map(() => 0);
    return { kind: "histogram", edges, whole, probabilities, values: numbers };
  }
  return { kind: "bars", categories: withSeen(requestedCategories(generator, param, r, concrete), values, 0), values };
}

/** Explicit jobs: the charts show what the list holds, with no requested shape beside it. */
function listedPlan(param: ParamSpec, values: ParamValue[]): Plan {
  const distinct = new Set(values.map((v) => (v === null ? null : `${typeof v}:${String(v)}`)));
  if (distinct.size <= 1) return { kind: "constant", value: formatValue(values[0] ?? param.default_value) };
  if (rangeOf(param) && isNumeric(param) && values.every((v) => typeof v === "number")) {
    const numbers = values as number[];
    const seen = numericSummary(numbers)!;
    const whole = param.type === "int";
    const { edges, whole: perValue } = histogramEdges(whole ? Math.floor(seen.min) : seen.min, whole ? Math.ceil(seen.max) : seen.max, whole);
    return { kind: "histogram", edges, whole: perValue, probabilities: null, values: numbers };
  }
  if (param.type === "uuid" || distinct.size > MAX_LISTED_CATEGORIES) return { kind: "distinct", count: distinct.size };
  return { kind: "bars", categories: withSeen<null>((choicesOf(param) ?? []).map((value) => ({ value, probability: null })), values, null), values };
}

/** Where a numeric recipe puts its mass (a Normal: four sd either side, within the range). */
function supportOf(r: Exclude<ConcreteRecipe, { mode: "default" | "fixed" | "choice" }>, range: { min: number; max: number }): { lo: number; hi: number } {
  const clamp = (x: number) => Math.min(range.max, Math.max(range.min, x));
  switch (r.mode) {
    case "uniform":
    case "integer":
      return { lo: r.min, hi: r.max };
    case "sweep": {
      const from = r.from ?? range.min;
      const to = r.to ?? range.max;
      return { lo: Math.min(from, to), hi: Math.max(from, to) };
    }
    case "normal":
      return { lo: clamp(r.mean - 4 * r.sd), hi: clamp(r.mean + 4 * r.sd) };
  }
}

/** Each category the recipe can give, with its probability: the schema's order, numbers ascending. */
function requestedCategories(generator: string, param: ParamSpec, r: ParamRecipe, concrete: ConcreteRecipe): { value: ChoiceValue; probability: number }[] {
  if (rangeOf(param) && isNumeric(param) && concrete.mode === "choice") {
    // A Choice among numbers of a range: bars per option, not a histogram of a few spikes.
    const total = concrete.options.reduce((s, o) => s + o.weight, 0);
    const weights = new Map<ChoiceValue, number>();
    for (const o of concrete.options) weights.set(o.value, (weights.get(o.value) ?? 0) + (total > 0 ? o.weight / total : 0));
    return [...weights].map(([value, probability]) => ({ value, probability })).sort((a, b) => Number(a.value) - Number(b.value));
  }
  const shape = expectedShape(param, r, DEFAULT_BINS, generator);
  return shape.kind === "categorical" ? shape.categories : [];
}

/**
 * The categories a bar chart shows: those given a chance or that some job has, values that
 * no category explains last (in the order first seen).
 */
function withSeen<P extends number | null>(categories: { value: ChoiceValue; probability: P }[], values: readonly ParamValue[], unexplained: P): { value: ChoiceValue; probability: P }[] {
  const known = new Set(categories.map((c) => String(c.value)));
  const present = new Set<string>();
  for (const v of values) {
    if (v === null) continue;
    present.add(String(v));
    if (!known.has(String(v))) {
      known.add(String(v));
      categories.push({ value: v, probability: unexplained });
    }
  }
  return categories.filter((c) => (c.probability ?? 0) > 0 || present.has(String(c.value)));
}

/** Each job's group (index into labels, -1 for a value outside them). */
function groupsOf(categories: { value: ChoiceValue }[], values: readonly ParamValue[]): { labels: string[]; of: number[]; count: number } {
  const labels = categories.map((c) => String(c.value));
  const index = new Map(labels.map((l, i) => [l, i]));
  return { labels, of: values.map((v) => (v === null ? -1 : (index.get(String(v)) ?? -1))), count: labels.length };
}

type Groups = ReturnType<typeof groupsOf>;
type Base = Pick<ChartBase, "param" | "description" | "jobs">;

function histogramChart(base: Base, plan: Extract<Plan, { kind: "histogram" }>, groups: Groups | null, colour: ColourGroups | null): CountChart {
  const { edges, whole, probabilities, values } = plan;
  const { counts, stacks } = countBins(values, edges, groups ?? undefined);
  const lo = edges[0]!;
  const hi = edges.at(-1)!;
  const labelStep = (hi - lo) / (edges.length - 1) / 10;
  const rows = counts.map((count, i) => ({
    key: String(i),
    label: whole ? String(edges[i]! + 0.5) : `${formatNumber(edges[i]!, labelStep)}–${formatNumber(edges[i + 1]!, labelStep)}`,
    count,
    expected: probabilities ? probabilities[i]! * base.jobs : null,
    stacks: stacks[i] ?? [],
  }));
  const seen = numericSummary(values);
  const step = whole ? 1 : (hi - lo) / 100;
  let summary = seen
    ? `${base.param}: ${seen.count} value${seen.count === 1 ? "" : "s"} from ${formatNumber(seen.min, step)} to ${formatNumber(seen.max, step)}, mean ${formatNumber(seen.mean, whole ? 0.1 : step)}`
    : `${base.param}: no values`;
  if (groups && colour) {
    // One pass for every group's mean: 12 groups × 10,000 jobs × 31 charts adds up otherwise.
    const sums = new Array<number>(groups.count).fill(0);
    const ns = new Array<number>(groups.count).fill(0);
    values.forEach((x, i) => {
      const g = groups.of[i]!;
      if (g < 0 || !Number.isFinite(x)) return;
      sums[g]! += x;
      ns[g]! += 1;
    });
    const parts = groups.labels.flatMap((label, g) => (ns[g]! > 0 ? [`${label} mean ${formatNumber(sums[g]! / ns[g]!, whole ? 0.1 : step)}`] : []));
    summary += `; by ${colour.param}: ${parts.join(", ")}`;
  }
  return {
    ...base,
    kind: "histogram",
    rows,
    lo: whole ? String(lo + 0.5) : formatNumber(lo, step),
    hi: whole ? String(hi - 0.5) : formatNumber(hi, step),
    summary,
    colourBy: groups ? colour : null,
  };
}

function barsChart(base: Base, plan: Extract<Plan, { kind: "bars" }>, groups: Groups | null, colour: ColourGroups | null, own: boolean): CountChart {
  const { categories, values } = plan;
  const index = new Map(categories.map((c, i) => [String(c.value), i]));
  const counts = new Array<number>(categories.length).fill(0);
  const stacks = groups ? categories.map(() => new Array<number>(groups.count).fill(0)) : [];
  values.forEach((v, i) => {
    const k = v === null ? undefined : index.get(String(v));
    if (k === undefined) return;
    counts[k]! += 1;
    const g = groups?.of[i] ?? -1;
    if (g >= 0) stacks[k]![g]! += 1;
  });
  const rows = categories.map((c, i) => ({ key: String(c.value), label: String(c.value), count: counts[i]!, expected: c.probability === null ? null : c.probability * base.jobs, stacks: stacks[i] ?? [] }));
  const listed = (cs: number[]) =>
    rows
      .map((row, i) => [row.label, cs[i]!] as const)
      .filter(([, c]) => c > 0)
      .map(([label, c]) => `${label} ${c}`)
      .join(", ");
  let summary = `${base.param}: ${listed(counts) || "no values"}`;
  if (groups && colour) {
    const parts = groups.labels.flatMap((label, g) => {
      const inGroup = listed(stacks.map((s) => s[g]!));
      return inGroup ? [`${label} (${inGroup})`] : [];
    });
    summary += `; by ${colour.param}: ${parts.join(", ")}`;
  }
  // A chart coloured by itself: each bar in its own group's colour, which needs the same stacks.
  const ownStacks = own && colour ? rows.map((row, i) => colour.labels.map((l) => (l === row.label ? counts[i]! : 0))) : null;
  return {
    ...base,
    kind: "bars",
    rows: ownStacks ? rows.map((row, i) => ({ ...row, stacks: ownStacks[i]! })) : rows,
    summary,
    colourBy: groups || ownStacks ? colour : null,
  };
}
