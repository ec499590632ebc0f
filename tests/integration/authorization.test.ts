import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { hashToken } from "@/lib/auth/tokens";
import { listAuditEvents } from "@/lib/portal/audit";
import { createInvitation, listOpenInvitations, revokeInvitation } from "@/lib/portal/invitations";
import { loadActingMember, type ActingMember } from "@/lib/portal/member";
import { changeMemberRole, leaveTeam, listMembers, removeMember } from "@/lib/portal/members";
import { listMyTeams, renameTeam, switchTeam } from "@/lib/portal/teams";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { joinTeam, signUp } from "../support/factories";
import { auditActionCounts, expectRefused, roleCounts, teamSnapshot } from "../support/db-counts";

/** A team with one person of each role and one open invitation. */
async function teamWithEveryRole(label: string) {
  const owner = await signUp(`${label}-owner`);
  const admin = await joinTeam(owner, `${label}-admin`, "admin");
  const member = await joinTeam(owner, `${label}-member`, "member");
  const viewer = await joinTeam(owner, `${label}-viewer`, "viewer");
  const invitation = await createInvitation(owner, "member");
  const people: Record<Role, ActingMember> = { owner, admin, member, viewer };
  return { teamId: owner.teamId, teamName: owner.teamName, owner, admin, member, viewer, people, invitation };
}

type Team = Awaited<ReturnType<typeof teamWithEveryRole>>;

/** Every id, e-mail, name and secret of a team that must never show up for an outsider. */
function identifiersOf(team: Team): string[] {
  return [
    team.teamId,
    team.teamName,
    team.invitation.id,
    team.invitation.token,
    hashToken(team.invitation.token),
    ...Object.values(team.people).flatMap((p) => [p.userId, p.email]),
  ];
}

function expectNoneOf(value: unknown, forbidden: string[]): void {
  const text = JSON.stringify(value);
  expect(forbidden.filter((id) => text.includes(id))).toEqual([]);
}

const privileged = (role: Role) => role === "owner" || role === "admin";

beforeAll(async () => {
  await getDb();
});

describe("a member of team A gets nothing of team B", () => {
  let a: Team;
  let b: Team;
  beforeAll(async () => {
    a = await teamWithEveryRole("authz-a");
    b = await teamWithEveryRole("authz-b");
  });

  it.each(ROLES)("an %s of A is refused on every id of B, and B is untouched", async (role) => {
    const actor = a.people[role];
    const bIds = identifiersOf(b);
    const before = await teamSnapshot(b.teamId);
    expect(before.members).toHaveLength(4);
    // Three links used by the joiners, one still open.
    expect(before.invitations.filter((i) => !i.acceptedAt && !i.revokedAt).map((i) => i.id)).toEqual([b.invitation.id]);

    const errors = [];
    const manageCode = privileged(role) ? "not_found:member" : "forbidden:members";
    for (const target of Object.values(b.people)) {
      for (const newRole of ROLES) {
        errors.push(await expectRefused(changeMemberRole(actor, target.userId, newRole), manageCode));
      }
      errors.push(await expectRefused(removeMember(actor, target.userId), manageCode));
    }
    errors.push(await expectRefused(switchTeam(actor, b.teamId), "not_found:team"));
    errors.push(
      await expectRefused(
        revokeInvitation(actor, b.invitation.id),
        privileged(role) ? "not_found:invitation" : "forbidden:members",
      ),
    );
    // Refusals say nothing about B either.
    expectNoneOf(errors.map((e) => ({ message: e.message, code: e.code, field: e.field })), bIds);

    // Lists are scoped to the actor's team (or refused), never B's rows.
    const members = await listMembers(actor);
    expect(members.map((m) => m.userId).sort()).toEqual(Object.values(a.people).map((p) => p.userId).sort());
    expectNoneOf(members, bIds);

    const myTeams = await listMyTeams(actor);
    expect(myTeams.map((t) => t.id)).toContain(a.teamId);
    expect(myTeams.map((t) => t.id)).not.toContain(b.teamId);
    expectNoneOf(myTeams, bIds);

    if (privileged(role)) {
      const events = await listAuditEvents(actor);
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((e) => e.action)).toContain("invitation.accepted");
      expectNoneOf(events, bIds);
      const invitationEvents = await listAuditEvents(actor, { action: "invitation.created" });
      expect(invitationEvents.map((e) => e.targetId)).toContain(a.invitation.id);
      expectNoneOf(invitationEvents, bIds);

      const open = await listOpenInvitations(actor);
      expect(open.map((i) => i.id)).toEqual([a.invitation.id]);
      expectNoneOf(open, bIds);
    } else {
      await expectRefused(listAuditEvents(actor), "forbidden:audit");
      await expectRefused(listOpenInvitations(actor), "forbidden:members");
    }

    expect(await teamSnapshot(b.teamId)).toEqual(before);
    // B's owner still sees B exactly as it was.
    const seenByB = await listMembers(b.owner);
    expect(Object.fromEntries(seenByB.map((m) => [m.userId, m.role]))).toEqual(
      Object.fromEntries(Object.entries(b.people).map(([r, p]) => [p.userId, r])),
    );
    expect((await listOpenInvitations(b.owner)).map((i) => i.id)).toEqual([b.invitation.id]);
  });

  it("calls that take no target act on the actor's own team only", async () => {
    const x = await teamWithEveryRole("authz-x");
    const before = await teamSnapshot(b.teamId);

    await renameTeam(x.admin, "Renamed by X");
    const invite = await createInvitation(x.admin, "viewer");
    await leaveTeam(x.member);

    expect(await teamSnapshot(b.teamId)).toEqual(before);
    const after = await teamSnapshot(x.teamId);
    expect(after.team!.name).toBe("Renamed by X");
    expect(after.invitations.map((i) => i.id)).toContain(invite.id);
    expect(after.members.map((m) => m.userId)).not.toContain(x.member.userId);
  });

  it("a person removed from B cannot keep acting in B with the member object they held", async () => {
    const y = await teamWithEveryRole("authz-y");
    const staleAdmin = y.admin;
    const staleOwner = await joinTeam(y.owner, "authz-y-owner2", "owner");
    await removeMember(y.owner, staleAdmin.userId);
    await changeMemberRole(y.owner, staleOwner.userId, "viewer");
    const before = await teamSnapshot(y.teamId);

    await expectRefused(changeMemberRole(staleAdmin, y.member.userId, "viewer"), "forbidden:team");
    await expectRefused(removeMember(staleAdmin, y.member.userId), "forbidden:team");
    await expectRefused(leaveTeam(staleAdmin), "forbidden:team");
    await expectRefused(switchTeam(staleAdmin, y.teamId), "not_found:team");
    // Demoted while holding an owner's member object: the role is re-read, the change refused.
    await expectRefused(changeMemberRole(staleOwner, y.member.userId, "viewer"), "forbidden:members");
    await expectRefused(removeMember(staleOwner, y.member.userId), "forbidden:members");

    expect(await teamSnapshot(y.teamId)).toEqual(before);
    const reloaded = await loadActingMember(staleAdmin.userId);
    expect(reloaded!.teamId).not.toBe(y.teamId);
  });
});

describe("who may change what inside a team", () => {
  /** What `fn` must not change in team A: roles, name, invitations and audit history. */
  async function expectNothingChanged(team: Team, fn: () => Promise<void>) {
    const roles = await roleCounts(team.teamId);
    const audit = await auditActionCounts(team.teamId);
    const snapshot = await teamSnapshot(team.teamId);
    await fn();
    expect(await roleCounts(team.teamId)).toEqual(roles);
    expect(await auditActionCounts(team.teamId)).toEqual(audit);
    const after = await teamSnapshot(team.teamId);
    expect(after.team!.name).toBe(snapshot.team!.name);
    expect(after.invitations).toEqual(snapshot.invitations);
    expect(after).toEqual(snapshot);
  }

  it("a viewer cannot change anything", async () => {
    const t = await teamWithEveryRole("authz-viewer");
    const viewer = t.viewer;
    await expectNothingChanged(t, async () => {
      await expectRefused(renameTeam(viewer, "Viewer's team now"), "forbidden:team", /Only owners and admins/);
      for (const role of ROLES) await expectRefused(createInvitation(viewer, role), "forbidden:members");
      await expectRefused(revokeInvitation(viewer, t.invitation.id), "forbidden:members");
      for (const target of Object.values(t.people)) {
        for (const role of ROLES) await expectRefused(changeMemberRole(viewer, target.userId, role), "forbidden:members");
        if (target.userId !== viewer.userId) await expectRefused(removeMember(viewer, target.userId), "forbidden:members");
      }
      await expectRefused(listAuditEvents(viewer), "forbidden:audit");
      await expectRefused(listOpenInvitations(viewer), "forbidden:members");
    });
    expect(await roleCounts(t.teamId)).toEqual({ owner: 1, admin: 1, member: 1, viewer: 1 });
    // Reading is what a viewer may do.
    expect((await listMembers(viewer)).map((m) => m.userId)).toContain(t.owner.userId);
  });

  it("a member cannot invite, change roles or remove anyone", async () => {
    const t = await teamWithEveryRole("authz-member");
    const member = t.member;
    await expectNothingChanged(t, async () => {
      for (const role of ROLES) await expectRefused(createInvitation(member, role), "forbidden:members", /Only owners and admins can invite/);
      await expectRefused(revokeInvitation(member, t.invitation.id), "forbidden:members");
      for (const target of Object.values(t.people)) {
        for (const role of ROLES) {
          await expectRefused(changeMemberRole(member, target.userId, role), "forbidden:members", /Only owners and admins can change roles/);
        }
        if (target.userId !== member.userId) {
          await expectRefused(removeMember(member, target.userId), "forbidden:members", /Only owners and admins can remove/);
        }
      }
      await expectRefused(renameTeam(member, "Member's team now"), "forbidden:team");
      await expectRefused(listAuditEvents(member), "forbidden:audit");
    });
  });

  it("an admin cannot touch owners or grant owner, but can manage members", async () => {
    const t = await teamWithEveryRole("authz-admin");
    const admin = t.admin;
    await expectNothingChanged(t, async () => {
      for (const role of ROLES) {
        await expectRefused(changeMemberRole(admin, t.owner.userId, role), "forbidden:members", /Only an owner/);
      }
      await expectRefused(removeMember(admin, t.owner.userId), "forbidden:members", /Only an owner can remove/);
      for (const target of [t.admin, t.member, t.viewer]) {
        const error = await expectRefused(changeMemberRole(admin, target.userId, "owner"), "forbidden:members", /cannot make someone owner/);
        expect(error.field).toBe("role");
      }
      const error = await expectRefused(createInvitation(admin, "owner"), "forbidden:invitation", /cannot invite someone as owner/);
      expect(error.field).toBe("role");
    });

    // The same admin can do what admins are for, so the refusals above are about owners.
    await changeMemberRole(admin, t.member.userId, "viewer");
    const invite = await createInvitation(admin, "admin");
    await removeMember(admin, t.viewer.userId);
    expect(await roleCounts(t.teamId)).toEqual({ owner: 1, admin: 1, viewer: 1 });
    expect((await listOpenInvitations(admin)).map((i) => i.id)).toContain(invite.id);
    const audit = await auditActionCounts(t.teamId);
    expect(audit["member.role_changed"]).toBe(1);
    expect(audit["member.removed"]).toBe(1);
  });
});
