import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { shareLinks } from "@/db/schema";
import { requestMetaFrom } from "@/lib/api/request-context";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { isPortalError } from "@/lib/errors";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { submitBatch } from "@/lib/portal/batch-submission";
import type { ActingMember } from "@/lib/portal/member";
import { addressOf, peek, reset } from "@/lib/portal/rate-limit";
import { createShareLink, peekShareToken, resolveShareToken, revokeShareLink } from "@/lib/portal/share-links";
import { shareLookupLimit } from "@/lib/portal/share-lookup-limit";
import { GET as statusRoute } from "@/app/api/share/[token]/status/route";
import { GET as jobsRoute } from "@/app/api/share/[token]/jobs/route";
import { GET as downloadRoute } from "@/app/api/share/[token]/download/route";
import { GET as jobDownloadRoute } from "@/app/api/share/[token]/jobs/[position]/download/route";
import { GET as mediaRoute } from "@/app/api/share/[token]/jobs/[position]/media/route";
import { signUp, uniqueIp } from "../support/factories";
import { ORIGIN } from "../support/engine-api";

const limit = shareLookupLimit();
const REFUSAL = /^Too many share links that do not work were opened from your network\. Wait \d+ minutes, then try your link again\.$/;

let owner: ActingMember;
let token: string;
let revokedToken: string;
let expiredToken: string;

/** A token of the right form that no link has. */
const deadToken = () => randomBytes(32).toString("base64url");

/** A dead token of each kind, in turn: unknown, revoked, expired. */
const deadTokens = (n: number) => Array.from({ length: n }, (_, i) => [deadToken(), revokedToken, expiredToken][i % 3]!);

async function expectRefused(lookup: Promise<unknown>) {
  const error = await lookup.then(
    () => expect.fail("the lookup should have been refused"),
    (e: unknown) => e,
  );
  expect(isPortalError(error) && error.code).toBe("rate_limited:share_lookup");
  expect(isPortalError(error) && error.status).toBe(429);
  expect(isPortalError(error) && error.retryAfterSeconds).toBeGreaterThan(0);
  expect(isPortalError(error) && error.retryAfterSeconds).toBeLessThanOrEqual(limit.windowSeconds);
  expect((error as Error).message).toMatch(REFUSAL);
}

beforeAll(async () => {
  owner = await signUp("share-limit");
  exposeInProcess();
  const client = new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN));
  const recipe = { generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 2, seed: 5, name: "limited", params: { exercise: { mode: "random" } } };
  const { batchId } = await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client);
  token = (await createShareLink(owner, batchId)).token;
  const revoked = await createShareLink(owner, batchId);
  await revokeShareLink(owner, revoked.id);
  revokedToken = revoked.token;
  const expired = await createShareLink(owner, batchId, { expiresInDays: 1 });
  await (await getDb()).update(shareLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(shareLinks.id, expired.id));
  expiredToken = expired.token;
});

afterAll(async () => {
  await stopQueue();
});

describe("share-token lookups per address", () => {
  it("are 30 dead links in 10 minutes by default", () => {
    expect([limit.max, limit.windowSeconds]).toEqual([30, 600]);
  });

  it("count dead links; past the limit every link is refused to that address, a working one too; other addresses are not", async () => {
    const scanner = { ip: uniqueIp() };
    const tokens = deadTokens(limit.max);
    for (const [i, dead] of tokens.entries()) {
      // Visits and peeks alike count: the page, the routes and the preview image each look up.
      expect(await (i % 2 ? peekShareToken(dead, scanner) : resolveShareToken(dead, scanner))).toBeNull();
    }
    const db = await getDb();
    expect(await peek(db, limit, addressOf(scanner))).toMatchObject({ hits: limit.max, limited: true });
    await expectRefused(peekShareToken(deadToken(), scanner));
    await expectRefused(resolveShareToken(deadToken(), scanner));
    // A working token is refused as well: answering it would tell the scanner it found one.
    await expectRefused(peekShareToken(token, scanner));
    await expectRefused(resolveShareToken(token, scanner));
    // Refused lookups are not looked up, so they count nothing more.
    expect((await peek(db, limit, addressOf(scanner))).hits).toBe(limit.max);

    expect(await peekShareToken(token, { ip: uniqueIp() })).toMatchObject({ batchId: expect.any(String) });
  });

  it("never count a working link: a visitor polling status and loading the gallery is never refused", async () => {
    const visitor = { ip: uniqueIp() };
    expect(await resolveShareToken(token, visitor)).not.toBeNull();
    for (let i = 0; i < limit.max * 5; i++) expect(await peekShareToken(token, visitor)).not.toBeNull();
    expect(await resolveShareToken(token, visitor)).not.toBeNull();
    const db = await getDb();
    expect((await peek(db, limit, addressOf(visitor))).hits).toBe(0);
  });

  it("do not count malformed tokens (no database work at all), nor the metadata's second look at a dead link", async () => {
    const from = { ip: uniqueIp() };
    for (const malformed of ["", "short", "x".repeat(44), `${"a".repeat(42)}!`, "../../etc/passwd"]) {
      expect(await peekShareToken(malformed, from)).toBeNull();
      expect(await resolveShareToken(malformed, from)).toBeNull();
    }
    expect(await peekShareToken(deadToken(), from, { countFailure: false })).toBeNull();
    const db = await getDb();
    expect((await peek(db, limit, addressOf(from))).hits).toBe(0);
  });

  it("the count lives in the database: a fresh copy of the code (another process) continues it", async () => {
    const from = { ip: uniqueIp() };
    for (const dead of deadTokens(limit.max - 1)) await peekShareToken(dead, from);
    vi.resetModules();
    const fresh = await import("@/lib/portal/share-links");
    expect(fresh.peekShareToken).not.toBe(peekShareToken);
    expect(await fresh.peekShareToken(deadToken(), from)).toBeNull();
    // Its own copy of PortalError, too: compared by code, not by class.
    await expect(fresh.peekShareToken(token, from)).rejects.toMatchObject({ code: "rate_limited:share_lookup", status: 429 });
    await expectRefused(peekShareToken(token, from));
  });
});

describe("the share routes", () => {
  /** A visitor's request to a share route, as Next hands it over, from one client. */
  function call(route: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string, params: Record<string, string>, client: string) {
    const request = new Request(`${ORIGIN}${path}`, { headers: { host: new URL(ORIGIN).host, "x-forwarded-for": client, "user-agent": "share-limit test" } });
    return route(request, { params: Promise.resolve(params) });
  }

  it("answer 429 with Retry-After and the sentence once an address has tried too many dead links, on every route", async () => {
    const client = uniqueIp();
    // The address the routes read from this client's requests, however they read it.
    const address = addressOf(requestMetaFrom(new Headers({ "x-forwarded-for": client })));
    const db = await getDb();
    await reset(db, limit, address);
    try {
      for (const dead of deadTokens(limit.max)) {
        const response = await call(statusRoute, `/api/share/${dead}/status`, { token: dead }, client);
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ detail: "This link does not exist, has expired or was revoked." });
      }
      const another = deadToken();
      const refused = [
        call(statusRoute, `/api/share/${token}/status`, { token }, client),
        call(jobsRoute, `/api/share/${token}/jobs?offset=0&limit=5`, { token }, client),
        call(downloadRoute, `/api/share/${token}/download?what=parameters.csv`, { token }, client),
        call(jobDownloadRoute, `/api/share/${token}/jobs/1/download`, { token, position: "1" }, client),
        call(mediaRoute, `/api/share/${token}/jobs/1/media?file=video_preview.png`, { token, position: "1" }, client),
        call(statusRoute, `/api/share/${another}/status`, { token: another }, client),
      ];
      for (const response of await Promise.all(refused)) {
        expect(response.status).toBe(429);
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= limit.windowSeconds).toBe(true);
        expect(response.headers.get("cache-control")).toBe("no-store");
        const body = (await response.json()) as { detail: string; code: string };
        expect(body.code).toBe("rate_limited:share_lookup");
        expect(body.detail).toMatch(REFUSAL);
      }
    } finally {
      // The address may be shared by other files' route calls (when it cannot be read from the request).
      await reset(db, limit, address);
    }
    // Another visitor of the working link is served.
    const other = await call(statusRoute, `/api/share/${token}/status`, { token }, uniqueIp());
    expect(other.status).toBe(200);
  });
});
