import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";

process.env.ENGINE_CONCURRENCY = "2";

const { exposeInProcess } = await import("@/lib/engine/api/in-process");
const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { GenerationClient } = await import("@/lib/generation/client");
const { InProcessTransport } = await import("@/lib/generation/transports/in-process");
const { submitBatch } = await import("@/lib/portal/batch-submission");
const { getBatchStatus } = await import("@/lib/portal/batch-report");
const { jobMedia: media } = await import("@/lib/portal/job-media");
const { signUp } = await import("../support/factories");
const { submitFinishedBatch } = await import("../support/finished-batch");
const { ORIGIN } = await import("../support/engine-api");

type Member = Awaited<ReturnType<typeof signUp>>;
let owner: Member;
let outsider: Member;
let client: InstanceType<typeof GenerationClient>;
let batchId: string;
const JOBS = 3;

/** A gallery file as the route sends it: its type, its ETag and its bytes. */
async function jobMedia(...args: Parameters<typeof media>) {
  const file = await media(...args);
  const body = await file.load();
  if (!("bytes" in body)) return { ...file, bytes: Buffer.from(await new Response(body.stream(null)).arrayBuffer()) };
  return { ...file, bytes: Buffer.from(body.bytes) };
}

/** Counts the zips fetched through the client's transport, so it can be seen that none is built. */
let zipFetches = 0;

beforeAll(async () => {
  owner = await signUp("gallery-viewer");
  outsider = await signUp("gallery-outsider");
  exposeInProcess();
  await startRunner();
  client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const fetchResult = client.transport.fetchResult.bind(client.transport);
  client.transport.fetchResult = (url, options) => (zipFetches++, fetchResult(url, options));
  batchId = await submitFinishedBatch(owner, client, { name: "gallery media", jobCount: JOBS, seed: 11 });
}, 150_000);

afterAll(async () => {
  await stopQueue();
  await closeRenderPool();
});

describe("a job's media for the gallery", () => {
  it("serves the preview frame as a PNG of the requested size", async () => {
    const media = await jobMedia(owner, batchId, 0, "video_preview.png", client);
    expect(media.contentType).toBe("image/png");
    const meta = await sharp(media.bytes).metadata();
    expect(meta.format).toBe("png");
    expect([meta.width, meta.height]).toEqual([128, 128]);
  });

  it("serves labels.json: COCO with 17 keypoints per person and the skeleton", async () => {
    const media = await jobMedia(owner, batchId, 1, "labels.json", client);
    expect(media.contentType).toBe("application/json");
    const labels = JSON.parse(media.bytes.toString("utf8"));
    expect(labels.images).toHaveLength(1);
    expect(labels.categories[0].keypoints).toHaveLength(17);
    expect(labels.categories[0].skeleton.length).toBeGreaterThan(10);
    expect(labels.annotations[0].keypoints).toHaveLength(17 * 3);
    expect(labels.annotations[0].bbox).toHaveLength(4);
    const frame = labels.images[0].frame_number as number;
    const cut = JSON.parse((await jobMedia(owner, batchId, 1, "labels.json", client, frame)).bytes.toString("utf8"));
    expect(cut.images).toEqual(labels.images);
    expect(cut.annotations).toEqual(labels.annotations);
    const none = JSON.parse((await jobMedia(owner, batchId, 1, "labels.json", client, frame + 1)).bytes.toString("utf8"));
    expect([none.images, none.annotations]).toEqual([[], []]);
  });

  it("reads the built-in engine's files straight from storage: no job zip is built or fetched", async () => {
    const before = zipFetches;
    await jobMedia(owner, batchId, 2, "video_preview.png", client);
    await Promise.all([jobMedia(owner, batchId, 2, "labels.json", client), jobMedia(owner, batchId, 2, "video_preview.png", client)]);
    expect(zipFetches - before).toBe(0);
    const again = await jobMedia(owner, batchId, 2, "labels.json", client);
    expect(again.etag).toMatch(/^"[0-9a-f-]{36}-labels\.json"$/);
  });

  it("answers not found for a preview's video, an unknown file, a job past the end, and another team", async () => {
    await expect(jobMedia(owner, batchId, 0, "video.mp4", client)).rejects.toMatchObject({ kind: "not_found" });
    await expect(jobMedia(owner, batchId, 0, "job.json", client)).rejects.toMatchObject({ kind: "not_found" });
    await expect(jobMedia(owner, batchId, 0, "../../etc/passwd", client)).rejects.toMatchObject({ kind: "not_found" });
    await expect(jobMedia(owner, batchId, JOBS, "video_preview.png", client)).rejects.toMatchObject({ kind: "not_found" });
    await expect(jobMedia(outsider, batchId, 0, "video_preview.png", client)).rejects.toMatchObject({ kind: "not_found" });
    await expect(jobMedia(outsider, batchId, 0, "labels.json", client)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("a video job's media", () => {
  let videoBatchId: string;

  beforeAll(async () => {
    const recipe = {
      generator: "visionfit-flagship-v0.1.0",
      kind: "video",
      jobCount: 1,
      seed: 12,
      name: "gallery video",
      params: { image_width: { mode: "fixed", value: 128 }, image_height: { mode: "fixed", value: 128 } },
    };
    videoBatchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client)).batchId;
    const deadline = Date.now() + 120_000;
    while (!(await getBatchStatus(owner, videoBatchId, client)).final) {
      if (Date.now() > deadline) throw new Error("the video batch did not finish in time");
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 150_000);

  it("serves the MP4, and labels.json whole or for one frame", async () => {
    const video = await jobMedia(owner, videoBatchId, 0, "video.mp4", client);
    expect(video.contentType).toBe("video/mp4");
    expect(video.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const labels = JSON.parse((await jobMedia(owner, videoBatchId, 0, "labels.json", client)).bytes.toString("utf8"));
    expect(labels.images.length).toBeGreaterThan(1);
    const third = JSON.parse((await jobMedia(owner, videoBatchId, 0, "labels.json", client, 2)).bytes.toString("utf8"));
    expect(third.images).toEqual([labels.images.find((i: { frame_number: number }) => i.frame_number === 2)]);
    expect(third.annotations.length).toBeGreaterThan(0);
    expect(third.annotations.every((a: { image_id: number }) => a.image_id === third.images[0].id)).toBe(true);
    expect(third.categories).toEqual(labels.categories);
    const poster = await sharp((await jobMedia(owner, videoBatchId, 0, "video_preview.png", client)).bytes).metadata();
    expect([poster.width, poster.height]).toEqual([128, 128]);
  });
});
