import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { batches, batchJobs } from "@/db/schema";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { parseJobsCsv, parseJobsJson } from "@/lib/generation/job-import";
import { jobStateUuid } from "@/lib/generation/prng";
import { estimateFrames, submitBatch } from "@/lib/portal/batch-submission";
import type { ActingMember } from "@/lib/portal/member";
import { getWorkflow, saveWorkflow } from "@/lib/portal/workflows";
import { PortalError } from "@/lib/errors";
import { signUp } from "../support/factories";
import { serve } from "../support/http-server";

/** Batches made of pasted or uploaded jobs (an explicit job list in the recipe). */

const GENERATOR = "visionfit-flagship-v0.1.0";
let owner: ActingMember;
let client: GenerationClient;
let server: Awaited<ReturnType<typeof serve>>;

function recipe(jobs: unknown, overrides: Record<string, unknown> = {}) {
  // The distributions and jobCount are what the editor had before the paste: they must not count.
  return {
    generator: GENERATOR,
    kind: "preview",
    jobCount: 50,
    seed: 42,
    name: "pasted jobs",
    params: { num_reps: { mode: "uniform", min: 1, max: 20 } },
    jobs,
    ...overrides,
  };
}

async function countFor(teamId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(batches).where(eq(batches.teamId, teamId));
  return row!.n;
}

async function refused(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

beforeAll(async () => {
  owner = await signUp("importer");
  exposeInProcess();
  server = await serve((request) => handleGenerationApi(request));
  client = new GenerationClient(new InProcessTransport(owner.teamId, server.url));
});

afterAll(async () => {
  await server.close();
  await stopQueue();
});

describe("submitting pasted jobs", () => {
  it("submits exactly the pasted jobs, in order, with defaults filled in, and upstream gets the same", async () => {
    const csv = "scene,num_reps,lighting_power,add_pauses\nGYM_1,3,120,true\nOFFICE_1,,5.5,false\nLIVINGROOM_1,20,,\n";
    const pasted = parseJobsCsv((await client.getGenerator(GENERATOR)), csv);
    expect(pasted.errors).toEqual([]);
    const result = await submitBatch(owner, { recipe: recipe(pasted.jobs), idempotencyKey: randomUUID() }, client);
    expect(result.submission).toBe("submitted");

    const db = await getDb();
    const [batch] = await db.select().from(batches).where(eq(batches.id, result.batchId));
    expect(batch).toMatchObject({ jobCount: 3, seed: 42, kind: "preview", submission: "submitted" });
    expect(batch!.recipe).toMatchObject({ jobCount: 3, params: {}, jobs: pasted.jobs });
    const jobs = (await db.select().from(batchJobs).where(eq(batchJobs.batchId, result.batchId)).orderBy(batchJobs.position)).map((j) => j.params);
    expect(jobs.map((j) => [j.scene, j.num_reps, j.lighting_power, j.add_pauses])).toEqual([
      ["GYM_1", 3, 120, true],
      ["OFFICE_1", 1, 5.5, false],
      ["LIVINGROOM_1", 20, 100, false],
    ]);
    // Everything not pasted is the generator's default; the seed per job derives from the batch seed.
    expect(jobs.every((j) => j.exercise === "PUSHUP" && j.camera_distance === 3)).toBe(true);
    expect(jobs.map((j) => j.state)).toEqual([0, 1, 2].map((i) => jobStateUuid(42, i)));

    const upstream = await client.getBatch(batch!.upstreamBatchId!);
    expect(upstream.job_runs.map((j) => j.param_values)).toEqual(jobs);
  });

  it("estimates frames from the pasted jobs, not from the distributions", async () => {
    const pasted = parseJobsJson(await client.getGenerator(GENERATOR), "[{'num_reps': 2, 'frame_rate': 12}, {'num_reps': 4, 'frame_rate': 12}]");
    const estimate = await estimateFrames(owner, recipe(pasted.jobs, { kind: "video" }), client);
    expect(estimate.jobs).toBe(2);
    const one = await estimateFrames(owner, recipe([pasted.jobs[0]], { kind: "video" }), client);
    expect(estimate.frames).toBeGreaterThan(2 * one.frames);
  });

  it("re-checks the list on the server: unknown keys, bad values and 10,001 rows are refused by row and column, and nothing is stored", async () => {
    const before = await countFor(owner.teamId);
    // What a tampered browser could send, bypassing the editor's own check.
    const bad = await refused(
      submitBatch(owner, { recipe: recipe([{ num_reps: 3 }, { lighting_power: 2500, foo: 1 }, { scene: "GARDEN", num_reps: "3" }]), idempotencyKey: randomUUID() }, client),
    );
    expect(bad.kind).toBe("bad_request");
    expect(bad.message).toMatch(/^The recipe has 4 problems: Unknown key 'foo' \(row 2\)/);
    expect(bad.fields).toEqual({
      "jobs.foo": `Unknown key 'foo' (row 2) — not a parameter of ${GENERATOR}.`,
      "jobs.2.lighting_power": "Row 2, column lighting_power: 2500 is above the maximum 2000",
      "jobs.3.scene": 'Row 3, column scene: "GARDEN" is not one of BEDROOM_2, BEDROOM_4, BEDROOM_5, BEDROOM_6, GYM_1, LIVINGROOM_1, LIVINGROOM_2, OFFICE_1',
      "jobs.3.num_reps": 'Row 3, column num_reps: "3" is not a whole number',
    });

    const tooMany = await refused(submitBatch(owner, { recipe: recipe(Array.from({ length: 10_001 }, () => ({ num_reps: 1 }))), idempotencyKey: randomUUID() }, client));
    expect(tooMany.fields).toEqual({ jobs: "A batch holds at most 10,000 jobs; this list has 10,001." });
    const empty = await refused(submitBatch(owner, { recipe: recipe([]), idempotencyKey: randomUUID() }, client));
    expect(empty.fields).toEqual({ jobs: "The job list is empty: give at least one job." });
    const notRows = await refused(submitBatch(owner, { recipe: recipe(["GYM_1"]), idempotencyKey: randomUUID() }, client));
    expect(notRows.fields).toEqual({ "jobs.1": 'Row 1: "GYM_1" is not an object of parameter names to values' });
    await expect(estimateFrames(owner, recipe([{ outfit: 9 }]), client)).rejects.toThrow(/Row 1, column outfit: 9 is above the maximum 4/);

    expect(await countFor(owner.teamId)).toBe(before);
  });

  it("a workflow saved with pasted jobs reopens with them and submits them", async () => {
    const jobs = [{ exercise: "SQUAT", num_reps: 5 }, { exercise: "LUNGE-LEFT" }];
    const { id } = await saveWorkflow(owner, { recipe: recipe(jobs, { jobCount: 2, name: "pasted workflow" }) }, client);
    const saved = await getWorkflow(owner, id);
    expect(saved.recipe).toMatchObject({ jobCount: 2, jobs, params: { num_reps: { mode: "uniform", min: 1, max: 20 } } });

    const result = await submitBatch(owner, { recipe: saved.recipe, idempotencyKey: randomUUID(), workflowId: id }, client);
    const db = await getDb();
    const stored = (await db.select().from(batchJobs).where(eq(batchJobs.batchId, result.batchId)).orderBy(batchJobs.position)).map((j) => [j.params.exercise, j.params.num_reps]);
    expect(stored).toEqual([
      ["SQUAT", 5],
      ["LUNGE-LEFT", 1],
    ]);
  });
});
