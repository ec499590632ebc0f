import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { engineBatches, engineJobs } from "@/db/schema";
import type { EngineCaller } from "../auth";
import { notFound } from "../api/http";
import { renderQueue } from "../queue";

async function assertOwnBatch(caller: EngineCaller, batchId: string): Promise<void> {
  const db = await getDb();
  const [batch] = await db
    .select({ id: engineBatches.id })
    .from(engineBatches)
    .where(and(eq(engineBatches.id, batchId), eq(engineBatches.teamId, caller.teamId)));
  if (!batch) throw notFound("No batch with that id.");
}

/**
 * Marks every unfinished job canceled. Queued jobs are skipped when the queue hands them
 * out; running ones see the flag at their next progress check and stop.
 */
export async function cancelBatch(caller: EngineCaller, batchId: string): Promise<{ canceled: number }> {
  await assertOwnBatch(caller, batchId);
  const db = await getDb();
  const rows = await db
    .update(engineJobs)
    .set({ status: "canceled", finishedAt: new Date() })
    .where(and(eq(engineJobs.batchId, batchId), inArray(engineJobs.status, ["queued", "running"])))
    .returning({ id: engineJobs.id });
  return { canceled: rows.length };
}

/** Queues the batch's failed jobs again from scratch (fresh attempts, same parameters and seed). */
export async function retryBatch(caller: EngineCaller, batchId: string): Promise<{ retried: number }> {
  await assertOwnBatch(caller, batchId);
  const db = await getDb();
  const queue = await renderQueue();
  const retried = await db.transaction(async (tx) => {
    const rows = await tx
      .update(engineJobs)
      .set({ status: "queued", attempts: 0, error: null, framesDone: 0, startedAt: null, finishedAt: null, resultKey: null, resultFiles: null })
      .where(and(eq(engineJobs.batchId, batchId), eq(engineJobs.status, "failed")))
      .returning({ id: engineJobs.id });
    await queue.enqueue(tx, rows.map((r) => r.id));
    return rows.length;
  });
  return { retried };
}
