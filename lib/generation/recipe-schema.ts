import { z } from "zod";
import { paramValueSchema, paramValuesSchema } from "./contract";
import { isStorableText } from "@/lib/untrusted-values";

/**
 * The shape of a workflow recipe: a generator, how many jobs, a seed, and one distribution per
 * parameter, or instead an explicit list of jobs (pasted or uploaded). Only the shape lives
 * here; whether a distribution or a listed job fits its parameters (ranges, choices, types)
 * needs the generator's schema and is checked by `validateRecipe`.
 */

export const RECIPE_MODES = ["default", "fixed", "random", "uniform", "normal", "choice", "integer", "sweep"] as const;
export type RecipeMode = (typeof RECIPE_MODES)[number];

export const MAX_JOBS = 10_000;
export const MAX_SEED = 2 ** 31 - 1;

/**
 * The most a recipe may weigh as JSON, saved or submitted. The largest legitimate one, 10,000
 * pasted VisionFit jobs with every parameter at full float precision and a 200-character name,
 * is 8.9 MB (tests/unit/recipe-size.test.ts measures it); 10 MB leaves room for that and little more.
 * (MB here and in the sentences is 1024 × 1024 bytes.)
 */
export const MAX_RECIPE_BYTES = 10 * 1024 * 1024;

/** Rounded up, so a recipe just over the cap never reads as equal to it. */
const megabytes = (bytes: number) => `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toFixed(1)} MB`;

/** The sentence for a recipe over the cap, or null; the same words in the editor and from the server. */
export function recipeSizeProblem(bytes: number): string | null {
  if (bytes <= MAX_RECIPE_BYTES) return null;
  return `This recipe is ${megabytes(bytes)} of JSON; a recipe may be at most ${megabytes(MAX_RECIPE_BYTES)} (10,000 jobs with every parameter fit). Split the jobs over several batches.`;
}

/** A choice's value: anything a parameter can hold except null (null is "no value"). */
export const choiceValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ChoiceValue = z.infer<typeof choiceValueSchema>;

const num = (what: string) => z.number({ error: `${what} must be a number` });

export const paramRecipeSchema = z.discriminatedUnion(
  "mode",
  [
    /** The generator's default_value, written out explicitly in every job. */
    z.object({ mode: z.literal("default") }),
    z.object({ mode: z.literal("fixed"), value: paramValueSchema }),
    /**
     * The generator's own sampler (Infinity's `sample_input`). `category` narrows a text
     * parameter whose choices are named `CATEGORY[_NN][-SIDE]` (VisionFit's exercise) to the
     * choices of that category.
     */
    z.object({ mode: z.literal("random"), category: z.string().optional() }),
    z.object({ mode: z.literal("uniform"), min: num("Uniform min"), max: num("Uniform max") }),
    /** Clipped (not truncated) to the parameter's range: out-of-range draws land on the bound. */
    z.object({ mode: z.literal("normal"), mean: num("Normal mean"), sd: num("Normal sd") }),
    z.object({
      mode: z.literal("choice"),
      options: z.array(z.object({ value: choiceValueSchema, weight: num("Choice weight") }), { error: "Choice needs a list of options" }),
    }),
    /** Whole numbers from min to max inclusive, each equally likely. */
    z.object({ mode: z.literal("integer"), min: num("Integer min"), max: num("Integer max") }),
    /** Numbers: from..to spread evenly over the jobs in order. Choices: cycled over the jobs. */
    z.object({ mode: z.literal("sweep"), from: num("Sweep from").optional(), to: num("Sweep to").optional() }),
  ],
  { error: `mode must be one of ${RECIPE_MODES.join(", ")}` },
);
export type ParamRecipe = z.infer<typeof paramRecipeSchema>;
export type ParamRecipeOf<M extends RecipeMode> = Extract<ParamRecipe, { mode: M }>;

const JOB_COUNT_MESSAGE = `Job count must be a whole number from 1 to ${MAX_JOBS.toLocaleString("en-US")}.`;
const SEED_MESSAGE = `Seed must be a whole number from 0 to ${MAX_SEED}.`;

/**
 * Everything but the per-parameter distributions and the job list, which are checked one by one
 * for per-parameter and per-cell errors.
 */
export const recipeHeaderSchema = z.object({
  generator: z.string({ error: "Choose a generator." }).min(1, { error: "Choose a generator." }),
  kind: z.enum(["preview", "video"], { error: 'Kind must be "preview" or "video".' }),
  jobCount: z
    .number({ error: JOB_COUNT_MESSAGE })
    .int({ error: JOB_COUNT_MESSAGE })
    .min(1, { error: JOB_COUNT_MESSAGE })
    .max(MAX_JOBS, { error: JOB_COUNT_MESSAGE }),
  seed: z.number({ error: SEED_MESSAGE }).int({ error: SEED_MESSAGE }).min(0, { error: SEED_MESSAGE }).max(MAX_SEED, { error: SEED_MESSAGE }),
  name: z
    .string({ error: "Give the batch a name." })
    .trim()
    .min(1, { error: "Give the batch a name." })
    .max(200, { error: "Keep the name under 200 characters." })
    // Saved inside a JSON document (workflow, batch), where Postgres refuses these.
    .refine(isStorableText, { error: "The name cannot hold NUL characters or unpaired surrogates." }),
  params: z.record(z.string(), z.unknown(), { error: "params must be an object of parameter names to distributions." }).default({}),
});

export const recipeSchema = recipeHeaderSchema.extend({
  params: z.record(z.string(), paramRecipeSchema).default({}),
  /**
   * Explicit jobs: when present the batch is exactly these jobs, in order; `jobCount` is their
   * number and the distributions in `params` are not used (they are kept so a workflow can go
   * back to them). A job may leave parameters out: they take the generator's default, and a
   * missing `state` is derived from the batch seed as in Default mode.
   */
  jobs: z.array(paramValuesSchema).min(1).max(MAX_JOBS).optional(),
});
/** A parameter missing from `params` is sampled as `default`. */
export type Recipe = z.infer<typeof recipeSchema>;
