import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, batches, generationConnections } from "@/db/schema";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { isPortalError } from "@/lib/errors";
import { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { HttpTransport } from "@/lib/generation/transports/http";
import { jobArchive } from "@/lib/portal/batch-downloads";
import { submitBatch } from "@/lib/portal/batch-submission";
import { generationClientFor } from "@/lib/portal/generation";
import { saveGenerationConnection, testGenerationConnection } from "@/lib/portal/generation-connections";
import type { ActingMember } from "@/lib/portal/member";
import { createShareLink } from "@/lib/portal/share-links";
import { GET as shareJobDownload } from "@/app/api/share/[token]/jobs/[position]/download/route";
import { expectRefused } from "../support/db-counts";
import { ORIGIN, teamToken } from "../support/engine-api";
import { joinTeam, signUp } from "../support/factories";
import { HUGE_BYTES, SECRET, startHostileUpstream, type HostileUpstream } from "../support/hostile-upstream";
import { allowOutbound } from "../support/http-server";

const MIB = 1024 * 1024;
const GENERATOR = "visionfit-flagship-v0.1.0";
const REFUSED = (origin: string) => new RegExp(`^The portal does not connect to ${origin.replace(/[.[\]]/g, "\\$&")}: that host was not found, or it is not a public address\\. A server on a private network must be listed in OUTBOUND_ALLOW`);
const NO_ANSWER = /^No Generation API answered at \S+\. Check the address: the server may be down, slower than 5 s, or unreachable from the portal \(a Generation API on a private network must be listed in OUTBOUND_ALLOW by whoever runs the portal\)\.$/;

let owner: ActingMember;
let admin: ActingMember;
let hostile: HostileUpstream;
let revokeHostile: () => void;
let token: string;
let batchId: string;
let shareToken: string;

/** The anonymous share route exactly as Next calls it, for the batch's first job. */
function shareDownload(): Promise<Response> {
  const url = `${ORIGIN}/api/share/${shareToken}/jobs/1/download`;
  return shareJobDownload(new Request(url, { headers: { host: new URL(ORIGIN).host } }), { params: Promise.resolve({ token: shareToken, position: "1" }) });
}

async function downloadsRecorded(): Promise<number> {
  const db = await getDb();
  return (await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.targetId, batchId), eq(auditEvents.action, "batch.downloaded")))).length;
}

/** What a rejected promise was rejected with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error as Error,
  );
  expect(outcome, "it should have failed").toBeInstanceOf(Error);
  return outcome!;
}

/** Reads a body to the end or to its error, counting bytes and never keeping them. */
async function drain(body: ReadableStream<Uint8Array>): Promise<{ bytes: number; error?: Error }> {
  let bytes = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    return { bytes };
  } catch (error) {
    return { bytes, error: error as Error };
  }
}

/** Runs `work` while sampling this process's resident memory every 20 ms. */
async function withRss<T>(label: string, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - before;
    console.log(`[hostile upstream] ${label}: RSS ${(before / MIB).toFixed(0)} MiB before, peak ${(peak / MIB).toFixed(0)} MiB (+${(growth / MIB).toFixed(1)} MiB)`);
    return { result, before, peak, growth };
  } finally {
    clearInterval(sampler);
  }
}

function setEnv(name: string, value: string | undefined): () => void {
  const previous = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  return () => {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  };
}

beforeAll(async () => {
  exposeInProcess();
  owner = await signUp("hostile-owner");
  admin = await joinTeam(owner, "hostile-admin", "admin");
  hostile = await startHostileUpstream();
  // Only the hostile server's exact address and port, as a self-hosted deployment would list its upstream.
  revokeHostile = allowOutbound(`127.0.0.1:${hostile.port}`);
  token = await teamToken(owner);
  await saveGenerationConnection(owner, { url: hostile.url, token });
  const recipe = { generator: GENERATOR, kind: "preview", jobCount: 1, seed: 5, name: "through a hostile upstream", params: {} };
  const submitted = await submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, await generationClientFor(owner, ORIGIN));
  expect(submitted.submission).toBe("submitted");
  batchId = submitted.batchId;
  shareToken = (await createShareLink(owner, batchId)).token;
}, 180_000);

afterEach(() => {
  hostile.api = "contract";
  hostile.resultLink = (_jobId, own) => own;
});

afterAll(async () => {
  revokeHostile();
  await hostile.close();
  await stopQueue();
});

describe("saving a team's Generation API", () => {
  it("refuses a non-public IP literal at once, naming OUTBOUND_ALLOW; a name is left for the guard to judge when it connects", async () => {
    const fresh = await signUp("hostile-fresh");
    for (const [url, range] of [
      ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
      ["http://10.0.0.5:8080/", "private"],
      ["http://192.168.1.1/", "private"],
      ["http://100.64.0.1/", "carrierGradeNat"],
      [`http://[::1]:${hostile.port}/`, "loopback"],
      [`http://[::ffff:127.0.0.1]:${hostile.port}/`, "loopback"],
      [`http://127.0.0.1:${hostile.internal.port}/`, "loopback"],
      ["http://2130706433/", "loopback"],
      ["http://0.0.0.0:3000/", "unspecified"],
    ] as const) {
      const refused = await expectRefused(saveGenerationConnection(fresh, { url, token: "inf_typed" }), "bad_request:generation_connection", new RegExp(`it is not a public address \\(${range}\\)\\. If this portal is self-hosted next to that Generation API, whoever runs it can allow it with OUTBOUND_ALLOW=`));
      expect(refused.field, url).toBe("url");
    }
    const db = await getDb();
    expect(await db.select().from(generationConnections).where(eq(generationConnections.teamId, fresh.teamId))).toEqual([]);

    // `localhost` is a name: saved, then refused on every call because it resolves to loopback.
    const name = `http://localhost:${hostile.port}`;
    await saveGenerationConnection(fresh, { url: name, token: "inf_typed" });
    const seen = hostile.seen.length;
    const error = await failure((await generationClientFor(fresh, ORIGIN)).listGenerators());
    expect(error).toMatchObject({ name: "GenerationApiError", kind: "refused" });
    expect(error.message).toMatch(REFUSED(name));
    expect(hostile.seen.length).toBe(seen);
  });
});

describe("result links chosen by the upstream", () => {
  it("on another host: refused before any connection, for a member and for an anonymous share visitor", async () => {
    const recorded = await downloadsRecorded();
    for (const link of [`${hostile.internal.url}/secret.zip`, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", `http://localhost:${hostile.port}/api/results/x/`]) {
      hostile.resultLink = () => link;
      const member = await failure(jobArchive(owner, batchId, 0, await generationClientFor(owner, ORIGIN)));
      expect(isPortalError(member) && member.code).toBe("conflict:generation_api");
      expect(member.message).toMatch(/gave a result link on \S+, which is neither its own address \(http:\/\/127\.0\.0\.1:\d+\) nor a storage origin listed in RESULT_ORIGINS; the portal does not fetch it\./);

      const visitor = await shareDownload();
      expect(visitor.status).toBe(409);
      const text = await visitor.text();
      expect(JSON.parse(text)).toEqual({ detail: "The results could not be read from the Generation API just now. Try again later.", code: "conflict:generation_api" });
      expect(text).not.toContain(SECRET);
    }
    expect(hostile.internal.hits).toEqual([]);
    // Nothing went out, so nothing is recorded as downloaded.
    expect(await downloadsRecorded()).toBe(recorded);
  });

  it("on an allowed storage origin that is not public: refused by address, a name resolving to 127.0.0.1 included", async () => {
    for (const origin of [`http://localhost:${hostile.port}`, "http://169.254.169.254", hostile.internal.url]) {
      const restore = setEnv("RESULT_ORIGINS", origin);
      try {
        hostile.resultLink = () => `${origin}/secret.zip`;
        const error = await failure(jobArchive(owner, batchId, 0, await generationClientFor(owner, ORIGIN)));
        expect(error.message).toMatch(new RegExp(`^Could not read the results from the Generation API: The portal does not connect to ${origin.replace(/[.]/g, "\\.")}: that host was not found, or it is not a public address`));
        expect((await shareDownload()).status).toBe(409);
      } finally {
        restore();
      }
    }
    expect(hostile.internal.hits).toEqual([]);
  });

  it("on the API's origin, redirecting to an internal file: refused, never followed", async () => {
    hostile.resultLink = () => `${hostile.url}/redirect-to-internal`;
    const error = await failure(jobArchive(owner, batchId, 0, await generationClientFor(owner, ORIGIN)));
    expect(error.message).toMatch(/A result link on http:\/\/127\.0\.0\.1:\d+ answered with a redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\); the portal does not follow redirects from result links\./);
    const visitor = await shareDownload();
    expect(visitor.status).toBe(409);
    expect(await visitor.text()).not.toContain(SECRET);
    expect(hostile.internal.hits).toEqual([]);
    expect(hostile.seen.filter((r) => r.path === "/redirect-to-internal").every((r) => r.authorization === null)).toBe(true);
  });

  it("of 1.5 GB: refused at its first bytes (no zip) for a share visitor, before reading when declared past RESULT_MAX_BYTES, memory flat", async () => {
    const restore = setEnv("RESULT_MAX_BYTES", String(1024 * MIB));
    try {
      hostile.resultLink = () => `${hostile.url}/huge?bytes=${HUGE_BYTES}`;
      const { result, growth } = await withRss("1.5 GB result through the share download, cut at 1 GiB", async () => {
        const visitor = await shareDownload();
        return { status: visitor.status, body: await visitor.json() };
      });
      // A job's zip is rebuilt from checked entries: 1.5 GB of junk is refused at its first
      // bytes, before the answer has begun, so the visitor gets a status and a sentence.
      expect(result).toEqual({ status: 409, body: { detail: "The results could not be read from the Generation API just now. Try again later.", code: "conflict:generation_api" } });
      expect(growth).toBeLessThan(64 * MIB);

      // Declared up front: refused before a byte is sent.
      hostile.resultLink = () => `${hostile.url}/huge?bytes=${HUGE_BYTES}&declared`;
      const declared = await shareDownload();
      expect(declared.status).toBe(409);
      const member = await failure(jobArchive(owner, batchId, 0, await generationClientFor(owner, ORIGIN)));
      expect(member.message).toMatch(/is larger than 1\.07 GB \(RESULT_MAX_BYTES\)/);
    } finally {
      restore();
    }
  }, 240_000);

  it("that never starts or never ends: timed out with a sentence", async () => {
    const client = new GenerationClient(new HttpTransport({ baseUrl: hostile.url, token, timeoutMs: 100, retries: 0, resultIdleTimeoutMs: 300 }));
    const started = performance.now();
    const silent = await failure(client.streamResult(`${hostile.url}/never-starts`));
    expect(silent).toMatchObject({ kind: "timeout", message: expect.stringMatching(/^A result from http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.8 s\.$/) });
    const stalled = await drain(await client.streamResult(`${hostile.url}/never-ends`));
    expect(stalled.bytes).toBe(1);
    expect(stalled.error).toMatchObject({ kind: "timeout", message: expect.stringMatching(/^A result from http:\/\/127\.0\.0\.1:\d+ stopped arriving: nothing came for 0\.3 s\.$/) });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("the Generation API itself", () => {
  it("answering 1.5 GB: refused at 32 MiB, declared or streamed, with memory bounded by that cap", async () => {
    const client = new GenerationClient(new HttpTransport({ baseUrl: hostile.url, token, retries: 0 }));
    hostile.api = "huge";
    const { result: streamed } = await withRss("1.5 GB API answer, cut at 32 MiB", () => failure(client.listGenerators()));
    expect(streamed).toMatchObject({ kind: "invalid_response", status: 200 });
    expect(streamed.message).toMatch(/^The Generation API at http:\/\/127\.0\.0\.1:\d+ sent an answer larger than 33.6 MB; the portal stops reading there\.$/);
    hostile.api = "huge-declared";
    expect((await failure(client.listGenerators())).message).toMatch(/sent an answer larger than 33\.6 MB/);
  }, 60_000);

  it("that never starts or never ends: timed out, with one generic answer to a connection test", async () => {
    const client = new GenerationClient(new HttpTransport({ baseUrl: hostile.url, token, timeoutMs: 300, retries: 0 }));
    for (const mode of ["never-starts", "never-ends"] as const) {
      hostile.api = mode;
      const error = await failure(client.listGenerators());
      expect(error, mode).toMatchObject({ kind: "timeout", message: expect.stringMatching(/^The Generation API at http:\/\/127\.0\.0\.1:\d+ (did not answer within 0\.3 s|stopped arriving: nothing came for 0\.3 s)\.$/) });
    }
  });

  it("redirecting: refused, the internal server never reached, and a submission stores nothing", async () => {
    hostile.api = "redirect-to-internal";
    const client = await generationClientFor(owner, ORIGIN);
    const error = await failure(client.listGenerators());
    expect(error).toMatchObject({ kind: "invalid_response", status: 302 });
    expect(error.message).toMatch(/^The Generation API at http:\/\/127\.0\.0\.1:\d+ answered with a redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\)\. The portal does not follow redirects: enter the address it redirects to\.$/);
    const db = await getDb();
    const before = (await db.select({ id: batches.id }).from(batches).where(eq(batches.teamId, owner.teamId))).length;
    const recipe = { generator: GENERATOR, kind: "preview", jobCount: 1, seed: 6, name: "redirected", params: {} };
    await expect(submitBatch(owner, { recipe, idempotencyKey: randomUUID() }, client)).rejects.toThrow();
    expect((await db.select({ id: batches.id }).from(batches).where(eq(batches.teamId, owner.teamId))).length).toBe(before);
    expect(hostile.internal.hits).toEqual([]);
  });

  it("allowed as 127.0.0.1:<port> only: localhost, another loopback port, IPv6 loopback and a mapped address are refused", async () => {
    const reach = (baseUrl: string) => new GenerationClient(new HttpTransport({ baseUrl, token, retries: 0 })).listGenerators();
    expect((await reach(hostile.url)).map((g) => g.name)).toEqual([GENERATOR]);
    const seen = hostile.seen.length;
    for (const origin of [`http://localhost:${hostile.port}`, hostile.internal.url, `http://[::1]:${hostile.port}`, `http://[::ffff:7f00:1]:${hostile.port}`, "http://169.254.169.254", "http://10.0.0.1:8080"]) {
      const error = await failure(reach(origin));
      expect(error, origin).toBeInstanceOf(GenerationApiError);
      expect(error).toMatchObject({ kind: "refused", message: expect.stringMatching(REFUSED(origin)) });
    }
    expect(hostile.seen.length).toBe(seen);
    expect(hostile.internal.hits).toEqual([]);
  });
});

describe("the allow-list", () => {
  it("a range lets every address in it through, a host entry its exact name", async () => {
    const reach = (baseUrl: string) => new GenerationClient(new HttpTransport({ baseUrl, token, retries: 0 })).listGenerators();
    const localhost = `http://localhost:${hostile.port}`;
    await expect(reach(localhost)).rejects.toMatchObject({ kind: "refused" });
    for (const entry of ["127.0.0.0/8", `localhost:${hostile.port}`]) {
      const revoke = allowOutbound(entry);
      try {
        expect((await reach(localhost)).map((g) => g.name), entry).toEqual([GENERATOR]);
      } finally {
        revoke();
      }
    }
    // The range opens every port on loopback; the host entry only that name and port.
    const revoke = allowOutbound(`localhost:${hostile.port}`);
    try {
      await expect(reach(`http://localhost:${hostile.internal.port}`)).rejects.toMatchObject({ kind: "refused" });
    } finally {
      revoke();
    }
    expect(hostile.internal.hits).toEqual([]);
  });

  it("result fetches keep to the caller's byte cap and end when the caller leaves", async () => {
    const client = new GenerationClient(new HttpTransport({ baseUrl: hostile.url, token }));
    const capped = await drain(await client.streamResult(`${hostile.url}/huge?bytes=${8 * MIB}`, { maxBytes: 2 * MIB }));
    expect(capped.bytes).toBeLessThanOrEqual(2 * MIB);
    expect(capped.error?.message).toMatch(/is larger than 2\.1 MB/);
    const leaving = new AbortController();
    const body = await client.streamResult(`${hostile.url}/huge?bytes=${HUGE_BYTES}`, { signal: leaving.signal });
    const reader = body.getReader();
    await reader.read();
    leaving.abort();
    reader.releaseLock();
    // At most a chunk already on its way arrives after that, then the body ends in the cancellation.
    const rest = await drain(body);
    expect(rest.bytes).toBeLessThanOrEqual(2 * MIB);
    expect(rest.error).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/^The request to http:\/\/127\.0\.0\.1:\d+ was cancelled\.$/) });
    await expect(client.streamResult(`${hostile.url}/huge`, { signal: leaving.signal })).rejects.toMatchObject({ kind: "unavailable" });
  });
});

describe("testing a connection", () => {
  it("answers one sentence for every refused or silent address, and never sends the stored token to a new one", async () => {
    const seen = hostile.seen.length;
    // No token typed: the stored one is for the saved address only.
    for (const url of [hostile.internal.url, `http://localhost:${hostile.port}`, "http://169.254.169.254/"]) {
      const retype = await expectRefused(testGenerationConnection(admin, { url }), "bad_request:generation_connection", /Enter the API token again for this address/);
      expect(retype.field).toBe("token");
    }
    expect(hostile.seen.length).toBe(seen);

    const typed = "inf_typed-for-this-test";
    const answers: string[] = [];
    hostile.api = "never-starts";
    for (const url of [hostile.internal.url, `http://localhost:${hostile.port}`, "http://169.254.169.254/", "http://10.0.0.1:22/", `http://[::1]:${hostile.port}/`, hostile.url]) {
      const result = await testGenerationConnection(admin, { url, token: typed });
      expect(result.ok, url).toBe(false);
      expect(result.message, url).toMatch(NO_ANSWER);
      answers.push(result.message.replace(/ at \S+\./, " at <address>."));
    }
    expect(new Set(answers).size).toBe(1);
    // Only the allowed, silent hostile server was contacted, with the typed token; the internal one never.
    // (undici may send an idempotent GET again when a kept-alive socket closes before any answer.)
    const contacted = hostile.seen.slice(seen);
    expect(contacted.length).toBeGreaterThan(0);
    expect(new Set(contacted.map((r) => `${r.path} ${r.authorization}`))).toEqual(new Set([`/api/jobs/ Token ${typed}`]));
    expect(hostile.internal.hits).toEqual([]);
  });

  it("is throttled: ten tests per team in ten minutes, then a 429 with the wait", async () => {
    const team = await signUp("hostile-throttle");
    const url = "http://169.254.169.254/";
    for (let i = 0; i < 10; i++) expect((await testGenerationConnection(team, { url, token: "inf_typed" })).message).toMatch(NO_ANSWER);
    const refused = await failure(testGenerationConnection(team, { url, token: "inf_typed" }));
    expect(isPortalError(refused) && { code: refused.code, status: refused.status }).toEqual({ code: "rate_limited:generation_connection_test", status: 429 });
    expect(isPortalError(refused) && refused.retryAfterSeconds).toBeGreaterThan(500);
    expect(refused.message).toMatch(/^This team has tested its Generation API connection 10 times in the last 10 minutes\. Try again in (9|10) minutes\.$/);
    // Another team is not held back by this one.
    expect((await testGenerationConnection(admin, { url: hostile.url, token })).ok).toBe(true);
  });
});
