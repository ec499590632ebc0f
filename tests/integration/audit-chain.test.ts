import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditFor, recordAudit } from "@/lib/portal/audit";
import { verifyAuditChain } from "@/lib/portal/audit-chain";
import type { ActingMember } from "@/lib/portal/member";
import { run as auditVerify } from "@/scripts/audit-verify";
import { signUp } from "../support/factories";

let owner: ActingMember;

async function rowsOf(teamId: string) {
  const db = await getDb();
  const result = await db.execute<{ id: string; seq: string; prev_hash: string; hash: string; metadata: unknown }>(
    sql`select e.id::text as id, e.seq::text as seq, e.prev_hash, e.hash, e.metadata from audit_events e where e.team_id = ${teamId} order by e.seq`,
  );
  return (result as unknown as { rows: { id: string; seq: string; prev_hash: string; hash: string; metadata: unknown }[] }).rows;
}

async function captureVerify() {
  const lines: string[] = [];
  const code = await auditVerify({ out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join("\n") };
}

beforeAll(async () => {
  owner = await signUp("chained");
});

describe("the audit history", () => {
  it("chains each team's events in order, also when many are written at once", async () => {
    const db = await getDb();
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordAudit(db, auditFor(owner, "test.burst", { type: "test", id: String(i) }, { i }))));
    const rows = await rowsOf(owner.teamId);
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe("");
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const report = await verifyAuditChain(db);
    expect(report.firstBreak).toBeNull();
    expect(report.rows).toBeGreaterThanOrEqual(rows.length);
    expect(await captureVerify()).toMatchObject({ code: 0, text: expect.stringContaining("Audit chain intact") });
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const db = await getDb();
    const [first] = await rowsOf(owner.teamId);
    await expect(db.execute(sql`update audit_events set action = 'forged' where id = ${first!.id}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_events where id = ${first!.id}`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect((await rowsOf(owner.teamId))[0]).toEqual(first);
  });

  it("names the first changed row when a row is edited by hand around the trigger", async () => {
    const db = await getDb();
    const rows = await rowsOf(owner.teamId);
    const victim = rows[5]!;
    const forge = async (metadata: string) => {
      await db.execute(sql`alter table audit_events disable trigger audit_events_no_change`);
      try {
        await db.execute(sql`update audit_events set metadata = ${metadata}::jsonb where id = ${victim.id}`);
      } finally {
        await db.execute(sql`alter table audit_events enable trigger audit_events_no_change`);
      }
    };
    await forge(JSON.stringify({ forged: true }));
    try {
      const report = await verifyAuditChain(db);
      expect(report.firstBreak).toMatchObject({ id: Number(victim.id), teamId: owner.teamId, seq: Number(victim.seq) });
      expect(report.firstBreak!.reason).toContain("this row was changed");
      const cli = await captureVerify();
      expect(cli.code).toBe(1);
      expect(cli.text).toContain(`row id=${victim.id}`);
    } finally {
      await forge(JSON.stringify(victim.metadata)); // put it back so the database is whole for other files
    }
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  });
});
