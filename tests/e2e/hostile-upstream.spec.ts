import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { GenerationApiPage } from "./pages/generation-api-page";
import { createShareLink, submitPreviewBatch } from "./pages/shared-batch";
import { ATTACKS, HOSTILE_GENERATOR, SECRET, startHostileApi, type Attack, type HostileApi } from "./support/hostile-api";
import { startPortalServer, type PortalServer } from "./support/portal-server";
import { createScratchDatabase } from "../support/scratch-database";

/**
 * The portal as a production process, its team's Generation API a hostile server: each job of
 * one batch answers its result link with another attack. Every way a member or an anonymous
 * share visitor can make the server read a result is tried on every job, while the server's
 * memory (its resident set, from /proc) and /api/health are watched. The same attacks are
 * taken apart one by one in tests/integration/hostile-*.test.ts; this is the whole server.
 *
 * The server runs on the real Postgres when TEST_DATABASE_URL names one (as in CI and in
 * production), and is then held to 300 MB. On the embedded database (PGlite: Postgres compiled
 * to WebAssembly, inside the server's own process, some 400 MB before any request) it is held
 * to 100 MB over what it used before the attacks.
 */
const MIB = 1024 * 1024;
const RSS_LIMIT_MIB = 300;
const RSS_GROWTH_LIMIT_MIB = 100;
const SHARED_FAILURE = "The results could not be read from the Generation API just now. Try again later.";
const NO_ANSWER = /^No Generation API answered at \S+\. Check the address: the server may be down, slower than 5 s, or unreachable from the portal/;

/** What the member is told for each attack, in the gallery (a zip download ends with the same words). */
const MEMBER_REFUSAL: Record<Exclude<Attack, "a good job, for comparison">, RegExp> = {
  "a redirect to an internal server": /answered with a redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\); the portal does not follow redirects/,
  "a link to cloud metadata on another host": /gave a result link on http:\/\/169\.254\.169\.254, which is neither its own address/,
  "a DNS name that resolves to 127.0.0.1": /The portal does not connect to http:\/\/localhost:\d+: that host was not found, or it is not a public address/,
  "a 1.5 GB body": /The result is not a zip/,
  "a zip bomb (2 MB inflating to a 2 GiB labels.json)": /labels\.json" declares 2\.15 GB, more than the 537 MB/,
  "an entry named ../../x": /named "\.\.\/\.\.\/x", which has a "\.\." segment/,
  "a body that never ends": /stopped arriving: nothing came for 60 s/,
};

interface Outcome {
  status: number;
  body: string;
  /** The sentence of a refusal (`{"detail": …}`). */
  detail?: string;
  /** Set when the body ended early (a download stopped on a refusal after its headers went out). */
  error?: string;
}

/** One GET as a browser or curl makes it, read to its end. */
async function get(url: string, cookie?: string): Promise<Outcome> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} }).catch((error: Error) => ({ failed: String(error.cause ?? error) }));
  if ("failed" in response) return { status: 0, body: "", error: response.failed };
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks).toString("latin1");
    return { status: response.status, body, detail: response.headers.get("content-type")?.includes("json") ? (JSON.parse(body) as { detail?: string }).detail : undefined };
  } catch (error) {
    return { status: response.status, body: Buffer.concat(chunks).toString("latin1"), error: String((error as Error).cause ?? error) };
  }
}

/** The resident set of a process and its descendants, in MiB, from /proc. */
function treeRssMiB(pid: number): number {
  let kib = 0;
  const visit = (id: number) => {
    try {
      kib += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        for (const child of readFileSync(`/proc/${id}/task/${task}/children`, "utf8").split(" ").filter(Boolean)) visit(Number(child));
      }
    } catch {
      // The process ended between two reads.
    }
  };
  visit(pid);
  return kib / 1024;
}

/** Samples the server's memory and how long /api/health takes to answer, until stopped. */
function watch(portal: PortalServer) {
  const figures = { rssBeforeMiB: treeRssMiB(portal.pid()), rssPeakMiB: 0, healthSlowestMs: 0, healthFailures: 0 };
  figures.rssPeakMiB = figures.rssBeforeMiB;
  const memory = setInterval(() => (figures.rssPeakMiB = Math.max(figures.rssPeakMiB, treeRssMiB(portal.pid()))), 100);
  let watching = true;
  const health = (async () => {
    while (watching) {
      const started = Date.now();
      const ok = await fetch(`${portal.origin}/api/health`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
      figures.healthSlowestMs = Math.max(figures.healthSlowestMs, Date.now() - started);
      if (!ok) figures.healthFailures++;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return async () => {
    watching = false;
    clearInterval(memory);
    await health;
    return figures;
  };
}

let hostile: HostileApi;
let portal: PortalServer;
let portalTmp: string;
let database: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;

test.beforeAll(async () => {
  hostile = await startHostileApi();
  // A temporary folder of its own, to show that no spooled part of a refused result stays behind.
  portalTmp = mkdtempSync(path.join(tmpdir(), "hostile-portal-"));
  database = process.env.TEST_DATABASE_URL ? await createScratchDatabase(process.env.TEST_DATABASE_URL, "portal_hostile") : undefined;
  portal = await startPortalServer({
    ...(database ? { DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64url") } : {}),
    OUTBOUND_ALLOW: `127.0.0.1:${hostile.port}`,
    // Allowed as a storage origin by name: its address (loopback) must still be refused.
    RESULT_ORIGINS: hostile.storageOrigin,
    TMPDIR: portalTmp,
  });
});

test.afterEach(({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(`[hostile upstream] the portal printed:\n${portal?.output().slice(-6000)}`);
});

test.afterAll(async () => {
  await portal?.stop();
  await hostile?.close();
  await database?.drop();
  rmSync(portalTmp, { recursive: true, force: true });
});

test("a hostile Generation API: every attack refused with a sentence, nothing internal reached, the server's memory bounded (under 300 MB on Postgres)", async ({ browser }) => {
  test.setTimeout(600_000);
  const context = await browser.newContext({ baseURL: portal.origin });
  const page = await context.newPage();
  await signUp(page, "Hana Hostile", uniqueEmail("hostile"));

  // Test connection to a name that resolves to loopback: the generic sentence, and nothing reaches it.
  const settings = new GenerationApiPage(page);
  await settings.goto();
  await settings.fill(`${hostile.storageOrigin}/`, "inf_hostile_token_0123456789");
  await settings.testConnection();
  await expect(settings.testResult()).toHaveText(NO_ANSWER);
  expect(hostile.seen).toEqual([]);
  await settings.fill(`${hostile.url}/`, "inf_hostile_token_0123456789");
  await settings.save();

  // One job per attack, submitted through the editor like any batch.
  await page.goto("/workflows/new");
  await expect(page.getByText(HOSTILE_GENERATOR).first()).toBeVisible();
  const batchId = await submitPreviewBatch(page, "Hostile results", ATTACKS.length);
  const shareUrl = new URL(await createShareLink(page));
  const shareToken = shareUrl.pathname.split("/").pop()!;
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const member = (p: string) => get(`${portal.origin}/api/portal/batches/${batchId}${p}`, cookie);
  const visitor = (p: string) => get(`${portal.origin}/api/share/${shareToken}${p}`);
  const ways = {
    "member gallery": (n: number) => member(`/jobs/${n}/media?file=video_preview.png`),
    "member job zip": (n: number) => member(`/jobs/${n}/download`),
    "visitor gallery": (n: number) => visitor(`/jobs/${n}/media?file=video_preview.png`),
    "visitor job zip": (n: number) => visitor(`/jobs/${n}/download`),
  };

  const stopWatching = watch(portal);
  const outcomes = new Map<string, Outcome>();
  const tryJob = async (attack: Attack, only: (keyof typeof ways)[] = ["member gallery", "member job zip", "visitor gallery", "visitor job zip"]) => {
    const position = ATTACKS.indexOf(attack) + 1;
    for (const way of only) outcomes.set(`${attack} · ${way}`, await ways[way](position));
  };
  // The body that never ends costs a minute (the idle limit) per read: it runs beside the rest,
  // through the gallery only (the visitor then gets the remembered failure at once). Downloads
  // of such a body are timed out the same way in tests/integration/hostile-upstream.test.ts.
  const slow = tryJob("a body that never ends", ["member gallery", "visitor gallery"]);
  for (const attack of ATTACKS.filter((a) => a !== "a body that never ends")) await tryJob(attack);
  for (const [way, request] of Object.entries({ "member batch zip": () => member("/download"), "member COCO": () => member("/download?what=coco"), "visitor batch zip": () => visitor("/download"), "visitor COCO": () => visitor("/download?what=coco") })) {
    outcomes.set(way, await request());
  }
  await slow;
  const figures = await stopWatching();

  for (const [what, outcome] of outcomes) console.log(`[hostile upstream] ${what}: ${outcome.status}${outcome.error ? ` then ended early (${outcome.error})` : ""} ${outcome.body.slice(0, 160).replace(/\s+/g, " ")}`);
  const rssLimitMiB = database ? RSS_LIMIT_MIB : figures.rssBeforeMiB + RSS_GROWTH_LIMIT_MIB;
  console.log(
    `[hostile upstream] server on ${database ? "Postgres" : "the embedded PGlite"}: RSS ${figures.rssBeforeMiB.toFixed(0)} MiB before, peak ${figures.rssPeakMiB.toFixed(0)} MiB (limit ${rssLimitMiB.toFixed(0)}); /api/health slowest ${figures.healthSlowestMs} ms, ${figures.healthFailures} failed; ` +
      `bytes the attacks sent before the portal hung up: ${[...hostile.bytesSent].map(([a, b]) => `${a} ${(b / MIB).toFixed(1)} MiB`).join(", ")}`,
  );

  // The good job is served whole, to members and visitors alike.
  for (const way of Object.keys(ways)) {
    const good = outcomes.get(`a good job, for comparison · ${way}`)!;
    expect(good, way).toMatchObject({ status: 200 });
    expect(good.error, way).toBeUndefined();
  }
  for (const attack of ATTACKS.filter((a): a is keyof typeof MEMBER_REFUSAL => a !== "a good job, for comparison")) {
    // Refused before a byte went out: 409 with the reason for the member, the generic sentence for a visitor.
    const refused = ["a zip bomb (2 MB inflating to a 2 GiB labels.json)", "a body that never ends"].includes(attack) ? ["member gallery", "visitor gallery"] : ["member gallery", "member job zip", "visitor gallery", "visitor job zip"];
    for (const way of refused) {
      const outcome = outcomes.get(`${attack} · ${way}`)!;
      expect(outcome.status, `${attack} · ${way}`).toBe(409);
      if (way.startsWith("member")) expect(outcome.detail, `${attack} · ${way}`).toMatch(MEMBER_REFUSAL[attack]);
      else expect(outcome.detail, `${attack} · ${way}`).toBe(SHARED_FAILURE);
    }
  }
  // A bomb is only known as one once its first entry has been copied on (still compressed) and
  // the next header shows the zip declaring more than a result may hold: the download is then
  // ended, so the browser reports it failed instead of saving a complete-looking file.
  for (const way of ["member job zip", "visitor job zip"]) {
    const bomb = outcomes.get(`a zip bomb (2 MB inflating to a 2 GiB labels.json) · ${way}`)!;
    expect(bomb.status >= 400 || bomb.error !== undefined, way).toBe(true);
  }
  // The batch zip and the merged COCO file stop at the first refused job (the redirect).
  for (const way of ["member batch zip", "member COCO", "visitor batch zip", "visitor COCO"]) {
    const whole = outcomes.get(way)!;
    expect(whole.status, way).toBe(409);
    if (way.startsWith("member")) expect(whole.detail, way).toMatch(MEMBER_REFUSAL["a redirect to an internal server"]);
    else expect(whole.detail, way).toBe(SHARED_FAILURE);
  }
  for (const [what, outcome] of outcomes) {
    expect(outcome.body, what).not.toContain(SECRET);
    expect(outcome.body, what).not.toMatch(/at \S+\.(js|ts):\d+/);
  }

  // Nothing reached the internal server, nothing went to the name that resolves to loopback or
  // to the metadata address, and no spooled part of a refused result stayed on disk.
  expect(hostile.internalHits).toEqual([]);
  expect(hostile.seen.filter((request) => request.includes("localhost"))).toEqual([]);
  expect(readdirSync(portalTmp).filter((name) => name.startsWith("infinity-"))).toEqual([]);
  expect(figures.rssPeakMiB).toBeLessThan(rssLimitMiB);
  expect(figures.healthFailures).toBe(0);
  await context.close();
});
