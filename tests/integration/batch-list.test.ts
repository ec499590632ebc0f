import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { batches } from "@/db/schema";
import { BATCH_PAGE_SIZE, batchFilterOptions, listBatches } from "@/lib/portal/batches";
import type { ActingMember } from "@/lib/portal/member";
import { joinTeam, signUp } from "../support/factories";

let owner: ActingMember;
let member: ActingMember;
let outsider: ActingMember;

async function addBatch(by: ActingMember, values: Partial<typeof batches.$inferInsert> & { name: string }) {
  const db = await getDb();
  await db.insert(batches).values({
    teamId: by.teamId,
    generator: "visionfit-flagship-v0.1.0",
    kind: "preview",
    seed: 1,
    jobCount: 3,
    recipe: {},
    idempotencyKey: randomUUID(),
    submittedBy: by.userId,
    submission: "submitted",
    ...values,
  });
}

beforeAll(async () => {
  owner = await signUp("lister");
  member = await joinTeam(owner, "lister-member", "member");
  outsider = await signUp("lister-outsider");
  for (let i = 0; i < BATCH_PAGE_SIZE + 5; i++) {
    await addBatch(i % 2 ? owner : member, { name: `squat sweep ${i}`, kind: i % 3 ? "preview" : "video", createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
  }
  await addBatch(owner, { name: "100% lighting_test", submission: "failed_to_submit", generator: "other-gen", createdAt: new Date(Date.UTC(2026, 0, 2)) });
  await addBatch(outsider, { name: "squat sweep secret" });
});

describe("the batch list", () => {
  it("lists the team's batches newest first, a page at a time", async () => {
    const first = await listBatches(member);
    expect(first.total).toBe(BATCH_PAGE_SIZE + 6);
    expect(first.rows).toHaveLength(BATCH_PAGE_SIZE);
    expect(first.rows[0]!.name).toBe("100% lighting_test");
    expect(first.rows[1]!.name).toBe(`squat sweep ${BATCH_PAGE_SIZE + 4}`);
    const second = await listBatches(member, { page: 2 });
    expect(second.rows).toHaveLength(6);
    expect(second.pageCount).toBe(2);
    expect([...first.rows, ...second.rows].some((r) => r.name.includes("secret"))).toBe(false);
  });

  it("filters by state, kind, generator, submitter and name", async () => {
    expect((await listBatches(owner, { submission: "failed_to_submit" })).rows.map((r) => r.name)).toEqual(["100% lighting_test"]);
    expect((await listBatches(owner, { generator: "other-gen" })).total).toBe(1);
    const videos = await listBatches(owner, { kind: "video" });
    expect(videos.rows.every((r) => r.kind === "video")).toBe(true);
    expect(videos.total).toBe(9);
    const mine = await listBatches(owner, { submittedBy: member.userId });
    expect(mine.rows.every((r) => r.submittedByEmail === member.email)).toBe(true);
    expect((await listBatches(owner, { q: "SWEEP 2" })).rows.map((r) => r.name).sort()).toEqual(["squat sweep 2", "squat sweep 20", "squat sweep 21", "squat sweep 22", "squat sweep 23", "squat sweep 24"]);
    // LIKE wildcards in a search are taken literally.
    expect((await listBatches(owner, { q: "100%" })).total).toBe(1);
    expect((await listBatches(owner, { q: "%" })).total).toBe(1);
  });

  it("offers only this team's generators and submitters as filter choices", async () => {
    const options = await batchFilterOptions(owner);
    expect(options.generators).toEqual(["other-gen", "visionfit-flagship-v0.1.0"]);
    expect(options.submitters.map((s) => s.id).sort()).toEqual([owner.userId, member.userId].sort());
  });
});
