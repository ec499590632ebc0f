import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, batches, batchJobs } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import type { Transport, TransportRequest } from "@/lib/generation/transport";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { retrySubmission, submitBatch, upstreamBatchName } from "@/lib/portal/batch-submission";
import { saveGenerationConnection } from "@/lib/portal/generation-connections";
import type { ActingMember } from "@/lib/portal/member";
import { INTERRUPTED, settleInterruptedSubmissions } from "@/lib/portal/submission-reconciler";
import { signUp } from "../support/factories";
import { allowOutbound, serve } from "../support/http-server";

/**
 * What a portal process killed while it sends a batch leaves behind: the batch `submitting`,
 * forever, unless something settles it. The process's death is played by a transport that
 * throws where the process would have stopped: before the Generation API heard of the batch,
 * or after it made the batch but before its answer was recorded.
 */
const ORIGIN = "http://localhost:3999";
const GENERATOR = "visionfit-flagship-v0.1.0";
let owner: ActingMember;
let engine: GenerationClient;

class DiesWhileSending implements Transport {
  readonly kind = "in-process" as const;
  constructor(
    private readonly inner: Transport,
    private readonly when: "before the upstream heard of it" | "after the upstream made it",
  ) {}
  async send(request: TransportRequest) {
    if (request.method === "POST" && request.path === "/api/batch/") {
      if (this.when === "after the upstream made it") await this.inner.send(request);
      throw new Error("the process was killed here");
    }
    return this.inner.send(request);
  }
  fetchResult(url: string) {
    return this.inner.fetchResult(url);
  }
}

async function interruptedSubmission(name: string, when: DiesWhileSending["when"], member = owner): Promise<string> {
  const client = new GenerationClient(new DiesWhileSending(new InProcessTransport(member.teamId, ORIGIN), when));
  const recipe = { generator: GENERATOR, kind: "preview", jobCount: 3, seed: 7, name, params: {} };
  const key = randomUUID();
  await expect(submitBatch(member, { recipe, idempotencyKey: key }, client)).rejects.toThrow("the process was killed here");
  const db = await getDb();
  const [row] = await db.select({ id: batches.id, submission: batches.submission }).from(batches).where(eq(batches.idempotencyKey, key));
  expect(row!.submission).toBe("submitting");
  return row!.id;
}

/** Moves a batch's attempt `minutes` into the past, as time passing would. */
async function age(batchId: string, minutes: number) {
  const db = await getDb();
  await db.execute(sql`update batches set submission_started_at = now() - make_interval(mins => ${minutes}) where id = ${batchId}`);
}

async function state(batchId: string) {
  const db = await getDb();
  const [row] = await db.select({ submission: batches.submission, failureReason: batches.failureReason, upstreamBatchId: batches.upstreamBatchId }).from(batches).where(eq(batches.id, batchId));
  const linked = await db.select({ n: sql<number>`count(${batchJobs.upstreamJobId})::int` }).from(batchJobs).where(eq(batchJobs.batchId, batchId));
  const audit = (await db.select({ action: auditEvents.action, actorId: auditEvents.actorId, metadata: auditEvents.metadata }).from(auditEvents).where(eq(auditEvents.targetId, batchId)).orderBy(auditEvents.id)).map(
    (e) => `${e.action}${e.actorId ? "" : ` by ${(e.metadata as { via?: string }).via}`}`,
  );
  return { ...row!, linkedJobs: linked[0]!.n, audit };
}

async function upstreamCopies(name: string, batchId: string) {
  return (await engine.listBatches()).filter((b) => b.name === upstreamBatchName(name, batchId)).length;
}

beforeAll(async () => {
  owner = await signUp("reconciler");
  exposeInProcess();
  engine = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
});

afterAll(async () => {
  await stopQueue();
});

describe("a submission cut off by the portal's process stopping", () => {
  it("killed before the upstream heard of it: failed to submit with the reason once the timeout passed, and Retry sends it once", async () => {
    const batchId = await interruptedSubmission("cut before", "before the upstream heard of it");
    // Younger than the timeout: it may still be a live attempt in another process.
    await settleInterruptedSubmissions(60_000);
    expect((await state(batchId)).submission).toBe("submitting");

    await age(batchId, 5);
    expect((await settleInterruptedSubmissions(60_000)).failed).toBeGreaterThanOrEqual(1);
    expect(await state(batchId)).toMatchObject({ submission: "failed_to_submit", failureReason: INTERRUPTED, upstreamBatchId: null, audit: ["batch.created", "batch.submit_failed by portal"] });

    expect((await retrySubmission(owner, batchId, engine)).submission).toBe("submitted");
    expect(await state(batchId)).toMatchObject({ submission: "submitted", linkedJobs: 3 });
    expect(await upstreamCopies("cut before", batchId)).toBe(1);
  });

  it("killed after the upstream made it: adopted, with every job linked, and nothing created twice", async () => {
    const batchId = await interruptedSubmission("cut after", "after the upstream made it");
    expect(await upstreamCopies("cut after", batchId)).toBe(1);
    await age(batchId, 5);
    expect((await settleInterruptedSubmissions(60_000)).adopted).toBeGreaterThanOrEqual(1);
    const settled = await state(batchId);
    expect(settled).toMatchObject({ submission: "submitted", failureReason: null, linkedJobs: 3, audit: ["batch.created", "batch.submitted by portal"] });
    expect(settled.upstreamBatchId).toBeTruthy();
    expect(await upstreamCopies("cut after", batchId)).toBe(1);
  });

  it("with its team's Generation API unreachable: failed to submit saying so; Retry finds the batch there once it is back", async () => {
    const member = await signUp("reconciler-remote");
    const local = new GenerationClient(new InProcessTransport(member.teamId, ORIGIN));
    const batchId = await interruptedSubmission("cut, upstream away", "after the upstream made it", member);
    // The team's upstream is now an allowed address where nothing answers.
    const gone = await serve(async () => new Response("{}"));
    await gone.close();
    const revoke = allowOutbound(`127.0.0.1:${gone.port}`);
    try {
      await saveGenerationConnection(member, { url: gone.url, token: "inf_unreachable_0123456789" });
      await age(batchId, 5);
      await settleInterruptedSubmissions(60_000);
      const settled = await state(batchId);
      expect(settled.submission).toBe("failed_to_submit");
      expect(settled.failureReason).toMatch(/^The portal stopped while sending this batch to the Generation API \(it was restarted or crashed\), and the Generation API could not be asked whether it arrived: Could not reach the Generation API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Retry looks there again before sending it\.$/);
    } finally {
      revoke();
    }
    // Back on the engine that did make it: Retry adopts it instead of sending a second.
    expect((await retrySubmission(member, batchId, local)).submission).toBe("submitted");
    expect((await local.listBatches()).filter((b) => b.name === upstreamBatchName("cut, upstream away", batchId))).toHaveLength(1);
  });

  it("swept by several processes at once: each batch settled exactly once", async () => {
    const ids = [await interruptedSubmission("race 1", "before the upstream heard of it"), await interruptedSubmission("race 2", "after the upstream made it"), await interruptedSubmission("race 3", "before the upstream heard of it")];
    for (const id of ids) await age(id, 5);
    await Promise.all([settleInterruptedSubmissions(60_000), settleInterruptedSubmissions(60_000), settleInterruptedSubmissions(60_000)]);
    // (Counted per batch: on a shared Postgres other test files' batches may be swept too.)
    expect(await Promise.all(ids.map(async (id) => (await state(id)).audit))).toEqual([
      ["batch.created", "batch.submit_failed by portal"],
      ["batch.created", "batch.submitted by portal"],
      ["batch.created", "batch.submit_failed by portal"],
    ]);
  });
});
