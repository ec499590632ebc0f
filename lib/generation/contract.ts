import { z } from "zod";

/**
 * The Generation API contract (../shared/generation-api.md) as zod schemas. Every answer
 * from upstream is parsed through these: an upstream that drifts from the contract gives a
 * clear error here instead of undefined values deep in a page.
 */
export const paramValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const paramValuesSchema = z.record(z.string(), paramValueSchema);
export type ParamValues = z.infer<typeof paramValuesSchema>;

export const paramSpecSchema = z.object({
  name: z.string(),
  type: z.enum(["int", "float", "str", "bool", "uuid"]),
  default_value: paramValueSchema,
  options: z.union([z.object({ min: z.number(), max: z.number() }), z.object({ choices: z.array(z.union([z.string(), z.number()])) }), z.null()]),
  description: z.string().default(""),
});
export type ParamSpec = z.infer<typeof paramSpecSchema>;

export const generatorSummarySchema = z.object({ name: z.string() }).loose();
export const generatorSpecSchema = z.object({
  name: z.string(),
  version: z.string().default(""),
  params: z.array(paramSpecSchema),
  options: z.object({ preview: z.boolean().default(false) }).loose().default({ preview: false }),
});
export type GeneratorSpec = z.infer<typeof generatorSpecSchema>;

export const jobRunInputSchema = z.object({ name: z.string(), is_preview: z.boolean(), param_values: z.record(z.string(), z.unknown()) });
export const batchRequestSchema = z.object({ name: z.string(), job_runs: z.array(jobRunInputSchema) });
export type BatchRequest = z.infer<typeof batchRequestSchema>;

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: "not an ISO 8601 time" });

export const createdBatchSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: isoTime,
  job_runs: z.array(z.object({ id: z.string(), param_values: paramValuesSchema }).loose()),
});
export type CreatedBatch = z.infer<typeof createdBatchSchema>;

export const batchSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: isoTime,
  job_runs: z.array(z.object({ id: z.string(), param_values: paramValuesSchema, is_preview: z.boolean().optional() }).loose()),
});

export const batchListSchema = z.array(z.object({ id: z.string(), name: z.string(), created: isoTime }).loose());

export const jobStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);

export const summarySchema = z.object({
  job_runs: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        in_progress: z.boolean(),
        result_url: z.string().nullable(),
        status: jobStatusSchema.optional(),
        progress: z.object({ frames_done: z.number(), frames_total: z.number() }).optional(),
        attempts: z.number().optional(),
        error: z.string().nullable().optional(),
        started: z.string().nullable().optional(),
        finished: z.string().nullable().optional(),
      })
      .loose(),
  ),
});
export type BatchSummary = z.infer<typeof summarySchema>;

export const estimateSchema = z.array(z.number().int().nonnegative());

export const jobSchema = z.object({ id: z.string(), param_values: paramValuesSchema }).loose();

export const countsSchema = z.object({
  counts_by_generator: z.array(z.object({ generator: z.string(), non_preview_samples_rendered: z.number(), preview_samples_rendered: z.number() })),
  start_time: z.string().nullable().optional(),
  end_time: z.string().nullable().optional(),
});

export const cancelResultSchema = z.object({ canceled: z.number() });
export const retryResultSchema = z.object({ retried: z.number() });

export const errorBodySchema = z
  .object({
    detail: z.string(),
    job_errors: z.array(z.object({ index: z.number(), errors: z.record(z.string(), z.string()) })).optional(),
  })
  .loose();
export type JobValidationErrors = NonNullable<z.infer<typeof errorBodySchema>["job_errors"]>;
