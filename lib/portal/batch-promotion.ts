import "server-only";
import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchJobs } from "@/db/schema";
import type { GenerationClient } from "@/lib/generation/client";
import { PortalError } from "@/lib/errors";
import { getBatch, readBatchRecipe } from "./batch-report";
import { submitBatch, type SubmissionResult } from "./batch-submission";
import { requirePermission, type ActingMember } from "./member";

/** One promotion per batch: pressing the button twice, or on two tabs, makes one video batch. */
function promotionKey(batchId: string): string {
  const h = createHash("sha256").update(`promote-to-videos:${batchId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Renders a preview batch's jobs again as videos: the very same parameters and per-job seeds
 * (`state`), so each video starts from the frame its preview showed. Submitted like any batch
 * (same checks, same audit, same retry when the upstream is down).
 */
export async function promoteToVideos(member: ActingMember, batchId: string, client: GenerationClient): Promise<SubmissionResult> {
  const db = await getDb();
  await requirePermission(db, member, "batches:submit", "Viewers cannot submit batches.");
  const batch = await getBatch(member, batchId);
  if (batch.kind !== "preview") throw new PortalError("conflict:batch", "This batch already renders videos.");
  const jobs = await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
  // The jobs come from the batch's own rows (with the states they were rendered with), not the recipe's list.
  const recipe = {
    ...(await readBatchRecipe(member, batch, "marker")),
    kind: "video",
    name: `${batch.name} (videos)`,
    jobCount: jobs.length,
    jobs: jobs.map((j) => j.params),
  };
  return submitBatch(member, { recipe, idempotencyKey: promotionKey(batch.id), workflowId: batch.workflowId }, client);
}
