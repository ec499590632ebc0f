import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { memberships, teams, users } from "@/db/schema";
import { getDb } from "@/db";
import { PortalError } from "@/lib/errors";
import { teamNameSchema } from "@/lib/validation";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember } from "./member";
import { forgetPollingMember } from "./polling-members";

/** The teams the acting user belongs to, for the switcher. Only their own memberships. */
export async function listMyTeams(member: ActingMember) {
  const db = await getDb();
  return db
    .select({ id: teams.id, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, member.userId))
    .orderBy(asc(teams.name));
}

export async function switchTeam(member: ActingMember, teamId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ teamId: memberships.teamId })
      .from(memberships)
      .where(and(eq(memberships.userId, member.userId), eq(memberships.teamId, teamId)));
    // Same answer for "no such team" and "not yours": never confirm a team exists.
    if (!row) throw new PortalError("not_found:team", "That team does not exist or you are not a member of it.");
    await tx.update(users).set({ activeTeamId: teamId }).where(eq(users.id, member.userId));
    await recordAudit(tx, { ...auditFor(member, "team.switched", { type: "team", id: teamId }), teamId });
  });
  forgetPollingMember(member.userId);
}

export async function renameTeam(member: ActingMember, name: string): Promise<void> {
  const parsed = teamNameSchema.safeParse(name);
  if (!parsed.success) throw new PortalError("bad_request:team", parsed.error.issues[0]!.message, { field: "name" });
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requirePermission(tx, member, "team:rename", "Only owners and admins can rename the team.");
    await tx.update(teams).set({ name: parsed.data }).where(eq(teams.id, member.teamId));
    await recordAudit(tx, auditFor(member, "team.renamed", { type: "team", id: member.teamId }, { from: member.teamName, to: parsed.data }));
  });
}
