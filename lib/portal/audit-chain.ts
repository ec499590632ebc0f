import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db";

/**
 * Checks every team's audit chain without trusting the database's own digest function: the
 * row's fields are read as text and hashed here, exactly as the insert trigger
 * (`audit_event_digest`) hashes them, then each row's `prev_hash` must be the previous row's
 * `hash`.
 */

export interface ChainBreak {
  id: number;
  teamId: string | null;
  seq: number | null;
  reason: string;
}

export interface ChainReport {
  chains: number;
  rows: number;
  firstBreak: ChainBreak | null;
}

interface Row extends Record<string, unknown> {
  id: string;
  team_id: string | null;
  seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  fields: string;
}

/** The text the trigger hashes: prev_hash, then the row's fields, joined by "|". */
export function auditDigest(prevHash: string, fields: string): string {
  return createHash("sha256").update(`${prevHash}|${fields}`, "utf8").digest("hex");
}

const BATCH = 5_000;

export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
  let chains = 0;
  let rows = 0;
  let chain: string | undefined;
  let previousHash = "";
  let expectedSeq = 1;
  let after: { team: string; seq: number } = { team: "", seq: 0 };
  for (;;) {
    const result = await db.execute<Row>(sql`
      select e.id::text as id, e.team_id::text as team_id, e.seq::text as seq, e.prev_hash, e.hash, audit_event_fields(e) as fields
      from audit_events e
      where (coalesce(e.team_id::text, ''), e.seq) > (${after.team}, ${after.seq})
      order by coalesce(e.team_id::text, ''), e.seq
      limit ${BATCH}`);
    const page = (result as unknown as { rows: Row[] }).rows;
    if (page.length === 0) break;
    for (const row of page) {
      const team = row.team_id ?? "";
      if (team !== chain) {
        chain = team;
        chains += 1;
        previousHash = "";
        expectedSeq = 1;
      }
      rows += 1;
      const where = { id: Number(row.id), teamId: row.team_id, seq: row.seq === null ? null : Number(row.seq) };
      if (row.seq === null || Number(row.seq) !== expectedSeq) return { chains, rows, firstBreak: { ...where, reason: `expected position ${expectedSeq} in the chain, found ${row.seq ?? "none"}: a row is missing or was inserted around the trigger` } };
      if (row.prev_hash !== previousHash) return { chains, rows, firstBreak: { ...where, reason: "its prev_hash is not the previous row's hash: the previous row was changed or removed" } };
      if (row.hash !== auditDigest(previousHash, row.fields)) return { chains, rows, firstBreak: { ...where, reason: "its contents do not match its hash: this row was changed" } };
      previousHash = row.hash;
      expectedSeq += 1;
      after = { team, seq: Number(row.seq) };
    }
  }
  return { chains, rows, firstBreak: null };
}
