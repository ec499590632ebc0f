import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, shareLinks } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { submitBatch } from "@/lib/portal/batch-submission";
import { getBatch, getBatchStatus, listBatchJobs } from "@/lib/portal/batch-report";
import { jobParameters } from "@/lib/portal/batch-downloads";
import { createShareLink, listShareLinks, peekShareToken, resolveShareToken, revokeShareLink } from "@/lib/portal/share-links";
import type { ActingMember } from "@/lib/portal/member";
import { joinTeam, signUp, uniqueIp } from "../support/factories";
import { ORIGIN } from "../support/engine-api";

let owner: ActingMember;
let admin: ActingMember;
let member: ActingMember;
let otherMember: ActingMember;
let viewer: ActingMember;
let outsider: ActingMember;
let client: GenerationClient;
let batchId: string;
let siblingBatchId: string;
let outsiderBatchId: string;
/** Where these visits come from: an address of their own, so no other test's dead links count against it. */
const visitor = { ip: uniqueIp() };

async function submit(who: ActingMember, name: string): Promise<string> {
  const recipe = { generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 3, seed: 11, name, params: { exercise: { mode: "random" } } };
  const teamClient = new GenerationClient(new InProcessTransport(who.teamId, ORIGIN));
  return (await submitBatch(who, { recipe, idempotencyKey: randomUUID() }, teamClient)).batchId;
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  owner = await signUp("sharer");
  admin = await joinTeam(owner, "share-admin", "admin");
  member = await joinTeam(owner, "share-member", "member");
  otherMember = await joinTeam(owner, "share-other", "member");
  viewer = await joinTeam(owner, "share-viewer", "viewer");
  outsider = await signUp("share-outsider");
  exposeInProcess();
  client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  batchId = await submit(member, "shared batch");
  siblingBatchId = await submit(member, "not shared");
  outsiderBatchId = await submit(outsider, "someone else's");
});

afterAll(async () => {
  await stopQueue();
});

describe("share links", () => {
  it("makes a token of 256 random bits and stores only its SHA-256 hash", async () => {
    const link = await createShareLink(member, batchId, { expiresInDays: 7 });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(link.token, "base64url")).toHaveLength(32);
    expect(link.path).toBe(`/r/${link.token}`);
    expect(link.expiresAt!.getTime() - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    const db = await getDb();
    const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(link.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(link.token);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "share_link.created"), eq(auditEvents.targetId, link.id)));
    expect(event).toMatchObject({ actorId: member.userId, teamId: owner.teamId, metadata: { batchId, name: "shared batch" } });
    expect(JSON.stringify(event)).not.toContain(link.token);
  });

  it("a link that never expires has no expiry", async () => {
    const link = await createShareLink(member, batchId, { expiresInDays: null });
    expect(link.expiresAt).toBeNull();
    const [listed] = (await listShareLinks(member, batchId)).filter((l) => l.id === link.id);
    expect(listed).toMatchObject({ expiresAt: null, active: true, viewCount: 0, lastViewedAt: null, createdByName: "share-member Tester" });
  });

  it("opens its own batch and nothing else", async () => {
    const { token } = await createShareLink(member, batchId);
    const access = (await resolveShareToken(token, visitor))!;
    expect(access).toMatchObject({ teamId: owner.teamId, batchId });
    const batch = await getBatch(access, batchId);
    expect(batch.name).toBe("shared batch");
    // The report is public: it never carries an e-mail.
    expect(batch.submittedByEmail).toBeNull();
    expect((await getBatchStatus(access, batchId, client)).submission).toBe("submitted");
    expect((await listBatchJobs(access, batchId, client, { offset: 0, limit: 10 })).rows).toHaveLength(3);
    for (const other of [siblingBatchId, outsiderBatchId, randomUUID()]) {
      await expect(getBatch(access, other)).rejects.toMatchObject({ kind: "not_found" });
      await expect(getBatchStatus(access, other, client)).rejects.toMatchObject({ kind: "not_found" });
      await expect(listBatchJobs(access, other, client, { offset: 0, limit: 10 })).rejects.toMatchObject({ kind: "not_found" });
      await expect(jobParameters(access, other, "csv")).rejects.toMatchObject({ kind: "not_found" });
    }
  });

  it("tells a visitor that the Generation API is down without naming its address", async () => {
    // The status is cached per batch for a moment; a batch of its own keeps this read uncached.
    const downBatchId = await submit(member, "upstream down");
    const down = new GenerationClient(new HttpTransport({ baseUrl: "http://127.0.0.1:9/", token: "t", retryDelayMs: 1 }));
    const { token } = await createShareLink(member, downBatchId);
    const access = (await peekShareToken(token, visitor))!;
    const shared = await getBatchStatus(access, downBatchId, down);
    expect(shared.upstreamProblem).toBe("the Generation API could not be reached");
    expect((await listBatchJobs(access, downBatchId, down, { offset: 0, limit: 5 })).upstreamProblem).toBe("the Generation API could not be reached");
    expect((await getBatchStatus(member, downBatchId, down)).upstreamProblem).toContain("127.0.0.1:9");
  });

  it("counts a view per visit, not per poll", async () => {
    const { id, token } = await createShareLink(member, batchId);
    await resolveShareToken(token, visitor);
    await resolveShareToken(token, visitor);
    await peekShareToken(token, visitor);
    const [listed] = (await listShareLinks(owner, batchId)).filter((l) => l.id === id);
    expect(listed!.viewCount).toBe(2);
    expect(listed!.lastViewedAt).toBeInstanceOf(Date);
  });

  it("answers null to unknown, malformed, expired and revoked tokens", async () => {
    expect(await resolveShareToken("x".repeat(43), visitor)).toBeNull();
    expect(await resolveShareToken("not a token", visitor)).toBeNull();
    expect(await peekShareToken("", visitor)).toBeNull();

    const expired = await createShareLink(member, batchId, { expiresInDays: 1 });
    const db = await getDb();
    await db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(shareLinks.id, expired.id));
    expect(await resolveShareToken(expired.token, visitor)).toBeNull();
    expect(await peekShareToken(expired.token, visitor)).toBeNull();
    const [listed] = (await listShareLinks(member, batchId)).filter((l) => l.id === expired.id);
    expect(listed).toMatchObject({ active: false, viewCount: 0 });

    const revoked = await createShareLink(member, batchId);
    expect(await peekShareToken(revoked.token, visitor)).not.toBeNull();
    await revokeShareLink(member, revoked.id);
    expect(await resolveShareToken(revoked.token, visitor)).toBeNull();
    expect(await peekShareToken(revoked.token, visitor)).toBeNull();
  });

  it("records downloads through a link with no actor, naming the link", async () => {
    const { id, token } = await createShareLink(member, batchId);
    const access = (await peekShareToken(token, { ip: "203.0.113.9", userAgent: "a chat app" }))!;
    const csv = await text((await jobParameters(access, batchId, "csv")).body);
    expect(csv.trim().split("\n")).toHaveLength(4);
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "batch.downloaded"), eq(auditEvents.targetId, batchId)));
    const viaLink = events.filter((e) => (e.metadata as { linkId?: string }).linkId === id);
    expect(viaLink).toHaveLength(1);
    expect(viaLink[0]).toMatchObject({ actorId: null, teamId: owner.teamId, ip: "203.0.113.9", metadata: { via: "share link", linkId: id, what: "parameters csv" } });
  });

  it("viewers cannot create links, but see them", async () => {
    await expect(createShareLink(viewer, batchId)).rejects.toMatchObject({ kind: "forbidden" });
    const links = await listShareLinks(viewer, batchId);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => !l.canRevoke)).toBe(true);
  });

  it("answers not found for another team's batch or link", async () => {
    const { id } = await createShareLink(member, batchId);
    await expect(createShareLink(outsider, batchId)).rejects.toMatchObject({ kind: "not_found" });
    await expect(listShareLinks(outsider, batchId)).rejects.toMatchObject({ kind: "not_found" });
    await expect(revokeShareLink(outsider, id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(createShareLink(member, outsiderBatchId)).rejects.toMatchObject({ kind: "not_found" });
    await expect(createShareLink(member, "not-a-uuid")).rejects.toMatchObject({ kind: "not_found" });
    await expect(revokeShareLink(member, randomUUID())).rejects.toMatchObject({ kind: "not_found" });
  });

  it("is revoked by its creator or an admin, not by another member", async () => {
    const first = await createShareLink(member, batchId);
    const [seenByOther] = (await listShareLinks(otherMember, batchId)).filter((l) => l.id === first.id);
    expect(seenByOther!.canRevoke).toBe(false);
    await expect(revokeShareLink(otherMember, first.id)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await peekShareToken(first.token, visitor)).not.toBeNull();
    const [seenByAdmin] = (await listShareLinks(admin, batchId)).filter((l) => l.id === first.id);
    expect(seenByAdmin!.canRevoke).toBe(true);
    await revokeShareLink(admin, first.id);
    await expect(revokeShareLink(admin, first.id)).rejects.toMatchObject({ kind: "not_found" });

    const second = await createShareLink(member, batchId);
    await revokeShareLink(member, second.id);
    const links = await listShareLinks(member, batchId);
    expect(links.find((l) => l.id === second.id)).toMatchObject({ active: false, canRevoke: false });
    expect(links.find((l) => l.id === second.id)!.revokedAt).toBeInstanceOf(Date);
    // Working links are listed before revoked ones.
    const firstRevoked = links.findIndex((l) => l.revokedAt);
    expect(links.slice(firstRevoked).every((l) => l.revokedAt)).toBe(true);

    const db = await getDb();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "share_link.revoked"));
    expect(events.find((e) => e.targetId === first.id)).toMatchObject({ actorId: admin.userId, metadata: { batchId, name: "shared batch" } });
    expect(events.find((e) => e.targetId === second.id)).toMatchObject({ actorId: member.userId });
  });

  it("a member demoted to viewer can no longer create or revoke", async () => {
    const demoted = await joinTeam(owner, "share-demoted", "member");
    const link = await createShareLink(demoted, batchId);
    const { changeMemberRole } = await import("@/lib/portal/members");
    await changeMemberRole(owner, demoted.userId, "viewer");
    await expect(createShareLink(demoted, batchId)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(revokeShareLink(demoted, link.id)).rejects.toMatchObject({ kind: "forbidden" });
  });
});
