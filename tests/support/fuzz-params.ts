import fc from "fast-check";
import { VISIONFIT_SPEC } from "@/lib/engine/generators/visionfit/params";
import type { Generator } from "@/lib/engine/generators/registry";
import { generatorSpecSchema, type GeneratorSpec, type ParamSpec } from "@/lib/generation/contract";
import { categoryOf, choicesOf, isStateParam, rangeOf, type ParamValue } from "@/lib/generation/param-kinds";
import { applicableModes, MAX_SEED, type ParamRecipe, type RecipeMode } from "@/lib/generation/recipe";
import { deepJson, deepValue, EDGE_STRINGS, hostileText, mutated } from "./fuzz";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Arbitraries over a generator's schema for the job-parameter fuzzers: values that fit a
 * parameter, values just beside it, whole jobs with an oracle of which keys must be refused,
 * and workflow recipes.
 */

/** A schema that prints as its name in a counterexample, not as 31 parameters. */
function shortPrinted<T extends object>(value: T, name: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => `spec(${name})` });
  return value;
}

export const VISIONFIT = shortPrinted(generatorSpecSchema.parse(VISIONFIT_SPEC), "visionfit");

/**
 * VisionFit has no free text, no number without a range, no UUID besides the seed and no range
 * finer than the sampler's four decimals; this schema has each, so every branch of the checks
 * and of the samplers is reached.
 */
export const EVERY_KIND = shortPrinted(generatorSpecSchema.parse({
  name: "every-kind-v1",
  version: "1",
  options: { preview: true },
  params: [
    { name: "label", type: "str", default_value: "", options: null, description: "Free text." },
    { name: "weight", type: "float", default_value: 0, options: null, description: "A number without a range." },
    { name: "count", type: "int", default_value: 3, options: null, description: "A whole number without a range." },
    { name: "fps", type: "int", default_value: 24, options: { choices: [24, 30] }, description: "Whole-number choices." },
    { name: "ratio", type: "float", default_value: 0.5, options: { choices: [0.5, 1.5] }, description: "Number choices." },
    { name: "size", type: "int", default_value: 5, options: { min: -10, max: 10 }, description: "A small whole range." },
    { name: "gain", type: "float", default_value: 0, options: { min: -0.001, max: 1e6 }, description: "A wide range." },
    { name: "tiny", type: "float", default_value: 0.00005, options: { min: 0.00005, max: 0.00009 }, description: "A range finer than four decimals." },
    { name: "flag", type: "bool", default_value: true, options: null, description: "A switch." },
    { name: "pose", type: "str", default_value: "A-LEFT", options: { choices: ["A-LEFT", "A_02-RIGHT", "B", "c"] }, description: "Text choices with categories." },
    { name: "reference", type: "uuid", default_value: null, options: null, description: "A UUID that is not the seed." },
    { name: "state", type: "uuid", default_value: null, options: null, description: "The seed." },
  ],
}), "every-kind");

/** The engine's view of a schema, for `resolveParams` (which reads only `spec`). */
export function engineGenerator(spec: GeneratorSpec): Generator {
  return { spec: spec as unknown as Generator["spec"], frameCount: () => 1, renderModule: "" };
}

/** The next representable number past `x`, away from the range, so "just outside" really is outside. */
export function beyond(x: number, direction: 1 | -1): number {
  return x + direction * Math.max(Number.EPSILON * Math.abs(x), Number.MIN_VALUE);
}

/** Free text the database can hold: no NUL, no lone surrogate. */
const storableText = fc.string({ maxLength: 30, unit: "grapheme" }).filter((s) => !s.includes("\u0000"));

/** A value that fits `param`, with the range ends and upper-case UUIDs well represented. */
export function validValue(param: ParamSpec): fc.Arbitrary<ParamValue> {
  if (param.type === "bool") return fc.boolean();
  if (param.type === "uuid") return fc.uuid().chain((u) => fc.constantFrom(u, u.toUpperCase()));
  const choices = choicesOf(param);
  if (choices) return fc.constantFrom(...choices);
  const range = rangeOf(param);
  if (param.type === "int") {
    if (!range) return fc.oneof(fc.integer(), fc.constantFrom(0, 2 ** 53, -(2 ** 53), 1e300));
    return fc.oneof(fc.integer({ min: Math.ceil(range.min), max: Math.floor(range.max) }), fc.constantFrom(range.min, range.max));
  }
  if (param.type === "float") {
    if (!range) return fc.double({ noNaN: true, noDefaultInfinity: true });
    return fc.oneof(fc.double({ min: range.min, max: range.max, noNaN: true }), fc.constantFrom(range.min, range.max));
  }
  return storableText;
}

/** Nested deeper than JSON.stringify can go; `jsonText` writes it out anyway. */
export const DEEP_VALUE = deepValue(5_000);

/** JSON text of a value that may hold `DEEP_VALUE` (JSON.parse reads it back; JSON.stringify alone cannot write it). */
export function jsonText(value: unknown): string {
  const marker = "\u0000deep-value\u0000";
  return JSON.stringify(value, (_key, v: unknown) => (v === DEEP_VALUE ? marker : v)).replaceAll(JSON.stringify(marker), deepJson(5_000, "[", "]", "1"));
}

/** Values of the wrong type for any parameter (null excepted: it means "default" to the portal). */
const wrongShape = fc.oneof(
  fc.constantFrom<unknown>([], {}, [1], { value: 1 }),
  fc.constant(DEEP_VALUE),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v === "object" && v !== null),
);

/** Long enough that a message quoting it whole would be longer than any message should be. */
const LONG_TEXT = "x".repeat(5_000);

/** A value just beside what `param` takes: past a range end, a near-miss of a choice, the right value as text. */
export function invalidValue(param: ParamSpec): fc.Arbitrary<unknown> {
  const range = rangeOf(param);
  const choices = choicesOf(param);
  const near: fc.Arbitrary<unknown>[] = [wrongShape];
  switch (param.type) {
    case "int":
      near.push(fc.constantFrom(0.5, -1.5, 1e-9, Number.NaN, Number.POSITIVE_INFINITY, "3", "1e3", "", true, LONG_TEXT));
      if (range) near.push(fc.constantFrom(Math.floor(range.min) - 1, Math.ceil(range.max) + 1, range.min + 0.5, -(2 ** 53) - 2, 2 ** 60));
      break;
    case "float":
      near.push(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "1.5", "NaN", " ", false, LONG_TEXT));
      if (range) near.push(fc.constantFrom(beyond(range.min, -1), beyond(range.max, 1), range.min - 1, range.max * 2 + 1, -Number.MAX_VALUE, Number.MAX_VALUE));
      break;
    case "bool":
      near.push(fc.constantFrom("true", "false", 1, 0, "yes", "True", LONG_TEXT));
      break;
    case "uuid":
      // A mutation may leave a UUID valid (a case swapped): those are not mistakes.
      near.push(fc.uuid().chain((u) => fc.oneof(mutated(u, 1), fc.constantFrom(u.replace(/-/g, ""), `{${u}}`, ` ${u}`, u.slice(1), `${u}0`))).filter((v) => !UUID.test(v)));
      near.push(fc.constantFrom("", "00000000-0000-0000-0000-00000000000g", 7, true, LONG_TEXT));
      break;
    case "str":
      near.push(fc.constantFrom(1, 0, true, false));
      // Text the database cannot store inside a JSON document, refused with the other mistakes.
      if (!choices) near.push(fc.constantFrom("a\u0000b", "\u0000", "\uD800", "x\uDC00"));
      break;
  }
  if (choices) {
    const text = choices.filter((c): c is string => typeof c === "string");
    const numbers = choices.filter((c): c is number => typeof c === "number");
    if (text.length > 0) near.push(fc.constantFrom(...text).chain((c) => fc.oneof(fc.constantFrom(c.toLowerCase() === c ? c.toUpperCase() : c.toLowerCase(), ` ${c}`, `${c} `, `${c}\u0000`, "", LONG_TEXT), mutated(c, 1).filter((m) => !text.includes(m)))));
    if (numbers.length > 0) near.push(fc.constantFrom(...numbers).chain((c) => fc.constantFrom(String(c), c + 1, c + 0.5, -c)).filter((v) => !choices.includes(v as number)));
  }
  return fc.oneof(...near);
}

/** Keys that are no parameter: the prototype's own names, near-misses of real names, noise. */
export function unknownKey(spec: GeneratorSpec): fc.Arbitrary<string> {
  const names = new Set(spec.params.map((p) => p.name));
  return fc
    .oneof(
      fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "", " ", "0"),
      fc.constantFrom(...spec.params.map((p) => p.name)).chain((name) => fc.oneof(mutated(name, 1), fc.constant(name.toUpperCase()), fc.constant(` ${name}`))),
      hostileText(20),
    )
    .filter((key) => !names.has(key));
}

/** One cell of a fuzzed job: left out, a fitting value, a value beside it, or null. */
export type CellPlan = { kind: "absent" } | { kind: "valid"; value: ParamValue } | { kind: "invalid"; value: unknown } | { kind: "null" };

/** A job and what a correct check must say about it. */
export interface PlannedJob {
  values: Record<string, unknown>;
  /** Keys with a value beside the parameter's. */
  invalid: string[];
  /** Keys set to null: "the default" to the portal, a mistake to the engine (except UUIDs). */
  nulls: string[];
  /** Keys that are no parameter. */
  unknown: string[];
}

function cellPlan(param: ParamSpec, invalidWeight: number): fc.Arbitrary<CellPlan> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<CellPlan>({ kind: "absent" }) },
    { weight: 4, arbitrary: validValue(param).map((value): CellPlan => ({ kind: "valid", value })) },
    { weight: invalidWeight, arbitrary: invalidValue(param).map((value): CellPlan => ({ kind: "invalid", value })) },
    { weight: invalidWeight > 0 ? 1 : 0, arbitrary: fc.constant<CellPlan>({ kind: "null" }) },
  );
}

/**
 * A job for `spec`. With `mistakes` false every value fits and no key is unknown; otherwise
 * about one cell in ten is beside its parameter and some jobs carry unknown keys. Keys are in a
 * shuffled order and `__proto__` is an own key, as `JSON.parse` makes it.
 */
export function plannedJob(spec: GeneratorSpec, mistakes = true): fc.Arbitrary<PlannedJob> {
  const cells = fc.tuple(...spec.params.map((p) => cellPlan(p, mistakes ? 1 : 0)));
  const extra = mistakes ? fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.uniqueArray(unknownKey(spec), { minLength: 1, maxLength: 2 }) }) : fc.constant<string[]>([]);
  return fc.tuple(cells, extra, fc.nat()).map(([plans, unknown, shuffle]) => {
    const entries: [string, unknown][] = [];
    const planned: PlannedJob = { values: {}, invalid: [], nulls: [], unknown };
    spec.params.forEach((param, i) => {
      const plan = plans[i]!;
      if (plan.kind === "absent") return;
      if (plan.kind === "invalid") planned.invalid.push(param.name);
      if (plan.kind === "null") planned.nulls.push(param.name);
      entries.push([param.name, plan.kind === "null" ? null : plan.value]);
    });
    for (const key of unknown) entries.splice(entries.length === 0 ? 0 : shuffle % (entries.length + 1), 0, [key, 1]);
    planned.values = Object.fromEntries(entries);
    return planned;
  });
}

// ---------------------------------------------------------------------------------------------
// Recipes

const wholeBounds = (range: { min: number; max: number }) => ({ min: Math.ceil(range.min), max: Math.floor(range.max) });

/** An ordered pair inside [lo, hi], whole numbers when `whole`; the ends and equal pairs included. */
function orderedPair(lo: number, hi: number, whole: boolean): fc.Arbitrary<[number, number]> {
  const one = whole ? fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi)) : fc.oneof(fc.double({ min: lo, max: hi, noNaN: true }), fc.constantFrom(lo, hi));
  return fc.tuple(one, one).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
}

/** A distribution of `mode` that fits `param`, or null when that mode cannot fit it. */
function validDistributionOf(param: ParamSpec, mode: RecipeMode): fc.Arbitrary<ParamRecipe> | null {
  const range = rangeOf(param);
  switch (mode) {
    case "default":
      return fc.constant({ mode: "default" });
    case "fixed":
      return validValue(param).map((value) => ({ mode: "fixed", value }));
    case "random": {
      const categories = param.type === "str" ? [...new Set((choicesOf(param) ?? []).map((c) => categoryOf(String(c))))] : [];
      return categories.length > 0 ? fc.option(fc.constantFrom(...categories), { nil: undefined }).map((category) => (category === undefined ? { mode: "random" } : { mode: "random", category })) : fc.constant({ mode: "random" });
    }
    case "uniform":
      return orderedPair(range!.min, range!.max, param.type === "int").map(([min, max]) => ({ mode: "uniform", min, max }));
    case "integer": {
      const whole = wholeBounds(range!);
      return whole.min > whole.max ? null : orderedPair(whole.min, whole.max, true).map(([min, max]) => ({ mode: "integer", min, max }));
    }
    case "normal":
      return fc.tuple(fc.double({ min: range!.min, max: range!.max, noNaN: true }), fc.double({ min: 1e-9, max: 1e9, noNaN: true })).map(([mean, sd]) => ({ mode: "normal", mean, sd }));
    case "choice": {
      const option = fc.record({ value: validValue(param) as fc.Arbitrary<string | number | boolean>, weight: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1e6, noNaN: true })) });
      return fc
        .uniqueArray(option, { minLength: 1, maxLength: 4, selector: (o) => o.value })
        .map((options) => (options.some((o) => o.weight > 0) ? options : [{ ...options[0]!, weight: 1 }, ...options.slice(1)]))
        .map((options) => ({ mode: "choice", options }));
    }
    case "sweep": {
      if (!range) return fc.constant({ mode: "sweep" });
      const whole = param.type === "int";
      const end = whole ? fc.integer(wholeBounds(range)) : fc.double({ min: range.min, max: range.max, noNaN: true });
      return fc.record({ from: fc.option(end, { nil: undefined }), to: fc.option(end, { nil: undefined }) }, { requiredKeys: [] }).map((r) => ({ mode: "sweep", ...r }));
    }
  }
}

export function validDistribution(param: ParamSpec): fc.Arbitrary<ParamRecipe> {
  const options = applicableModes(param)
    .map((mode) => validDistributionOf(param, mode))
    .filter((a): a is fc.Arbitrary<ParamRecipe> => a !== null);
  return fc.oneof(...options);
}

export interface RecipeHeader {
  generator: string;
  kind: "preview" | "video";
  jobCount: number;
  seed: number;
  name: string;
}

export const seedArbitrary = fc.oneof(fc.integer({ min: 0, max: MAX_SEED }), fc.constantFrom(0, MAX_SEED));

function headerOf(spec: GeneratorSpec, maxJobs: number): fc.Arbitrary<RecipeHeader> {
  return fc.record({
    generator: fc.constant(spec.name),
    kind: spec.options.preview ? fc.constantFrom("preview" as const, "video" as const) : fc.constant("video" as const),
    jobCount: fc.integer({ min: 1, max: maxJobs }),
    seed: seedArbitrary,
    name: fc.oneof(fc.constantFrom("batch", " padded ", "é 👩‍👩‍👧", "x".repeat(200)), fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).filter((s) => s.trim() !== "" && !s.includes("\u0000"))),
  });
}

/** A recipe that fits `spec`: distributions for some parameters, or (one time in five) an explicit job list. */
export function validRecipe(spec: GeneratorSpec, maxJobs = 6): fc.Arbitrary<Record<string, unknown>> {
  // Each parameter has a distribution one time in three; the others are left to Default.
  const params = fc
    .tuple(...spec.params.map((p) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: validDistribution(p) })))
    .map((distributions) => Object.fromEntries(spec.params.flatMap((p, i) => (distributions[i] === undefined ? [] : [[p.name, distributions[i]]]))));
  const jobs = fc.array(plannedJob(spec, false), { minLength: 1, maxLength: maxJobs }).map((list) => list.map((j) => j.values));
  const listed = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: jobs });
  return fc.tuple(headerOf(spec, maxJobs), params, listed).map(([header, p, listed]) => (listed ? { ...header, params: p, jobs: listed } : { ...header, params: p }));
}

/** One defect put into a valid recipe, and where a correct check must report it. */
export interface RecipeDefect {
  recipe: unknown;
  /** The field (`fieldErrors`) or parameter (`paramErrors`) the refusal must name; null: any refusal. */
  field?: string;
  param?: string;
}

/** A distribution beside what `param` takes, by the rule it breaks. */
function invalidDistribution(param: ParamSpec): fc.Arbitrary<unknown> {
  const range = rangeOf(param);
  const bad: fc.Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>(null, 1, "uniform", [], {}, { mode: "gaussian" }, { mode: "UNIFORM", min: 0, max: 1 }, { mode: "choice" }, { mode: "choice", options: [] }),
    invalidValue(param)
      .filter((v) => v !== null)
      .map((value) => ({ mode: "fixed", value })),
    fc.constant({ mode: "random", category: "NO_SUCH_CATEGORY" }),
  ];
  const notApplicable = (["uniform", "normal", "integer", "choice", "sweep", "random"] as const).filter((m) => !applicableModes(param).includes(m));
  if (notApplicable.length > 0) bad.push(fc.constantFrom(...notApplicable).map((mode) => ({ mode, min: 0, max: 1, mean: 0, sd: 1, options: [{ value: 1, weight: 1 }] })));
  if (range) {
    bad.push(
      fc.constantFrom<unknown>(
        { mode: "uniform", min: range.max, max: beyond(range.max, 1) },
        { mode: "uniform", min: beyond(range.min, -1), max: range.max },
        { mode: "uniform", min: range.max, max: range.min - 1 },
        { mode: "integer", min: range.min + 0.5, max: range.max },
        { mode: "normal", mean: range.min, sd: 0 },
        { mode: "normal", mean: range.min, sd: -1 },
        { mode: "normal", mean: beyond(range.max, 1), sd: 1 },
        { mode: "sweep", from: beyond(range.min, -1) },
        { mode: "sweep", to: range.max + 1 },
        { mode: "uniform", min: "0", max: 1 },
      ),
    );
  }
  const choices = choicesOf(param);
  if (choices && choices.length > 0) {
    bad.push(
      fc.constantFrom<unknown>(
        { mode: "choice", options: [{ value: choices[0], weight: 1 }, { value: choices[0], weight: 2 }] },
        { mode: "choice", options: [{ value: choices[0], weight: 0 }] },
        { mode: "choice", options: [{ value: choices[0], weight: -1 }] },
        { mode: "choice", options: [{ value: choices[0] }] },
      ).filter(() => applicableModes(param).includes("choice")),
    );
  }
  return fc.oneof(...bad);
}

/** A valid recipe with exactly one defect, and where it must be reported. */
export function defectiveRecipe(spec: GeneratorSpec): fc.Arbitrary<RecipeDefect> {
  const base = validRecipe(spec).map((r) => {
    // Distributions only: a defect in `params` must be reported, so `jobs` must not replace them.
    const { jobs: _jobs, ...rest } = r;
    return rest;
  });
  const fieldDefects: [string, fc.Arbitrary<unknown>][] = [
    ["generator", fc.oneof(fc.constantFrom("", 7, null), mutated(spec.name, 1).filter((n) => n !== spec.name))],
    ["kind", fc.constantFrom("Preview", "image", "", null, 1)],
    ["jobCount", fc.constantFrom(0, -1, 1.5, 10_001, 1e300, "3", null, Number.NaN)],
    ["seed", fc.constantFrom(-1, MAX_SEED + 1, 0.5, "1", null, Number.POSITIVE_INFINITY)],
    ["name", fc.constantFrom("", "   ", "x".repeat(201), 5, null)],
    ["params", fc.constantFrom(null, [], "uniform", 3)],
  ];
  const field = fc.oneof(...fieldDefects.map(([name, value]) => value.map((v) => ({ name, v })))).chain(({ name, v }) =>
    base.map((recipe): RecipeDefect => ({ recipe: { ...recipe, [name]: v }, field: name })),
  );
  const param = fc
    .constantFrom(...spec.params)
    .chain((p) => fc.tuple(base, invalidDistribution(p)).map(([recipe, d]): RecipeDefect => ({ recipe: { ...recipe, params: { ...(recipe.params as object), [p.name]: d } }, param: p.name })));
  const unknown = fc.tuple(base, unknownKey(spec)).map(([recipe, key]): RecipeDefect => {
    // An own `__proto__` key, as JSON.parse would make it.
    const params = Object.fromEntries([...Object.entries(recipe.params as object), [key, { mode: "default" }]]);
    return { recipe: { ...recipe, params }, param: key };
  });
  const shape = fc.constantFrom<unknown>(null, undefined, [], "recipe", 42, { jobs: [] }, { jobs: "all" }, { jobs: [null] }).map((recipe): RecipeDefect => ({ recipe }));
  return fc.oneof({ weight: 3, arbitrary: field }, { weight: 4, arbitrary: param }, { weight: 2, arbitrary: unknown }, { weight: 1, arbitrary: shape });
}

/** Structured noise: JSON of any shape, with the recipe's own keys well represented. */
export function noiseRecipe(): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom("generator", "kind", "jobCount", "seed", "name", "params", "jobs", "mode", "__proto__"), hostileText(10));
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(...EDGE_STRINGS));
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(key, tie("value"), { maxKeys: 5 })),
  })).value;
}

export { isStateParam };
