import "server-only";
import { getDb } from "@/db";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { assertSameUpstream, forgetBatchStatus, getBatch } from "./batch-report";
import { requirePermission, type ActingMember } from "./member";

async function submittedBatch(member: ActingMember, id: string, verb: string) {
  const db = await getDb();
  await requirePermission(db, member, "batches:submit", `Viewers cannot ${verb} batches.`);
  const batch = await getBatch(member, id);
  if (!batch.upstreamBatchId) throw new PortalError("conflict:batch", `This batch was never submitted, so there is nothing to ${verb}.`);
  await assertSameUpstream(member, batch).catch((error: unknown) => upstreamFailure(error, `${verb} the batch`));
  return { db, batch, upstreamBatchId: batch.upstreamBatchId };
}

function upstreamFailure(error: unknown, what: string): never {
  if (error instanceof GenerationApiError) throw new PortalError("conflict:generation_api", `Could not ${what}: ${error.message}`);
  throw error;
}

/** Cancels the batch's queued and running jobs upstream; finished jobs keep their results. */
export async function cancelBatch(member: ActingMember, id: string, client: GenerationClient): Promise<{ canceled: number }> {
  const { db, batch, upstreamBatchId } = await submittedBatch(member, id, "cancel");
  const result = await client.cancel(upstreamBatchId).catch((error: unknown) => upstreamFailure(error, "cancel the batch"));
  forgetBatchStatus(member, upstreamBatchId);
  await recordAudit(db, auditFor(member, "batch.canceled", { type: "batch", id: batch.id }, { name: batch.name, canceled: result.canceled }));
  return result;
}

/** Queues the batch's failed jobs again, with the same parameters and seeds. */
export async function retryFailedJobs(member: ActingMember, id: string, client: GenerationClient): Promise<{ retried: number }> {
  const { db, batch, upstreamBatchId } = await submittedBatch(member, id, "retry");
  const result = await client.retryFailed(upstreamBatchId).catch((error: unknown) => upstreamFailure(error, "retry the failed jobs"));
  forgetBatchStatus(member, upstreamBatchId);
  await recordAudit(db, auditFor(member, "batch.retried", { type: "batch", id: batch.id }, { name: batch.name, retried: result.retried }));
  return result;
}
