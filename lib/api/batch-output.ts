import { z } from "zod";
import { JOB_STATES } from "@/lib/generation/batch-progress";

const counts = z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>);

export const batchStatusOutput = z.object({
  submission: z.enum(["submitting", "submitted", "failed_to_submit"]),
  failureReason: z.string().nullable(),
  progress: z
    .object({
      total: z.number(),
      counts,
      done: z.boolean(),
      fraction: z.number(),
      etaSeconds: z.number().nullable(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
  upstreamProblem: z.string().nullable(),
  final: z.boolean(),
});
export type BatchStatusResponse = z.infer<typeof batchStatusOutput>;

/** Result links are capability URLs; they are not part of the table and never leave here. */
const jobStatusOutput = z.object({
  state: z.enum(JOB_STATES),
  error: z.string().nullable(),
  attempts: z.number().nullable(),
  framesDone: z.number().nullable(),
  framesTotal: z.number().nullable(),
  durationMs: z.number().nullable(),
});

export const batchJobsOutput = z.object({
  total: z.number(),
  rows: z.array(z.object({ position: z.number(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), status: jobStatusOutput.nullable() })),
  upstreamProblem: z.string().nullable(),
});
export type BatchJobsResponse = z.infer<typeof batchJobsOutput>;

export const batchesProgressOutput = z.record(z.uuid(), batchStatusOutput);
export type BatchesProgressResponse = z.infer<typeof batchesProgressOutput>;
