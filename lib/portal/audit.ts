import "server-only";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, batches, memberships, users, workflows } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
import { csvRow } from "@/lib/csv/safe-csv";
import { describeAuditEvent } from "./audit-describe";
import { requirePermission, type ActingMember, type RequestMeta } from "./member";

export interface AuditEntry {
  teamId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  request?: RequestMeta;
}

/** Written with the same `q` as the change it records, so both commit or neither does. */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.insert(auditEvents).values({
    teamId: entry.teamId,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    metadata: entry.metadata ?? {},
    ip: entry.request?.ip ?? null,
    userAgent: entry.request?.userAgent?.slice(0, 300) ?? null,
  });
}

export function auditFor(member: ActingMember, action: string, target?: { type: string; id: string }, metadata?: Record<string, unknown>): AuditEntry {
  return {
    teamId: member.teamId,
    actorId: member.userId,
    action,
    targetType: target?.type,
    targetId: target?.id,
    metadata,
    request: member.request,
  };
}

export async function listAuditEvents(member: ActingMember, options: { limit?: number; action?: string } = {}) {
  const db = await getDb();
  await requirePermission(db, member, "audit:read", "Only owners and admins can read the audit history.");
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      metadata: auditEvents.metadata,
      ip: auditEvents.ip,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.teamId, member.teamId), options.action ? eq(auditEvents.action, options.action) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(Math.min(options.limit ?? 100, 500));
}

// ---------------------------------------------------------------------------------------------
// The audit page and its CSV export: filtered, paged, team-scoped, owners and admins only.

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_CHUNK = 500;
const READ_REFUSAL = "Only owners and admins can read the audit history.";

export interface AuditFilters {
  /** A user id: only what this person did. */
  actor?: string;
  /** An action code, e.g. `member.role_changed`. */
  action?: string;
  /** First day included, `YYYY-MM-DD`, UTC. */
  from?: string;
  /** Last day included, `YYYY-MM-DD`, UTC. */
  to?: string;
  page?: number;
}

const actorUser = alias(users, "actor_user");
const targetUser = alias(users, "target_user");

function dayStart(day: string | undefined): Date | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function auditWhere(member: ActingMember, filters: AuditFilters): SQL {
  const conditions: SQL[] = [eq(auditEvents.teamId, member.teamId)];
  if (filters.actor) conditions.push(eq(auditEvents.actorId, filters.actor));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  const from = dayStart(filters.from);
  if (from) conditions.push(gte(auditEvents.createdAt, from));
  const to = dayStart(filters.to);
  // The "to" day is included whole: everything before the next midnight.
  if (to) conditions.push(lt(auditEvents.createdAt, new Date(to.getTime() + 86_400_000)));
  return and(...conditions)!;
}

/**
 * Rows with their actor and the current name of their target. Targets are joined only within
 * the member's team, so an event can never reveal another team's batch or workflow name.
 */
function selectAuditRows(q: Queryable, member: ActingMember) {
  return q
    .select({
      id: auditEvents.id,
      seq: sql<string | null>`${auditEvents}.seq::text`,
      hash: sql<string | null>`${auditEvents}.hash`,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      metadata: auditEvents.metadata,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      createdAt: auditEvents.createdAt,
      actorId: auditEvents.actorId,
      actorName: actorUser.name,
      actorEmail: actorUser.email,
      targetName: sql<string | null>`coalesce(${targetUser.name}, ${targetUser.email}, ${batches.name}, ${workflows.name})`,
    })
    .from(auditEvents)
    .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
    .leftJoin(targetUser, and(eq(auditEvents.targetType, "user"), eq(sql`${targetUser.id}::text`, auditEvents.targetId)))
    .leftJoin(batches, and(eq(auditEvents.targetType, "batch"), eq(sql`${batches.id}::text`, auditEvents.targetId), eq(batches.teamId, member.teamId)))
    .leftJoin(workflows, and(eq(auditEvents.targetType, "workflow"), eq(sql`${workflows.id}::text`, auditEvents.targetId), eq(workflows.teamId, member.teamId)));
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof selectAuditRows>["where"]>>[number];

/** One page of the team's history, newest first, with the total for the pager. */
export async function auditPage(member: ActingMember, filters: AuditFilters = {}) {
  const db = await getDb();
  await requirePermission(db, member, "audit:read", READ_REFUSAL);
  const where = auditWhere(member, filters);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where);
  const total = count?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  const rows = await selectAuditRows(db, member)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { rows, total, page, pageCount };
}

/** What the filters offer: the team's members (and anyone else who acted in it), and the actions seen. */
export async function auditFilterOptions(member: ActingMember) {
  const db = await getDb();
  await requirePermission(db, member, "audit:read", READ_REFUSAL);
  const [people, pastActors, actions] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.teamId, member.teamId)),
    db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(auditEvents)
      .innerJoin(users, eq(users.id, auditEvents.actorId))
      .where(eq(auditEvents.teamId, member.teamId)),
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.teamId, member.teamId)).orderBy(auditEvents.action),
  ]);
  const current = new Set(people.map((p) => p.id));
  const actors = [
    ...people.map((p) => ({ id: p.id, label: p.name ? `${p.name} (${p.email})` : p.email })),
    ...pastActors.filter((p) => !current.has(p.id)).map((p) => ({ id: p.id, label: `${p.name ?? p.email} (former member)` })),
  ].sort((a, b) => a.label.localeCompare(b.label, "en"));
  return { actors, actions: actions.map((a) => a.action) };
}

export const AUDIT_CSV_COLUMNS = ["time", "actor_name", "actor_email", "action", "target_type", "target_id", "summary", "ip", "user_agent", "seq", "hash"] as const;

/** One event as a CSV record; every field formula-safe (lib/csv/safe-csv.ts), free text and all. */
export function auditCsvLine(row: AuditRow): string {
  return (
    csvRow([
      row.createdAt.toISOString(),
      row.actorName,
      row.actorEmail,
      row.action,
      row.targetType,
      row.targetId,
      describeAuditEvent(row),
      row.ip,
      row.userAgent,
      row.seq,
      row.hash,
    ]) + "\r\n"
  );
}

/**
 * The filtered history as CSV, newest first. Read in keyset chunks while the client downloads,
 * so a long history never sits in memory whole. It covers the events up to the moment it was
 * asked for; the export itself is recorded right after that point (`audit.exported`).
 */
export async function exportAuditCsv(member: ActingMember, filters: Omit<AuditFilters, "page"> = {}) {
  const db = await getDb();
  await requirePermission(db, member, "audit:read", READ_REFUSAL);
  const where = auditWhere(member, filters);
  const [snapshot] = await db.select({ last: sql<number | null>`max(${auditEvents.id})::bigint` }).from(auditEvents).where(where);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where);
  const upTo = snapshot?.last === null || snapshot?.last === undefined ? 0 : Number(snapshot.last);
  const applied = Object.fromEntries(Object.entries(filters).filter(([, v]) => typeof v === "string" && v !== ""));
  await recordAudit(db, auditFor(member, "audit.exported", undefined, { rows: count?.n ?? 0, filters: applied }));

  const encoder = new TextEncoder();
  let cursor = upTo + 1;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // The byte-order mark lets spreadsheets read the curly quotes and accents as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(AUDIT_CSV_COLUMNS)}\r\n`));
        return;
      }
      const rows = upTo === 0 ? [] : await selectAuditRows(db, member).where(and(where, lt(auditEvents.id, cursor))).orderBy(desc(auditEvents.id)).limit(EXPORT_CHUNK);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
      controller.enqueue(encoder.encode(rows.map(auditCsvLine).join("")));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return { filename: `audit-${day}.csv`, contentType: "text/csv; charset=utf-8", body };
}
