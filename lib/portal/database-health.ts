import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";

/**
 * Whether the database answers, asked at most once a second however many health checks
 * arrive (a load balancer polling many times a second costs one tiny query), and given up
 * after 3 s so a database that hangs reads as down instead of holding the check.
 */
const CHECK_EVERY_MS = 1_000;
const GIVE_UP_MS = 3_000;

export type DatabaseHealth = { reachable: true } | { reachable: false; reason: string };

let last: { at: number; result: Promise<DatabaseHealth> } | undefined;

export function databaseHealth(): Promise<DatabaseHealth> {
  const now = Date.now();
  if (!last || now - last.at >= CHECK_EVERY_MS) last = { at: now, result: probe() };
  return last.result;
}

async function probe(): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeoutError = new Error(`no answer within ${GIVE_UP_MS / 1000} s`);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError), GIVE_UP_MS);
  });
  try {
    await Promise.race([getDb().then((db) => db.execute(sql`select 1`)), timeout]);
    return { reachable: true };
  } catch (error) {
    const inner = (error instanceof Error && (error.cause as Error | undefined)) || error;
    console.warn(`[portal] the database is unreachable: ${inner instanceof Error ? inner.message : String(inner)}`);
    // Anyone may ask /api/health: the reason names the kind of failure, never the database's address.
    const code = (inner as { code?: unknown }).code;
    return { reachable: false, reason: typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code) ? code : inner === timeoutError ? `no answer within ${GIVE_UP_MS / 1000} s` : "the connection failed" };
  } finally {
    clearTimeout(timer);
  }
}
