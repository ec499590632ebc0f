import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { getDb } from "@/db";
import { auditEvents, users } from "@/db/schema";
import { decodeSessionCookie, epochClaim } from "@/lib/auth/session-claims";
import { sessionJwt } from "@/lib/auth/session-token";
import { rememberedSessions } from "@/lib/auth/session-memo";
import { authenticate } from "@/lib/portal/accounts";
import { changePassword, PASSWORD_CHANGE_LIMIT, signInMethods, signOutEverywhere } from "@/lib/portal/account-security";
import { loadActingMember, lookupSessionMember, type ActingMember } from "@/lib/portal/member";
import { leaveTeam, removeMember } from "@/lib/portal/members";
import { loadPollingMember, recallPollingMember, rememberPollingMember } from "@/lib/portal/polling-members";
import { peek } from "@/lib/portal/rate-limit";
import { sessionEpochOf } from "@/lib/portal/session-epoch";
import { expectRefused, teamSnapshot } from "../support/db-counts";
import { joinTeam, PASSWORD, signUp, uniqueIp } from "../support/factories";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const COOKIE = "authjs.session-token";

/** A session cookie exactly as Auth.js issues one (its own `encode`), with or without an epoch claim. */
async function sessionCookie(userId: string, epoch?: number) {
  const token: Record<string, unknown> = { sub: userId, name: "Someone", email: "someone@example.com" };
  if (epoch !== undefined) token.epoch = epoch;
  return { name: COOKIE, value: await encode({ token, secret: SECRET, salt: COOKIE, maxAge: 3600 }) };
}

/** What a request carrying this cookie gets: the member, no team, or an ended session. */
async function requestWith(cookie: { name: string; value: string }) {
  const claims = await decodeSessionCookie(cookie, SECRET);
  if (!claims) return { status: "no cookie" as const };
  return lookupSessionMember(claims.userId, claims.epoch);
}

async function epochOf(userId: string) {
  return (await sessionEpochOf(userId))!;
}

async function audit(teamId: string, action: string) {
  const db = await getDb();
  return db.select().from(auditEvents).where(and(eq(auditEvents.teamId, teamId), eq(auditEvents.action, action))).orderBy(asc(auditEvents.id));
}

async function passwordHashOf(userId: string) {
  const db = await getDb();
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row!.hash;
}

beforeAll(async () => {
  await getDb();
});

describe("session epochs", () => {
  it("a token issued before epochs existed (no claim) counts as epoch 0 and still works", async () => {
    const ada = await signUp("epoch-legacy");
    const legacy = await sessionCookie(ada.userId);
    expect((await decodeSessionCookie(legacy, SECRET))!.epoch).toBe(0);
    const found = await requestWith(legacy);
    expect(found).toMatchObject({ status: "member", member: { userId: ada.userId, teamId: ada.teamId, sessionEpoch: 0 } });
  });

  it("after a bump the old token is no session at all, and a token under the new epoch works", async () => {
    const bo = await signUp("epoch-bump");
    const before = await sessionCookie(bo.userId, 0);
    expect((await requestWith(before)).status).toBe("member");

    await signOutEverywhere(bo);
    expect(await epochOf(bo.userId)).toBe(1);
    expect(await requestWith(before)).toEqual({ status: "ended" });
    // A token claiming a future epoch, or garbage for one, matches nothing either.
    expect(await requestWith(await sessionCookie(bo.userId, 2))).toEqual({ status: "ended" });
    expect((await decodeSessionCookie({ name: COOKIE, value: await encode({ token: { sub: bo.userId, epoch: "1" }, secret: SECRET, salt: COOKIE }) }, SECRET))!.epoch).toBe(-1);

    const after = await requestWith(await sessionCookie(bo.userId, 1));
    expect(after).toMatchObject({ status: "member", member: { userId: bo.userId, sessionEpoch: 1 } });
    // Scripts load members without a session: unaffected.
    expect((await loadActingMember(bo.userId))!.teamId).toBe(bo.teamId);
  });

  it("a token of a deleted user is an ended session; a cookie sealed with another secret is none", async () => {
    const gone = await signUp("epoch-deleted");
    const cookie = await sessionCookie(gone.userId, 0);
    const db = await getDb();
    await db.delete(users).where(eq(users.id, gone.userId));
    expect(await requestWith(cookie)).toEqual({ status: "ended" });
    expect(await decodeSessionCookie(cookie, "another-secret-of-at-least-thirty-two-chars")).toBeNull();
  });

  it("a bump drops what this process remembered: the polled routes' member and the decrypted cookies", async () => {
    const cy = await signUp("epoch-memo");
    rememberPollingMember(cy.userId, cy, 60_000);
    rememberedSessions.set("some-cookie-hash", { userId: cy.userId, epoch: 0, expiresAt: Date.now() + 60_000, until: Date.now() + 60_000 });
    rememberedSessions.set("another-users-cookie", { userId: "someone-else", epoch: 0, expiresAt: Date.now() + 60_000, until: Date.now() + 60_000 });

    await signOutEverywhere(cy);
    expect(recallPollingMember(cy.userId)).toBeUndefined();
    expect(rememberedSessions.has("some-cookie-hash")).toBe(false);
    expect(rememberedSessions.has("another-users-cookie")).toBe(true);
    rememberedSessions.delete("another-users-cookie");
  });
});

describe("a poll in flight during a bump", () => {
  it("does not remember the member it loaded under the epoch that just ended", async () => {
    const zoe = await signUp("epoch-inflight");
    const loadUnder = (epoch: number) => async () => {
      const found = await lookupSessionMember(zoe.userId, epoch);
      return found.status === "member" ? found.member : null;
    };
    // The poll reads the member under epoch 0; the bump commits (and drops what this process
    // remembers) before the poll gets to remember what it read.
    const answered = await loadPollingMember(zoe.userId, async () => {
      const member = await loadUnder(0)();
      await signOutEverywhere(zoe);
      return member;
    });
    // That one poll began before the bump and is answered; nothing after it may be.
    expect(answered).toMatchObject({ userId: zoe.userId, sessionEpoch: 0 });
    expect(recallPollingMember(zoe.userId)).toBeUndefined();

    // With no bump during the load, the member is remembered as before.
    await loadPollingMember(zoe.userId, loadUnder(1));
    expect(recallPollingMember(zoe.userId)).toMatchObject({ userId: zoe.userId, sessionEpoch: 1 });
  });
});

describe("sign out everywhere", () => {
  it("raises the epoch and writes the event to the team the person acts in", async () => {
    const dee = await signUp("everywhere");
    await signOutEverywhere(dee);
    await signOutEverywhere(dee);
    expect(await epochOf(dee.userId)).toBe(2);
    const events = await audit(dee.teamId, "user.signed_out_everywhere");
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorId: dee.userId, targetType: "user", targetId: dee.userId });
  });
});

describe("changing the password", () => {
  it("needs the current password, stores the new one, ends every other session, and is audited", async () => {
    const eve = await signUp("pw-change");
    const other = await sessionCookie(eve.userId, 0);
    const oldHash = await passwordHashOf(eve.userId);

    const { sessionEpoch } = await changePassword(eve, { currentPassword: PASSWORD, newPassword: "a much longer passphrase" });
    expect(sessionEpoch).toBe(1);
    expect(await epochOf(eve.userId)).toBe(1);
    const newHash = await passwordHashOf(eve.userId);
    expect(newHash).not.toBe(oldHash);
    expect(newHash).toMatch(/^\$argon2id\$/);
    expect(newHash).not.toContain("a much longer passphrase");

    expect(await requestWith(other)).toEqual({ status: "ended" });
    // The session that changed it is issued again under the new epoch and carries on.
    expect((await requestWith(await sessionCookie(eve.userId, sessionEpoch))).status).toBe("member");

    expect((await authenticate({ email: eve.email, password: PASSWORD }, { ip: uniqueIp() })).ok).toBe(false);
    expect(await authenticate({ email: eve.email, password: "a much longer passphrase" }, { ip: uniqueIp() })).toMatchObject({ ok: true, user: { id: eve.userId } });

    const [event] = await audit(eve.teamId, "user.password_changed");
    expect(event).toMatchObject({ actorId: eve.userId, targetType: "user", targetId: eve.userId });
    // Neither password, nor a hash, in the history.
    expect(JSON.stringify(event)).not.toMatch(/passphrase|correct horse|argon2/);
  });

  it("refuses a wrong current password, the registration rules, and the same password, changing nothing", async () => {
    const fay = await signUp("pw-refused");
    const before = await teamSnapshot(fay.teamId);
    const refused = async (input: { currentPassword: string; newPassword: string }, message: string, field: string) => {
      const error = await expectRefused(changePassword(fay, input), "bad_request:password", message);
      expect(error.field).toBe(field);
    };
    await refused({ currentPassword: "not my password", newPassword: "another long one" }, "That is not your current password.", "currentPassword");
    await refused({ currentPassword: PASSWORD, newPassword: "short" }, "Use at least 10 characters for your password.", "newPassword");
    await refused({ currentPassword: PASSWORD, newPassword: "x".repeat(201) }, "Use at most 200 characters for your password.", "newPassword");
    await refused({ currentPassword: "", newPassword: "another long one" }, "Enter your current password.", "currentPassword");
    await refused({ currentPassword: PASSWORD, newPassword: PASSWORD }, "Choose a new password different from your current one.", "newPassword");
    expect(await teamSnapshot(fay.teamId)).toEqual(before);
    expect(await epochOf(fay.userId)).toBe(0);
  });

  it("counts wrong current passwords per account: after 5, even the right one waits", async () => {
    const gus = await signUp("pw-throttle");
    for (let i = 0; i < 5; i++) {
      await expectRefused(changePassword(gus, { currentPassword: `wrong ${i}`, newPassword: "another long one" }), "bad_request:password", "That is not your current password.");
    }
    const error = await expectRefused(
      changePassword(gus, { currentPassword: PASSWORD, newPassword: "another long one" }),
      "rate_limited:password_change",
      /^Too many attempts with a wrong current password\. Try again in 1[45] minutes\.$/,
    );
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await epochOf(gus.userId)).toBe(0);
    // Someone else's account is not affected.
    const hal = await signUp("pw-throttle-other");
    expect((await peek(await getDb(), PASSWORD_CHANGE_LIMIT, hal.userId)).limited).toBe(false);
  });

  it("tells a GitHub-only account why there is no password to change", async () => {
    const ivy = await signUp("pw-github");
    const db = await getDb();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, ivy.userId));
    expect(await signInMethods(ivy)).toEqual({ hasPassword: false, github: false });
    await expectRefused(
      changePassword(ivy, { currentPassword: "anything", newPassword: "another long one" }),
      "conflict:password",
      "Your account signs in with GitHub and has no password here to change.",
    );
    expect(await signInMethods(await signUp("pw-has"))).toEqual({ hasPassword: true, github: false });
  });

  it("a parallel burst of guesses at the current password gets no more tries than the limit", async () => {
    // Someone holding a stolen session fires guesses at once: each must be counted before its
    // check, or every guess in the burst is checked while the count still reads zero.
    const kit = await signUp("pw-burst");
    const guesses = Array.from({ length: 3 * PASSWORD_CHANGE_LIMIT.max }, (_, i) =>
      changePassword(kit, { currentPassword: `guess number ${i}`, newPassword: "taken over by a guess" }),
    );
    // The right password, sent last in the same burst, stands for the one guess that would hit.
    const right = changePassword(kit, { currentPassword: PASSWORD, newPassword: "taken over by a guess" });
    const results = await Promise.allSettled([...guesses, right]);
    const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "changed"));
    expect(reasons.at(-1)).toBe("rate_limited:password_change");
    expect(reasons.filter((r) => r === "bad_request:password").length).toBeLessThanOrEqual(PASSWORD_CHANGE_LIMIT.max);
    expect(await epochOf(kit.userId)).toBe(0);
    expect((await authenticate({ email: kit.email, password: PASSWORD }, { ip: uniqueIp() })).ok).toBe(true);
  });

  it("two changes racing over the same old password: one wins, the other is told", async () => {
    const jo = await signUp("pw-race");
    const results = await Promise.allSettled([
      changePassword(jo, { currentPassword: PASSWORD, newPassword: "first new password" }),
      changePassword(jo, { currentPassword: PASSWORD, newPassword: "second new password" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]!.reason as Error).message).toBe("Your password was changed a moment ago in another session. Sign in again with the new one.");
    expect(await epochOf(jo.userId)).toBe(1);
  });
});

describe("signing in while the password changes", () => {
  it("a sign-in whose password check came before a password change gets a session that is already ended", async () => {
    const lea = await signUp("signin-race");
    // Auth.js's authorize: the old password is still right at this moment.
    const proved = await authenticate({ email: lea.email, password: PASSWORD }, { ip: uniqueIp() });
    expect(proved.ok).toBe(true);
    // The owner changes it before Auth.js makes the token (argon2 takes long enough for that).
    await changePassword(lea, { currentPassword: PASSWORD, newPassword: "changed in the meantime" });
    const token = await sessionJwt({ token: { sub: lea.userId }, user: (proved as { user: { id: string } }).user });
    const status = token ? (await lookupSessionMember(lea.userId, epochClaim(token))).status : "no session";
    expect(["ended", "no session"]).toContain(status);

    // Signing in with the new password issues a working session.
    const fresh = await authenticate({ email: lea.email, password: "changed in the meantime" }, { ip: uniqueIp() });
    const working = await sessionJwt({ token: { sub: lea.userId }, user: (fresh as { user: { id: string } }).user });
    expect(working).toMatchObject({ sub: lea.userId, epoch: 1 });
    expect((await lookupSessionMember(lea.userId, epochClaim(working!))).status).toBe("member");
    // And Auth.js's own later reads accept it, but not a token from before the change.
    expect(await sessionJwt({ token: working! })).toMatchObject({ epoch: 1 });
    expect(await sessionJwt({ token: { sub: lea.userId, epoch: 0 } })).toBeNull();
  });

  it("a sign-in without a proved epoch (GitHub through the adapter) is issued under the current one", async () => {
    const max = await signUp("signin-github");
    await signOutEverywhere(max);
    expect(await sessionJwt({ token: { sub: max.userId }, user: { id: max.userId } })).toMatchObject({ sub: max.userId, epoch: 1 });
  });
});

describe("a removed member", () => {
  it("has every session ended in the removal's transaction; signing in again acts in their own team", async () => {
    const owner = await signUp("rm-owner");
    const kim = await joinTeam(owner, "rm-kim", "member");
    const kimsSession = await sessionCookie(kim.userId, 0);
    expect(await requestWith(kimsSession)).toMatchObject({ status: "member", member: { teamId: owner.teamId } });

    await removeMember(owner, kim.userId);
    expect(await epochOf(kim.userId)).toBe(1);
    expect(await requestWith(kimsSession)).toEqual({ status: "ended" });
    const [event] = await audit(owner.teamId, "member.removed");
    expect(event).toMatchObject({ actorId: owner.userId, targetId: kim.userId });

    const signedInAgain = await requestWith(await sessionCookie(kim.userId, 1));
    expect(signedInAgain.status).toBe("member");
    const member = (signedInAgain as { member: ActingMember }).member;
    expect(member.teamId).not.toBe(owner.teamId);
    expect(member.role).toBe("owner");
  });

  it("a refused removal ends nothing; leaving by choice ends nothing either", async () => {
    const owner = await signUp("rm-refused");
    const admin = await joinTeam(owner, "rm-admin", "admin");
    const stayer = await joinTeam(owner, "rm-leaver", "member");
    await expectRefused(removeMember(admin, owner.userId), "forbidden:members", "Only an owner can remove another owner.");
    expect(await epochOf(owner.userId)).toBe(0);

    await leaveTeam(stayer);
    expect(await epochOf(stayer.userId)).toBe(0);
    expect(await requestWith(await sessionCookie(stayer.userId, 0))).toMatchObject({ status: "member" });
  });
});
