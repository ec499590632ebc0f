import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, invitations, memberships, users } from "@/db/schema";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { PortalError } from "@/lib/errors";
import { listAuditEvents } from "@/lib/portal/audit";
import {
  acceptInvitation,
  createInvitation,
  INVITATION_DAYS,
  listOpenInvitations,
  previewInvitation,
  revokeInvitation,
} from "@/lib/portal/invitations";
import { loadActingMember, type ActingMember } from "@/lib/portal/member";
import { listMembers } from "@/lib/portal/members";
import { joinTeam, signUp } from "../support/factories";
import { countRows, expectRefused, teamSnapshot, userSnapshot } from "../support/db-counts";

const MESSAGES = {
  unknown: "This invitation link is not valid. Check that you copied the whole link, or ask for a new one.",
  expired: "This invitation has expired (links last 7 days). Ask a team admin for a new one.",
  used: "This invitation has already been used. Each link works once; ask a team admin for a new one.",
  revoked: "This invitation was withdrawn by the team. Ask a team admin for a new one.",
};

async function invitationRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row!;
}

/**
 * Accepting `token` as `person` must be refused with `code`/`message`, and write nothing:
 * not to the inviting team, not to the person (memberships, active team, audit events).
 */
async function expectAcceptRefused(person: ActingMember, token: string, teamId: string, code: string, message: string) {
  const team = await teamSnapshot(teamId);
  const self = await userSnapshot(person.userId);
  const error = await expectRefused(acceptInvitation(person.userId, token), code, message);
  expect(error.field).toBe("token");
  expect(await teamSnapshot(teamId)).toEqual(team);
  expect(await userSnapshot(person.userId)).toEqual(self);
  expect(await countRows(memberships, eq(memberships.teamId, teamId))).toBe(team.members.length);
}

beforeAll(async () => {
  await getDb();
});

describe("invitations", () => {
  it("creating returns the token once and stores only its sha256 hash; the link lasts 7 days", async () => {
    const owner = await signUp("inviter");
    const before = Date.now();
    const created = await createInvitation(owner, "admin");
    const after = Date.now();

    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(INVITATION_DAYS).toBe(7);
    const week = 7 * 86_400_000;
    expect(created.expiresAt.getTime()).toBeGreaterThanOrEqual(before + week);
    expect(created.expiresAt.getTime()).toBeLessThanOrEqual(after + week);

    const row = await invitationRow(created.id);
    expect(row.tokenHash).not.toBe(created.token);
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row).toMatchObject({ teamId: owner.teamId, role: "admin", createdBy: owner.userId, acceptedAt: null, revokedAt: null });
    expect(row.expiresAt.getTime()).toBe(created.expiresAt.getTime());
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(week - 5_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThan(week + 5_000);

    // No other answer carries the token or its hash.
    const open = await listOpenInvitations(owner);
    expect(open.map((i) => i.id)).toEqual([created.id]);
    const audit = await listAuditEvents(owner, { action: "invitation.created" });
    expect(audit.map((e) => e.targetId)).toEqual([created.id]);
    const preview = await previewInvitation(created.token);
    for (const answer of [open, audit, preview]) {
      expect(JSON.stringify(answer)).not.toContain(created.token);
      expect(JSON.stringify(answer)).not.toContain(row.tokenHash);
    }

    const second = await createInvitation(owner, "admin");
    expect(second.token).not.toBe(created.token);
  });

  it("preview, then accept: the invited role, the team made active, an audit event", async () => {
    const owner = await signUp("host");
    const { id, token, expiresAt } = await createInvitation(owner, "viewer");
    expect(await previewInvitation(token)).toEqual({ ok: true, teamName: owner.teamName, role: "viewer", expiresAt, invitedBy: owner.name });

    const guest = await signUp("guest");
    expect(guest.teamId).not.toBe(owner.teamId);
    const joined = await acceptInvitation(guest.userId, token, { ip: "203.0.113.9", userAgent: "vitest" });
    expect(joined).toEqual({ teamId: owner.teamId, teamName: owner.teamName });

    const db = await getDb();
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.teamId, owner.teamId), eq(memberships.userId, guest.userId)));
    expect(membership!.role).toBe("viewer");
    const [user] = await db.select({ activeTeamId: users.activeTeamId }).from(users).where(eq(users.id, guest.userId));
    expect(user!.activeTeamId).toBe(owner.teamId);
    expect(await loadActingMember(guest.userId)).toMatchObject({ teamId: owner.teamId, role: "viewer" });
    expect((await listMembers(owner)).map((m) => [m.userId, m.role])).toContainEqual([guest.userId, "viewer"]);

    const row = await invitationRow(id);
    expect(row.acceptedBy).toBe(guest.userId);
    expect(row.acceptedAt).toBeInstanceOf(Date);
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "invitation.accepted"), eq(auditEvents.targetId, id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      teamId: owner.teamId,
      actorId: guest.userId,
      targetType: "invitation",
      metadata: { role: "viewer" },
      ip: "203.0.113.9",
      userAgent: "vitest",
    });
    expect(await listOpenInvitations(owner)).toEqual([]);
  });

  it("an unknown link is refused and nothing is written", async () => {
    const owner = await signUp("nolink");
    const person = await signUp("nolink-guest");
    await createInvitation(owner, "member");
    expect(await previewInvitation(newToken())).toEqual({ ok: false, problem: "unknown", message: MESSAGES.unknown });
    await expectAcceptRefused(person, newToken(), owner.teamId, "not_found:invitation", MESSAGES.unknown);
    await expectAcceptRefused(person, "", owner.teamId, "not_found:invitation", MESSAGES.unknown);
  });

  it("an expired link is refused and nothing is written", async () => {
    const owner = await signUp("expirer");
    const person = await signUp("late");
    const { id, token } = await createInvitation(owner, "member");
    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invitations.id, id));

    expect(await previewInvitation(token)).toEqual({ ok: false, problem: "expired", message: MESSAGES.expired });
    await expectAcceptRefused(person, token, owner.teamId, "conflict:invitation", MESSAGES.expired);
    expect(await invitationRow(id)).toMatchObject({ acceptedAt: null, acceptedBy: null, revokedAt: null });
    expect(await listOpenInvitations(owner)).toEqual([]);
  });

  it("a used link is refused, for a second person and for the same person again", async () => {
    const owner = await signUp("once");
    const first = await signUp("first");
    const second = await signUp("second");
    const { id, token } = await createInvitation(owner, "member");
    await acceptInvitation(first.userId, token);

    expect(await previewInvitation(token)).toEqual({ ok: false, problem: "used", message: MESSAGES.used });
    await expectAcceptRefused(second, token, owner.teamId, "conflict:invitation", MESSAGES.used);
    const firstNow = (await loadActingMember(first.userId))!;
    await expectAcceptRefused(firstNow, token, owner.teamId, "conflict:invitation", MESSAGES.used);
    expect((await invitationRow(id)).acceptedBy).toBe(first.userId);
    expect((await listMembers(owner)).map((m) => m.userId)).not.toContain(second.userId);
  });

  it("a revoked link is refused; revoking twice or revoking a used link is refused too", async () => {
    const owner = await signUp("revoker");
    const person = await signUp("unwanted");
    const { id, token } = await createInvitation(owner, "admin");
    await revokeInvitation(owner, id);

    expect(await previewInvitation(token)).toEqual({ ok: false, problem: "revoked", message: MESSAGES.revoked });
    await expectAcceptRefused(person, token, owner.teamId, "conflict:invitation", MESSAGES.revoked);
    const row = await invitationRow(id);
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.acceptedAt).toBeNull();

    const before = await teamSnapshot(owner.teamId);
    await expectRefused(revokeInvitation(owner, id), "not_found:invitation");
    expect(await teamSnapshot(owner.teamId)).toEqual(before);

    const used = await joinTeam(owner, "kept", "member");
    const afterJoin = await teamSnapshot(owner.teamId);
    const usedInvitation = afterJoin.invitations.find((i) => i.acceptedBy === used.userId)!;
    await expectRefused(revokeInvitation(owner, usedInvitation.id), "not_found:invitation");
    expect(await teamSnapshot(owner.teamId)).toEqual(afterJoin);
    expect(afterJoin.audit.filter((e) => e.action === "invitation.revoked")).toHaveLength(1);
    expect(afterJoin.members.map((m) => m.userId)).toContain(used.userId);
  });

  it("the four problems each have their own message", () => {
    expect(new Set(Object.values(MESSAGES)).size).toBe(4);
    expect(MESSAGES.expired).toContain(`${INVITATION_DAYS} days`);
  });

  it("someone already in the team is refused and the link stays open", async () => {
    const owner = await signUp("already");
    const member = await joinTeam(owner, "already-in", "member");
    const { id, token } = await createInvitation(owner, "admin");
    await expectAcceptRefused(member, token, owner.teamId, "conflict:invitation", `You are already a member of ${owner.teamName}.`);
    await expectAcceptRefused(owner, token, owner.teamId, "conflict:invitation", `You are already a member of ${owner.teamName}.`);
    expect(await loadActingMember(member.userId)).toMatchObject({ teamId: owner.teamId, role: "member" });
    expect((await listOpenInvitations(owner)).map((i) => i.id)).toEqual([id]);
    expect(await previewInvitation(token)).toMatchObject({ ok: true, role: "admin" });
  });

  it("one link accepted by two people at the same time lets exactly one in", async () => {
    const owner = await signUp("race-host");
    const racers = [await signUp("racer-1"), await signUp("racer-2"), await signUp("racer-3")];
    const { id, token } = await createInvitation(owner, "member");
    const membersBefore = await countRows(memberships, eq(memberships.teamId, owner.teamId));

    const results = await Promise.allSettled(racers.map((r) => acceptInvitation(r.userId, token)));
    const winners = racers.filter((_, i) => results[i]!.status === "fulfilled");
    expect(winners).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(PortalError);
        expect((r.reason as PortalError).code).toBe("conflict:invitation");
        expect((r.reason as PortalError).message).toBe(MESSAGES.used);
      }
    }

    expect(await countRows(memberships, eq(memberships.teamId, owner.teamId))).toBe(membersBefore + 1);
    const team = (await listMembers(owner)).map((m) => m.userId);
    expect(racers.filter((r) => team.includes(r.userId))).toEqual(winners);
    expect((await invitationRow(id)).acceptedBy).toBe(winners[0]!.userId);
    expect(await countRows(auditEvents, and(eq(auditEvents.action, "invitation.accepted"), eq(auditEvents.targetId, id)))).toBe(1);
    for (const loser of racers.filter((r) => r !== winners[0])) {
      expect((await loadActingMember(loser.userId))!.teamId).toBe(loser.teamId);
    }
  });

  it("the same person accepting one link twice at the same time joins once", async () => {
    const owner = await signUp("double-host");
    const person = await signUp("double-click");
    const { token } = await createInvitation(owner, "member");
    const results = await Promise.allSettled([acceptInvitation(person.userId, token), acceptInvitation(person.userId, token)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected")!.reason as PortalError;
    expect(refused).toBeInstanceOf(PortalError);
    expect(refused.code).toBe("conflict:invitation");
    expect(
      await countRows(memberships, and(eq(memberships.teamId, owner.teamId), eq(memberships.userId, person.userId))),
    ).toBe(1);
  });
});
