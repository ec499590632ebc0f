import type { GeneratorSpec, ParamSpec } from "./contract";
import { choicesInCategory, choicesOf, describeValueProblem, formatRange, isStateParam, rangeOf, shortText, valueProblem } from "./param-kinds";
import { formatJobListError, validateJobList, type JobListError } from "./job-list";
import { paramRecipeSchema, recipeHeaderSchema, type ParamRecipe, type Recipe, type RecipeMode } from "./recipe-schema";

export * from "./recipe-schema";
export { formatJobListError, type JobListError } from "./job-list";

/**
 * Whether a recipe fits a generator's schema. The shape comes from zod; the meaning (a
 * Uniform inside the parameter's range, a Choice among its choices …) needs the schema, and
 * every problem is reported against the parameter it concerns, in words a person can act on,
 * so the workflow editor can show it next to that parameter.
 */
export type RecipeValidation =
  | { ok: true; recipe: Recipe }
  | {
      ok: false;
      /** Problems with the recipe's own fields (generator, kind, jobCount, seed, name, params). */
      fieldErrors: Record<string, string>;
      /** Problems with one parameter's distribution, keyed by parameter name: "num_reps: …". */
      paramErrors: Record<string, string>;
      /** Problems with an explicit job list, by row and column (see `JobListError`). */
      jobErrors: JobListError[];
      /** Every message above, for a summary. */
      messages: string[];
    };

const ALL_MODES: readonly RecipeMode[] = ["default", "fixed", "random", "uniform", "normal", "choice", "integer", "sweep"];

export const MODE_LABELS: Record<RecipeMode, string> = {
  default: "Default",
  fixed: "Fixed",
  random: "Random",
  uniform: "Uniform",
  normal: "Normal",
  choice: "Choice",
  integer: "Integer",
  sweep: "Sweep",
};

/** The modes that make sense for a parameter, in the order an editor should offer them. */
export function applicableModes(param: ParamSpec): RecipeMode[] {
  // The seed is never drawn from a distribution: Default derives one per job from the batch seed.
  if (isStateParam(param)) return ["default", "fixed"];
  if (param.type === "uuid") return ["default", "fixed", "random"];
  if (rangeOf(param)) return [...ALL_MODES];
  if (choicesOf(param)) return ["default", "fixed", "random", "choice", "sweep"];
  return ["default", "fixed", "random", "choice"];
}

function kindWords(param: ParamSpec): string {
  if (param.type === "bool") return "a true/false parameter";
  if (param.type === "uuid") return "a UUID parameter";
  if (choicesOf(param)) return param.type === "str" ? "a text parameter with a list of choices" : "a parameter with a list of choices";
  return param.type === "str" ? "a free-text parameter" : "a number parameter without a range";
}

function listWords(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

function notApplicable(param: ParamSpec, mode: RecipeMode): string {
  if (isStateParam(param)) return "the seed may only be Default (one per job, derived from the batch seed) or Fixed to a UUID";
  const allowed = applicableModes(param).map((m) => MODE_LABELS[m]);
  return `${MODE_LABELS[mode]} does not apply to ${kindWords(param)} (use ${listWords(allowed)})`;
}

/** A [lo, hi] pair of a Uniform or Integer recipe: whole where needed, ordered, inside the range. */
function boundsProblem(param: ParamSpec, label: string, lo: number, hi: number, whole: boolean): string | null {
  for (const [end, v] of [["min", lo], ["max", hi]] as const) {
    if (whole && !Number.isInteger(v)) return `${label} ${end} (${v}) must be a whole number`;
  }
  if (lo > hi) return `${label} min (${lo}) must be ≤ max (${hi})`;
  const range = rangeOf(param)!;
  for (const [end, v] of [["min", lo], ["max", hi]] as const) {
    if (v < range.min || v > range.max) return `${label} ${end} (${v}) is outside ${formatRange(range)}`;
  }
  return null;
}

function choiceProblem(param: ParamSpec, r: Extract<ParamRecipe, { mode: "choice" }>): string | null {
  if (r.options.length === 0) return "Choice needs at least one option";
  const seen = new Set<unknown>();
  for (const { value, weight } of r.options) {
    const problem = valueProblem(param, value);
    if (problem) return describeValueProblem("choice", value, problem);
    if (seen.has(value)) return `Choice lists ${shortText(String(value))} twice`;
    seen.add(value);
    if (!(weight >= 0)) return `Choice weight for ${shortText(String(value))} (${weight}) must be 0 or more`;
  }
  if (!r.options.some((o) => o.weight > 0)) return "Choice weights must not all be 0";
  return null;
}

function sweepProblem(param: ParamSpec, r: Extract<ParamRecipe, { mode: "sweep" }>): string | null {
  const range = rangeOf(param);
  if (!range) return r.from !== undefined || r.to !== undefined ? "Sweep from/to apply only to a number range; choices are cycled in order" : null;
  for (const [end, v] of [["from", r.from], ["to", r.to]] as const) {
    if (v === undefined) continue;
    if (param.type === "int" && !Number.isInteger(v)) return `Sweep ${end} (${v}) must be a whole number`;
    if (v < range.min || v > range.max) return `Sweep ${end} (${v}) is outside ${formatRange(range)}`;
  }
  return null;
}

/**
 * What is wrong with one parameter's distribution, without the "name: " prefix, or null.
 * Assumes the mode applies to the parameter (see `applicableModes`).
 */
export function paramRecipeProblem(param: ParamSpec, r: ParamRecipe): string | null {
  switch (r.mode) {
    case "default":
      return null;
    case "fixed": {
      const problem = valueProblem(param, r.value);
      return problem ? describeValueProblem("fixed value", r.value, problem) : null;
    }
    case "random":
      if (r.category === undefined) return null;
      if (param.type !== "str" || !choicesOf(param)) return "a category applies only to a text parameter with a list of choices";
      return choicesInCategory(param, r.category).length === 0 ? `category ${shortText(r.category)} matches none of the choices` : null;
    case "uniform":
      return boundsProblem(param, "Uniform", r.min, r.max, param.type === "int");
    case "integer":
      return boundsProblem(param, "Integer", r.min, r.max, true);
    case "normal": {
      const range = rangeOf(param)!;
      if (!(r.sd > 0)) return `Normal sd (${r.sd}) must be greater than 0`;
      if (r.mean < range.min || r.mean > range.max) return `Normal mean (${r.mean}) is outside ${formatRange(range)}`;
      return null;
    }
    case "choice":
      return choiceProblem(param, r);
    case "sweep":
      return sweepProblem(param, r);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Explicit jobs replace the distributions; `jobCount` is then their number, whatever was sent. */
const explicitHeaderSchema = recipeHeaderSchema.omit({ jobCount: true });

/**
 * Checks a recipe (any JSON) against a generator's schema; see `RecipeValidation`. A recipe
 * with `jobs` is checked job by job instead of distribution by distribution: its `params` are
 * not used, so they are neither checked nor returned.
 */
export function validateRecipe(spec: GeneratorSpec, input: unknown): RecipeValidation {
  if (isObject(input) && input.jobs !== undefined && input.jobs !== null) return validateExplicitRecipe(spec, input);
  const header = recipeHeaderSchema.safeParse(input);
  const fieldErrors = headerProblems(spec, header);
  const { params, paramErrors } = checkDistributions(spec, input);
  const messages = [...Object.values(fieldErrors), ...Object.values(paramErrors)];
  if (!header.success || messages.length > 0) return { ok: false, fieldErrors, paramErrors, jobErrors: [], messages };
  return { ok: true, recipe: { ...header.data, params } };
}

/**
 * A recipe as a workflow keeps it. Checked as `validateRecipe` checks it, and with a pasted job
 * list its distributions as well: the list replaces them in a batch, but a workflow keeps them
 * so the editor can go back to them, and nothing unchecked is stored.
 */
export function validateWorkflowRecipe(spec: GeneratorSpec, input: unknown): RecipeValidation {
  const validation = validateRecipe(spec, input);
  if (!isObject(input) || input.jobs === undefined || input.jobs === null) return validation;
  const { params, paramErrors } = checkDistributions(spec, input);
  if (validation.ok) {
    if (Object.keys(paramErrors).length === 0) return { ok: true, recipe: { ...validation.recipe, params } };
    return { ok: false, fieldErrors: {}, paramErrors, jobErrors: [], messages: Object.values(paramErrors) };
  }
  return { ...validation, paramErrors: { ...validation.paramErrors, ...paramErrors }, messages: [...validation.messages, ...Object.values(paramErrors)] };
}

/**
 * Each parameter's distribution checked against its spec: unknown names, shapes, modes, ranges.
 * Collected in Maps: a parameter named `__proto__` (JSON.parse makes it an own key) assigned
 * into a plain object would vanish instead of being refused.
 */
function checkDistributions(spec: GeneratorSpec, input: unknown): { params: Record<string, ParamRecipe>; paramErrors: Record<string, string> } {
  const paramErrors = new Map<string, string>();
  const params = new Map<string, ParamRecipe>();
  const specs = new Map(spec.params.map((p) => [p.name, p]));
  const rawParams = isObject(input) && isObject(input.params) ? input.params : {};
  for (const [name, raw] of Object.entries(rawParams)) {
    const param = specs.get(name);
    if (!param) {
      paramErrors.set(name, `${shortText(name)}: not a parameter of ${spec.name}`);
      continue;
    }
    if (!isObject(raw)) {
      paramErrors.set(name, `${name}: must be a distribution with a mode, like { "mode": "default" }`);
      continue;
    }
    const parsed = paramRecipeSchema.safeParse(raw);
    if (!parsed.success) {
      paramErrors.set(name, `${name}: ${parsed.error.issues[0]?.message ?? "not a distribution"}`);
      continue;
    }
    const r = parsed.data;
    const problem = applicableModes(param).includes(r.mode) ? paramRecipeProblem(param, r) : notApplicable(param, r.mode);
    if (problem) paramErrors.set(name, `${name}: ${problem}`);
    else params.set(name, r);
  }
  return { params: Object.fromEntries(params), paramErrors: Object.fromEntries(paramErrors) };
}

type HeaderResult = { success: true; data: { generator: string; kind: string } } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

function headerProblems(spec: GeneratorSpec, header: HeaderResult): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  if (!header.success) {
    for (const issue of header.error.issues) fieldErrors[String(issue.path[0] ?? "recipe")] ??= issue.message;
  } else {
    if (header.data.generator !== spec.name) fieldErrors.generator = `This recipe is for ${shortText(header.data.generator)}, not ${spec.name}.`;
    if (header.data.kind === "preview" && !spec.options.preview) fieldErrors.kind = `${spec.name} does not render previews.`;
  }
  return fieldErrors;
}

function validateExplicitRecipe(spec: GeneratorSpec, input: Record<string, unknown>): RecipeValidation {
  const header = explicitHeaderSchema.safeParse(input);
  const fieldErrors = headerProblems(spec, header);
  const list = validateJobList(spec, input.jobs);
  const jobErrors = list.ok ? [] : list.errors;
  // A problem with the list as a whole (not a list, empty, too long) comes alone and is the `jobs` field's.
  const whole = jobErrors.length === 1 && jobErrors[0]!.row === null && jobErrors[0]!.column === null ? jobErrors[0]! : null;
  if (whole) fieldErrors.jobs = whole.message;
  const messages = [...Object.values(fieldErrors), ...(whole ? [] : jobErrors.map(formatJobListError))];
  if (!header.success || !list.ok || messages.length > 0) return { ok: false, fieldErrors, paramErrors: {}, jobErrors, messages };
  return { ok: true, recipe: { ...header.data, params: {}, jobCount: list.jobs.length, jobs: list.jobs } };
}

/** Thrown by `sampleJobs` for a recipe that does not validate; carries the per-parameter errors. */
export class RecipeError extends Error {
  constructor(readonly validation: Extract<RecipeValidation, { ok: false }>) {
    super(`The recipe does not fit the generator: ${validation.messages.join("; ")}`);
    this.name = "RecipeError";
  }
}
