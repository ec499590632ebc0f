import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { engineBatches, engineJobs } from "@/db/schema";
import type { EngineCaller } from "../auth";
import { notFound } from "../api/http";
import { signedResultUrl } from "../results/signing";

type JobRow = typeof engineJobs.$inferSelect;

async function ownBatch(caller: EngineCaller, batchId: string) {
  const db = await getDb();
  const [batch] = await db
    .select()
    .from(engineBatches)
    .where(and(eq(engineBatches.id, batchId), eq(engineBatches.teamId, caller.teamId)));
  // Another team's batch is "not found": never confirm that it exists.
  if (!batch) throw notFound("No batch with that id.");
  return batch;
}

export async function listBatches(caller: EngineCaller, window: { start?: Date; end?: Date }) {
  const db = await getDb();
  const rows = await db
    .select({ id: engineBatches.id, name: engineBatches.name, created: engineBatches.createdAt })
    .from(engineBatches)
    .where(
      and(
        eq(engineBatches.teamId, caller.teamId),
        window.start ? gte(engineBatches.createdAt, window.start) : undefined,
        window.end ? lt(engineBatches.createdAt, window.end) : undefined,
      ),
    )
    .orderBy(desc(engineBatches.createdAt))
    .limit(10_000);
  return rows.map((r) => ({ ...r, created: r.created.toISOString() }));
}

export async function getBatch(caller: EngineCaller, batchId: string) {
  const batch = await ownBatch(caller, batchId);
  const db = await getDb();
  const jobs = await db
    .select({ id: engineJobs.id, param_values: engineJobs.paramValues, is_preview: engineJobs.isPreview })
    .from(engineJobs)
    .where(eq(engineJobs.batchId, batch.id))
    .orderBy(asc(engineJobs.position));
  return { id: batch.id, name: batch.name, created: batch.createdAt.toISOString(), job_runs: jobs };
}

/** What a summary shows of a job: not its parameters, which are most of a row's bytes. */
const statusColumns = {
  id: engineJobs.id,
  generator: engineJobs.generator,
  status: engineJobs.status,
  resultKey: engineJobs.resultKey,
  isPreview: engineJobs.isPreview,
  framesDone: engineJobs.framesDone,
  framesTotal: engineJobs.framesTotal,
  attempts: engineJobs.attempts,
  error: engineJobs.error,
  createdAt: engineJobs.createdAt,
  startedAt: engineJobs.startedAt,
  finishedAt: engineJobs.finishedAt,
};

function jobStatusView(job: Pick<JobRow, keyof typeof statusColumns>, origin: string) {
  const finished = job.status === "succeeded" || job.status === "failed" || job.status === "canceled";
  return {
    id: job.id,
    name: job.generator,
    in_progress: !finished,
    result_url: job.status === "succeeded" && job.resultKey ? signedResultUrl(origin, job.id) : null,
    status: job.status,
    is_preview: job.isPreview,
    progress: { frames_done: job.framesDone, frames_total: job.framesTotal },
    attempts: job.attempts,
    error: job.error,
    created: job.createdAt.toISOString(),
    started: job.startedAt?.toISOString() ?? null,
    finished: job.finishedAt?.toISOString() ?? null,
  };
}

export async function batchSummary(caller: EngineCaller, batchId: string, origin: string) {
  const batch = await ownBatch(caller, batchId);
  const db = await getDb();
  const jobs = await db.select(statusColumns).from(engineJobs).where(eq(engineJobs.batchId, batch.id)).orderBy(asc(engineJobs.position));
  return { id: batch.id, name: batch.name, job_runs: jobs.map((j) => jobStatusView(j, origin)) };
}

export async function listJobs(caller: EngineCaller, isPreview: boolean, page: { limit: number; offset: number; batchId?: string }) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(engineJobs)
    .where(and(eq(engineJobs.teamId, caller.teamId), eq(engineJobs.isPreview, isPreview), page.batchId ? eq(engineJobs.batchId, page.batchId) : undefined))
    .orderBy(desc(engineJobs.createdAt), asc(engineJobs.position))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(jobView);
}

export async function getJob(caller: EngineCaller, jobId: string, isPreview: boolean) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(engineJobs)
    .where(and(eq(engineJobs.id, jobId), eq(engineJobs.teamId, caller.teamId), eq(engineJobs.isPreview, isPreview)));
  if (!row) throw notFound(`No ${isPreview ? "preview" : "video job"} with that id.`);
  return jobView(row);
}

function jobView(job: JobRow) {
  return {
    id: job.id,
    batch_id: job.batchId,
    name: job.generator,
    is_preview: job.isPreview,
    param_values: job.paramValues,
    status: job.status,
    created: job.createdAt.toISOString(),
  };
}

/** Frames rendered per generator in a window, previews and videos apart (succeeded jobs). */
export async function renderCounts(caller: EngineCaller, window: { start?: Date; end?: Date }) {
  const db = await getDb();
  const rows = await db
    .select({
      generator: engineJobs.generator,
      videos: sql<number>`coalesce(sum(case when not ${engineJobs.isPreview} then ${engineJobs.framesTotal} else 0 end), 0)::int`,
      previews: sql<number>`coalesce(sum(case when ${engineJobs.isPreview} then ${engineJobs.framesTotal} else 0 end), 0)::int`,
    })
    .from(engineJobs)
    .where(
      and(
        eq(engineJobs.teamId, caller.teamId),
        eq(engineJobs.status, "succeeded"),
        window.start ? gte(engineJobs.finishedAt, window.start) : undefined,
        window.end ? lt(engineJobs.finishedAt, window.end) : undefined,
      ),
    )
    .groupBy(engineJobs.generator)
    .orderBy(asc(engineJobs.generator));
  return {
    counts_by_generator: rows.map((r) => ({ generator: r.generator, non_preview_samples_rendered: r.videos, preview_samples_rendered: r.previews })),
    start_time: window.start?.toISOString() ?? null,
    end_time: window.end?.toISOString() ?? null,
  };
}
