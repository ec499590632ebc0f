import { NextResponse } from "next/server";
import { databaseHealth } from "@/lib/portal/database-health";

/**
 * For load balancers and uptime checks: 200 while the server serves and its database answers,
 * 503 with the reason while the database is unreachable (the portal keeps retrying; nothing
 * needs a restart once it is back). The database is asked at most once a second, so this
 * stays the cheapest route the benchmark compares the status endpoint against.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  const database = await databaseHealth();
  const headers = { "cache-control": "no-store" };
  if (database.reachable) return NextResponse.json({ ok: true, database: "reachable" }, { headers });
  return NextResponse.json(
    { ok: false, database: "unreachable", detail: `The database is unreachable (${database.reason}); the portal keeps retrying and recovers by itself once it answers.` },
    { status: 503, headers },
  );
}
