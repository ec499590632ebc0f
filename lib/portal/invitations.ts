import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, teams, users } from "@/db/schema";
import { getDb } from "@/db";
import { assignableRoles, type Role } from "@/lib/auth/permissions";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { PortalError } from "@/lib/errors";
import { auditFor, recordAudit } from "./audit";
import { currentRole, requirePermission, type ActingMember, type RequestMeta } from "./member";
import { forgetPollingMember } from "./polling-members";

export const INVITATION_DAYS = 7;

/** Creates a single-use link. The token is returned once; only its hash is stored. */
export async function createInvitation(member: ActingMember, role: Role): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const db = await getDb();
  const id = await db.transaction(async (tx) => {
    const actorRole = await requirePermission(tx, member, "members:invite", "Only owners and admins can invite people.");
    if (!assignableRoles(actorRole).includes(role)) {
      throw new PortalError("forbidden:invitation", `An ${actorRole} cannot invite someone as ${role}.`, { field: "role" });
    }
    const [row] = await tx
      .insert(invitations)
      .values({ teamId: member.teamId, role, tokenHash: hashToken(token), createdBy: member.userId, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, auditFor(member, "invitation.created", { type: "invitation", id: row!.id }, { role, expiresAt: expiresAt.toISOString() }));
    return row!.id;
  });
  return { id, token, expiresAt };
}

/** Open invitations of the acting member's team (never the token or its hash). */
export async function listOpenInvitations(member: ActingMember) {
  const db = await getDb();
  await requirePermission(db, member, "members:invite", "Only owners and admins can see invitations.");
  return db
    .select({ id: invitations.id, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, createdByName: users.name, createdByEmail: users.email })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.createdBy))
    .where(and(eq(invitations.teamId, member.teamId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(member: ActingMember, invitationId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requirePermission(tx, member, "members:invite", "Only owners and admins can revoke invitations.");
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.teamId, member.teamId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (revoked.length === 0) throw new PortalError("not_found:invitation", "That invitation does not exist or was already used or revoked.");
    await recordAudit(tx, auditFor(member, "invitation.revoked", { type: "invitation", id: invitationId }));
  });
}

export type InvitationProblem = "unknown" | "expired" | "used" | "revoked";

const problemMessages: Record<InvitationProblem, string> = {
  unknown: "This invitation link is not valid. Check that you copied the whole link, or ask for a new one.",
  expired: `This invitation has expired (links last ${INVITATION_DAYS} days). Ask a team admin for a new one.`,
  used: "This invitation has already been used. Each link works once; ask a team admin for a new one.",
  revoked: "This invitation was withdrawn by the team. Ask a team admin for a new one.",
};

export type InvitationPreview =
  | { ok: true; teamName: string; role: Role; expiresAt: Date; invitedBy: string | null }
  | { ok: false; problem: InvitationProblem; message: string };

/** What the invite page shows. Needs only the token: the token is the capability. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const db = await getDb();
  const [row] = await db
    .select({
      teamName: teams.name,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedBy: users.name,
    })
    .from(invitations)
    .innerJoin(teams, eq(teams.id, invitations.teamId))
    .innerJoin(users, eq(users.id, invitations.createdBy))
    .where(eq(invitations.tokenHash, hashToken(token)));
  const problem = invitationProblem(row);
  if (problem) return { ok: false, problem, message: problemMessages[problem] };
  return { ok: true, teamName: row!.teamName, role: row!.role, expiresAt: row!.expiresAt, invitedBy: row!.invitedBy };
}

function invitationProblem(row: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null } | undefined): InvitationProblem | null {
  if (!row) return "unknown";
  if (row.revokedAt) return "revoked";
  if (row.acceptedAt) return "used";
  if (row.expiresAt <= new Date()) return "expired";
  return null;
}

/**
 * Joins the signed-in user to the invitation's team and makes it their active team.
 * The update claims the invitation atomically, so a link used twice at once joins once.
 */
export async function acceptInvitation(userId: string, token: string, request?: RequestMeta): Promise<{ teamId: string; teamName: string }> {
  const db = await getDb();
  const joined = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: invitations.id, teamId: invitations.teamId, role: invitations.role, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt, teamName: teams.name })
      .from(invitations)
      .innerJoin(teams, eq(teams.id, invitations.teamId))
      .where(eq(invitations.tokenHash, hashToken(token)))
      .for("update");
    const problem = invitationProblem(row);
    if (problem) throw new PortalError(problem === "unknown" ? "not_found:invitation" : "conflict:invitation", problemMessages[problem], { field: "token" });
    const invitation = row!;
    const existingRole = await currentRole(tx, invitation.teamId, userId);
    if (existingRole) throw new PortalError("conflict:invitation", `You are already a member of ${invitation.teamName}.`, { field: "token" });
    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: userId }).where(eq(invitations.id, invitation.id));
    await tx.insert(memberships).values({ teamId: invitation.teamId, userId, role: invitation.role });
    await tx.update(users).set({ activeTeamId: invitation.teamId }).where(eq(users.id, userId));
    await recordAudit(tx, {
      teamId: invitation.teamId,
      actorId: userId,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      metadata: { role: invitation.role },
      request,
    });
    return { teamId: invitation.teamId, teamName: invitation.teamName };
  });
  forgetPollingMember(userId);
  return joined;
}

