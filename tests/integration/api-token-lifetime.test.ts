import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, users } from "@/db/schema";
import { authenticateToken, failedTokenLimit } from "@/lib/engine/auth";
import { createApiToken, listApiTokens } from "@/lib/portal/api-tokens";
import { acceptInvitation, createInvitation } from "@/lib/portal/invitations";
import { loadActingMember } from "@/lib/portal/member";
import { changeMemberRole, leaveTeam, removeMember } from "@/lib/portal/members";
import { peek } from "@/lib/portal/rate-limit";
import { api } from "../support/engine-api";
import { expectRefused, teamSnapshot } from "../support/db-counts";
import { joinTeam, signUp } from "../support/factories";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A documentation address (RFC 5737) of its own per test, so tests never share a count. */
function freshAddress(): string {
  const [a, b] = randomBytes(2);
  return `198.51.${a}.${b}`;
}

async function tokenRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row!;
}

/** GET /api/jobs/ over the HTTP path, from `address`, with `token` (if any). */
function jobs(token: string | undefined, address: string) {
  return api("GET", "/api/jobs/", { token, headers: { "x-forwarded-for": address } });
}

beforeAll(async () => {
  await getDb();
});

describe("API token expiry", () => {
  it("is chosen at creation (never or 1 to 365 days), stored, listed and audited", async () => {
    const owner = await signUp("exp-owner");
    const before = Date.now();
    const monthly = await createApiToken(owner, "Thirty days", 30);
    const yearly = await createApiToken(owner, "A year", "365");
    const forever = await createApiToken(owner, "Forever", "never");
    const byDefault = await createApiToken(owner, "Default");

    expect(monthly.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 5_000);
    expect(monthly.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS + 5_000);
    expect(yearly.expiresAt!.getTime() - monthly.expiresAt!.getTime()).toBeGreaterThan(334 * DAY_MS);
    expect(forever.expiresAt).toBeNull();
    expect(byDefault.expiresAt).toBeNull();
    expect((await tokenRow(monthly.id)).expiresAt).toEqual(monthly.expiresAt);

    const list = await listApiTokens(owner);
    expect(list.find((t) => t.id === monthly.id)).toMatchObject({ expiresAt: monthly.expiresAt, creatorInTeam: true, lastUsedAt: null });
    expect(list.find((t) => t.id === forever.id)).toMatchObject({ expiresAt: null, creatorInTeam: true });

    const db = await getDb();
    const events = await db.query.auditEvents.findMany({ where: (e, { and, eq }) => and(eq(e.teamId, owner.teamId), eq(e.action, "api_token.created")) });
    expect(events.find((e) => e.targetId === monthly.id)!.metadata).toMatchObject({ name: "Thirty days", expiresAt: monthly.expiresAt!.toISOString() });
    expect(events.find((e) => e.targetId === forever.id)!.metadata).toMatchObject({ expiresAt: null });
  });

  it.each([0, 366, -1, 1.5, "soon", "90 days", "", "1e2"])("refuses the lifetime %j with one sentence, writing nothing", async (lifetime) => {
    const owner = await signUp("exp-bad");
    const before = await teamSnapshot(owner.teamId);
    const error = await expectRefused(
      createApiToken(owner, "Bad lifetime", lifetime as never),
      "bad_request:api_token",
      "Choose when the token expires: never, or after 1 to 365 days.",
    );
    expect(error.field).toBe("expiresInDays");
    expect(await teamSnapshot(owner.teamId)).toEqual(before);
  });

  it("an expired token gets the same 401 as an unknown one; last use is recorded while it works", async () => {
    const owner = await signUp("exp-use");
    const { id, token } = await createApiToken(owner, "Short lived", 1);
    const address = freshAddress();
    expect((await jobs(token, address)).status).toBe(200);
    expect((await tokenRow(id)).lastUsedAt).toBeInstanceOf(Date);

    const db = await getDb();
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id));
    const expired = await jobs(token, address);
    const unknown = await jobs(`inf_${randomBytes(32).toString("base64url")}`, address);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual(unknown.json);
    expect(expired.json.detail).toBe('Send a valid API token: "Authorization: Token <token>". Create one in Settings → API tokens.');
    expect(await authenticateToken(`Token ${token}`)).toBeNull();
  });
});

describe("a token and its creator's membership", () => {
  it("stops working when its creator leaves, is removed, or deletes their account; others' tokens keep working", async () => {
    const owner = await signUp("own-creator");
    const leaver = await joinTeam(owner, "own-leaver", "admin");
    const removed = await joinTeam(owner, "own-removed", "admin");
    // Someone who joined by invitation cannot be deleted (the invitation row holds them), so
    // the account deleted here is the founder of a team of its own.
    const deleted = await signUp("own-deleted");
    const tokens = {
      owner: await createApiToken(owner, "Owner's"),
      leaver: await createApiToken(leaver, "Leaver's"),
      removed: await createApiToken(removed, "Removed's"),
      deleted: await createApiToken(deleted, "Deleted's"),
    };
    for (const [who, t] of Object.entries(tokens)) {
      expect(await authenticateToken(`Token ${t.token}`)).toMatchObject({ teamId: who === "deleted" ? deleted.teamId : owner.teamId, tokenId: t.id });
    }

    await leaveTeam(leaver);
    await removeMember(owner, removed.userId);
    const db = await getDb();
    await db.delete(users).where(eq(users.id, deleted.userId));
    expect((await tokenRow(tokens.deleted.id)).createdBy).toBeNull();

    expect(await authenticateToken(`Token ${tokens.leaver.token}`)).toBeNull();
    expect(await authenticateToken(`Token ${tokens.removed.token}`)).toBeNull();
    expect(await authenticateToken(`Token ${tokens.deleted.token}`)).toBeNull();
    expect(await authenticateToken(`Token ${tokens.owner.token}`)).toMatchObject({ tokenId: tokens.owner.id });
    const address = freshAddress();
    expect((await jobs(tokens.removed.token, address)).status).toBe(401);
    expect((await jobs(tokens.owner.token, address)).status).toBe(200);

    // The list keeps them, marked as no longer working.
    const list = await listApiTokens(owner);
    const byName = Object.fromEntries(list.map((t) => [t.name, t]));
    expect(byName["Owner's"]!.creatorInTeam).toBe(true);
    for (const name of ["Leaver's", "Removed's"]) expect(byName[name]!.creatorInTeam, name).toBe(false);
  });

  it("stays stopped when its creator comes back: a new membership does not revive a token made under the old one", async () => {
    const owner = await signUp("own-rejoin");
    const admin = await joinTeam(owner, "own-rejoin-admin", "admin");
    const old = await createApiToken(admin, "Made before the removal");
    await removeMember(owner, admin.userId);
    expect(await authenticateToken(`Token ${old.token}`)).toBeNull();

    // Invited back, as a viewer this time: the token from before must not work again.
    const { token: invitation } = await createInvitation(owner, "viewer");
    await acceptInvitation(admin.userId, invitation);
    expect(await authenticateToken(`Token ${old.token}`)).toBeNull();
    expect((await jobs(old.token, freshAddress())).status).toBe(401);
    expect((await listApiTokens(owner)).find((t) => t.id === old.id)!.creatorInTeam).toBe(false);

    // A token made under the new membership works, and the list says so.
    await changeMemberRole(owner, admin.userId, "admin");
    const again = (await loadActingMember(admin.userId))!;
    const fresh = await createApiToken(again, "Made after coming back");
    expect(await authenticateToken(`Token ${fresh.token}`)).toMatchObject({ teamId: owner.teamId, tokenId: fresh.id });
    expect((await listApiTokens(owner)).find((t) => t.id === fresh.id)!.creatorInTeam).toBe(true);
  });

  it("keeps working after its creator's role changes: the rule is membership of the team", async () => {
    const owner = await signUp("own-demoted");
    const admin = await joinTeam(owner, "own-demoted-admin", "admin");
    const { token } = await createApiToken(admin, "Made while admin");
    await changeMemberRole(owner, admin.userId, "viewer");
    expect(await authenticateToken(`Token ${token}`)).toMatchObject({ teamId: owner.teamId });
  });
});

describe("failed API-token use per address", () => {
  it(`after ${failedTokenLimit().max} failures in 10 minutes, 429 with Retry-After before any lookup; other addresses unaffected`, async () => {
    const owner = await signUp("throttle-owner");
    const { id, token } = await createApiToken(owner, "Good one");
    const attacker = freshAddress();
    for (let i = 0; i < failedTokenLimit().max; i++) {
      const guess = await jobs(`inf_guess${i}`, attacker);
      expect(guess.status, `failure ${i + 1}`).toBe(401);
    }
    const refused = await jobs("inf_one-more-guess", attacker);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    expect(refused.json).toEqual({ detail: "Too many requests from your address carried an API token that is not valid. Try again in 10 minutes with a valid token." });

    // Refused before the lookup: even a valid token from that address is not looked up (its
    // last use stays unrecorded), and a success does not clear the count.
    const valid = await jobs(token, attacker);
    expect(valid.status).toBe(429);
    expect((await tokenRow(id)).lastUsedAt).toBeNull();

    // Only the first entry of x-forwarded-for names the caller; another address works.
    expect((await jobs(token, `${attacker}, 10.0.0.1`)).status).toBe(429);
    expect((await jobs(token, `${freshAddress()}, ${attacker}`)).status).toBe(200);
  });

  it("counts an IPv6 caller by its /64, and an IPv4-mapped address as the IPv4 one", async () => {
    // Anyone given an IPv6 /64 (every home line and cloud machine) can send from any of its
    // 2^64 addresses: counted per address, each request would be a new caller.
    const [third, fourth] = [randomBytes(2).readUInt16BE(), randomBytes(2).readUInt16BE()];
    const network = `2001:db8:${third.toString(16)}:${fourth.toString(16)}`;
    for (let i = 1; i <= failedTokenLimit().max; i++) {
      expect((await jobs(`inf_v6_guess${i}`, `${network}::${i.toString(16)}`)).status, `failure ${i}`).toBe(401);
    }
    expect((await jobs("inf_v6_one_more", `${network}:ffff:ffff:ffff:fffe`)).status).toBe(429);
    // Another network is another caller.
    expect((await jobs("inf_v6_elsewhere", `2001:db8:${third.toString(16)}:${(fourth ^ 1).toString(16)}::1`)).status).toBe(401);

    const v4 = freshAddress();
    for (let i = 0; i < failedTokenLimit().max; i++) await jobs(`inf_v4_guess${i}`, v4);
    expect((await jobs("inf_v4_mapped", `::ffff:${v4}`)).status).toBe(429);
  });

  it("counts only requests that carried a token, and only failures", async () => {
    const owner = await signUp("throttle-count");
    const { token } = await createApiToken(owner, "Counted");
    const address = freshAddress();
    const db = await getDb();
    for (let i = 0; i < 30; i++) expect((await jobs(undefined, address)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await jobs(token, address)).status).toBe(200);
    expect((await peek(db, failedTokenLimit(), address)).hits).toBe(0);
    await jobs("inf_wrong", address);
    await jobs("Bearer-ish nonsense", address);
    expect((await peek(db, failedTokenLimit(), address)).hits).toBe(2);
  });

  it("a parallel burst buys no lookups past the limit: the real token sent after the guesses is refused", async () => {
    // Each attempt must be counted before its lookup; counted after, every request of a burst
    // is looked up while the count still reads zero, and the one right guess in it gets in.
    const owner = await signUp("throttle-burst-real");
    const { id, token } = await createApiToken(owner, "Hidden in a burst");
    const address = freshAddress();
    const guesses = Array.from({ length: 3 * failedTokenLimit().max }, (_, i) => jobs(`inf_burst_guess${i}`, address));
    const real = jobs(token, address);
    const answers = await Promise.all([...guesses, real]);
    expect(answers.at(-1)!.status).toBe(429);
    expect((await tokenRow(id)).lastUsedAt).toBeNull();
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(failedTokenLimit().max);
  });

  it("a parallel burst of guesses cannot slip past the limit", async () => {
    const address = freshAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => jobs(`inf_burst${i}`, address)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(failedTokenLimit().max);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40 - failedTokenLimit().max);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});
