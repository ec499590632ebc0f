import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batches, batchJobs } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { promoteToVideos } from "@/lib/portal/batch-promotion";
import { submitBatch } from "@/lib/portal/batch-submission";
import type { ActingMember } from "@/lib/portal/member";
import { joinTeam, signUp } from "../support/factories";
import { ORIGIN } from "../support/engine-api";

let owner: ActingMember;
let viewer: ActingMember;
let client: GenerationClient;
let previews: string;

async function jobsOf(batchId: string) {
  const db = await getDb();
  return (await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batchId)).orderBy(asc(batchJobs.position))).map((r) => r.params);
}

beforeAll(async () => {
  owner = await signUp("promoter");
  viewer = await joinTeam(owner, "promote-viewer", "viewer");
  exposeInProcess();
  client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const recipe = { generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 6, seed: 5, name: "pick the best", params: { exercise: { mode: "random" }, camera_distance: { mode: "uniform", min: 2, max: 4 } } };
  previews = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client)).batchId;
});

afterAll(async () => {
  await stopQueue();
});

describe("promoting previews to videos", () => {
  it("submits the same parameters and seeds as a video batch, once however often it is asked", async () => {
    const first = await promoteToVideos(owner, previews, client);
    expect(first).toMatchObject({ submission: "submitted", existing: false });
    const db = await getDb();
    const [videos] = await db.select().from(batches).where(eq(batches.id, first.batchId));
    expect(videos).toMatchObject({ kind: "video", name: "pick the best (videos)", jobCount: 6 });
    const before = await jobsOf(previews);
    expect(await jobsOf(first.batchId)).toEqual(before);
    expect(before.every((p) => typeof p.state === "string")).toBe(true);
    const again = await promoteToVideos(owner, previews, client);
    expect(again).toMatchObject({ batchId: first.batchId, existing: true });
    await expect(promoteToVideos(owner, first.batchId, client)).rejects.toMatchObject({ kind: "conflict" });
  });

  it("is refused to a viewer and to another team", async () => {
    await expect(promoteToVideos(viewer, previews, client)).rejects.toMatchObject({ kind: "forbidden" });
    const outsider = await signUp("promote-outsider");
    await expect(promoteToVideos(outsider, previews, client)).rejects.toMatchObject({ kind: "not_found" });
  });
});
