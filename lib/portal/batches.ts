import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batches, users } from "@/db/schema";
import { requirePermission, type ActingMember } from "./member";

/** The team's batches, newest first, with who submitted them (name and e-mail only). */
export async function listBatches(member: ActingMember, options: { limit?: number } = {}) {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  return db
    .select({
      id: batches.id,
      name: batches.name,
      generator: batches.generator,
      kind: batches.kind,
      jobCount: batches.jobCount,
      seed: batches.seed,
      submission: batches.submission,
      failureReason: batches.failureReason,
      createdAt: batches.createdAt,
      submittedAt: batches.submittedAt,
      submittedByName: users.name,
      submittedByEmail: users.email,
    })
    .from(batches)
    .leftJoin(users, eq(users.id, batches.submittedBy))
    .where(and(eq(batches.teamId, member.teamId)))
    .orderBy(desc(batches.createdAt))
    .limit(Math.min(options.limit ?? 50, 200));
}
