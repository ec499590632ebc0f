import "server-only";
import { getDb } from "@/db";
import { engineBatches, engineJobs } from "@/db/schema";
import type { EngineCaller } from "../auth";
import { enqueueJobs } from "../queue";
import { resolveBatch } from "./batch-input";

const INSERT_CHUNK = 1_000;

export interface CreatedBatch {
  id: string;
  name: string;
  created: string;
  job_runs: { id: string; param_values: Record<string, unknown>; is_preview: boolean }[];
}

/**
 * Validates every job, then writes the batch and all its jobs in one transaction: a batch
 * is either wholly there or not at all. Jobs are handed to the queue after the commit; a
 * crash in between leaves them `queued`, and the runner re-enqueues those on start.
 */
export async function createBatch(caller: EngineCaller, body: unknown): Promise<CreatedBatch> {
  const { name, jobs } = resolveBatch(body);
  const db = await getDb();
  const { batch, rows } = await db.transaction(async (tx) => {
    const [batch] = await tx.insert(engineBatches).values({ teamId: caller.teamId, name }).returning();
    const rows: { id: string; paramValues: Record<string, unknown>; isPreview: boolean }[] = [];
    for (let start = 0; start < jobs.length; start += INSERT_CHUNK) {
      const chunk = jobs.slice(start, start + INSERT_CHUNK).map((job, i) => ({
        batchId: batch!.id,
        teamId: caller.teamId,
        position: start + i,
        generator: job.generator,
        isPreview: job.isPreview,
        paramValues: job.params,
        framesTotal: job.frames,
      }));
      rows.push(
        ...(await tx
          .insert(engineJobs)
          .values(chunk)
          .returning({ id: engineJobs.id, paramValues: engineJobs.paramValues, isPreview: engineJobs.isPreview })),
      );
    }
    return { batch: batch!, rows };
  });
  await enqueueJobs(rows.map((r) => r.id));
  return {
    id: batch.id,
    name: batch.name,
    created: batch.createdAt.toISOString(),
    job_runs: rows.map((r) => ({ id: r.id, param_values: r.paramValues, is_preview: r.isPreview })),
  };
}

export function estimateBatch(body: unknown): number[] {
  return resolveBatch(body).jobs.map((job) => job.frames);
}
