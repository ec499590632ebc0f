import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { getDb } from "@/db";
import { findGenerator } from "./generators/registry";
import { getEngineConfig } from "./config";
import { claimJob, markAttemptFailed, markSucceeded, recordProgress, stillRunning } from "./job-state";
import { getBoss, RENDER_QUEUE, renderQueue, type RenderJobData } from "./queue";
import { renderInPool } from "./render-pool";
import { describeFolder } from "./results/manifest";
import { getStorage } from "./storage";
import { ffmpegPath } from "./ffmpeg";

const CANCEL_CHECK_MS = 1_000;
const slot = globalThis as unknown as { __engineRunner?: Promise<void> };

/** Consumes the render queue with `concurrency` jobs at a time. Idempotent per process. */
export function startRunner(): Promise<void> {
  slot.__engineRunner ??= (async () => {
    const config = getEngineConfig();
    const boss = await getBoss();
    await requeueOrphans();
    await sweepStaging(config.tmpDir, config.jobTimeoutSeconds);
    for (let i = 0; i < config.concurrency; i++) {
      let workerId = "";
      workerId = await boss.work<RenderJobData>(RENDER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        try {
          await handle(jobs);
        } finally {
          // pg-boss waits a polling interval after every job; with work just done there is
          // likely more queued, so fetch again at once (an empty fetch still waits).
          boss.notifyWorker(workerId);
        }
      });
    }
    console.log(`[engine] runner started: ${config.concurrency} at a time, ${config.jobTimeoutSeconds} s per job`);
  })();
  return slot.__engineRunner;
}

/** Jobs `queued` without a place in the queue: from before jobs were queued in the transaction that made them. */
async function requeueOrphans(): Promise<void> {
  const db = await getDb();
  const result = await db.execute<{ id: string }>(sql`
    select j.id from engine.jobs j
    where j.status = 'queued'
      and not exists (select 1 from pgboss.job q where q.name = ${RENDER_QUEUE} and q.data->>'jobId' = j.id::text and q.state < 'completed')`);
  const rows = (result as unknown as { rows: { id: string }[] }).rows;
  if (rows.length > 0) {
    console.log(`[engine] re-queueing ${rows.length} job(s) that never reached the queue`);
    const queue = await renderQueue();
    await db.transaction((tx) => queue.enqueue(tx, rows.map((r) => r.id)));
  }
}

/**
 * Staging folders of attempts whose worker died are never published; remove them once they
 * are older than any live attempt could be (other workers may share this folder).
 */
async function sweepStaging(tmpDir: string, jobTimeoutSeconds: number): Promise<void> {
  const cutoff = Date.now() - (jobTimeoutSeconds + 60) * 1000;
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    const dir = path.join(tmpDir, name);
    const info = await stat(dir).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function handle([job]: PgBoss.Job<RenderJobData>[]): Promise<void> {
  if (!job) return;
  const claimed = await claimJob(job.data.jobId);
  if (!claimed) return; // canceled, finished, or unknown: nothing to do, and never retried
  const attempt = claimed.attempts;
  const generator = findGenerator(claimed.generator);
  const config = getEngineConfig();
  const staging = path.join(config.tmpDir, `${claimed.id}-${attempt}-${randomBytes(4).toString("hex")}`);
  const controller = new AbortController();
  const timeLimit = setTimeout(() => controller.abort(new Error(`took longer than the ${config.jobTimeoutSeconds} s limit`)), config.jobTimeoutSeconds * 1000);
  const watch = setInterval(() => {
    void stillRunning(claimed.id, attempt).then((ours) => ours || controller.abort(new Error("canceled")));
  }, CANCEL_CHECK_MS);
  try {
    if (!generator) throw new Error(`generator ${claimed.generator} is not installed on this worker`);
    await mkdir(staging, { recursive: true });
    const result = await renderInPool(
      generator.renderModule,
      { jobId: claimed.id, params: claimed.paramValues, isPreview: claimed.isPreview, outDir: staging, ffmpegPath: ffmpegPath() },
      (progress) => void recordProgress(claimed.id, attempt, progress.framesDone),
      controller.signal,
    );
    if (controller.signal.aborted) throw controller.signal.reason;
    // Each attempt publishes under its own key; only the attempt that wins markSucceeded is
    // ever pointed at, so a slower duplicate can never replace or half-overwrite a result.
    const key = `jobs/${claimed.id}/${attempt}-${randomBytes(4).toString("hex")}`;
    const files = await describeFolder(staging);
    const storage = await getStorage();
    await storage.publish(staging, key);
    if (!(await markSucceeded(claimed.id, attempt, { key, files }, result.frames))) await storage.remove(key);
  } catch (error) {
    const message = controller.signal.aborted ? String((controller.signal.reason as Error)?.message ?? "stopped") : errorMessage(error);
    if (message === "canceled") return;
    const outcome = await markAttemptFailed(claimed.id, attempt, message);
    console.warn(`[engine] job ${claimed.id} attempt ${attempt} failed: ${message} (${outcome})`);
    if (outcome === "retry") throw error instanceof Error ? error : new Error(message);
  } finally {
    clearTimeout(timeLimit);
    clearInterval(watch);
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 500);
}
