import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { engineJobs, type ResultFileRecord } from "@/db/schema";
import { MAX_ATTEMPTS } from "./config";

export type ClaimedJob = typeof engineJobs.$inferSelect;

/**
 * Takes a job for one attempt. A job left `running` by a worker that died is taken again;
 * the attempt number is the fencing token every later write is conditioned on.
 */
export async function claimJob(jobId: string): Promise<ClaimedJob | null> {
  const db = await getDb();
  const [job] = await db
    .update(engineJobs)
    .set({ status: "running", attempts: sql`${engineJobs.attempts} + 1`, startedAt: new Date(), framesDone: 0, error: null })
    .where(and(eq(engineJobs.id, jobId), inArray(engineJobs.status, ["queued", "running"])))
    .returning();
  return job ?? null;
}

export async function recordProgress(jobId: string, attempt: number, framesDone: number): Promise<"running" | "stop"> {
  const db = await getDb();
  const [row] = await db
    .update(engineJobs)
    .set({ framesDone })
    .where(and(eq(engineJobs.id, jobId), eq(engineJobs.attempts, attempt), eq(engineJobs.status, "running")))
    .returning({ id: engineJobs.id });
  return row ? "running" : "stop";
}

/** Still ours to finish? False once canceled, or once a newer attempt took over. */
export async function stillRunning(jobId: string, attempt: number): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ status: engineJobs.status, attempts: engineJobs.attempts })
    .from(engineJobs)
    .where(eq(engineJobs.id, jobId));
  return row?.status === "running" && row.attempts === attempt;
}

/** Points the job at its published output. Exactly one attempt can win this. */
export async function markSucceeded(jobId: string, attempt: number, result: { key: string; files: ResultFileRecord[] }, frames: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(engineJobs)
    .set({ status: "succeeded", resultKey: result.key, resultFiles: result.files, framesDone: frames, finishedAt: new Date(), error: null })
    .where(and(eq(engineJobs.id, jobId), eq(engineJobs.attempts, attempt), eq(engineJobs.status, "running")))
    .returning({ id: engineJobs.id });
  return rows.length === 1;
}

/** Records a failed attempt: back to `queued` for a retry, or `failed` after the last one. */
export async function markAttemptFailed(jobId: string, attempt: number, message: string): Promise<"retry" | "failed" | "gone"> {
  const final = attempt >= MAX_ATTEMPTS;
  const db = await getDb();
  const rows = await db
    .update(engineJobs)
    .set(final ? { status: "failed", error: message, finishedAt: new Date() } : { status: "queued", error: message })
    .where(and(eq(engineJobs.id, jobId), eq(engineJobs.attempts, attempt), eq(engineJobs.status, "running")))
    .returning({ id: engineJobs.id });
  if (rows.length === 0) return "gone";
  return final ? "failed" : "retry";
}
