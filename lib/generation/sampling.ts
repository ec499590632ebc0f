import type { GeneratorSpec, ParamSpec, ParamValues } from "./contract";
import { choicesOf, isStateParam, rangeOf, type ParamValue } from "./param-kinds";
import { createStream, jobStateUuid, standardNormal, type Uniform01 } from "./prng";
import { RecipeError, validateRecipe, type ParamRecipe, type ParamRecipeOf } from "./recipe";
import { resolveRandom, type ConcreteRecipe } from "./tailored-random";

export { describeDistribution } from "./describe-distribution";
export { expectedShape, binEdges, integerEdges, normalCdf, type ExpectedShape } from "./expected-shape";
export { resolveRandom, hasTailoredSampler, type ConcreteRecipe, type ResolvedRandom } from "./tailored-random";

/**
 * Turns a workflow recipe into the job parameters of a batch: the portal's replacement for
 * Infinity's `sample_input` loop. Pure and deterministic: the same (spec, recipe) gives the
 * same jobs, in the browser (live preview in the editor) and on the server (submission).
 *
 * Every job lists every parameter of the generator, Default ones included with the default
 * value written out. The engine would fill missing values itself, but writing them out lets
 * charts and reports show what each job really used, and freezes the defaults of the day in
 * the batch's record even if a later generator version changes them.
 */
export function sampleJobs(spec: GeneratorSpec, recipeInput: unknown): ParamValues[] {
  const validation = validateRecipe(spec, recipeInput);
  if (!validation.ok) throw new RecipeError(validation);
  const { recipe } = validation;
  if (recipe.jobs) return listedJobs(spec, recipe.jobs, recipe.seed);
  const names = spec.params.map((p) => p.name);
  const columns = spec.params.map((p) => sampleColumn(spec.name, p, recipe.params[p.name] ?? { mode: "default" }, recipe.seed, recipe.jobCount));
  // Sampled by column (one stream per parameter), assembled by row. Each row starts as a copy
  // of the first, so every job already has all its keys (in schema order) and the loop only
  // overwrites values: adding 31 keys one by one to 10,000 empty objects through computed
  // names is what made a large batch slow.
  const jobs = new Array<ParamValues>(recipe.jobCount);
  const first: ParamValues = {};
  for (let j = 0; j < names.length; j++) first[names[j]!] = columns[j]![0]!;
  jobs[0] = first;
  for (let i = 1; i < jobs.length; i++) {
    const job: ParamValues = { ...first };
    for (let j = 0; j < names.length; j++) job[names[j]!] = columns[j]![i]!;
    jobs[i] = job;
  }
  return jobs;
}

/**
 * An explicit (pasted) job list as submitted: every parameter in schema order, a missing one
 * taking its default and a missing `state` derived from the batch seed exactly as Default
 * mode does, so a listed job is as reproducible as a sampled one.
 */
function listedJobs(spec: GeneratorSpec, listed: ParamValues[], seed: number): ParamValues[] {
  // As in `sampleJobs`: copy a job of defaults (all keys, schema order) and overwrite, rather
  // than add 31 keys one by one to each of 10,000 empty objects.
  const defaults: ParamValues = {};
  for (const p of spec.params) defaults[p.name] = p.default_value;
  const names = spec.params.map((p) => p.name);
  const uuids = spec.params.filter((p) => p.type === "uuid").map((p) => p.name);
  const states = spec.params.filter(isStateParam).map((p) => p.name);
  const out = new Array<ParamValues>(listed.length);
  for (let i = 0; i < listed.length; i++) {
    const given = listed[i]!;
    const job: ParamValues = { ...defaults };
    for (let j = 0; j < names.length; j++) {
      const value = given[names[j]!];
      if (value !== undefined && value !== null) job[names[j]!] = value;
    }
    for (const name of uuids) if (typeof job[name] === "string") job[name] = (job[name] as string).toLowerCase();
    for (const name of states) if (given[name] === null || given[name] === undefined) job[name] = jobStateUuid(seed, i);
    out[i] = job;
  }
  return out;
}

/**
 * One parameter's values over `jobCount` jobs; `sampleJobs` in columns. Exported so the editor
 * can redraw one parameter's histogram as it is edited without sampling the whole batch.
 * Expects a recipe that `validateRecipe` accepted.
 */
export function sampleColumn(generator: string, param: ParamSpec, r: ParamRecipe, seed: number, jobCount: number): ParamValue[] {
  const resolved = r.mode === "random" ? resolveRandom(generator, param, r) : { recipe: r, stream: param.name };
  return draw(param, resolved.recipe, seed, jobCount, resolved.stream);
}

function draw(param: ParamSpec, r: ConcreteRecipe, seed: number, n: number, stream: string): ParamValue[] {
  const out = new Array<ParamValue>(n);
  switch (r.mode) {
    case "default":
      for (let i = 0; i < n; i++) out[i] = isStateParam(param) ? jobStateUuid(seed, i) : param.default_value;
      return out;
    case "fixed": {
      // The engine stores UUIDs lowercased; doing the same keeps submitted and resolved values equal.
      const value = param.type === "uuid" && typeof r.value === "string" ? r.value.toLowerCase() : r.value;
      return out.fill(value);
    }
    case "sweep":
      return sweep(param, r, n);
    case "choice":
      return drawChoice(r, createStream(seed, stream), n);
  }
  const u = createStream(seed, stream);
  const { min, max } = rangeOf(param)!;
  const finish = param.type === "int" ? (x: number) => clamp(Math.round(x), min, max) : (x: number) => clamp(round4(x), min, max);
  if (r.mode === "integer" || (r.mode === "uniform" && param.type === "int")) {
    // Each whole number equally likely. Rounding a continuous draw instead would give the two
    // end values half the weight of the others.
    const span = r.max - r.min + 1;
    for (let i = 0; i < n; i++) out[i] = r.min + Math.floor(u() * span);
  } else if (r.mode === "uniform") {
    for (let i = 0; i < n; i++) out[i] = finish(r.min + (r.max - r.min) * u());
  } else {
    for (let i = 0; i < n; i++) out[i] = finish(r.mean + r.sd * standardNormal(u));
  }
  return out;
}

function drawChoice(r: ParamRecipeOf<"choice">, u: Uniform01, n: number): ParamValue[] {
  const values = r.options.map((o) => o.value);
  const cumulative: number[] = [];
  let total = 0;
  for (const o of r.options) cumulative.push((total += o.weight));
  // Float rounding can put u·total on the total itself; the last positive weight takes it.
  let last = 0;
  r.options.forEach((o, i) => {
    if (o.weight > 0) last = i;
  });
  const out = new Array<ParamValue>(n);
  for (let i = 0; i < n; i++) {
    const x = u() * total;
    let k = 0;
    // `x < cumulative[k]` skips zero-weight options: their cumulative equals the one before.
    while (k < values.length && !(x < cumulative[k]!)) k++;
    out[i] = values[k < values.length ? k : last]!;
  }
  return out;
}

/**
 * Numbers: from..to in even steps over the jobs, first job `from`, last `to`. For whole
 * numbers with at least as many jobs as values, each value gets an equal run of jobs (1..10
 * over 100 jobs: ten of each) rather than rounded steps, which would starve the two ends.
 * Choices and booleans: every choice in turn, in the schema's order (false before true).
 */
function sweep(param: ParamSpec, r: ParamRecipeOf<"sweep">, n: number): ParamValue[] {
  const out = new Array<ParamValue>(n);
  const range = rangeOf(param);
  if (!range) {
    const choices = choicesOf(param) ?? [param.default_value];
    for (let i = 0; i < n; i++) out[i] = choices[i % choices.length]!;
    return out;
  }
  const from = r.from ?? range.min;
  const to = r.to ?? range.max;
  const steps = Math.max(n - 1, 1);
  if (param.type === "int" && n >= Math.abs(to - from) + 1) {
    const count = Math.abs(to - from) + 1;
    const sign = to >= from ? 1 : -1;
    for (let i = 0; i < n; i++) out[i] = from + sign * Math.floor((i * count) / n);
  } else {
    // Clamped like every other draw: a range finer than four decimals (0.00005–0.00009) would
    // otherwise round a step onto 0.0001, outside the range, and the engine would refuse the job.
    const finish = param.type === "int" ? Math.round : (x: number) => clamp(round4(x), range.min, range.max);
    for (let i = 0; i < n; i++) out[i] = i === 0 ? from : i === n - 1 ? to : finish(from + ((to - from) * i) / steps);
  }
  return out;
}

/** Four decimals: finer than any parameter needs, and keeps charts and job.json readable. */
export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4 + 0; // + 0 turns -0 into 0
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
