import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchJobs } from "@/db/schema";
import type { ParamValues } from "@/lib/generation/contract";
import { getBatch } from "./batch-report";
import type { ActingMember } from "./member";

/** Every job's parameters as the server sampled them, in job order: what the report's charts count. */
export async function listBatchParams(member: ActingMember, batchId: string): Promise<ParamValues[]> {
  const batch = await getBatch(member, batchId);
  const db = await getDb();
  const rows = await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
  return rows.map((r) => r.params);
}
