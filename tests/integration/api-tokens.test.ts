import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, auditEvents } from "@/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { newApiToken } from "@/lib/auth/api-token-format";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/portal/api-tokens";
import { listAuditEvents } from "@/lib/portal/audit";
import type { ActingMember } from "@/lib/portal/member";
import { changeMemberRole } from "@/lib/portal/members";
import { joinTeam, signUp } from "../support/factories";
import { expectRefused, keysAndStrings, teamSnapshot } from "../support/db-counts";

const TOKEN_PATTERN = /^inf_[A-Za-z0-9_-]{43}$/;

async function tokenRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row!;
}

/** Everything stored about a team, its API tokens included: equal snapshots mean nothing changed. */
async function snapshot(teamId: string) {
  const db = await getDb();
  const tokens = await db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId)).orderBy(asc(apiTokens.id));
  return { ...(await teamSnapshot(teamId)), tokens };
}

async function auditRows(teamId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.teamId, teamId), eq(auditEvents.action, action)))
    .orderBy(asc(auditEvents.id));
}

beforeAll(async () => {
  await getDb();
});

describe("the token format", () => {
  it("is inf_ and 32 random bytes in base64url; the prefix is its first 12 characters", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { token, prefix } = newApiToken();
      expect(token).toMatch(TOKEN_PATTERN);
      expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
      expect(prefix).toBe(token.slice(0, 12));
      seen.add(token);
    }
    expect(seen.size).toBe(50);
  });
});

describe("API tokens", () => {
  it("creating returns the token once; only its sha256 hash and a display prefix are stored", async () => {
    const owner = await signUp("tok-owner");
    const created = await createApiToken(owner, "  CI pipeline  ");
    expect(created.token).toMatch(TOKEN_PATTERN);
    expect(created.prefix).toBe(created.token.slice(0, 12));

    const row = await tokenRow(created.id);
    expect(row).toMatchObject({
      teamId: owner.teamId,
      createdBy: owner.userId,
      name: "CI pipeline",
      prefix: created.prefix,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // The token itself is nowhere in the row: only the first 12 of its 47 characters.
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(0, 13));

    const second = await createApiToken(owner, "CI pipeline");
    expect(second.token).not.toBe(created.token);
    expect((await tokenRow(second.id)).tokenHash).not.toBe(row.tokenHash);
  });

  it("the list shows name, prefix, creator and times, never the hash or the token; members may read it", async () => {
    const owner = await signUp("tok-list");
    const member = await joinTeam(owner, "tok-list-member", "member");
    const viewer = await joinTeam(owner, "tok-list-viewer", "viewer");
    const first = await createApiToken(owner, "First");
    const second = await createApiToken(owner, "Second");
    const hashes = [hashToken(first.token), hashToken(second.token)];

    const list = await listApiTokens(owner);
    expect(list.map((t) => t.name).sort()).toEqual(["First", "Second"]);
    for (const entry of list) {
      expect(Object.keys(entry).sort()).toEqual(
        ["createdAt", "createdByEmail", "createdByName", "creatorInTeam", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"].sort(),
      );
      expect(entry).toMatchObject({ createdByName: owner.name, createdByEmail: owner.email, lastUsedAt: null, expiresAt: null, revokedAt: null, creatorInTeam: true });
      expect(entry.createdAt).toBeInstanceOf(Date);
    }
    expect(list.find((t) => t.id === first.id)!.prefix).toBe(first.prefix);
    const { keys } = keysAndStrings(list);
    expect(keys.filter((k) => /hash|token/i.test(k))).toEqual([]);
    for (const secret of [first.token, second.token, ...hashes]) expect(JSON.stringify(list)).not.toContain(secret);

    expect(await listApiTokens(member)).toEqual(list);
    await expectRefused(listApiTokens(viewer), "forbidden:api-tokens", "Only members, admins and owners can see the team's API tokens.");
  });

  it("revoking marks the token revoked, lists it after the active ones, and cannot happen twice", async () => {
    const owner = await signUp("tok-revoke");
    const admin = await joinTeam(owner, "tok-revoke-admin", "admin");
    const old = await createApiToken(owner, "Old laptop");
    const kept = await createApiToken(owner, "Kept");

    const before = Date.now();
    await revokeApiToken(admin, old.id);
    const row = await tokenRow(old.id);
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.revokedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await tokenRow(kept.id)).revokedAt).toBeNull();

    const list = await listApiTokens(owner);
    expect(list.map((t) => [t.name, t.revokedAt === null])).toEqual([
      ["Kept", true],
      ["Old laptop", false],
    ]);

    const unchanged = await snapshot(owner.teamId);
    await expectRefused(revokeApiToken(owner, old.id), "not_found:api_token", "That API token does not exist or was already revoked.");
    expect(await snapshot(owner.teamId)).toEqual(unchanged);
  });

  it.each(["member", "viewer"] as const)("a %s can neither create nor revoke, and nothing is written", async (role) => {
    const owner = await signUp(`tok-${role}-owner`);
    const person = await joinTeam(owner, `tok-${role}`, role);
    const existing = await createApiToken(owner, "Existing");
    const before = await snapshot(owner.teamId);

    await expectRefused(createApiToken(person, "Mine"), "forbidden:api-tokens", "Only owners and admins can create API tokens.");
    await expectRefused(revokeApiToken(person, existing.id), "forbidden:api-tokens", "Only owners and admins can revoke API tokens.");
    expect(await snapshot(owner.teamId)).toEqual(before);
  });

  it("a role taken away after the member was loaded is respected", async () => {
    const owner = await signUp("tok-demoted");
    const admin = await joinTeam(owner, "tok-demoted-admin", "admin");
    const existing = await createApiToken(admin, "Made while admin");
    await changeMemberRole(owner, admin.userId, "member");
    const before = await snapshot(owner.teamId);
    // `admin` still says role "admin": the data layer must read the role again.
    expect(admin.role).toBe("admin");
    await expectRefused(createApiToken(admin, "After demotion"), "forbidden:api-tokens");
    await expectRefused(revokeApiToken(admin, existing.id), "forbidden:api-tokens");
    expect(await snapshot(owner.teamId)).toEqual(before);
  });

  it("another team's token id is answered 'not found' and stays as it was", async () => {
    const alice = await signUp("tok-team-a");
    const bob = await signUp("tok-team-b");
    const aliceToken = await createApiToken(alice, "Alice's CI");
    const aliceBefore = await snapshot(alice.teamId);
    const bobBefore = await snapshot(bob.teamId);

    const unknownIds = [aliceToken.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"];
    for (const id of unknownIds) {
      await expectRefused(revokeApiToken(bob, id), "not_found:api_token", "That API token does not exist or was already revoked.");
    }
    expect(await listApiTokens(bob)).toEqual([]);
    expect(JSON.stringify(await listApiTokens(bob))).not.toContain(aliceToken.id);
    expect(await snapshot(alice.teamId)).toEqual(aliceBefore);
    expect(await snapshot(bob.teamId)).toEqual(bobBefore);
  });

  it("creation and revocation are audited with name and prefix, never the token or its hash", async () => {
    const owner = await signUp("tok-audit");
    const created = await createApiToken(withRequest(owner), "Audited");
    await revokeApiToken(withRequest(owner), created.id);

    const [createdEvent] = await auditRows(owner.teamId, "api_token.created");
    const [revokedEvent] = await auditRows(owner.teamId, "api_token.revoked");
    for (const event of [createdEvent, revokedEvent]) {
      expect(event).toMatchObject({
        teamId: owner.teamId,
        actorId: owner.userId,
        targetType: "api_token",
        targetId: created.id,
        metadata: { name: "Audited", prefix: created.prefix },
        ip: "198.51.100.7",
        userAgent: "vitest",
      });
    }
    expect(await auditRows(owner.teamId, "api_token.created")).toHaveLength(1);
    expect(await auditRows(owner.teamId, "api_token.revoked")).toHaveLength(1);

    const history = await listAuditEvents(owner);
    for (const secret of [created.token, hashToken(created.token)]) expect(JSON.stringify(history)).not.toContain(secret);
  });

  it.each([
    ["", "Give the token a name, like “CI pipeline”."],
    ["    ", "Give the token a name, like “CI pipeline”."],
    ["x".repeat(61), "Keep the token name to 60 characters or fewer."],
  ])("the name %j is refused with a sentence, and nothing is written", async (name, message) => {
    const owner = await signUp("tok-badname");
    const before = await snapshot(owner.teamId);
    const error = await expectRefused(createApiToken(owner, name), "bad_request:api_token", message);
    expect(error.field).toBe("name");
    expect(await snapshot(owner.teamId)).toEqual(before);
    expect(before.tokens).toEqual([]);
  });

  it("a 60-character name is accepted", async () => {
    const owner = await signUp("tok-longname");
    const { id } = await createApiToken(owner, "y".repeat(60));
    expect((await tokenRow(id)).name).toBe("y".repeat(60));
  });
});

/** The same member as seen through a request, so the audit row's ip and user agent can be checked. */
function withRequest(member: ActingMember): ActingMember {
  return { ...member, request: { ip: "198.51.100.7", userAgent: "vitest" } };
}
