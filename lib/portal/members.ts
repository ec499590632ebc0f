import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
import { assignableRoles, type Role } from "@/lib/auth/permissions";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { currentRole, requirePermission, type ActingMember } from "./member";
import { forgetPollingMember } from "./polling-members";
import { bumpSessionEpoch, forgetSessionsOf } from "./session-epoch";

export interface MemberView {
  userId: string;
  name: string | null;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** The team's members. Columns are listed one by one: no secret can ride along. */
export async function listMembers(member: ActingMember): Promise<MemberView[]> {
  const db = await getDb();
  await requirePermission(db, member, "team:read", "You are not a member of this team.");
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, member.teamId))
    .orderBy(asc(memberships.createdAt));
}

const memberNotFound = () => new PortalError("not_found:member", "That person is not a member of this team.");

async function ownerCount(q: Queryable, teamId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

/**
 * Lock the team's membership rows so two concurrent changes cannot both pass the
 * "an owner remains" check. Returns the actor's role as it is now.
 */
async function lockTeam(q: Queryable, member: ActingMember): Promise<Role> {
  await q.execute(sql`select 1 from ${memberships} where ${memberships.teamId} = ${member.teamId} for update`);
  const role = await currentRole(q, member.teamId, member.userId);
  if (!role) throw new PortalError("forbidden:team", "You are no longer a member of this team.");
  return role;
}

export async function changeMemberRole(member: ActingMember, targetUserId: string, newRole: Role): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const actorRole = await lockTeam(tx, member);
    await requirePermission(tx, member, "members:change-role", "Only owners and admins can change roles.");
    const targetRole = await currentRole(tx, member.teamId, targetUserId);
    if (!targetRole) throw memberNotFound();
    if (targetRole === "owner" && actorRole !== "owner") {
      throw new PortalError("forbidden:members", "Only an owner can change another owner's role.");
    }
    if (!assignableRoles(actorRole).includes(newRole)) {
      throw new PortalError("forbidden:members", `An ${actorRole} cannot make someone ${newRole}.`, { field: "role" });
    }
    if (targetRole === newRole) return;
    if (targetRole === "owner" && (await ownerCount(tx, member.teamId)) <= 1) {
      throw new PortalError("conflict:members", "A team needs at least one owner. Make someone else owner first.");
    }
    await tx
      .update(memberships)
      .set({ role: newRole })
      .where(and(eq(memberships.teamId, member.teamId), eq(memberships.userId, targetUserId)));
    await recordAudit(tx, auditFor(member, "member.role_changed", { type: "user", id: targetUserId }, { from: targetRole, to: newRole }));
  });
  forgetPollingMember(targetUserId);
}

/**
 * Removes someone from the team and ends every session they have, in the same transaction:
 * their next request, on any page or poll, finds no session and goes to sign-in. Signing in
 * again puts them in another team of theirs, or a new team of their own if none is left.
 */
export async function removeMember(member: ActingMember, targetUserId: string): Promise<void> {
  if (targetUserId === member.userId) return leaveTeam(member);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const actorRole = await lockTeam(tx, member);
    await requirePermission(tx, member, "members:remove", "Only owners and admins can remove members.");
    const targetRole = await currentRole(tx, member.teamId, targetUserId);
    if (!targetRole) throw memberNotFound();
    if (targetRole === "owner" && actorRole !== "owner") {
      throw new PortalError("forbidden:members", "Only an owner can remove another owner.");
    }
    await tx.delete(memberships).where(and(eq(memberships.teamId, member.teamId), eq(memberships.userId, targetUserId)));
    await bumpSessionEpoch(tx, targetUserId);
    await recordAudit(tx, auditFor(member, "member.removed", { type: "user", id: targetUserId }, { role: targetRole }));
  });
  forgetSessionsOf(targetUserId);
}

export async function leaveTeam(member: ActingMember): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const role = await lockTeam(tx, member);
    if (role === "owner" && (await ownerCount(tx, member.teamId)) <= 1) {
      throw new PortalError("conflict:members", "You are the team's only owner. Make someone else owner before you leave.");
    }
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(memberships)
      .where(eq(memberships.userId, member.userId));
    if (n <= 1) throw new PortalError("conflict:members", "This is your only team, so you cannot leave it.");
    await tx.delete(memberships).where(and(eq(memberships.teamId, member.teamId), eq(memberships.userId, member.userId)));
    await tx.update(users).set({ activeTeamId: null }).where(eq(users.id, member.userId));
    await recordAudit(tx, auditFor(member, "member.left", { type: "user", id: member.userId }, { role }));
  });
  forgetPollingMember(member.userId);
}
