import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchStatus, listBatchJobs } from "@/lib/portal/batch-report";
import { submitBatch } from "@/lib/portal/batch-submission";
import { createShareLink, peekShareToken } from "@/lib/portal/share-links";
import type { ActingMember } from "@/lib/portal/member";
import type { ShareAccess } from "@/lib/portal/share-access";
import { joinTeam, signUp, uniqueIp } from "../support/factories";
import { INTERNAL_ERROR, SCRIPTED_GENERATOR, startScriptedUpstream } from "../support/scripted-upstream";

/**
 * A job's `error` is whatever the Generation API wrote: with a remote upstream, a traceback with
 * paths and connection strings. Members see it to fix their batch; a share link's visitor, who
 * may be anyone, sees that the job failed and nothing more.
 */
let owner: ActingMember;
let viewer: ActingMember;
let access: ShareAccess;
let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>;
let batchId: string;

beforeAll(async () => {
  owner = await signUp("share-errors");
  viewer = await joinTeam(owner, "share-errors-viewer", "viewer");
  upstream = await startScriptedUpstream();
  const jobs = [{ note: "fine" }, { note: "fail: worker crashed" }, { note: "fine again" }];
  const recipe = { generator: SCRIPTED_GENERATOR, kind: "preview", seed: 1, name: "one job fails", params: {}, jobs };
  batchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, upstream.client)).batchId;
  access = (await peekShareToken((await createShareLink(owner, batchId)).token, { ip: uniqueIp() }))!;
});

afterAll(async () => {
  await upstream.close();
});

describe("a failed job's error text", () => {
  it("is shown whole to the team's members, viewers included", async () => {
    for (const person of [owner, viewer]) {
      const { rows } = await listBatchJobs(person, batchId, upstream.client, { offset: 0, limit: 10 });
      expect(rows.map((r) => r.status?.state)).toEqual(["succeeded", "failed", "succeeded"]);
      expect(rows.map((r) => r.status?.error ?? null)).toEqual([null, INTERNAL_ERROR, null]);
    }
  });

  it("is a generic sentence for a share link's visitor, in the job table and in the failed-jobs filter", async () => {
    const { rows } = await listBatchJobs(access, batchId, upstream.client, { offset: 0, limit: 10 });
    expect(rows.map((r) => r.status?.state)).toEqual(["succeeded", "failed", "succeeded"]);
    expect(rows.map((r) => r.status?.error ?? null)).toEqual([null, "This job failed.", null]);
    const failed = await listBatchJobs(access, batchId, upstream.client, { offset: 0, limit: 10, state: "failed" });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]!.status?.error).toBe("This job failed.");
    expect(JSON.stringify(failed)).not.toMatch(/Traceback|s3cret|10\.0\.4\.7|\/srv\//);
  });

  it("never reaches the visitor through the status either, which counts the failure", async () => {
    const status = await getBatchStatus(access, batchId, upstream.client);
    expect(status.progress?.counts).toMatchObject({ succeeded: 2, failed: 1 });
    expect(JSON.stringify(status)).not.toMatch(/Traceback|s3cret|10\.0\.4\.7|\/srv\//);
  });

  it("does not leak through the cache the members and the visitor share: a member still reads it whole afterwards", async () => {
    const { rows } = await listBatchJobs(owner, batchId, upstream.client, { offset: 1, limit: 1 });
    expect(rows[0]!.status?.error).toBe(INTERNAL_ERROR);
  });
});
