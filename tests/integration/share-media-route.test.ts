import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";

process.env.ENGINE_CONCURRENCY = "2";

const { getDb } = await import("@/db");
const { shareLinks } = await import("@/db/schema");
const { exposeInProcess } = await import("@/lib/engine/api/in-process");
const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { GenerationClient } = await import("@/lib/generation/client");
const { InProcessTransport } = await import("@/lib/generation/transports/in-process");
const { jobMedia } = await import("@/lib/portal/job-media");
const { createShareLink, peekShareToken, revokeShareLink } = await import("@/lib/portal/share-links");
const { GET } = await import("@/app/api/share/[token]/jobs/[position]/media/route");
const { signUp } = await import("../support/factories");
const { submitFinishedBatch } = await import("../support/finished-batch");
const { ORIGIN } = await import("../support/engine-api");

type Member = Awaited<ReturnType<typeof signUp>>;
let owner: Member;
let outsider: Member;
let batchId: string;
let siblingBatchId: string;
let outsiderBatchId: string;
let token: string;
let siblingToken: string;
let outsiderToken: string;
let videoToken: string;
const JOBS = 2;

/** The share media route exactly as Next calls it: a Request (from the engine's test origin) and the path's params. */
function media(linkToken: string, position: string | number, query: string, headers: Record<string, string> = {}) {
  const url = `${ORIGIN}/api/share/${linkToken}/jobs/${position}/media?${query}`;
  return GET(new Request(url, { headers: { host: new URL(ORIGIN).host, ...headers } }), { params: Promise.resolve({ token: linkToken, position: String(position) }) });
}

async function expectGone(response: Response) {
  expect(response.status).toBe(404);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as { detail: string };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

beforeAll(async () => {
  owner = await signUp("share-media");
  outsider = await signUp("share-media-outsider");
  exposeInProcess();
  await startRunner();
  const client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const outsiderClient = new GenerationClient(new InProcessTransport(outsider.teamId, ORIGIN));
  batchId = await submitFinishedBatch(owner, client, { name: "shared gallery", jobCount: JOBS, seed: 21 });
  siblingBatchId = await submitFinishedBatch(owner, client, { name: "same team, not this link", jobCount: 1, seed: 22 });
  outsiderBatchId = await submitFinishedBatch(outsider, outsiderClient, { name: "another team", jobCount: 1, seed: 23 });
  token = (await createShareLink(owner, batchId)).token;
  siblingToken = (await createShareLink(owner, siblingBatchId)).token;
  outsiderToken = (await createShareLink(outsider, outsiderBatchId)).token;
  const videoBatchId = await submitFinishedBatch(owner, client, { name: "shared video", jobCount: 1, seed: 24, kind: "video" });
  videoToken = (await createShareLink(owner, videoBatchId)).token;
}, 240_000);

afterAll(async () => {
  await stopQueue();
  await closeRenderPool();
});

describe("the share media route", () => {
  it("serves the link's own batch's frame and labels, asked again each time so a revoke takes effect", async () => {
    const frame = await media(token, 1, "file=video_preview.png");
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-type")).toBe("image/png");
    expect(frame.headers.get("cache-control")).toBe("private, no-cache");
    const bytes = Buffer.from(await frame.arrayBuffer());
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The same bytes a member of the team is served for that job.
    const client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
    const memberCopy = await jobMedia(owner, batchId, 0, "video_preview.png", client);
    const memberBytes = await memberCopy.load();
    expect("bytes" in memberBytes && bytes.equals(memberBytes.bytes)).toBe(true);
    expect(frame.headers.get("etag")).toBe(memberCopy.etag);

    const labels = await media(token, JOBS, "file=labels.json");
    expect(labels.status).toBe(200);
    const coco = (await labels.json()) as { images: unknown[]; categories: { keypoints: string[] }[] };
    expect(coco.images).toHaveLength(1);
    expect(coco.categories[0]!.keypoints).toHaveLength(17);

    const unchanged = await media(token, 1, "file=video_preview.png", { "if-none-match": memberCopy.etag });
    expect(unchanged.status).toBe(304);
    const part = await media(token, 1, "file=video_preview.png", { range: "bytes=0-7" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-7/${bytes.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("serves a shared video in byte ranges, so the player can seek, and one frame's labels", async () => {
    const whole = await media(videoToken, 1, "file=video.mp4");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const part = await media(videoToken, 1, "file=video.mp4", { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    expect((await media(videoToken, 1, "file=video.mp4", { range: `bytes=${bytes.byteLength}-` })).status).toBe(416);
    const third = (await (await media(videoToken, 1, "file=labels.json&frame=2")).json()) as { images: { frame_number: number }[] };
    expect(third.images.map((image) => image.frame_number)).toEqual([2]);
  });

  it("opens only the token's batch: each link shows its own job 1, and no other batch's id reads anything", async () => {
    const client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
    const ownFirst = await jobMedia(owner, batchId, 0, "labels.json", client);
    const siblingFirst = await jobMedia(owner, siblingBatchId, 0, "labels.json", client);
    expect((await media(token, 1, "file=labels.json")).headers.get("etag")).toBe(ownFirst.etag);
    expect((await media(siblingToken, 1, "file=labels.json")).headers.get("etag")).toBe(siblingFirst.etag);
    expect(ownFirst.etag).not.toBe(siblingFirst.etag);

    // Past the end of its batch there is nothing, though the team's other batch has a job there.
    await expectGone(await media(siblingToken, 2, "file=video_preview.png"));
    // The share access opens no other batch of its team, nor of another team, in the data layer.
    const access = (await peekShareToken(token, { ip: "192.0.2.1" }))!;
    for (const other of [siblingBatchId, outsiderBatchId, randomUUID()]) {
      await expect(jobMedia(access, other, 0, "video_preview.png", client)).rejects.toMatchObject({ kind: "not_found" });
    }
    // A batch id where the token goes is no token.
    for (const id of [batchId, siblingBatchId, outsiderBatchId]) await expectGone(await media(id, 1, "file=video_preview.png"));
    // Another team's link still reads its own batch only.
    expect((await media(outsiderToken, 1, "file=labels.json")).status).toBe(200);
    await expectGone(await media(outsiderToken, 2, "file=labels.json"));
  });

  it("answers 404 for files the gallery does not show and for positions that are no job", async () => {
    for (const file of ["video.mp4", "job.json", "segmentation.zip", "../../etc/passwd"]) await expectGone(await media(token, 1, `file=${file}`));
    for (const position of ["0", "-1", "1.5", "abc", String(JOBS + 1)]) await expectGone(await media(token, position, "file=video_preview.png"));
    expect((await media(token, 1, "nofile=1")).status).toBe(400);
  });

  it("answers 404 to revoked, expired, unknown and malformed tokens, the same for all", async () => {
    const revoked = await createShareLink(owner, batchId);
    expect((await media(revoked.token, 1, "file=video_preview.png")).status).toBe(200);
    await revokeShareLink(owner, revoked.id);

    const expired = await createShareLink(owner, batchId, { expiresInDays: 1 });
    expect((await media(expired.token, 1, "file=labels.json")).status).toBe(200);
    const db = await getDb();
    await db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(shareLinks.id, expired.id));

    const details = new Set<string>();
    for (const dead of [revoked.token, expired.token, "x".repeat(43), "not a token", ""]) {
      for (const file of ["video_preview.png", "labels.json"]) details.add((await expectGone(await media(dead, 1, `file=${file}`))).detail);
    }
    expect([...details]).toEqual(["This link does not exist, has expired or was revoked."]);
  });
});
