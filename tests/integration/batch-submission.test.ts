import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, batches, batchJobs } from "@/db/schema";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { estimateFrames, retrySubmission, submitBatch, upstreamBatchName } from "@/lib/portal/batch-submission";
import { saveWorkflow } from "@/lib/portal/workflows";
import type { ActingMember } from "@/lib/portal/member";
import { PortalError } from "@/lib/errors";
import { joinTeam, signUp } from "../support/factories";
import { teamToken } from "../support/engine-api";
import { allowOutbound, serve, serveUpstream } from "../support/http-server";

const GENERATOR = "visionfit-flagship-v0.1.0";
let owner: ActingMember;
let client: GenerationClient;
let server: Awaited<ReturnType<typeof serve>>;

function recipe(overrides: Record<string, unknown> = {}) {
  return {
    generator: GENERATOR,
    kind: "preview",
    jobCount: 50,
    seed: 42,
    name: "fifty previews",
    params: {
      exercise: { mode: "choice", options: [{ value: "PUSHUP", weight: 1 }, { value: "SQUAT", weight: 1 }] },
      lighting_power: { mode: "uniform", min: 10, max: 100 },
    },
    ...overrides,
  };
}

async function countFor(teamId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(batches).where(eq(batches.teamId, teamId));
  return row!.n;
}

beforeAll(async () => {
  owner = await signUp("submitter");
  exposeInProcess();
  server = await serveUpstream((request) => handleGenerationApi(request));
  client = new GenerationClient(new InProcessTransport(owner.teamId, server.url));
});

afterAll(async () => {
  await server.close();
  await stopQueue();
});

describe("submitting a batch", () => {
  it("samples on the server, stores batch and jobs, and submits them upstream", async () => {
    const result = await submitBatch(owner, { recipe: recipe(), idempotencyKey: randomUUID() }, client);
    expect(result).toMatchObject({ submission: "submitted", failureReason: null, existing: false });
    const db = await getDb();
    const [batch] = await db.select().from(batches).where(eq(batches.id, result.batchId));
    expect(batch).toMatchObject({ name: "fifty previews", generator: GENERATOR, kind: "preview", seed: 42, jobCount: 50, submission: "submitted" });
    const jobs = await db.select().from(batchJobs).where(eq(batchJobs.batchId, result.batchId)).orderBy(batchJobs.position);
    expect(jobs).toHaveLength(50);
    expect(new Set(jobs.map((j) => j.params.exercise))).toEqual(new Set(["PUSHUP", "SQUAT"]));
    expect(jobs.every((j) => (j.params.lighting_power as number) >= 10 && (j.params.lighting_power as number) <= 100)).toBe(true);
    expect(jobs.every((j) => j.upstreamJobId)).toBe(true);

    // Upstream holds the same jobs with the same parameters, in order.
    const upstream = await client.getBatch(batch!.upstreamBatchId!);
    expect(upstream.name).toBe(upstreamBatchName("fifty previews", result.batchId));
    expect(upstream.job_runs.map((j) => j.id)).toEqual(jobs.map((j) => j.upstreamJobId));
    expect(upstream.job_runs[7]!.param_values.lighting_power).toBe(jobs[7]!.params.lighting_power);
    expect(upstream.job_runs[7]!.param_values.state).toBe(jobs[7]!.params.state);

    const actions = (await db.select().from(auditEvents).where(and(eq(auditEvents.teamId, owner.teamId), eq(auditEvents.targetId, result.batchId)))).map((e) => e.action);
    expect(actions).toEqual(["batch.created", "batch.submitted"]);
  });

  it("the same seed gives the same jobs; an idempotency key makes a double submit one batch", async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([submitBatch(owner, { recipe: recipe(), idempotencyKey: key }, client), submitBatch(owner, { recipe: recipe(), idempotencyKey: key }, client)]);
    expect(a.batchId).toBe(b.batchId);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    const again = await submitBatch(owner, { recipe: recipe(), idempotencyKey: randomUUID() }, client);
    const db = await getDb();
    const jobsOf = async (id: string) => (await db.select().from(batchJobs).where(eq(batchJobs.batchId, id)).orderBy(batchJobs.position)).map((j) => j.params);
    expect(await jobsOf(again.batchId)).toEqual(await jobsOf(a.batchId));
    const upstreamNames = (await client.listBatches()).map((x) => x.name);
    expect(upstreamNames.filter((n) => n === upstreamBatchName("fifty previews", a.batchId))).toHaveLength(1);
  });

  it("refuses a bad recipe, an unknown generator and a viewer, writing nothing", async () => {
    const before = await countFor(owner.teamId);
    const refused = async (promise: Promise<unknown>) => {
      const error = await promise.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(PortalError);
      return error as PortalError;
    };
    const outOfRange = await refused(submitBatch(owner, { recipe: recipe({ params: { num_reps: { mode: "fixed", value: 99 } } }), idempotencyKey: randomUUID() }, client));
    expect(outOfRange.fields?.["params.num_reps"]).toMatch(/99/);
    const mistyped = await refused(submitBatch(owner, { recipe: recipe({ params: { num_reps: { mode: "fixed", value: "three" } } }), idempotencyKey: randomUUID() }, client));
    expect(mistyped.fields?.["params.num_reps"]).toBeTruthy();
    const unknownKey = await refused(submitBatch(owner, { recipe: recipe({ params: { colour: { mode: "fixed", value: "red" } } }), idempotencyKey: randomUUID() }, client));
    expect(Object.keys(unknownKey.fields ?? {}).join()).toMatch(/colour/);
    const tooMany = await refused(submitBatch(owner, { recipe: recipe({ jobCount: 10_001 }), idempotencyKey: randomUUID() }, client));
    expect(tooMany.fields?.jobCount).toMatch(/1 to 10,000/);
    const noName = await refused(submitBatch(owner, { recipe: recipe({ name: "  " }), idempotencyKey: randomUUID() }, client));
    expect(noName.fields?.name).toMatch(/name/);
    const gone = await refused(submitBatch(owner, { recipe: recipe({ generator: "retired-generator-v9" }), idempotencyKey: randomUUID() }, client));
    expect(gone.message).toMatch(/not offered by the Generation API any more/);
    const viewer = await joinTeam(owner, "looker", "viewer");
    const denied = await refused(submitBatch(viewer, { recipe: recipe(), idempotencyKey: randomUUID() }, client));
    expect(denied.kind).toBe("forbidden");
    expect(await countFor(owner.teamId)).toBe(before);
  });

  it("keeps a batch as failed_to_submit when the upstream is down, and a retry submits it exactly once", async () => {
    const token = await teamToken(owner);
    const closed = await serve(async () => new Response("{}"));
    await closed.close();
    // Allowed, as a self-hosted upstream's address stays listed while it is down.
    const revoke = allowOutbound(`127.0.0.1:${closed.port}`);
    const down = new GenerationClient(new HttpTransport({ baseUrl: closed.url, token, retryDelayMs: 5 }));
    const up = new GenerationClient(new HttpTransport({ baseUrl: server.url, token }));

    // The schema read fails first: nothing can be validated, so nothing is stored.
    const before = await countFor(owner.teamId);
    await expect(submitBatch(owner, { recipe: recipe(), idempotencyKey: randomUUID() }, down)).rejects.toThrow(/Could not reach the Generation API/);
    expect(await countFor(owner.teamId)).toBe(before);
    revoke();

    // The upstream goes away between reading the schema and sending the batch.
    let calls = 0;
    const flaky = await serveUpstream(async (request) => {
      calls++;
      if (request.method === "POST") return new Response(JSON.stringify({ detail: "upstream is restarting" }), { status: 503, headers: { "content-type": "application/json" } });
      return handleGenerationApi(request);
    });
    const flakyClient = new GenerationClient(new HttpTransport({ baseUrl: flaky.url, token, retryDelayMs: 5 }));
    const failed = await submitBatch(owner, { recipe: recipe({ name: "survives an outage" }), idempotencyKey: randomUUID() }, flakyClient);
    expect(failed.submission).toBe("failed_to_submit");
    expect(failed.failureReason).toMatch(/503.*upstream is restarting/);
    expect(calls).toBeGreaterThan(0);
    await flaky.close();

    const retried = await retrySubmission(owner, failed.batchId, up);
    expect(retried.submission).toBe("submitted");
    await expect(retrySubmission(owner, failed.batchId, up)).rejects.toThrow(/already submitted/);
    const names = (await up.listBatches()).map((b) => b.name);
    expect(names.filter((n) => n === upstreamBatchName("survives an outage", failed.batchId))).toHaveLength(1);

    const db = await getDb();
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, failed.batchId)).orderBy(auditEvents.id)).map((e) => e.action);
    expect(actions).toEqual(["batch.created", "batch.submit_failed", "batch.submit_retried", "batch.submitted"]);
  });

  it("adopts an upstream batch whose creation answer was lost instead of creating a second", async () => {
    const token = await teamToken(owner);
    // The upstream creates the batch but the answer never arrives (the connection drops).
    const lossy = await serveUpstream(async (request) => {
      const response = await handleGenerationApi(request);
      if (request.method === "POST") return new Response("not json", { status: 502 });
      return response;
    });
    const lossyClient = new GenerationClient(new HttpTransport({ baseUrl: lossy.url, token, retryDelayMs: 5 }));
    const failed = await submitBatch(owner, { recipe: recipe({ name: "lost answer" }), idempotencyKey: randomUUID() }, lossyClient);
    expect(failed.submission).toBe("failed_to_submit");
    await lossy.close();
    const up = new GenerationClient(new HttpTransport({ baseUrl: server.url, token }));
    expect((await retrySubmission(owner, failed.batchId, up)).submission).toBe("submitted");
    const names = (await up.listBatches()).map((b) => b.name);
    expect(names.filter((n) => n === upstreamBatchName("lost answer", failed.batchId))).toHaveLength(1);
  });

  it("estimates frames through the API without writing anything", async () => {
    const before = await countFor(owner.teamId);
    expect(await estimateFrames(owner, recipe({ jobCount: 5 }), client)).toEqual({ frames: 5, jobs: 5 });
    const videos = await estimateFrames(owner, recipe({ kind: "video", jobCount: 3, params: { num_reps: { mode: "fixed", value: 2 }, frame_rate: { mode: "fixed", value: 12 } } }), client);
    expect(videos.jobs).toBe(3);
    expect(videos.frames).toBeGreaterThan(3 * 12);
    expect(await countFor(owner.teamId)).toBe(before);
  });

  it("links a batch only to a workflow of its own team: another team's and an unknown id are the same 'not found', and nothing is written", async () => {
    const { id: workflowId } = await saveWorkflow(owner, { recipe: recipe({ name: "owner's workflow" }) }, client);
    const linked = await submitBatch(owner, { recipe: recipe(), idempotencyKey: randomUUID(), workflowId }, client);
    const db = await getDb();
    const [own] = await db.select({ workflowId: batches.workflowId }).from(batches).where(eq(batches.id, linked.batchId));
    expect(own!.workflowId).toBe(workflowId);

    const other = await signUp("borrower");
    const otherClient = new GenerationClient(new InProcessTransport(other.teamId, server.url));
    const before = await countFor(other.teamId);
    for (const foreign of [workflowId, randomUUID()]) {
      const error = await submitBatch(other, { recipe: recipe(), idempotencyKey: randomUUID(), workflowId: foreign }, otherClient).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(PortalError);
      expect((error as PortalError).code).toBe("not_found:workflow");
      expect((error as PortalError).message).toBe("That workflow does not exist or was deleted.");
    }
    expect(await countFor(other.teamId)).toBe(before);
    const [linkedElsewhere] = await db.select({ n: sql<number>`count(*)::int` }).from(batches).where(and(eq(batches.workflowId, workflowId), eq(batches.teamId, other.teamId)));
    expect(linkedElsewhere!.n).toBe(0);
  });

  it("another team's batch cannot be retried", async () => {
    const other = await signUp("stranger");
    const mine = await submitBatch(owner, { recipe: recipe(), idempotencyKey: randomUUID() }, client);
    await expect(retrySubmission(other, mine.batchId, client)).rejects.toThrow(/does not exist/);
  });
});
