import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batches } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { submitBatch } from "@/lib/portal/batch-submission";
import { getBatchStatus, listBatchJobs } from "@/lib/portal/batch-report";
import { batchArchive } from "@/lib/portal/batch-downloads";
import { cancelBatch } from "@/lib/portal/batch-control";
import { clearGenerationConnection, saveGenerationConnection } from "@/lib/portal/generation-connections";
import { generationClientFor } from "@/lib/portal/generation";
import type { ActingMember } from "@/lib/portal/member";
import { PortalError } from "@/lib/errors";
import { signUp } from "../support/factories";

const ORIGIN = "http://localhost:3999";
let owner: ActingMember;
let batchId: string;

beforeAll(async () => {
  owner = await signUp("upstream-mover");
  exposeInProcess();
  const client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const recipe = { generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 3, seed: 11, name: "sent to the built-in engine", params: {} };
  batchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client)).batchId;
});

afterAll(async () => {
  await stopQueue();
});

describe("a batch is read from the Generation API it was sent to", () => {
  it("records where it went at submission", async () => {
    const db = await getDb();
    const [row] = await db.select({ upstream: batches.upstream }).from(batches).where(eq(batches.id, batchId));
    expect(row?.upstream).toBe("built-in");
  });

  it("says so, instead of asking another upstream, once the team has moved; and reads it again when moved back", async () => {
    // Nothing listens on this port: were the portal to ask it, the problem would be "could not reach".
    await saveGenerationConnection(owner, { url: "http://localhost:1/", token: "inf_elsewhere_0123456789" });
    const client = await generationClientFor(owner, ORIGIN);

    const status = await getBatchStatus(owner, batchId, client);
    expect(status.progress).toBeNull();
    expect(status.upstreamProblem).toMatch(/sent to the built-in engine, but the team now uses http:\/\/localhost:1\/?, which does not have it/);

    const jobs = await listBatchJobs(owner, batchId, client, { offset: 0, limit: 10 });
    expect(jobs.upstreamProblem).toMatch(/sent to the built-in engine/);

    for (const attempt of [() => batchArchive(owner, batchId, client), () => cancelBatch(owner, batchId, client)]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalError);
      expect((error as PortalError).message).toMatch(/sent to the built-in engine/);
    }

    await clearGenerationConnection(owner);
    const back = await getBatchStatus(owner, batchId, await generationClientFor(owner, ORIGIN));
    expect(back.upstreamProblem).toBeNull();
    expect(back.progress?.total).toBe(3);
  });
});
