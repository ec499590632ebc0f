import "server-only";
import { and, desc, eq, ilike, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { batches, memberships, users } from "@/db/schema";
import { requirePermission, type ActingMember } from "./member";

export const BATCH_PAGE_SIZE = 20;

export interface BatchFilters {
  submission?: "submitting" | "submitted" | "failed_to_submit";
  kind?: "preview" | "video";
  generator?: string;
  submittedBy?: string;
  /** Part of the batch name, any case. */
  q?: string;
  page?: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The team's batches, newest first, filtered and a page at a time, with who submitted them. */
export async function listBatches(member: ActingMember, filters: BatchFilters = {}) {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const conditions: SQL[] = [eq(batches.teamId, member.teamId)];
  if (filters.submission) conditions.push(eq(batches.submission, filters.submission));
  if (filters.kind) conditions.push(eq(batches.kind, filters.kind));
  if (filters.generator) conditions.push(eq(batches.generator, filters.generator));
  if (filters.submittedBy) conditions.push(eq(batches.submittedBy, filters.submittedBy));
  if (filters.q?.trim()) conditions.push(ilike(batches.name, `%${escapeLike(filters.q.trim())}%`));
  const page = Math.max(1, filters.page ?? 1);
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db
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
      .where(where)
      .orderBy(desc(batches.createdAt), desc(batches.id))
      .limit(BATCH_PAGE_SIZE)
      .offset((page - 1) * BATCH_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(batches).where(where),
  ]);
  return { rows, total: count?.n ?? 0, page, pageCount: Math.max(1, Math.ceil((count?.n ?? 0) / BATCH_PAGE_SIZE)) };
}

/** What the filters can choose from: the generators used and the people who submitted. */
export async function batchFilterOptions(member: ActingMember) {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const [generators, submitters] = await Promise.all([
    db.selectDistinct({ generator: batches.generator }).from(batches).where(eq(batches.teamId, member.teamId)).orderBy(batches.generator),
    db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(batches)
      .innerJoin(users, eq(users.id, batches.submittedBy))
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.teamId, member.teamId)))
      .where(eq(batches.teamId, member.teamId)),
  ]);
  return { generators: generators.map((g) => g.generator), submitters: submitters.map((s) => ({ id: s.id, label: s.name ?? s.email })) };
}
