import { randomUUID } from "node:crypto";
import type { GenerationClient } from "@/lib/generation/client";
import { getBatchStatus } from "@/lib/portal/batch-report";
import { submitBatch } from "@/lib/portal/batch-submission";
import type { ActingMember } from "@/lib/portal/member";

/**
 * Submits a small batch of 128×128 frames (random exercises) and waits until every job has
 * finished; the engine's runner must already be started. Returns the portal batch id.
 */
export async function submitFinishedBatch(
  member: ActingMember,
  client: GenerationClient,
  batch: { name: string; jobCount: number; seed: number; kind?: "preview" | "video" },
  timeoutMs = 120_000,
): Promise<string> {
  const recipe = {
    generator: "visionfit-flagship-v0.1.0",
    kind: batch.kind ?? "preview",
    jobCount: batch.jobCount,
    seed: batch.seed,
    name: batch.name,
    params: { image_width: { mode: "fixed", value: 128 }, image_height: { mode: "fixed", value: 128 }, exercise: { mode: "random" } },
  };
  const { batchId } = await submitBatch(member, { recipe, idempotencyKey: randomUUID() }, client);
  const deadline = Date.now() + timeoutMs;
  while (!(await getBatchStatus(member, batchId, client)).final) {
    if (Date.now() > deadline) throw new Error(`the batch "${batch.name}" did not finish in time`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return batchId;
}
