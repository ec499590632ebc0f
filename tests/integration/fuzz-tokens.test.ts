import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { shareLinks } from "@/db/schema";
import { API_TOKEN_PREFIX_LENGTH, newApiToken } from "@/lib/auth/api-token-format";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { authenticateToken } from "@/lib/engine/auth";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { createApiToken, revokeApiToken } from "@/lib/portal/api-tokens";
import { submitBatch } from "@/lib/portal/batch-submission";
import type { ActingMember } from "@/lib/portal/member";
import { createShareLink, listShareLinks, peekShareToken, resolveShareToken, revokeShareLink } from "@/lib/portal/share-links";
import { signUp } from "../support/factories";
import { ORIGIN } from "../support/engine-api";
import { FUZZ_RUNS, hostileText, mutated, Tally } from "../support/fuzz";

/**
 * The two bearer secrets, fuzzed where they are parsed and looked up: share-link tokens (the
 * path of `/r/<token>` and `/api/share/<token>/…`) and Generation API tokens (the
 * `Authorization: Token <t>` header). Near-misses of a live token (one character changed,
 * case, padding, base64 instead of base64url, whitespace), revoked and expired tokens, and
 * noise: only the exact live token opens anything, nothing throws, and a share link counts a
 * view only when it was really opened.
 */

let owner: ActingMember;
let batchId: string;
let liveShare: { id: string; token: string };
let revokedShare: string;
let expiredShare: string;
let liveApi: { token: string; teamId: string };
let revokedApi: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const SHARE_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const BASE64URL = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"];
const FUZZ_TIMEOUT_MS = 600_000;

/** A different visitor address for every lookup: dead links from one address are (rightly) throttled. */
let visitor = 0;
const nextVisitor = () => ({ ip: `198.18.${(visitor >> 8) & 255}.${visitor++ & 255}`, userAgent: "fuzz" });

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  owner = await signUp("fuzz-tokens");
  exposeInProcess();
  const recipe = { generator: "visionfit-flagship-v0.1.0", kind: "preview", jobCount: 1, seed: 3, name: "shared", params: {} };
  batchId = (await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, new GenerationClient(new InProcessTransport(owner.teamId, ORIGIN)))).batchId;
  liveShare = await createShareLink(owner, batchId);
  const revoked = await createShareLink(owner, batchId);
  await revokeShareLink(owner, revoked.id);
  revokedShare = revoked.token;
  const expired = await createShareLink(owner, batchId, { expiresInDays: 1 });
  await (await getDb()).update(shareLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(shareLinks.id, expired.id));
  expiredShare = expired.token;
  liveApi = { token: (await createApiToken(owner, "fuzz")).token, teamId: owner.teamId };
  const revokedToken = await createApiToken(owner, "fuzz revoked");
  await revokeApiToken(owner, revokedToken.id);
  revokedApi = revokedToken.token;
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await stopQueue();
});

/** Near-misses of a token: what a truncated copy, a retyped link or a base64 library makes of it. */
function nearMisses(token: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutated(token, 3) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        token,
        ` ${token}`,
        `${token} `,
        `${token}\n`,
        token.toUpperCase(),
        token.toLowerCase(),
        token.replace(/-/g, "+").replace(/_/g, "/"),
        `${token}=`,
        token.slice(0, -1),
        `${token}A`,
        `/r/${token}`,
        encodeURIComponent(`${token}/`),
        `${token}\u0000`,
      ),
    },
  );
}

describe("share-link and API tokens, fuzzed", () => {
  it(
    `only the exact live share token opens its report, and only a real visit counts (${FUZZ_RUNS.toLocaleString("en-US")} tokens)`,
    async () => {
      const tally = new Tally("share tokens (peek, and resolve for one in four)");
      const candidate = fc.oneof(
        { weight: 6, arbitrary: nearMisses(liveShare.token) },
        { weight: 1, arbitrary: fc.oneof(nearMisses(revokedShare), nearMisses(expiredShare)) },
        { weight: 2, arbitrary: fc.array(fc.constantFrom(...BASE64URL), { minLength: 43, maxLength: 43 }).map((c) => c.join("")) },
        { weight: 1, arbitrary: hostileText(60) },
      );
      let views = 0;
      await fc.assert(
        fc.asyncProperty(candidate, fc.nat(3), async (token, choice) => {
          const live = token === liveShare.token;
          const visit = choice === 0;
          const access = visit ? await resolveShareToken(token, nextVisitor()) : await peekShareToken(token, nextVisitor());
          if (visit && access) views++;
          tally.add(access ? "opened" : SHARE_TOKEN_SHAPE.test(token) ? "refused: well-formed, unknown, revoked or expired" : "refused: malformed");
          if (live !== (access !== null)) expect.fail(`${live ? "refused the live token" : "opened with"} ${fc.stringify(token)}`);
          if (access) expect({ batchId: access.batchId, teamId: access.teamId, linkId: access.linkId }).toEqual({ batchId, teamId: owner.teamId, linkId: liveShare.id });
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
      expect(tally.get("opened")).toBeGreaterThan(50);
      expect(tally.get("refused: well-formed, unknown, revoked or expired")).toBeGreaterThan(FUZZ_RUNS / 10);
      // Peeks and refused visits count nothing; each opened visit counts one view.
      const [live] = (await listShareLinks(owner, batchId)).filter((l) => l.id === liveShare.id);
      expect(live!.viewCount).toBe(views);
      expect(unhandled).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `only "Token <the live token>" authenticates, in any case and spacing (${FUZZ_RUNS.toLocaleString("en-US")} headers)`,
    async () => {
      const tally = new Tally("API token headers");
      const scheme = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("Token ", "token ", "TOKEN\t", "Token   ", "ToKeN \t ") },
        { weight: 1, arbitrary: fc.constantFrom("Bearer ", "Token", "Tokens ", "Basic ", "", "Token: ", "Token=", "Tok en ") },
        { weight: 1, arbitrary: mutated("Token ", 1) },
      );
      const secret = fc.oneof({ weight: 6, arbitrary: nearMisses(liveApi.token) }, { weight: 1, arbitrary: nearMisses(revokedApi) }, { weight: 1, arbitrary: hostileText(60) });
      const header = fc.oneof(
        { weight: 20, arbitrary: fc.tuple(scheme, secret, fc.constantFrom("", " ", "\t", "  ", " x")).map(([s, t, end]) => s + t + end) },
        { weight: 1, arbitrary: fc.constant<string | null>(null) },
        { weight: 1, arbitrary: hostileText(80) },
      );
      await fc.assert(
        fc.asyncProperty(header, async (value) => {
          // The documented form: the word Token in any case, whitespace, the token, nothing else.
          const presented = value?.match(/^token\s+(\S+)\s*$/i)?.[1];
          const caller = await authenticateToken(value);
          tally.add(caller ? "authenticated" : presented === undefined ? "refused: not Token <t>" : "refused: not a live token");
          if ((presented === liveApi.token) !== (caller !== null)) expect.fail(`${caller ? "accepted" : "refused"} ${fc.stringify(value)}`);
          if (caller) expect(caller.teamId).toBe(liveApi.teamId);
        }),
        { numRuns: FUZZ_RUNS },
      );
      tally.print();
      expect(tally.get("authenticated")).toBeGreaterThan(50);
      expect(tally.get("refused: not a live token")).toBeGreaterThan(FUZZ_RUNS / 10);
      expect(unhandled).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it("new API tokens are inf_ and 43 base64url characters, shown by a 12-character prefix, never twice the same", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const { token, prefix } = newApiToken();
      expect(token).toMatch(/^inf_[A-Za-z0-9_-]{43}$/);
      expect(prefix).toBe(token.slice(0, API_TOKEN_PREFIX_LENGTH));
      seen.add(token);
    }
    expect(seen.size).toBe(1_000);
  });
});
