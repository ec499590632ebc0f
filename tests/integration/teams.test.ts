import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents } from "@/db/schema";
import { loadActingMember } from "@/lib/portal/member";
import { listMembers, changeMemberRole, removeMember, leaveTeam } from "@/lib/portal/members";
import { listMyTeams, renameTeam, switchTeam } from "@/lib/portal/teams";
import { recallPollingMember, rememberPollingMember } from "@/lib/portal/polling-members";
import { acceptInvitation, createInvitation } from "@/lib/portal/invitations";
import { joinTeam, signUp } from "../support/factories";

describe("teams and members", () => {
  it("sign-up creates the user's own team with them as owner, and an audit event", async () => {
    const owner = await signUp("ada");
    expect(owner.role).toBe("owner");
    expect(owner.teamName).toBe("ada's team");
    const members = await listMembers(owner);
    expect(members.map((m) => [m.email, m.role])).toEqual([[owner.email, "owner"]]);
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.teamId, owner.teamId));
    expect(events.map((e) => e.action)).toContain("user.signed_up");
  });

  it("an owner changes roles; an admin cannot touch an owner; the last owner stays", async () => {
    const owner = await signUp("own");
    const admin = await joinTeam(owner, "adm", "admin");
    const member = await joinTeam(owner, "mem", "member");

    await changeMemberRole(owner, member.userId, "viewer");
    expect((await loadActingMember(member.userId))!.role).toBe("viewer");

    await expect(changeMemberRole(admin, owner.userId, "member")).rejects.toThrow(/Only an owner/);
    await expect(changeMemberRole(admin, member.userId, "owner")).rejects.toThrow(/cannot make someone owner/);
    await expect(changeMemberRole(owner, owner.userId, "admin")).rejects.toThrow(/at least one owner/);

    const db = await getDb();
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.teamId, owner.teamId))).map((e) => e.action);
    expect(actions.filter((a) => a === "member.role_changed")).toHaveLength(1);
  });

  it("remove, leave and switch teams", async () => {
    const owner = await signUp("boss");
    const member = await joinTeam(owner, "leaver", "member");
    const other = await joinTeam(owner, "removed", "member");

    await removeMember(owner, other.userId);
    expect((await listMembers(owner)).map((m) => m.userId)).not.toContain(other.userId);
    // Removed person falls back to their own team.
    expect((await loadActingMember(other.userId))!.teamId).not.toBe(owner.teamId);

    const teams = await listMyTeams(member);
    expect(teams).toHaveLength(2);
    const own = teams.find((t) => t.id !== owner.teamId)!;
    await switchTeam(member, own.id);
    expect((await loadActingMember(member.userId))!.teamId).toBe(own.id);
    await switchTeam((await loadActingMember(member.userId))!, owner.teamId);

    await leaveTeam((await loadActingMember(member.userId))!);
    expect((await listMembers(owner)).map((m) => m.userId)).not.toContain(member.userId);
    await expect(leaveTeam(owner)).rejects.toThrow(/only owner/);
  });

  it("switching, joining or leaving a team, or a role change, drops the member the polled routes remember", async () => {
    const owner = await signUp("poll-owner");
    const member = await joinTeam(owner, "poller", "member");
    const other = await signUp("poll-other");
    const { token } = await createInvitation(other, "member");
    const own = (await listMyTeams(member)).find((t) => t.id !== owner.teamId)!;
    // Remembered for a minute, so only the change itself can make it forgotten.
    const forgottenBy = async (change: () => Promise<unknown>) => {
      rememberPollingMember(member.userId, (await loadActingMember(member.userId))!, 60_000);
      expect(recallPollingMember(member.userId)).toBeDefined();
      await change();
      return recallPollingMember(member.userId);
    };

    expect(await forgottenBy(() => switchTeam(member, own.id))).toBeUndefined();
    expect(await forgottenBy(() => changeMemberRole(owner, member.userId, "viewer"))).toBeUndefined();
    expect(await forgottenBy(() => acceptInvitation(member.userId, token))).toBeUndefined();
    expect(await forgottenBy(() => removeMember(owner, member.userId))).toBeUndefined();
    expect(await forgottenBy(async () => leaveTeam((await loadActingMember(member.userId))!))).toBeUndefined();
    // What changes no membership leaves it alone.
    expect(await forgottenBy(() => listMyTeams(member))).toBeDefined();
  });

  it("renaming needs admin and a non-empty name", async () => {
    const owner = await signUp("namer");
    const viewer = await joinTeam(owner, "looker", "viewer");
    await expect(renameTeam(viewer, "Nope")).rejects.toThrow(/Only owners and admins/);
    await expect(renameTeam(owner, "   ")).rejects.toThrow(/Enter a team name/);
    await renameTeam(owner, "Vision Lab");
    expect((await loadActingMember(owner.userId))!.teamName).toBe("Vision Lab");
  });
});
