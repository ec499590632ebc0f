import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditEvents, batches } from "@/db/schema";
import { createApiToken } from "@/lib/portal/api-tokens";
import { AUDIT_CSV_COLUMNS, AUDIT_PAGE_SIZE, auditFilterOptions, auditFor, auditPage, exportAuditCsv, recordAudit } from "@/lib/portal/audit";
import { describeAuditEvent } from "@/lib/portal/audit-describe";
import type { ActingMember } from "@/lib/portal/member";
import { renameTeam } from "@/lib/portal/teams";
import { expectRefused } from "../support/db-counts";
import { joinTeam, signUp } from "../support/factories";

let owner: ActingMember;
let admin: ActingMember;
let member: ActingMember;
let viewer: ActingMember;
let outsider: ActingMember;
const TRICKY = 'Line one\nline "two", three';
const BULK = 520;

/** Events at chosen times, written as the app writes them (the chain trigger still runs). */
async function eventAt(by: ActingMember, action: string, at: string, metadata: Record<string, unknown> = {}) {
  const db = await getDb();
  await db.insert(auditEvents).values({ teamId: by.teamId, actorId: by.userId, action, metadata, createdAt: new Date(at) });
}

async function readCsv(body: ReadableStream<Uint8Array>) {
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  // A UTF-8 byte-order mark first, for spreadsheets.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  expect(text.endsWith("\r\n")).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(0, -2), { newline: "\r\n" });
  expect(parsed.errors).toEqual([]);
  return { text, header: parsed.data[0]!, rows: parsed.data.slice(1) };
}

beforeAll(async () => {
  owner = await signUp("auditor");
  admin = await joinTeam(owner, "auditor-admin", "admin");
  member = await joinTeam(owner, "auditor-member", "member");
  viewer = await joinTeam(owner, "auditor-viewer", "viewer");
  outsider = await signUp("auditor-outsider");
  await renameTeam(admin, "Audit, the \"first\" team");
  await createApiToken(owner, "nightly export");
  await recordAudit(await getDb(), auditFor(owner, "workflow.created", { type: "workflow", id: randomUUID() }, { name: TRICKY }));
  await eventAt(owner, "batch.canceled", "2025-03-09T23:59:59.999Z");
  await eventAt(admin, "batch.canceled", "2025-03-10T00:00:00.000Z");
  await eventAt(owner, "batch.canceled", "2025-03-10T23:59:59.999Z");
  await eventAt(owner, "batch.canceled", "2025-03-11T00:00:00.000Z");
  // Another team doing the same things on the same days must never show up.
  await renameTeam(outsider, "Elsewhere");
  await eventAt(outsider, "batch.canceled", "2025-03-10T12:00:00.000Z");
});

describe("the audit page", () => {
  it("lists the team's events newest first, in plain words, with who did them", async () => {
    const { rows, total } = await auditPage(owner);
    expect(total).toBeGreaterThan(10);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => b - a));
    const renamed = rows.find((r) => r.action === "team.renamed")!;
    expect(renamed.actorEmail).toBe(admin.email);
    expect(describeAuditEvent(renamed)).toBe(`renamed the team from “${owner.teamName}” to “Audit, the "first" team”`);
    const joined = rows.find((r) => r.action === "invitation.accepted" && r.actorId === member.userId)!;
    expect(describeAuditEvent(joined)).toBe("joined the team as Member through an invitation");
    expect(rows.some((r) => r.actorId === outsider.userId)).toBe(false);
  });

  it("names batch targets from the team's own batches only", async () => {
    const db = await getDb();
    const batch = async (by: ActingMember, name: string) => {
      const [row] = await db
        .insert(batches)
        .values({ teamId: by.teamId, name, generator: "g", kind: "preview", seed: 1, jobCount: 1, recipe: {}, idempotencyKey: randomUUID(), submittedBy: by.userId })
        .returning({ id: batches.id });
      return row!.id;
    };
    const ours = await batch(owner, "Squat sweep");
    const theirs = await batch(outsider, "Their secret batch");
    await recordAudit(db, auditFor(owner, "batch.submitted", { type: "batch", id: ours }));
    await recordAudit(db, auditFor(owner, "batch.submit_retried", { type: "batch", id: theirs }));
    const { rows } = await auditPage(owner, { action: "batch.submitted" });
    expect(rows[0]).toMatchObject({ targetId: ours, targetName: "Squat sweep" });
    expect(describeAuditEvent(rows[0]!)).toBe("submitted the batch “Squat sweep” to the Generation API");
    const foreign = (await auditPage(owner, { action: "batch.submit_retried" })).rows[0]!;
    expect(foreign.targetName).toBeNull();
    expect(describeAuditEvent(foreign)).toBe("retried submitting a batch");
  });

  it("filters by actor, by action and by a date range, inside the team only", async () => {
    const byAdmin = await auditPage(owner, { actor: admin.userId });
    expect(byAdmin.rows.length).toBeGreaterThan(0);
    expect(byAdmin.rows.every((r) => r.actorId === admin.userId)).toBe(true);
    expect(byAdmin.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["team.renamed", "invitation.accepted", "batch.canceled"]));

    const tokens = await auditPage(owner, { action: "api_token.created" });
    expect(tokens.total).toBe(1);
    expect(describeAuditEvent(tokens.rows[0]!)).toMatch(/^created the API token “nightly export” \(inf_.+…\)$/);

    // Both ends of the range are whole days (UTC): the 10th, from midnight to midnight.
    const day = await auditPage(owner, { action: "batch.canceled", from: "2025-03-10", to: "2025-03-10" });
    expect(day.rows.map((r) => r.createdAt.toISOString()).sort()).toEqual(["2025-03-10T00:00:00.000Z", "2025-03-10T23:59:59.999Z"]);
    expect((await auditPage(owner, { action: "batch.canceled", from: "2025-03-10" })).total).toBe(3);
    expect((await auditPage(owner, { action: "batch.canceled", to: "2025-03-10" })).total).toBe(3);
    expect((await auditPage(owner, { actor: owner.userId, action: "batch.canceled", from: "2025-03-10", to: "2025-03-10" })).total).toBe(1);

    // Naming someone from another team finds nothing of theirs.
    expect((await auditPage(owner, { actor: outsider.userId })).total).toBe(0);
    expect((await auditPage(outsider, { action: "batch.canceled" })).total).toBe(1);
  });

  it("offers the team's people and the actions in its history as filters", async () => {
    const options = await auditFilterOptions(owner);
    expect(options.actors.map((a) => a.id).sort()).toEqual([owner.userId, admin.userId, member.userId, viewer.userId].sort());
    expect(options.actors.find((a) => a.id === admin.userId)!.label).toBe(`${admin.name} (${admin.email})`);
    expect(options.actions).toEqual([...new Set(options.actions)].sort());
    expect(options.actions).toEqual(expect.arrayContaining(["team.renamed", "api_token.created", "batch.canceled", "user.signed_up"]));
  });

  it("pages fifty at a time without gaps or repeats", async () => {
    const db = await getDb();
    const base = Date.UTC(2024, 0, 1);
    await db.insert(auditEvents).values(
      Array.from({ length: BULK }, (_, i) => ({ teamId: owner.teamId, actorId: owner.userId, action: "workflow.updated", metadata: { name: `bulk ${i}` }, createdAt: new Date(base + i * 60_000) })),
    );
    const first = await auditPage(owner, { action: "workflow.updated" });
    expect(first.total).toBe(BULK);
    expect(first.pageCount).toBe(Math.ceil(BULK / AUDIT_PAGE_SIZE));
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const seen = new Set<number>();
    for (let page = 1; page <= first.pageCount; page++) {
      const { rows } = await auditPage(owner, { action: "workflow.updated", page });
      for (const r of rows) seen.add(r.id);
      if (page < first.pageCount) expect(rows).toHaveLength(AUDIT_PAGE_SIZE);
      else expect(rows).toHaveLength(BULK % AUDIT_PAGE_SIZE);
    }
    expect(seen.size).toBe(BULK);
    // A page past the end shows the last one rather than nothing.
    expect((await auditPage(owner, { action: "workflow.updated", page: 999 })).page).toBe(first.pageCount);
  });
});

describe("the CSV export", () => {
  it("has a header and one escaped row per event, with the same filters, and is itself recorded", async () => {
    const csv = await exportAuditCsv(admin, { action: "team.renamed" });
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    const { header, rows } = await readCsv(csv.body);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0]![i]]));
    expect(row).toMatchObject({ actor_name: admin.name, actor_email: admin.email, action: "team.renamed", target_type: "team", target_id: owner.teamId });
    expect(row.summary).toBe(`renamed the team from “${owner.teamName}” to “Audit, the "first" team”`);
    expect(new Date(row.time!).toISOString()).toBe(row.time);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(row.seq)).toBeGreaterThan(0);

    const exported = await auditPage(owner, { action: "audit.exported" });
    expect(exported.total).toBe(1);
    expect(exported.rows[0]).toMatchObject({ actorId: admin.userId, metadata: { rows: 1, filters: { action: "team.renamed" } } });
    expect(describeAuditEvent(exported.rows[0]!)).toBe("exported the audit history as CSV (1 event)");
  });

  it("quotes commas, quotes and line breaks so every field reads back exactly", async () => {
    const csv = await exportAuditCsv(owner, { action: "workflow.created" });
    const { text, rows } = await readCsv(csv.body);
    expect(text).toContain(`"created the workflow “Line one\nline ""two"", three”"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]![6]).toBe(`created the workflow “${TRICKY}”`);
  });

  it("opens in a spreadsheet as data: a user agent that is a formula gets an apostrophe, times and numbers stay as they are", async () => {
    await recordAudit(await getDb(), { ...auditFor(owner, "batch.downloaded", { type: "batch", id: randomUUID() }, { name: "@SUM(A1:A9)", what: "batch zip" }), request: { ip: "203.0.113.9", userAgent: "=cmd|' /C calc'!A0" } });
    const { rows } = await readCsv((await exportAuditCsv(owner, { action: "batch.downloaded" })).body);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row[8]).toBe("'=cmd|' /C calc'!A0");
    expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(row[7]).toBe("203.0.113.9");
    expect(Number(row[9])).toBeGreaterThan(0);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[\s"]*[=+\-@\t\r]/);
  });

  it("streams a long history in chunks, every event once, newest first", async () => {
    const { rows } = await readCsv((await exportAuditCsv(owner, { action: "workflow.updated" })).body);
    expect(rows).toHaveLength(BULK);
    const seqs = rows.map((r) => Number(r[9]));
    expect(new Set(seqs).size).toBe(BULK);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(rows[0]![6]).toBe(`saved changes to the workflow “bulk ${BULK - 1}”`);
  });

  it("covers the whole team history without filters, and nothing of other teams", async () => {
    const { total } = await auditPage(owner);
    const { rows } = await readCsv((await exportAuditCsv(owner)).body);
    // Taken before this export was recorded: everything up to that moment.
    expect(rows).toHaveLength(total);
    expect(rows.some((r) => r[2] === outsider.email)).toBe(false);
  });
});

describe("who may read it", () => {
  it("refuses members and viewers the page, the filters and the export, and records nothing for them", async () => {
    const before = (await auditPage(owner, { action: "audit.exported" })).total;
    for (const person of [member, viewer]) {
      await expectRefused(auditPage(person), "forbidden:audit");
      await expectRefused(auditFilterOptions(person), "forbidden:audit");
      await expectRefused(exportAuditCsv(person), "forbidden:audit");
    }
    expect((await auditPage(owner, { action: "audit.exported" })).total).toBe(before);
  });
});
