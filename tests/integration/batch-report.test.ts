import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents } from "@/db/schema";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import type { Transport, TransportRequest } from "@/lib/generation/transport";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { submitBatch } from "@/lib/portal/batch-submission";
import { getBatch, getBatchStatus, listBatchJobs } from "@/lib/portal/batch-report";
import { cancelBatch, retryFailedJobs } from "@/lib/portal/batch-control";
import type { ActingMember } from "@/lib/portal/member";
import { PortalError } from "@/lib/errors";
import { joinTeam, signUp } from "../support/factories";
import { serve } from "../support/http-server";

/** The real in-process transport, counting the summary reads that reach it. */
class CountingTransport implements Transport {
  readonly kind = "in-process" as const;
  summaryCalls = 0;
  constructor(private readonly inner: Transport) {}
  send(request: TransportRequest) {
    if (request.path.endsWith("/summary/")) this.summaryCalls += 1;
    return this.inner.send(request);
  }
  fetchResult(url: string) {
    return this.inner.fetchResult(url);
  }
}

let owner: ActingMember;
let viewer: ActingMember;
let outsider: ActingMember;
let transport: CountingTransport;
let client: GenerationClient;
let server: Awaited<ReturnType<typeof serve>>;
let batchId: string;

beforeAll(async () => {
  owner = await signUp("reporter");
  viewer = await joinTeam(owner, "report-viewer", "viewer");
  outsider = await signUp("report-outsider");
  exposeInProcess();
  server = await serve((request) => handleGenerationApi(request));
  transport = new CountingTransport(new InProcessTransport(owner.teamId, server.url));
  client = new GenerationClient(transport);
  const recipe = {
    generator: "visionfit-flagship-v0.1.0",
    kind: "preview",
    jobCount: 120,
    seed: 7,
    name: "report batch",
    params: { exercise: { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SQUAT", weight: 1 }] } },
  };
  batchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client)).batchId;
});

afterAll(async () => {
  await server.close();
  await stopQueue();
});

describe("the batch report's data", () => {
  it("counts jobs per state from the Generation API", async () => {
    const status = await getBatchStatus(viewer, batchId, client);
    expect(status.submission).toBe("submitted");
    expect(status.progress).toMatchObject({ total: 120, done: false });
    expect(status.progress!.counts.queued + status.progress!.counts.running + status.progress!.counts.succeeded).toBe(120);
    expect(status.final).toBe(false);
  });

  it("makes one upstream status read for a hundred concurrent readers", async () => {
    await new Promise((r) => setTimeout(r, 2_100)); // let the previous test's cached read expire
    const before = transport.summaryCalls;
    const reads = await Promise.all(Array.from({ length: 100 }, (_, i) => getBatchStatus(i % 2 ? owner : viewer, batchId, client)));
    expect(transport.summaryCalls - before).toBe(1);
    expect(new Set(reads.map((r) => r.progress!.total))).toEqual(new Set([120]));
  });

  it("pages jobs with their parameters, and filters them by state", async () => {
    const page = await listBatchJobs(owner, batchId, client, { offset: 100, limit: 50 });
    expect(page.total).toBe(120);
    expect(page.rows.map((r) => r.position)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(page.rows.every((r) => ["PUSHUP", "SQUAT"].includes(r.params.exercise as string))).toBe(true);
    expect(page.rows.every((r) => r.status !== null)).toBe(true);
    const succeeded = await listBatchJobs(owner, batchId, client, { offset: 0, limit: 50, state: "succeeded" });
    expect(succeeded.rows.every((r) => r.status!.state === "succeeded")).toBe(true);
  });

  it("answers not found for another team's batch on every read and action", async () => {
    for (const read of [
      () => getBatch(outsider, batchId),
      () => getBatchStatus(outsider, batchId, client),
      () => listBatchJobs(outsider, batchId, client, { offset: 0, limit: 10 }),
      () => cancelBatch(outsider, batchId, client),
      () => retryFailedJobs(outsider, batchId, client),
    ]) {
      await expect(read()).rejects.toMatchObject({ kind: "not_found" });
    }
  });

  it("refuses cancel and retry to a viewer, and writes nothing", async () => {
    await expect(cancelBatch(viewer, batchId, client)).rejects.toBeInstanceOf(PortalError);
    await expect(retryFailedJobs(viewer, batchId, client)).rejects.toMatchObject({ kind: "forbidden" });
    const status = await getBatchStatus(owner, batchId, client);
    expect(status.progress!.counts.canceled).toBe(0);
  });

  it("cancels the unfinished jobs, records it, and the status becomes final at once", async () => {
    const { canceled } = await cancelBatch(owner, batchId, client);
    expect(canceled).toBeGreaterThan(0);
    const status = await getBatchStatus(owner, batchId, client);
    expect(status.progress!.counts.canceled).toBe(canceled);
    expect(status.progress!.done).toBe(true);
    expect(status.final).toBe(true);
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, batchId));
    expect(events.map((e) => e.action)).toContain("batch.canceled");
  });
});
