import { z } from "zod";
import { findGenerator } from "../generators/registry";
import type { ParamValues } from "../generators/types";
import { resolveParams, type JobErrors } from "../validation";
import { ApiError } from "../api/http";
import { isStorableText, shownValue } from "@/lib/untrusted-values";

export const MAX_JOBS_PER_BATCH = 10_000;

const batchBody = z.object(
  {
    // Optional, as the Infinity client treats it (estimating samples sends none): a batch
    // without a name is named by its creation time.
    name: z
      .string({ error: "name must be a string naming the batch (or left out)" })
      .trim()
      .max(200, { error: "name must be at most 200 characters" })
      // Postgres refuses NUL in a text column (the insert failed: a 500).
      .refine(isStorableText, { error: "name must be text without NUL characters or unpaired surrogates" })
      .nullish()
      .transform((name) => name || `Batch of ${new Date().toISOString().slice(0, 19).replace("T", " ")} UTC`),
    job_runs: z
      .array(z.unknown(), { error: "job_runs is required: a list of jobs" })
      .min(1, { error: "job_runs must contain at least one job" })
      .max(MAX_JOBS_PER_BATCH, { error: `A batch holds at most ${MAX_JOBS_PER_BATCH.toLocaleString("en")} jobs; split it into several batches.` }),
  },
  { error: 'The body must be a JSON object: {"name": "…" (optional), "job_runs": [{"name": "<generator>", "param_values": {…}}]}.' },
);

const jobInput = z.object({
  name: z.string({ error: "must name a generator" }),
  is_preview: z.boolean({ error: "must be true or false" }).optional().default(false),
  param_values: z.unknown().optional(),
});

export interface ResolvedJob {
  generator: string;
  isPreview: boolean;
  params: ParamValues;
  frames: number;
}

export interface JobError {
  index: number;
  errors: JobErrors;
}

/**
 * Validates a whole batch body. Any invalid job refuses the batch: the answer lists every
 * job's errors by index and parameter, so a client can fix them all in one go.
 */
export function resolveBatch(body: unknown): { name: string; jobs: ResolvedJob[] } {
  const parsed = batchBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, issue.message, { errors: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) });
  }
  const jobs: ResolvedJob[] = [];
  const jobErrors: JobError[] = [];
  parsed.data.job_runs.forEach((raw, index) => {
    const job = jobInput.safeParse(raw);
    if (!job.success) {
      jobErrors.push({ index, errors: Object.fromEntries(job.error.issues.map((i) => [i.path.join(".") || "job", i.message])) });
      return;
    }
    const generator = findGenerator(job.data.name);
    if (!generator) {
      jobErrors.push({ index, errors: { name: `unknown generator ${shownValue(job.data.name)}; GET /api/jobs/ lists the available ones` } });
      return;
    }
    if (job.data.is_preview && !generator.spec.options.preview) {
      jobErrors.push({ index, errors: { is_preview: `${generator.spec.name} does not render previews` } });
      return;
    }
    const resolved = resolveParams(generator, job.data.param_values);
    if (!resolved.ok) {
      jobErrors.push({ index, errors: resolved.errors });
      return;
    }
    jobs.push({
      generator: generator.spec.name,
      isPreview: job.data.is_preview,
      params: resolved.params,
      frames: generator.frameCount(resolved.params, job.data.is_preview),
    });
  });
  if (jobErrors.length > 0) {
    const total = parsed.data.job_runs.length;
    throw new ApiError(400, `${jobErrors.length} of ${total} jobs ${jobErrors.length === 1 ? "is" : "are"} invalid; nothing was created.`, { job_errors: jobErrors });
  }
  return { name: parsed.data.name, jobs };
}
