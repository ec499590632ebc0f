import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { batches } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { getSubmissionConfig } from "@/lib/config/submissions";
import { GenerationApiError } from "@/lib/generation/errors";
import { recordAudit } from "./audit";
import { findEarlierAttempt, markSubmitted } from "./batch-submission";
import { generationClientForTeam, upstreamOfTeam } from "./generation";

/**
 * A batch is `submitting` while one request sends it to the Generation API. If the process
 * doing that stops on the way (killed, crashed, redeployed), nothing would move the batch
 * again and its report would say "Sending…" forever. Every portal process therefore sweeps, at
 * start and then every minute, for batches whose attempt began longer ago than any live one
 * can take (SUBMISSION_TIMEOUT_SECONDS), and settles each:
 * - the Generation API has a batch of its name (the attempt got through, its answer was lost
 *   with the process): adopted, exactly as a retry would;
 * - it has none: `failed_to_submit`, with the reason and the Retry button;
 * - it cannot be asked: `failed_to_submit` too, saying so; Retry looks again before sending.
 * Each batch is first claimed by a conditional update that moves its attempt's start to now,
 * so with several processes only one settles it, and a batch that something else settles
 * meanwhile (the original attempt, if it was only slow) is left as that made it.
 */
export interface SweepResult {
  adopted: number;
  failed: number;
}

const PER_SWEEP = 50;

export const INTERRUPTED =
  "The portal stopped while sending this batch to the Generation API (it was restarted or crashed), and the Generation API has no batch of this name: nothing was created there. Retry sends it again.";

export async function settleInterruptedSubmissions(timeoutMs = getSubmissionConfig().timeoutMs): Promise<SweepResult> {
  const db = await getDb();
  const cutoff = new Date(Date.now() - timeoutMs);
  const stuck = await db
    .select({ id: batches.id, teamId: batches.teamId, name: batches.name, createdAt: batches.createdAt, jobCount: batches.jobCount })
    .from(batches)
    .where(and(eq(batches.submission, "submitting"), lt(batches.submissionStartedAt, cutoff)))
    .orderBy(asc(batches.submissionStartedAt))
    .limit(PER_SWEEP);
  const result: SweepResult = { adopted: 0, failed: 0 };
  for (const batch of stuck) {
    const [claimed] = await db
      .update(batches)
      .set({ submissionStartedAt: new Date() })
      // Still as old as it was when found: Postgres keeps microseconds a JavaScript Date cannot hold, so no equality on the time.
      .where(and(eq(batches.id, batch.id), eq(batches.submission, "submitting"), lt(batches.submissionStartedAt, cutoff)))
      .returning({ id: batches.id });
    if (!claimed) continue; // another process took it, or it was settled meanwhile
    const outcome = await settle(batch);
    if (outcome) result[outcome]++;
  }
  return result;
}

async function settle(batch: { id: string; teamId: string; name: string; createdAt: Date; jobCount: number }): Promise<keyof SweepResult | null> {
  const db = await getDb();
  const audit = { teamId: batch.teamId, actorId: null, targetType: "batch", targetId: batch.id };
  let reason = INTERRUPTED;
  try {
    const client = generationClientForTeam(batch.teamId, getConfig().publicOrigin ?? "http://localhost");
    const earlier = await findEarlierAttempt(client, batch);
    if (earlier) {
      const sentTo = await upstreamOfTeam(batch.teamId);
      const adopted = await db.transaction(async (tx) => {
        if (!(await markSubmitted(tx, batch.id, earlier, batch.jobCount, sentTo, true))) return false;
        await recordAudit(tx, { ...audit, action: "batch.submitted", metadata: { name: batch.name, via: "portal", adopted: true, upstreamBatchId: earlier.id } });
        return true;
      });
      return adopted ? "adopted" : null;
    }
  } catch (error) {
    if (!(error instanceof GenerationApiError)) throw error;
    reason = `The portal stopped while sending this batch to the Generation API (it was restarted or crashed), and the Generation API could not be asked whether it arrived: ${error.message} Retry looks there again before sending it.`;
  }
  const failed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(batches)
      .set({ submission: "failed_to_submit", failureReason: reason })
      .where(and(eq(batches.id, batch.id), eq(batches.submission, "submitting")))
      .returning({ id: batches.id });
    if (!row) return false;
    await recordAudit(tx, { ...audit, action: "batch.submit_failed", metadata: { name: batch.name, via: "portal", reason, kind: "interrupted" } });
    return true;
  });
  return failed ? "failed" : null;
}

const SWEEPER = Symbol.for("infinity.portal.submission-sweeper");
const slot = globalThis as unknown as Record<symbol, NodeJS.Timeout | undefined>;

/**
 * Sweeps now and then every `sweepEveryMs` in this process (once per process, however often
 * it is called). A sweep that fails (the database is down) is logged and tried again next time.
 */
export function startSubmissionReconciler(): void {
  if (slot[SWEEPER]) return;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const { adopted, failed } = await settleInterruptedSubmissions();
      if (adopted || failed) console.log(`[portal] interrupted submissions settled: ${adopted} found at the Generation API, ${failed} marked failed to submit`);
    } catch (error) {
      console.warn(`[portal] could not check for interrupted submissions (it tries again shortly): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  slot[SWEEPER] = setInterval(() => void sweep(), getSubmissionConfig().sweepEveryMs);
  slot[SWEEPER].unref();
  void sweep();
}
