import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, inArray } from "drizzle-orm";

process.env.ENGINE_CONCURRENCY = "2";

const { getDb } = await import("@/db");
const { auditEvents, batchJobs, engineJobs } = await import("@/db/schema");
const { exposeInProcess } = await import("@/lib/engine/api/in-process");
const { handleGenerationApi } = await import("@/lib/engine/api/router");
const { getStorage } = await import("@/lib/engine/storage");
const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { GenerationClient } = await import("@/lib/generation/client");
const { InProcessTransport } = await import("@/lib/generation/transports/in-process");
const { HttpTransport } = await import("@/lib/generation/transports/http");
const { getBatch, getBatchStatus } = await import("@/lib/portal/batch-report");
const { batchArchive, jobArchive, jobParameters, mergedCoco } = await import("@/lib/portal/batch-downloads");
const { getUsage } = await import("@/lib/portal/usage");
const { createShareLink, peekShareToken } = await import("@/lib/portal/share-links");
const { generationClientFor } = await import("@/lib/portal/generation");
const { signUp } = await import("../support/factories");
const { submitFinishedBatch } = await import("../support/finished-batch");
const { localHeaders, unzip } = await import("../support/zip");
const { ORIGIN, teamToken } = await import("../support/engine-api");
const { serveUpstream } = await import("../support/http-server");

type Member = Awaited<ReturnType<typeof signUp>>;
let owner: Member;
let outsider: Member;
let client: InstanceType<typeof GenerationClient>;
let batchId: string;
const JOBS = 6;

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** Info-ZIP's `unzip -t` reads every entry and checks its CRC-32; it must report no error. */
async function checkedByUnzip(archive: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "batch-zip-"));
  try {
    await writeFile(path.join(dir, "batch.zip"), archive);
    const { stdout } = await promisify(execFile)("unzip", ["-t", path.join(dir, "batch.zip")]);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file each job published, read straight from the engine's storage: `<job_id>/<file>` → bytes. */
async function publishedFiles(): Promise<Map<string, Buffer>> {
  const db = await getDb();
  const jobIds = (await db.select({ id: batchJobs.upstreamJobId }).from(batchJobs).where(eq(batchJobs.batchId, batchId))).map((j) => j.id!);
  const jobs = await db.select({ id: engineJobs.id, resultKey: engineJobs.resultKey }).from(engineJobs).where(inArray(engineJobs.id, jobIds));
  const storage = await getStorage();
  const files = new Map<string, Buffer>();
  for (const job of jobs) {
    for (const file of await storage.list(job.resultKey!)) {
      const chunks: Buffer[] = [];
      for await (const chunk of await storage.read(job.resultKey!, file.name)) chunks.push(chunk as Buffer);
      files.set(`${job.id}/${file.name}`, Buffer.concat(chunks));
    }
  }
  expect(jobs).toHaveLength(JOBS);
  return files;
}

/** The archive holds batch_id.txt and exactly the published files, byte for byte, every CRC right. */
async function expectWholeBatch(archive: Buffer) {
  await expectPublishedFiles(archive);
  // Sizes and CRCs recorded at publish go in every local header: a forward-only reader steps
  // through all entries (checked against the real bytes by `unzip -t`).
  const headers = localHeaders(archive);
  expect(headers.filter((h) => h.sizesAfterData)).toEqual([]);
  expect(headers.map((h) => h.name).sort()).toEqual([...(await unzip(archive)).keys()].sort());
}

async function expectPublishedFiles(archive: Buffer) {
  const report = await checkedByUnzip(archive);
  expect(report).toContain("No errors detected");
  const files = await unzip(archive);
  const published = await publishedFiles();
  expect(files.get("batch_id.txt")!.toString().trim()).toMatch(/^[0-9a-f-]{36}$/);
  expect([...files.keys()].filter((n) => n !== "batch_id.txt").sort()).toEqual([...published.keys()].sort());
  for (const [name, content] of published) expect(files.get(name)!.equals(content), name).toBe(true);
  expect(report).toContain(`testing: ${[...published.keys()].find((n) => n.endsWith(".png"))}`);
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
    const archive = await bytes(download.body);
    const files = await unzip(archive);
    const db = await getDb();
    const jobs = await db.select().from(batchJobs).where(eq(batchJobs.batchId, batchId));
    const status = await getBatchStatus(owner, batchId, client);
    expect(files.get("batch_id.txt")!.toString().trim()).toMatch(/^[0-9a-f-]{36}$/);
    const folders = new Set([...files.keys()].filter((n) => n.includes("/")).map((n) => n.split("/")[0]));
    expect(folders).toEqual(new Set(jobs.map((j) => j.upstreamJobId)));
    expect(status.progress!.counts.succeeded).toBe(JOBS);
    await expectWholeBatch(archive);
    for (const job of jobs) {
      const labels = JSON.parse(files.get(`${job.upstreamJobId}/labels.json`)!.toString());
      expect(labels.images).toHaveLength(1);
      expect([...files.keys()].some((n) => n.startsWith(`${job.upstreamJobId}/`) && n.endsWith(".png"))).toBe(true);
    }
  });

  it("builds the same archive from a remote upstream's job zips (fetched over HTTP, entries copied)", async () => {
    const upstream = await serveUpstream((request) => handleGenerationApi(request));
    try {
      const remote = new GenerationClient(new HttpTransport({ baseUrl: upstream.url, token: await teamToken(owner) }));
      const [first] = (await remote.summary((await getBatch(owner, batchId)).upstreamBatchId!)).job_runs;
      expect((await remote.openResult(first!.result_url!)).kind).toBe("zip");
      await expectWholeBatch(await bytes((await batchArchive(owner, batchId, remote)).body));
    } finally {
      await upstream.close();
    }
  });

  it("opens the built-in engine's own result links from storage, and stops when the reader leaves", async () => {
    const [first] = (await client.summary((await getBatch(owner, batchId)).upstreamBatchId!)).job_runs;
    const result = await client.openResult(first!.result_url!);
    expect(result.kind).toBe("files");
    // A link this engine did not sign is not opened here: it is fetched, and refused.
    await expect(client.openResult(first!.result_url!.replace(/signature=[^&]+/, "signature=forged"))).rejects.toMatchObject({ kind: "unavailable", status: 403 });
    const reader = (await batchArchive(owner, batchId, client)).body.getReader();
    const { value } = await reader.read();
    expect(Buffer.from(value!).readUInt32LE(0)).toBe(0x04034b50);
    await reader.cancel();
  });

  it("still zips a result published before sizes and CRCs were recorded, checksumming it as it is sent", async () => {
    const db = await getDb();
    const [last] = await db.select({ id: batchJobs.upstreamJobId }).from(batchJobs).where(eq(batchJobs.batchId, batchId)).orderBy(desc(batchJobs.position)).limit(1);
    const [recorded] = await db.select({ files: engineJobs.resultFiles }).from(engineJobs).where(eq(engineJobs.id, last!.id!));
    await db.update(engineJobs).set({ resultFiles: null }).where(eq(engineJobs.id, last!.id!));
    try {
      const archive = await bytes((await batchArchive(owner, batchId, client)).body);
      await expectPublishedFiles(archive);
      // Every earlier job's entries carry their sizes; that job's stored files have them after the data.
      const late = localHeaders(archive).find((h) => h.sizesAfterData);
      expect(late).toMatchObject({ method: 0 });
      expect(late!.name.startsWith(`${last!.id}/`)).toBe(true);
    } finally {
      await db.update(engineJobs).set({ resultFiles: recorded!.files }).where(eq(engineJobs.id, last!.id!));
    }
  });

  it("serves the same archive through a share link, with the client the route builds for it", async () => {
    const access = (await peekShareToken((await createShareLink(owner, batchId)).token, { ip: "192.0.2.1" }))!;
    const shared = await generationClientFor(access, ORIGIN);
    await expectWholeBatch(await bytes((await batchArchive(access, access.batchId, shared)).body));
  });

  it("gives one job's zip, as the API serves it, from the built-in engine or passed on from a remote one", async () => {
    const files = await unzip(await bytes((await jobArchive(owner, batchId, 0, client)).body));
    expect([...files.keys()].some((n) => n.endsWith("/labels.json"))).toBe(true);
    await expect(jobArchive(owner, batchId, JOBS, client)).rejects.toMatchObject({ kind: "not_found" });
    const upstream = await serveUpstream((request) => handleGenerationApi(request));
    try {
      const remote = new GenerationClient(new HttpTransport({ baseUrl: upstream.url, token: await teamToken(owner) }));
      const passedOn = await unzip(await bytes((await jobArchive(owner, batchId, 0, remote)).body));
      expect([...passedOn.keys()]).toEqual([...files.keys()]);
      for (const [name, content] of files) expect(passedOn.get(name)!.equals(content), name).toBe(true);
      // A link the upstream refuses is an error before any byte is sent, not a broken file.
      const [first] = (await remote.summary((await getBatch(owner, batchId)).upstreamBatchId!)).job_runs;
      await expect(remote.streamResult(first!.result_url!.replace(/signature=[^&]+/, "signature=forged"))).rejects.toMatchObject({ kind: "unavailable", status: 403 });
    } finally {
      await upstream.close();
    }
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

  it("merges every job's labels into one COCO file with unique ids, the same from a remote upstream", async () => {
    const coco = JSON.parse((await bytes((await mergedCoco(owner, batchId, client)).body)).toString());
    expect(coco.images).toHaveLength(JOBS);
    expect(new Set(coco.images.map((i: { id: number }) => i.id)).size).toBe(JOBS);
    expect(new Set(coco.annotations.map((a: { id: number }) => a.id)).size).toBe(coco.annotations.length);
    expect(coco.annotations.every((a: { image_id: number }) => coco.images.some((i: { id: number }) => i.id === a.image_id))).toBe(true);
    expect(coco.images[0].file_name).toMatch(/^[0-9a-f-]{36}\//);
    expect(coco.categories[0].keypoints).toHaveLength(17);
    // From a remote upstream the labels are picked out of each job's zip as it streams past.
    const upstream = await serveUpstream((request) => handleGenerationApi(request));
    try {
      const remote = new GenerationClient(new HttpTransport({ baseUrl: upstream.url, token: await teamToken(owner) }));
      expect(JSON.parse((await bytes((await mergedCoco(owner, batchId, remote)).body)).toString())).toEqual(coco);
    } finally {
      await upstream.close();
    }
  });

  it("records every download in the audit history", async () => {
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, batchId), eq(auditEvents.action, "batch.downloaded")));
    // The batch zip five times: from the built-in engine, from a remote upstream, to a reader that
    // left early, with a result from before CRCs were recorded, and through a share link; one
    // job's zip and the merged COCO twice: from each upstream.
    expect(events.map((e) => (e.metadata as { what: string }).what).sort()).toEqual(["batch zip", "batch zip", "batch zip", "batch zip", "batch zip", "job zip", "job zip", "merged COCO", "merged COCO", "parameters csv", "parameters json"]);
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
