import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, generationConnections } from "@/db/schema";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { HttpTransport } from "@/lib/generation/transports/http";
import { retrySubmission, submitBatch, upstreamBatchName } from "@/lib/portal/batch-submission";
import { generationClientFor, generationSourceFor } from "@/lib/portal/generation";
import { loadGeneratorSpec } from "@/lib/portal/generator-spec";
import {
  clearGenerationConnection,
  getGenerationConnection,
  saveGenerationConnection,
  teamGenerationTarget,
  testGenerationConnection,
} from "@/lib/portal/generation-connections";
import type { ActingMember } from "@/lib/portal/member";
import { joinTeam, signUp } from "../support/factories";
import { expectRefused } from "../support/db-counts";
import { teamToken } from "../support/engine-api";
import { allowOutbound, serve, serveUpstream } from "../support/http-server";

const ORIGIN = "http://localhost:3999";
const GENERATOR = "visionfit-flagship-v0.1.0";

/** The built-in engine behind a real socket, recording what reaches it. */
async function recordingUpstream() {
  const seen: { method: string; path: string; authorization: string | null }[] = [];
  const upstream = await serveUpstream(async (request) => {
    seen.push({ method: request.method, path: new URL(request.url).pathname, authorization: request.headers.get("authorization") });
    return handleGenerationApi(request);
  });
  return { ...upstream, seen };
}

async function storedRow(teamId: string) {
  const db = await getDb();
  const [row] = await db.select().from(generationConnections).where(eq(generationConnections.teamId, teamId));
  return row;
}

async function auditOf(teamId: string, prefix = "generation_connection.") {
  const db = await getDb();
  return db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, metadata: auditEvents.metadata })
    .from(auditEvents)
    .where(and(eq(auditEvents.teamId, teamId), sql`${auditEvents.action} like ${`${prefix}%`}`))
    .orderBy(asc(auditEvents.id));
}

/** A port that was just free and is closed again (allowed, so the guard lets the connection fail): nothing listens there. */
async function closedUrl(): Promise<{ url: string; revoke: () => void }> {
  const gone = await serve(async () => new Response("{}"));
  await gone.close();
  return { url: gone.url, revoke: allowOutbound(`127.0.0.1:${gone.port}`) };
}

/** What a connection test says for every failure before a server answered over HTTP. */
const NO_ANSWER = /^No Generation API answered at http:\/\/127\.0\.0\.1:\d+\. Check the address: the server may be down, slower than 5 s, or unreachable from the portal \(a Generation API on a private network must be listed in OUTBOUND_ALLOW by whoever runs the portal\)\.$/;

function recipe(name: string) {
  return { generator: GENERATOR, kind: "preview", jobCount: 2, seed: 7, name, params: {} };
}

let owner: ActingMember;
let admin: ActingMember;
let member: ActingMember;
let viewer: ActingMember;
let token: string;
let upstream: Awaited<ReturnType<typeof recordingUpstream>>;

beforeAll(async () => {
  exposeInProcess();
  owner = await signUp("conn-owner");
  admin = await joinTeam(owner, "conn-admin", "admin");
  member = await joinTeam(owner, "conn-member", "member");
  viewer = await joinTeam(owner, "conn-viewer", "viewer");
  token = await teamToken(owner);
  upstream = await recordingUpstream();
});

afterAll(async () => {
  await upstream.close();
  await stopQueue();
});

describe("the team's Generation API connection", () => {
  it("an admin saves it; the row holds the token sealed, never in plaintext, and the change is audited", async () => {
    const saved = await saveGenerationConnection(admin, { url: `  ${upstream.url}  `, token: `  ${token} ` });
    expect(saved).toEqual({ url: `${upstream.url}/`, tokenHint: token.slice(-4) });

    const row = (await storedRow(owner.teamId))!;
    expect(row).toMatchObject({ url: `${upstream.url}/`, tokenHint: token.slice(-4), updatedBy: admin.userId });
    expect(row.tokenCiphertext).toMatch(/^v1\./);
    const everything = JSON.stringify(row);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(4, 20));
    expect(everything).not.toContain(Buffer.from(token).toString("base64url").slice(0, 20));

    // Only the server opens it again, with the key derived from AUTH_SECRET.
    expect(await teamGenerationTarget(member)).toEqual({ url: `${upstream.url}/`, token });

    const audit = await auditOf(owner.teamId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "generation_connection.saved", actorId: admin.userId, metadata: { url: `${upstream.url}/`, tokenHint: token.slice(-4), tokenReplaced: true, previousUrl: null } });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("members and viewers see that a remote API is in use, without the token hint, and cannot change or test it", async () => {
    for (const who of [member, viewer]) {
      const seen = await getGenerationConnection(who);
      expect(seen).toMatchObject({ url: `${upstream.url}/`, tokenHint: null });
      expect(await generationSourceFor(who)).toEqual({ kind: "team", url: `${upstream.url}/` });
    }
    expect((await getGenerationConnection(owner))?.tokenHint).toBe(token.slice(-4));

    const before = await storedRow(owner.teamId);
    const auditBefore = await auditOf(owner.teamId);
    for (const who of [member, viewer]) {
      await expectRefused(saveGenerationConnection(who, { url: "http://localhost:1/", token: "inf_hijack" }), "forbidden:generation", /owners and admins/);
      await expectRefused(clearGenerationConnection(who), "forbidden:generation");
      await expectRefused(testGenerationConnection(who, { url: "http://localhost:1/" }), "forbidden:generation");
    }
    expect(await storedRow(owner.teamId)).toEqual(before);
    expect(await auditOf(owner.teamId)).toEqual(auditBefore);
  });

  it("another team can neither read nor clear it, and a token copied into its row does not open", async () => {
    const stranger = await signUp("conn-stranger");
    expect(await getGenerationConnection(stranger)).toBeNull();
    expect(await teamGenerationTarget(stranger)).toBeNull();
    expect(await generationSourceFor(stranger)).toEqual({ kind: "built-in" });
    await expectRefused(clearGenerationConnection(stranger), "not_found:generation_connection");
    expect(await storedRow(owner.teamId)).toBeTruthy();

    // The sealed token is bound to its team: copied into another team's row, it stays shut.
    const theirs = (await storedRow(owner.teamId))!;
    const db = await getDb();
    await db.insert(generationConnections).values({ teamId: stranger.teamId, url: theirs.url, tokenCiphertext: theirs.tokenCiphertext, tokenHint: theirs.tokenHint });
    const target = await teamGenerationTarget(stranger);
    expect(target && "problem" in target ? target.problem : "opened").toMatch(/can no longer be read/);
    await expect((await generationClientFor(stranger, ORIGIN)).listGenerators()).rejects.toThrow(/can no longer be read/);
  });

  it("refuses addresses that are not http(s), and a first save without a token", async () => {
    const fresh = await signUp("conn-fresh");
    await expectRefused(saveGenerationConnection(fresh, { url: "ftp://engine.example.com/", token: "t0ken-value" }), "bad_request:generation_connection", /Only http:\/\/ and https:\/\//);
    await expectRefused(saveGenerationConnection(fresh, { url: "engine.example.com", token: "t0ken-value" }), "bad_request:generation_connection", /starting with http:\/\/ or https:\/\//);
    await expectRefused(saveGenerationConnection(fresh, { url: "javascript:alert(1)", token: "t0ken-value" }), "bad_request:generation_connection", /Only http/);
    await expectRefused(saveGenerationConnection(fresh, { url: "https://user:pw@engine.example.com/", token: "t0ken-value" }), "bad_request:generation_connection", /Token field/);
    await expectRefused(saveGenerationConnection(fresh, { url: "https://engine.example.com/", token: "two words" }), "bad_request:generation_connection", /no spaces/);
    const noToken = await expectRefused(saveGenerationConnection(fresh, { url: "https://engine.example.com/", token: "" }), "bad_request:generation_connection", /API token/);
    expect(noToken.field).toBe("token");
    expect(await storedRow(fresh.teamId)).toBeUndefined();
    expect(await auditOf(fresh.teamId)).toEqual([]);
  });

  it("a new address needs the token typed again; the same address with an empty token keeps it; a new token replaces it", async () => {
    const other = await recordingUpstream();
    try {
      // The stored token is bound to the address it was saved with: moving it elsewhere needs it typed.
      const before = await storedRow(owner.teamId);
      const auditBefore = await auditOf(owner.teamId);
      const retype = await expectRefused(saveGenerationConnection(owner, { url: other.url, token: "" }), "bad_request:generation_connection", /Enter the API token again for this address/);
      expect(retype.field).toBe("token");
      expect(await storedRow(owner.teamId)).toEqual(before);
      expect(await auditOf(owner.teamId)).toEqual(auditBefore);

      await saveGenerationConnection(owner, { url: other.url, token });
      expect(await teamGenerationTarget(owner)).toEqual({ url: `${other.url}/`, token });
      await saveGenerationConnection(owner, { url: `${other.url}/`, token: "" });
      expect(await teamGenerationTarget(owner)).toEqual({ url: `${other.url}/`, token });
      expect((await auditOf(owner.teamId)).slice(-2).map((a) => a.metadata)).toEqual([
        expect.objectContaining({ url: `${other.url}/`, previousUrl: `${upstream.url}/`, tokenReplaced: true }),
        expect.objectContaining({ url: `${other.url}/`, previousUrl: `${other.url}/`, tokenReplaced: false }),
      ]);
      const second = await teamToken(owner);
      await saveGenerationConnection(owner, { url: upstream.url, token: second });
      expect(await teamGenerationTarget(owner)).toEqual({ url: `${upstream.url}/`, token: second });
      token = second;
    } finally {
      await other.close();
    }
  });

  it("submissions and schema reads go to the team's address with the team's token", async () => {
    upstream.seen.length = 0;
    const client = await generationClientFor(member, ORIGIN);
    expect(await generationSourceFor(member)).toMatchObject({ kind: "team" });
    const result = await submitBatch(member, { recipe: recipe("via the team's upstream"), idempotencyKey: randomUUID() }, client);
    expect(result.submission).toBe("submitted");
    expect(upstream.seen.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(["GET /api/jobs/visionfit-flagship-v0.1.0/", "POST /api/batch/"]));
    expect(upstream.seen.every((r) => r.authorization === `Token ${token}`)).toBe(true);
    const names = (await client.listBatches()).map((b) => b.name);
    expect(names).toContain(upstreamBatchName("via the team's upstream", result.batchId));
  });

  it("tests a connection: connected with timing; one answer for every failure before HTTP; a bad token and not a Generation API told apart", async () => {
    const ok = await testGenerationConnection(admin, {});
    expect(ok).toMatchObject({ ok: true, generators: [GENERATOR] });
    expect(ok.message).toMatch(/^Connected — 1 generator: visionfit-flagship-v0\.1\.0 \(in \d+ ms\)$/);

    const badToken = await testGenerationConnection(admin, { url: upstream.url, token: "inf_not-a-real-token" });
    expect(badToken).toEqual({ ok: false, message: expect.stringMatching(/refused the token \(HTTP 401\)/) });

    const closed = await closedUrl();
    const website = await serveUpstream(async () => new Response("<html>hello</html>", { status: 404, headers: { "content-type": "text/html" } }));
    const wrongJson = await serveUpstream(async () => Response.json({ hello: "world" }));
    const silent = await serveUpstream(() => new Promise<Response>(() => {}));
    try {
      // A new address is tested with its own token, typed: the stored one never goes to it.
      const typed = { token: "inf_typed-for-this-test" };
      // Nothing listening and nothing answering read the same: a test cannot tell a closed port from a silent one.
      expect(await testGenerationConnection(admin, { url: closed.url, ...typed })).toEqual({ ok: false, message: expect.stringMatching(NO_ANSWER) });
      expect(await testGenerationConnection(admin, { url: silent.url, ...typed })).toEqual({ ok: false, message: expect.stringMatching(NO_ANSWER) });
      expect((await testGenerationConnection(admin, { url: website.url, ...typed })).message).toMatch(/answered, but not as a Generation API/);
      expect((await testGenerationConnection(admin, { url: wrongJson.url, ...typed })).message).toMatch(/answered, but not as a Generation API: .*does not match the contract/);
    } finally {
      closed.revoke();
      silent.server.closeAllConnections();
      await Promise.all([website.close(), wrongJson.close(), silent.close()]);
    }
    await expectRefused(testGenerationConnection(admin, { url: "file:///etc/passwd" }), "bad_request:generation_connection", /Only http/);
    // Testing writes nothing.
    expect((await auditOf(owner.teamId)).map((a) => a.action)).not.toContain("generation_connection.tested");
  });

  it("when the upstream goes down after the editor read the schema, the batch is kept as failed to submit and a retry sends it once", async () => {
    const flaky = await recordingUpstream();
    const port = flaky.port;
    // Allowed across the outage, as a self-hosted upstream's address stays listed while it is down.
    const revoke = allowOutbound(`127.0.0.1:${port}`);
    await saveGenerationConnection(owner, { url: flaky.url, token });
    // The editor page reads the schema while the upstream is up.
    expect("spec" in (await loadGeneratorSpec(member, ORIGIN))).toBe(true);
    await flaky.close();

    const down = await generationClientFor(member, ORIGIN);
    const failed = await submitBatch(member, { recipe: recipe("through an outage"), idempotencyKey: randomUUID() }, down);
    expect(failed.submission).toBe("failed_to_submit");
    expect(failed.failureReason).toMatch(/Could not reach the Generation API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);

    // Back on the same port: the retry goes through, and exactly one upstream batch exists.
    const again = await serve(async (request) => handleGenerationApi(request), port);
    try {
      const retried = await retrySubmission(member, failed.batchId, await generationClientFor(member, ORIGIN));
      expect(retried.submission).toBe("submitted");
      const upstreamNames = (await new GenerationClient(new HttpTransport({ baseUrl: again.url, token })).listBatches()).map((b) => b.name);
      expect(upstreamNames.filter((n) => n === upstreamBatchName("through an outage", failed.batchId))).toHaveLength(1);
    } finally {
      await again.close();
      revoke();
    }
  });

  it("clearing goes back to the built-in engine, deletes the sealed token and is audited", async () => {
    await clearGenerationConnection(owner);
    expect(await storedRow(owner.teamId)).toBeUndefined();
    expect(await getGenerationConnection(member)).toBeNull();
    expect(await generationSourceFor(member)).toEqual({ kind: "built-in" });
    expect((await auditOf(owner.teamId)).at(-1)).toMatchObject({ action: "generation_connection.cleared", actorId: owner.userId, metadata: { tokenHint: token.slice(-4) } });
    await expectRefused(clearGenerationConnection(owner), "not_found:generation_connection");
  });
});
