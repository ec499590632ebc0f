import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";

// Limits for this file (read once, when the first download asks): a job's zip may be 256 MiB,
// three heavy downloads at once per process, two per share link or person, one second in line.
process.env.RESULT_MAX_BYTES = String(256 * 1024 * 1024);
process.env.HEAVY_DOWNLOADS_PER_PROCESS = "3";
process.env.HEAVY_DOWNLOADS_PER_VISITOR = "2";
process.env.HEAVY_DOWNLOAD_QUEUE_SECONDS = "1";

const { getDb } = await import("@/db");
const { batches, batchJobs } = await import("@/db/schema");
const { GenerationClient } = await import("@/lib/generation/client");
const { HttpTransport } = await import("@/lib/generation/transports/http");
const { saveGenerationConnection } = await import("@/lib/portal/generation-connections");
const { generationClientFor, upstreamFor } = await import("@/lib/portal/generation");
const { batchArchive, jobArchive, mergedCoco } = await import("@/lib/portal/batch-downloads");
const { jobMedia } = await import("@/lib/portal/job-media");
const { createShareLink } = await import("@/lib/portal/share-links");
const { closeLabelsPool } = await import("@/lib/portal/labels-work");
const { GET: shareMediaRoute } = await import("@/app/api/share/[token]/jobs/[position]/media/route");
const { signUp } = await import("../support/factories");
const zips = await import("../support/hostile-zips");

type Member = Awaited<ReturnType<typeof signUp>>;
type Client = InstanceType<typeof GenerationClient>;
type Route = import("../support/hostile-zips").ResultRoute;
type Entry = import("../support/hostile-zips").HostileEntry;

const ORIGIN = "http://localhost:3999";
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/**
 * The longest the event loop may stall while hostile input is handled. Before these limits a
 * zip bomb stalled it 13 s and then killed the process. On a shared 2-core host with a load
 * average of 20–35, scheduling alone delays a timer by up to a second, so the bound is
 * "never seconds": 2 s, or four times the stall measured over a second of doing nothing, if
 * the machine is busier still. The figures are printed with the load.
 */
let loopLimitMs = 2_000;

/** What every share visitor is told when a result cannot be read (the reason stays with members). */
const SHARED_FAILURE = "The results could not be read from the Generation API just now. Try again later.";

let owner: Member;
let upstream: Awaited<ReturnType<typeof zips.serveResults>>;
let upstreamName: string;
let client: Client;
let tempBefore: Set<string>;

/** How one job's result link answers, made for its job id (and position). */
type Job = (jobId: string, index: number) => Route | Promise<Route>;

/** A zip route made from entries whose names are under `jobId/`. */
const zipOf =
  (entries: (jobId: string) => Entry[] | Promise<Entry[]>, extra: Partial<Route> = {}): Job =>
  (jobId) => {
    const made = Promise.resolve(entries(jobId));
    return {
      chunks: async function* () {
        yield* zips.zipChunks(await made);
      },
      ...extra,
    };
  };

/**
 * A batch of this team, sent (as far as the portal knows) to the hostile upstream: one job per
 * route, each with its own result link there, all finished.
 */
async function hostileBatch(name: string, jobs: Job[]): Promise<{ batchId: string; jobIds: string[]; upstreamBatchId: string }> {
  const upstreamBatchId = randomUUID();
  const jobIds = jobs.map(() => randomUUID());
  for (const [i, job] of jobs.entries()) upstream.routes.set(`/results/${jobIds[i]}`, await job(jobIds[i]!, i));
  upstream.json.set(`/api/batch/${upstreamBatchId}/summary/`, {
    job_runs: jobIds.map((id, i) => ({ id, name: `job ${i + 1}`, in_progress: false, status: "succeeded", result_url: `${upstream.base}results/${id}` })),
  });
  const db = await getDb();
  const [batch] = await db
    .insert(batches)
    .values({ teamId: owner.teamId, name, generator: "visionfit-flagship-v0.1.0", kind: "preview", seed: 1, jobCount: jobs.length, recipe: {}, submission: "submitted", upstreamBatchId, upstream: upstreamName, idempotencyKey: randomUUID(), submittedBy: owner.userId, submittedAt: new Date() })
    .returning({ id: batches.id });
  await db.insert(batchJobs).values(jobIds.map((id, position) => ({ batchId: batch!.id, position, params: {}, upstreamJobId: id })));
  return { batchId: batch!.id, jobIds, upstreamBatchId };
}

/** The share media route exactly as Next calls it. */
function shareMedia(token: string, position: number, query: string, headers: Record<string, string> = {}) {
  const url = `${ORIGIN}/api/share/${token}/jobs/${position}/media?${query}`;
  return shareMediaRoute(new Request(url, { headers: { host: new URL(ORIGIN).host, ...headers } }), { params: Promise.resolve({ token, position: String(position) }) });
}

/** A gallery file for a member, loaded as the route would: the bytes, or the refusal. */
async function memberMedia(batchId: string, position: number, file: string, using: Client = client, frame?: number): Promise<Buffer> {
  const media = await jobMedia(owner, batchId, position, file, using, frame);
  const body = await media.load();
  if ("bytes" in body) return Buffer.from(body.bytes);
  return Buffer.from(await new Response(body.stream(null)).arrayBuffer());
}

/** Reads a download to its end, keeping what arrived: the bytes, and the error that ended it early, if one did. */
async function drain(body: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; error?: Error }> {
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks) };
      chunks.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: error as Error };
  }
}

/**
 * Watches the process while `work` runs: the event loop's longest delay (perf_hooks, 10 ms
 * resolution) and the resident set size, sampled every 25 ms, against the size before.
 */
async function measured<T>(label: string, work: () => Promise<T>): Promise<{ result: T; loopMaxMs: number; rssGrowthMiB: number; rssBeforeMiB: number; rssPeakMiB: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  loop.enable();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    const figures = { loopMaxMs: loop.max / 1e6, rssGrowthMiB: (peak - before) / MIB, rssBeforeMiB: before / MIB, rssPeakMiB: peak / MIB };
    console.log(`[bounded] ${label}: event loop max delay ${figures.loopMaxMs.toFixed(0)} ms (load average ${loadavg()[0]!.toFixed(1)}); RSS ${figures.rssBeforeMiB.toFixed(0)} MiB before, peak ${figures.rssPeakMiB.toFixed(0)} MiB (+${figures.rssGrowthMiB.toFixed(0)} MiB)`);
    return { result, ...figures };
  } finally {
    loop.disable();
    clearInterval(sampler);
  }
}

function sent(jobId: string) {
  return upstream.stats.get(`/results/${jobId}`) ?? { hits: 0, bytesSent: 0 };
}


function spoolFolders(): Set<string> {
  return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("infinity-zip-") || name.startsWith("infinity-coco-")));
}

beforeAll(async () => {
  tempBefore = spoolFolders();
  owner = await signUp("hostile-results");
  upstream = await zips.serveResults();
  // The outbound guard refuses loopback unless told otherwise: this test's upstream is allowed by name and port.
  process.env.OUTBOUND_ALLOW = [process.env.OUTBOUND_ALLOW, `127.0.0.1:${upstream.port}`].filter(Boolean).join(",");
  await saveGenerationConnection(owner, { url: upstream.base, token: "inf_hostile_0123456789" });
  upstreamName = await upstreamFor(owner);
  client = await generationClientFor(owner, ORIGIN);
  await zips.twoGibLabels(); // written by hand (see spacesBomb): no time spent making it while measuring
  const idle = await measured("idle, for comparison", () => new Promise((resolve) => setTimeout(resolve, 1_000)));
  loopLimitMs = Math.max(loopLimitMs, 4 * idle.loopMaxMs);
}, 120_000);

afterAll(async () => {
  await upstream.close();
  await closeLabelsPool();
});

describe("a zip bomb from a remote upstream (2 MB that inflates to a 2 GiB labels.json)", () => {
  let batchId: string;
  let jobIds: string[];
  let token: string;

  beforeAll(async () => {
    ({ batchId, jobIds } = await hostileBatch("bombs", [
      // Declared honestly: 2 GiB in the header.
      zipOf(async (id) => [await zips.bombEntry(`${id}/labels.json`), zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)]),
      // Declared as 30 kB: only inflating it shows what it is.
      zipOf(async (id) => [await zips.bombEntry(`${id}/labels.json`, 30_000), zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)]),
      // A good job, for comparison.
      zipOf((id) => zips.goodJobEntries(id)),
    ]));
    token = (await createShareLink(owner, batchId)).token;
  });

  it("is refused through gallery media for an anonymous share visitor, with the event loop responsive and memory flat", async () => {
    // The same requests for a good job first: what the machine's noise alone looks like.
    const control = await measured("control: a good job through share gallery media", async () => {
      const statuses: number[] = [];
      for (const query of ["file=labels.json", "file=labels.json&frame=0", "file=video_preview.png"]) statuses.push((await shareMedia(token, 3, query)).status);
      return statuses;
    });
    expect(control.result).toEqual([200, 200, 200]);
    const { result: responses, loopMaxMs, rssGrowthMiB } = await measured("zip bomb through share gallery media", async () => {
      const answers: Response[] = [];
      for (const position of [1, 2]) {
        for (const query of ["file=labels.json", "file=labels.json&frame=0", "file=video_preview.png"]) answers.push(await shareMedia(token, position, query));
      }
      return answers;
    });
    for (const response of responses) {
      expect(response.status).toBe(409);
      expect(((await response.json()) as { detail: string }).detail).toBe(SHARED_FAILURE);
    }
    expect(loopMaxMs).toBeLessThan(loopLimitMs);
    expect(rssGrowthMiB).toBeLessThan(100);
    // The honest bomb was refused at its header; the lying one after inflating 30 kB and one chunk more.
    expect(sent(jobIds[0]!).bytesSent).toBeLessThan(8 * MIB);
    expect(sent(jobIds[1]!).bytesSent).toBeLessThan(8 * MIB);
  });

  it("tells a member why, and the failure is remembered: more visitors do not fetch it again", async () => {
    await expect(memberMedia(batchId, 0, "labels.json")).rejects.toThrow(/declares 2\.15 GB, more than the 268 MB a result file may have here/);
    await expect(memberMedia(batchId, 1, "labels.json")).rejects.toThrow(/declares 30 kB but inflates to more; the zip was refused/);
    const hits = jobIds.map((id) => sent(id).hits);
    for (let i = 0; i < 10; i++) expect((await shareMedia(token, 1 + (i % 2), "file=video_preview.png")).status).toBe(409);
    expect(jobIds.map((id) => sent(id).hits)).toEqual(hits);
  });

  it("ends the batch zip, the job zip and the merged COCO file instead of passing it on", async () => {
    const { result } = await measured("zip bomb through the batch zip, job zip and merged COCO", async () => ({
      batch: await drain((await batchArchive(owner, batchId, client)).body),
      honestJob: await drain((await jobArchive(owner, batchId, 0, client)).body),
      lyingJob: await drain((await jobArchive(owner, batchId, 1, client)).body),
      coco: await drain((await mergedCoco(owner, batchId, client)).body),
    }));
    expect(result.batch.error?.message).toMatch(/declares 2\.15 GB, more than the 268 MB a result file may have here/);
    expect(result.honestJob.error?.message).toMatch(/declares 2\.15 GB/);
    expect(result.lyingJob.error?.message).toMatch(/declares 30 kB but inflates to more/);
    expect(result.coco.error?.message).toMatch(/result for job 1 was refused: .*declares 2\.15 GB/);
    // The bomb's own bytes never went out: the archives hold at most the entries before it.
    for (const { bytes } of [result.batch, result.honestJob]) expect(bytes.includes(Buffer.from("labels.json"))).toBe(false);
  });
});

describe("entry names from a remote upstream", () => {
  const names: [string, (id: string) => string, RegExp][] = [
    ["climbs out with ../", () => "../../x", /named "\.\.\/\.\.\/x", which has a "\.\." segment/],
    ["climbs out of the job's folder", (id) => `${id}/../../x`, /a "\.\." segment/],
    ["is absolute", () => "/etc/cron.d/x", /an absolute path/],
    ["has a drive letter", () => "C:/Windows/x", /a drive letter/],
    ["has a backslash", (id) => `${id}\\..\\x`, /a backslash/],
    ["has a NUL", (id) => `${id}/x\u0000.png`, /a control character/],
    ["is another job's folder", () => "someone-else/labels.json", /a path outside the folder/],
  ];
  let batchId: string;

  beforeAll(async () => {
    ({ batchId } = await hostileBatch(
      "names",
      names.map(([, name]) => zipOf((id) => [zips.deflatedEntry(`${id}/job.json`, "{}"), zips.storedEntry(name(id), "gotcha"), ...zips.goodJobEntries(id).slice(1)])),
    ));
  });

  it("are refused, naming the entry, in the gallery, the job zip and the batch zip, before their bytes are written anywhere", async () => {
    for (const [index, [what, , message]] of names.entries()) {
      await expect(memberMedia(batchId, index, "video_preview.png"), what).rejects.toThrow(message);
      const job = await drain((await jobArchive(owner, batchId, index, client)).body);
      expect(job.error?.message, what).toMatch(message);
      expect(job.bytes.includes(Buffer.from("gotcha")), what).toBe(false);
    }
    const batch = await drain((await batchArchive(owner, batchId, client)).body);
    expect(batch.error?.message).toMatch(names[0]![2]);
    expect(batch.bytes.includes(Buffer.from("gotcha"))).toBe(false);
  });
});

describe("declared sizes that lie", () => {
  const content = Buffer.from(JSON.stringify({ images: [], annotations: [], categories: [] }) + " ".repeat(5000));
  const wrongCrc = /does not match its CRC-32; the zip is damaged or was altered/;
  // What the gallery says (it inflates labels.json, and stops reading after the file it wants), and what a zip download says (it reads to the end).
  const lies: [string, (id: string) => Entry, RegExp | null, RegExp][] = [
    ["a stored entry whose two sizes differ", (id) => ({ ...zips.storedEntry(`${id}/labels.json`, content), size: content.length + 10 }), /is stored but declares 5\.05 kB stored for 5\.06 kB of content/, /is stored but declares 5\.05 kB stored for 5\.06 kB of content/],
    ["a deflated entry that inflates to less than declared", (id) => ({ ...zips.deflatedEntry(`${id}/labels.json`, content), size: content.length + 100 }), /declares 5\.15 kB but inflates to 5\.05 kB/, /declares 5\.15 kB but inflates to 5\.05 kB/],
    ["a wrong CRC-32", (id) => ({ ...zips.deflatedEntry(`${id}/labels.json`, content), crc32: 12345 }), wrongCrc, wrongCrc],
    ["stored bytes longer than the declared compressed size", (id) => ({ ...zips.storedEntry(`${id}/labels.json`, content), compressedSize: 100, size: 100 }), wrongCrc, /unexpected bytes between its entries/],
    // Front to back, the gallery has its file before the central directory comes; read in ranges, it starts there (see below).
    ["a central directory that disagrees with the local header", (id) => ({ ...zips.deflatedEntry(`${id}/labels.json`, content), central: { size: 2 * GIB - 1 } }), null, /described differently by its header and by the zip's central directory/],
  ];
  let batchId: string;

  beforeAll(async () => {
    ({ batchId } = await hostileBatch(
      "lies",
      lies.map(([, entry]) => zipOf((id) => [zips.deflatedEntry(`${id}/job.json`, "{}"), entry(id), zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)])),
    ));
  });

  it("are refused with a sentence, in the gallery and in the batch and job zips", async () => {
    for (const [index, [what, , gallery, download]] of lies.entries()) {
      if (gallery) await expect(memberMedia(batchId, index, "video_preview.png"), what).rejects.toThrow(gallery);
      expect((await drain((await jobArchive(owner, batchId, index, client)).body)).error?.message, what).toMatch(download);
    }
    expect((await drain((await batchArchive(owner, batchId, client)).body)).error?.message).toMatch(lies[0]![3]);
  });
});

describe("a 1.5 GB result body through gallery media", () => {
  const SIZE = 1.5 * 1000 * 1000 * 1000;
  let batchId: string;
  let jobIds: string[];

  beforeAll(async () => {
    ({ batchId, jobIds } = await hostileBatch("huge", [
      // Not a zip at all.
      () => ({ chunks: zips.junk(SIZE) }),
      // A zip whose first entry honestly declares 1.5 GB.
      zipOf((id) => [zips.hugeStoredEntry(`${id}/segmentation.zip`, SIZE), zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)]),
      // An entry whose sizes come after its 1.5 GB of data: only the central directory could say where it ends.
      zipOf((id) => [zips.deflatedEntry(`${id}/job.json`, "{}"), { ...zips.hugeStoredEntry(`${id}/video.mp4`, SIZE), sizesAfterData: true }, zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)]),
    ]));
  });

  it("is refused without being held: memory flat, the event loop responsive, reading stopped early", async () => {
    const { result, loopMaxMs, rssGrowthMiB } = await measured("1.5 GB bodies through gallery media", async () => {
      const errors: string[] = [];
      for (const position of [0, 1, 2]) errors.push(await memberMedia(batchId, position, "video_preview.png").then(() => "served", (error: Error) => error.message));
      return errors;
    });
    expect(result[0]).toMatch(/The result is not a zip/);
    expect(result[1]).toMatch(/declares 1\.5 GB, more than the 268 MB a result file may have here/);
    // The transport's byte cap and the zip reader's are one limit (RESULT_MAX_BYTES): the transport's words.
    expect(result[2]).toMatch(/is larger than 268 MB \(RESULT_MAX_BYTES\); the portal stops reading there/);
    console.log(`[bounded] upstream bytes sent before the portal hung up: ${jobIds.map((id) => `${(sent(id).bytesSent / MIB).toFixed(1)} MiB`).join(", ")} of 1,430 MiB each`);
    expect(sent(jobIds[0]!).bytesSent).toBeLessThan(16 * MIB);
    expect(sent(jobIds[1]!).bytesSent).toBeLessThan(16 * MIB);
    // Spooled to disk up to the limit of one job's zip (RESULT_MAX_BYTES), then refused.
    expect(sent(jobIds[2]!).bytesSent).toBeLessThan(300 * MIB);
    expect(rssGrowthMiB).toBeLessThan(100);
    expect(loopMaxMs).toBeLessThan(loopLimitMs);
    // Generous: on a loaded machine, spooling 256 MiB to disk can take a minute; a test that
    // timed out would leave its read running (and its slot taken) into the next one.
  }, 300_000);
});

describe("50 concurrent anonymous gallery requests against a slow upstream", () => {
  let batchId: string;
  let tokens: string[];
  let jobIds: string[];

  beforeAll(async () => {
    const slow = zipOf((id) => zips.goodJobEntries(id), { delayMs: 1_500 });
    ({ batchId, jobIds } = await hostileBatch("slow", Array.from({ length: 50 }, () => slow)));
    tokens = [(await createShareLink(owner, batchId)).token, (await createShareLink(owner, batchId)).token];
  });

  it("each gets its file, or 429 or 503 with Retry-After and a sentence; at most three upstream reads run at once", async () => {
    const started = Date.now();
    const { result: answers, loopMaxMs, rssGrowthMiB } = await measured("50 concurrent share gallery requests, slow upstream", () =>
      Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const response = await shareMedia(tokens[i % 2]!, i + 1, "file=video_preview.png");
          const body = response.status === 200 ? Buffer.from(await response.arrayBuffer()) : ((await response.json()) as { detail: string });
          return { status: response.status, retryAfter: response.headers.get("retry-after"), body, at: Date.now() - started };
        }),
      ),
    );
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    console.log(`[bounded] 50 requests: ${count(200)} served, ${count(429)} × 429, ${count(503)} × 503; upstream reads at once at most ${upstream.open.max}; all answered within ${Math.max(...answers.map((a) => a.at))} ms`);
    expect(count(200) + count(429) + count(503)).toBe(50);
    expect(count(200)).toBeGreaterThanOrEqual(3);
    expect(count(429)).toBeGreaterThan(0);
    expect(count(503)).toBeGreaterThan(0);
    for (const answer of answers) {
      if (answer.status === 200) {
        expect((answer.body as Buffer).equals(zips.FAKE_PNG)).toBe(true);
      } else {
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        expect((answer.body as { detail: string }).detail).toMatch(answer.status === 429 ? /^This link already has 2 downloads or previews being prepared/ : /^The portal is preparing as many downloads as it can right now/);
      }
    }
    expect(upstream.open.max).toBeLessThanOrEqual(3);
    expect(jobIds.reduce((n, id) => n + sent(id).hits, 0)).toBe(count(200));
    expect(rssGrowthMiB).toBeLessThan(100);
    expect(loopMaxMs).toBeLessThan(loopLimitMs);
    // Once the line is free the same visitors are served.
    const again = await shareMedia(tokens[0]!, 49, "file=video_preview.png");
    expect(again.status).toBe(200);
  }, 60_000);
});

describe("a remote job's gallery files, read front to back", () => {
  it("are read once for a thumbnail, and a browser revalidating its copy makes no read at all", async () => {
    const { batchId, jobIds } = await hostileBatch("thumbnails", [zipOf((id) => zips.goodJobEntries(id, { videoBytes: 3 * MIB, labels: zips.cocoLabels(4) }))]);
    // The frame comes last in the zip: its read brings the labels along.
    expect((await memberMedia(batchId, 0, "video_preview.png")).equals(zips.FAKE_PNG)).toBe(true);
    const [labels, frame] = await Promise.all([memberMedia(batchId, 0, "labels.json"), memberMedia(batchId, 0, "labels.json", client, 2), memberMedia(batchId, 0, "video_preview.png")]);
    expect(JSON.parse(labels.toString()).images).toHaveLength(4);
    expect(JSON.parse(frame.toString()).images).toEqual([expect.objectContaining({ frame_number: 2 })]);
    expect(sent(jobIds[0]!).hits).toBe(1);
    // The video is streamed out of the zip, in the range asked for, and never kept.
    const token = (await createShareLink(owner, batchId)).token;
    const part = await shareMedia(token, 1, "file=video.mp4", { range: "bytes=4096-4099" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 4096-4099/${3 * MIB}`);
    expect([...Buffer.from(await part.arrayBuffer())]).toEqual([4096 & 0xff, 0, 0, 0]);
    expect(sent(jobIds[0]!).hits).toBe(2);
    const etag = part.headers.get("etag")!;
    expect((await shareMedia(token, 1, "file=video.mp4", { "if-none-match": etag })).status).toBe(304);
    expect(sent(jobIds[0]!).hits).toBe(2);
  });
});

describe("gallery files through the central directory, when the upstream answers byte ranges", () => {
  let batchId: string;
  let jobIds: string[];
  let ranged: Client;

  beforeAll(async () => {
    const routeOf = async (entries: Entry[], extra: Partial<Route>): Promise<Route> => {
      const bytes = await zips.zipBytes(entries);
      return {
        chunks: async function* () {
          yield bytes;
        },
        bytes,
        ...extra,
      };
    };
    const video = { videoBytes: 64 * MIB, labels: zips.cocoLabels(3) };
    ({ batchId, jobIds } = await hostileBatch("ranges", [
      (id) => routeOf(zips.goodJobEntries(id, video), { ranges: true }),
      (id) => routeOf(zips.goodJobEntries(id, video), {}),
      async (id) => routeOf([await zips.bombEntry(`${id}/labels.json`), zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG)], { ranges: true }),
      (id) => routeOf(zips.goodJobEntries(id), { ranges: true, wrongRange: true }),
      (id) => routeOf([zips.deflatedEntry(`${id}/labels.json`, zips.cocoLabels(1)), { ...zips.storedEntry(`${id}/video_preview.png`, zips.FAKE_PNG), central: { crc32: 1 } }], { ranges: true }),
    ]));
    ranged = new GenerationClient(new HttpTransport({ baseUrl: upstream.base, token: "inf_hostile_0123456789" }));
  });

  it("reads a few kB for the frame of a job with a 64 MiB video, where reading front to back takes the whole zip", async () => {
    expect((await memberMedia(batchId, 0, "video_preview.png", ranged)).equals(zips.FAKE_PNG)).toBe(true);
    expect(JSON.parse((await memberMedia(batchId, 0, "labels.json", ranged)).toString()).images).toHaveLength(3);
    expect((await memberMedia(batchId, 1, "video_preview.png", ranged)).equals(zips.FAKE_PNG)).toBe(true);
    console.log(`[bounded] preview frame of a zip with a 64 MiB video: ${(sent(jobIds[0]!).bytesSent / 1024).toFixed(0)} kB read in byte ranges (${sent(jobIds[0]!).hits} requests) vs ${(sent(jobIds[1]!).bytesSent / MIB).toFixed(0)} MiB front to back`);
    // The end of the zip (64 kB), the two headers and the two small files, in one visit of the gallery's two requests.
    expect(sent(jobIds[0]!).bytesSent).toBeLessThan(200 * 1024);
    expect(sent(jobIds[1]!).bytesSent).toBeGreaterThan(64 * MIB);
    const video = await memberMedia(batchId, 0, "video.mp4", ranged);
    expect(video.length).toBe(64 * MIB);
    expect(video[4096]).toBe(4096 & 0xff);
  }, 120_000);

  it("refuses a bomb the same way, and a server that answers other bytes than asked for", async () => {
    await expect(memberMedia(batchId, 2, "video_preview.png", ranged)).rejects.toThrow(/declares 2\.15 GB, more than the 268 MB a result file may have here/);
    expect(sent(jobIds[2]!).bytesSent).toBeLessThan(100 * 1024);
    await expect(memberMedia(batchId, 3, "video_preview.png", ranged)).rejects.toThrow(/answered a different byte range than the one asked for/);
  });

  it("refuses an entry whose local header and central directory disagree", async () => {
    await expect(memberMedia(batchId, 4, "video_preview.png", ranged)).rejects.toThrow(/video_preview\.png" is described differently by its header and by the zip's central directory/);
  });
});

/** The merged COCO document as it was built before it was streamed: whole, in memory, then JSON.stringify. */
function mergedInMemory(name: string, upstreamBatchId: string, jobs: { jobId: string; labels: string }[]): string {
  type Coco = { info?: unknown; images: { id: number; file_name: string }[]; annotations: { id: number; image_id: number }[]; categories: unknown[] };
  const merged: Coco & { info: Record<string, unknown> } = { info: { description: name, batch_id: upstreamBatchId, jobs: jobs.length }, images: [], annotations: [], categories: [] };
  for (const job of jobs) {
    const labels = JSON.parse(job.labels) as Coco;
    if (merged.categories.length === 0) merged.categories = labels.categories;
    const imageIds = new Map<number, number>();
    for (const image of labels.images) {
      const id = merged.images.length + 1;
      imageIds.set(image.id, id);
      merged.images.push({ ...image, id, file_name: `${job.jobId}/${image.file_name}`, job_id: job.jobId, job_info: labels.info } as Coco["images"][number]);
    }
    for (const annotation of labels.annotations) merged.annotations.push({ ...annotation, id: merged.annotations.length + 1, image_id: imageIds.get(annotation.image_id) ?? annotation.image_id });
  }
  return JSON.stringify(merged);
}

describe("the merged COCO file", () => {
  it("is the same document as when it was built whole", async () => {
    const labels = [zips.cocoLabels(2), zips.cocoLabels(0), zips.cocoLabels(3, 7)];
    const { batchId, jobIds, upstreamBatchId } = await hostileBatch("coco, exactly", labels.map((text) => zipOf((id) => zips.goodJobEntries(id, { labels: text }))));
    const [row] = await (await getDb()).select({ name: batches.name }).from(batches).where(eq(batches.id, batchId));
    const streamed = (await drain((await mergedCoco(owner, batchId, client)).body)).bytes.toString();
    expect(streamed).toBe(mergedInMemory(row!.name, upstreamBatchId, jobIds.map((jobId, i) => ({ jobId, labels: labels[i]! }))));
  });

  it("is streamed with memory flat however large the batch: 10 or 40 jobs with 1.4 MB of labels each", async () => {
    const big = zips.cocoLabels(5_000);
    const entries = (id: string) => zips.goodJobEntries(id, { labels: big });
    /** Reads the whole file as a client would, keeping only its size and its end. */
    const download = async (jobs: number) => {
      const { batchId } = await hostileBatch(`coco, ${jobs} jobs`, Array.from({ length: jobs }, () => zipOf(entries)));
      const reader = (await mergedCoco(owner, batchId, client)).body.getReader();
      let bytes = 0;
      let tail = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        tail = (tail + Buffer.from(value).toString("latin1")).slice(-200);
      }
      return { bytes, tail };
    };
    await download(1); // the labels worker thread starts once, before anything is measured
    const small = await measured("merged COCO of 10 jobs × 1.4 MB of labels", () => download(10));
    const large = await measured("merged COCO of 40 jobs × 1.4 MB of labels", () => download(40));
    console.log(`[bounded] merged COCO: ${(small.result.bytes / MIB).toFixed(0)} MiB and ${(large.result.bytes / MIB).toFixed(0)} MiB sent, from labels of ${(big.length / MIB).toFixed(2)} MiB per job`);
    expect(large.result.bytes).toBeGreaterThan(40 * big.length);
    expect(large.result.tail).toMatch(/"categories":\[\{"id":1,"name":"person","keypoints":\["nose"\]\}\]\}$/);
    // Four times the jobs and the output, not four times the memory: what grows is garbage
    // awaiting the collector (here and on the labels thread). Built whole, 40 jobs would hold
    // their 56 MB of text and the parsed objects (several times that) at once. How far RSS has
    // already grown before a run depends on the collector, so the runs are not compared.
    expect(small.rssGrowthMiB).toBeLessThan(150);
    expect(large.rssGrowthMiB).toBeLessThan(150);
    expect(large.loopMaxMs).toBeLessThan(loopLimitMs);
  }, 180_000);
});

describe("afterwards", () => {
  it("leaves no spool file or temporary folder behind", async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const left = [...spoolFolders()].filter((name) => !tempBefore.has(name));
    expect(left).toEqual([]);
  });
});
