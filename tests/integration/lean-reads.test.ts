import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { batches, workflows } from "@/db/schema";
import { VISIONFIT_NAME } from "@/lib/engine/generators/visionfit/params";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { getBatch, getBatchStatus, getBatches, readBatchRecipe } from "@/lib/portal/batch-report";
import { submitBatch } from "@/lib/portal/batch-submission";
import { getWorkflow, listWorkflows } from "@/lib/portal/workflows";
import { PortalError } from "@/lib/errors";
import type { ActingMember } from "@/lib/portal/member";
import { signUp } from "../support/factories";
import { ORIGIN } from "../support/engine-api";

/**
 * The finding: a member saved a 15 MB recipe; with ten of them `/workflows` took about 3 s, and
 * the report's status poll read the whole recipe on every poll. Saving such a recipe is refused
 * now (see workflows.test.ts), but rows saved before that remain in databases, and a legitimate
 * 10,000-job recipe still weighs ~9 MB: lists and polls must not read recipes at all.
 *
 * The rows are written as an older version stored them (straight into the table: the save path
 * refuses them today), ten workflows and one batch with a 15 MB recipe each.
 */
const MB = 1024 * 1024;
const WORKFLOWS = 10;

/** ~15 MB of recipe: a pasted job list with long free text, as a remote generator could take. */
function hugeRecipe(name: string): Record<string, unknown> {
  const jobs = Array.from({ length: 7_700 }, (_, i) => ({ exercise: "PUSHUP", num_reps: (i % 20) + 1, note: `${i} ${"x".repeat(2_000)}` }));
  return { generator: VISIONFIT_NAME, kind: "preview", jobCount: jobs.length, seed: 1, name, params: {}, jobs };
}

let owner: ActingMember;
let client: GenerationClient;
let batchId: string;

function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

async function timed<T>(run: () => Promise<T>, times: number): Promise<{ value: T; msEach: number }> {
  await run(); // warm: prepared statements, caches
  const start = performance.now();
  let value!: T;
  for (let i = 0; i < times; i++) value = await run();
  return { value, msEach: (performance.now() - start) / times };
}

beforeAll(async () => {
  owner = await signUp("lean-reads");
  const db = await getDb();
  const recipe = hugeRecipe("fifteen megabytes");
  const recipeBytes = bytesOf(recipe);
  expect(recipeBytes).toBeGreaterThan(15 * MB);
  const [first] = await db.insert(workflows).values({ teamId: owner.teamId, name: "huge 1", recipe, createdBy: owner.userId }).returning({ id: workflows.id });
  // The other nine are copied inside the database: 135 MB need not cross the connection again.
  await db.execute(sql`
    insert into ${workflows} (team_id, name, recipe, created_by)
    select team_id, 'huge ' || n, recipe, created_by from ${workflows}, generate_series(2, ${WORKFLOWS}) as n where id = ${first!.id}`);

  exposeInProcess();
  client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const small = { generator: VISIONFIT_NAME, kind: "preview", jobCount: 3, seed: 5, name: "polled", params: {} };
  batchId = (await submitBatch(owner, { recipe: small, idempotencyKey: randomUUID() }, client)).batchId;
  await db.execute(sql`update ${batches} set recipe = (select recipe from ${workflows} where id = ${first!.id}) where id = ${batchId}`);
  const [stored] = await db.select({ bytes: sql<number>`octet_length(${batches.recipe}::text)` }).from(batches).where(eq(batches.id, batchId));
  console.log(`lean reads: ${WORKFLOWS} workflows and 1 batch with a recipe of ${(recipeBytes / MB).toFixed(1)} MB each (${(Number(stored!.bytes) / MB).toFixed(1)} MB as stored jsonb text)`);
}, 300_000);

afterAll(async () => {
  await stopQueue();
});

describe("lists and polls read only the columns they show", () => {
  it("the /workflows list: name, generator, kind, job count and who, never the recipe", async () => {
    const { value: rows, msEach } = await timed(() => listWorkflows(owner), 3);
    const bytes = bytesOf(rows);
    console.log(`lean reads: listWorkflows with ${WORKFLOWS} × 15 MB recipes: ${msEach.toFixed(0)} ms, ${(bytes / 1024).toFixed(1)} KiB returned`);
    expect(rows).toHaveLength(WORKFLOWS);
    expect(rows[0]).toMatchObject({ generator: VISIONFIT_NAME, kind: "preview", jobCount: 7_700 });
    expect(rows[0]).not.toHaveProperty("recipe");
    expect(bytes).toBeLessThan(4 * 1024);
  });

  it("the editor page of one of them: a sentence instead of the whole recipe in the page (31 MB of HTML before)", async () => {
    const [row] = await listWorkflows(owner);
    const error = await getWorkflow(owner, row!.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalError);
    expect((error as PortalError).code).toBe("conflict:workflow");
    expect((error as PortalError).message).toMatch(/^This workflow's recipe is 15\.\d MB, more than a recipe may be now \(10 MB\), so it cannot be opened\./);
  });

  it("the status poll and the batch list's progress: the batch row without its recipe", async () => {
    const { value: status, msEach: statusMs } = await timed(() => getBatchStatus(owner, batchId, client), 20);
    const { value: rows, msEach: progressMs } = await timed(() => getBatches(owner, [batchId]), 20);
    const bytes = bytesOf(rows);
    console.log(`lean reads: a batch with a 15 MB recipe: status poll ${statusMs.toFixed(1)} ms, batch-list row ${progressMs.toFixed(1)} ms and ${bytes} bytes`);
    expect(status.submission).toBe("submitted");
    expect(rows[0]).not.toHaveProperty("recipe");
    expect(bytes).toBeLessThan(2 * 1024);
  });

  it("the report: the recipe without its pasted job list, which only duplicate-and-modify reads whole", async () => {
    const batch = await getBatch(owner, batchId);
    const marked = await readBatchRecipe(owner, batch, "marker");
    expect(marked).toMatchObject({ name: "fifteen megabytes", jobCount: 7_700, jobs: [] });
    expect(bytesOf(marked)).toBeLessThan(1024);
    const whole = await readBatchRecipe(owner, batch, "whole");
    expect((whole.jobs as unknown[]).length).toBe(7_700);
    // Another team's reader gets nothing, even with the batch row in hand.
    const stranger = await signUp("lean-reads-stranger");
    await expect(readBatchRecipe(stranger, batch, "whole")).rejects.toThrow(/does not exist, or it belongs to another team/);
  });
});
