import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
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
  const { users } = await import("@/db/schema");
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
