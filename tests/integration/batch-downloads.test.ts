import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";

process.env.ENGINE_CONCURRENCY = "2";

const { getDb } = await import("@/db");
const { auditEvents, batchJobs } = await import("@/db/schema");
const { exposeInProcess } = await import("@/lib/engine/api/in-process");
const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { GenerationClient } = await import("@/lib/generation/client");
const { InProcessTransport } = await import("@/lib/generation/transports/in-process");
const { getBatchStatus } = await import("@/lib/portal/batch-report");
const { batchArchive, jobArchive, jobParameters, mergedCoco } = await import("@/lib/portal/batch-downloads");
const { getUsage } = await import("@/lib/portal/usage");
const { signUp } = await import("../support/factories");
const { submitFinishedBatch } = await import("../support/finished-batch");
const { unzip } = await import("../support/zip");
const { ORIGIN } = await import("../support/engine-api");

type Member = Awaited<ReturnType<typeof signUp>>;
let owner: Member;
let outsider: Member;
let client: InstanceType<typeof GenerationClient>;
let batchId: string;
const JOBS = 6;

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

beforeAll(async () => {
  owner = await signUp("downloader");
  outsider = await signUp("download-outsider");
  exposeInProcess();
  await startRunner();
  client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  batchId = await submitFinishedBatch(owner, client, { name: "download me, please", jobCount: JOBS, seed: 3 });
}, 150_000);

afterAll(async () => {
  await stopQueue();
  await closeRenderPool();
});

describe("downloads of a batch", () => {
  it("zips the whole batch in the Infinity layout: batch_id.txt and a folder per job", async () => {
    const download = await batchArchive(owner, batchId, client);
    expect(download.filename).toBe("download_me_please.zip");
    const files = await unzip(await bytes(download.body));
    const db = await getDb();
    const jobs = await db.select().from(batchJobs).where(eq(batchJobs.batchId, batchId));
    const status = await getBatchStatus(owner, batchId, client);
    expect(files.get("batch_id.txt")!.toString().trim()).toMatch(/^[0-9a-f-]{36}$/);
    const folders = new Set([...files.keys()].filter((n) => n.includes("/")).map((n) => n.split("/")[0]));
    expect(folders).toEqual(new Set(jobs.map((j) => j.upstreamJobId)));
    expect(status.progress!.counts.succeeded).toBe(JOBS);
    for (const job of jobs) {
      const labels = JSON.parse(files.get(`${job.upstreamJobId}/labels.json`)!.toString());
      expect(labels.images).toHaveLength(1);
      expect([...files.keys()].some((n) => n.startsWith(`${job.upstreamJobId}/`) && n.endsWith(".png"))).toBe(true);
    }
  });

  it("gives one job's zip, as the API serves it", async () => {
    const files = await unzip(await bytes((await jobArchive(owner, batchId, 0, client)).body));
    expect([...files.keys()].some((n) => n.endsWith("/labels.json"))).toBe(true);
    await expect(jobArchive(owner, batchId, JOBS, client)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("exports job parameters as CSV and JSON, the same values as stored", async () => {
    const db = await getDb();
    const stored = (await db.select().from(batchJobs).where(eq(batchJobs.batchId, batchId)).orderBy(batchJobs.position)).map((j) => j.params);
    const json = JSON.parse((await bytes((await jobParameters(owner, batchId, "json")).body)).toString());
    expect(json).toEqual(stored);
    const csv = (await bytes((await jobParameters(owner, batchId, "csv")).body)).toString().trim().split("\n");
    expect(csv).toHaveLength(JOBS + 1);
    const header = csv[0]!.split(",");
    expect(header).toContain("exercise");
    expect(csv[1]!.split(",")[header.indexOf("exercise")]).toBe(String(stored[0]!.exercise));
  });

  it("merges every job's labels into one COCO file with unique ids", async () => {
    const coco = JSON.parse((await bytes((await mergedCoco(owner, batchId, client)).body)).toString());
    expect(coco.images).toHaveLength(JOBS);
    expect(new Set(coco.images.map((i: { id: number }) => i.id)).size).toBe(JOBS);
    expect(new Set(coco.annotations.map((a: { id: number }) => a.id)).size).toBe(coco.annotations.length);
    expect(coco.annotations.every((a: { image_id: number }) => coco.images.some((i: { id: number }) => i.id === a.image_id))).toBe(true);
    expect(coco.images[0].file_name).toMatch(/^[0-9a-f-]{36}\//);
    expect(coco.categories[0].keypoints).toHaveLength(17);
  });

  it("records every download in the audit history", async () => {
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, batchId), eq(auditEvents.action, "batch.downloaded")));
    expect(events.map((e) => (e.metadata as { what: string }).what).sort()).toEqual(["batch zip", "job zip", "merged COCO", "parameters csv", "parameters json"]);
  });

  it("answers not found to another team, for every download", async () => {
    for (const attempt of [
      () => batchArchive(outsider, batchId, client),
      () => jobArchive(outsider, batchId, 0, client),
      () => jobParameters(outsider, batchId, "csv"),
      () => mergedCoco(outsider, batchId, client),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ kind: "not_found" });
    }
  });
});

describe("usage", () => {
  it("counts the frames rendered per generator for the team, over a period", async () => {
    const day = { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 60_000) };
    const usage = await getUsage(owner, day, client);
    expect(usage.rows).toEqual([{ generator: "visionfit-flagship-v0.1.0", previewFrames: JOBS, videoFrames: 0 }]);
    const before = await getUsage(owner, { start: new Date("2020-01-01"), end: new Date("2020-02-01") }, client);
    expect(before.rows).toEqual([]);
    const theirs = await getUsage(outsider, day, new GenerationClient(new InProcessTransport(outsider.teamId, ORIGIN)));
    expect(theirs.previewFrames).toBe(0);
    await expect(getUsage(owner, { start: day.end, end: day.start }, client)).rejects.toMatchObject({ field: "to" });
  });
});
