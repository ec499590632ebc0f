import { NextResponse } from "next/server";

/**
 * Liveness for load balancers and uptime checks: answers without touching the database or the
 * engine, so it says only that the server is up and serving. The benchmark report also uses it
 * as the cheapest possible route handler to compare the status endpoint against.
 */
export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
