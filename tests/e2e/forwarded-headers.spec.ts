import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import Papa from "papaparse";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { createShareLink, submitPreviewBatch } from "./pages/shared-batch";
import { startPortalServer, type PortalServer } from "./support/portal-server";

/** What a client can claim about itself; none of it is believed from a peer that is not a configured proxy. */
const FORGED = {
  "x-forwarded-for": "203.0.113.66",
  "x-real-ip": "203.0.113.66",
  forwarded: "for=203.0.113.66;host=evil.example;proto=https",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
};
/** Where the test's own connections come from: Chromium and Node reach localhost over either family. */
const LOOPBACK = ["127.0.0.1", "::1"];
/** The audit actions of a workflow save, a batch submit, a share link and a download through it. */
const ACTIONS = ["user.signed_up", "workflow.created", "batch.created", "batch.submitted", "share_link.created", "batch.downloaded"];

/** The audit rows of the signed-in owner's team, as the CSV export gives them: action → addresses. */
async function auditAddresses(request: APIRequestContext): Promise<Map<string, string[]>> {
  const response = await request.get("/api/portal/audit/export");
  expect(response.status()).toBe(200);
  const parsed = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
  const byAction = new Map<string, string[]>();
  for (const row of parsed.data) byAction.set(row.action!, [...(byAction.get(row.action!) ?? []), row.ip!]);
  return byAction;
}

/**
 * One person's day, with `headers` on every request: signs up, saves a workflow, submits it,
 * shares it; a visitor (with `visitorHeaders`) downloads through the link. Returns the share
 * link as shown, the owner's context, and what the visitor's page says its preview image is.
 */
async function workflowSubmitShareDownload(browser: Browser, baseURL: string, headers: Record<string, string>, visitorHeaders: Record<string, string>) {
  const owner = await browser.newContext({ baseURL, extraHTTPHeaders: headers });
  const page = await owner.newPage();
  await signUp(page, "Fran Forwarded", uniqueEmail("forwarded"));
  await submitPreviewBatch(page, "forwarded probe", 1, { saveFirst: true });
  const shareUrl = await createShareLink(page);
  const token = shareUrl.split("/r/")[1]!;

  const visitor = await browser.newContext({ baseURL, extraHTTPHeaders: visitorHeaders });
  const download = await visitor.request.get(`/api/share/${token}/download?what=parameters.csv`);
  expect(download.status()).toBe(200);
  const shared = await visitor.newPage();
  await shared.goto(`/r/${token}`);
  const ogImage = await shared.locator('meta[property="og:image"]').getAttribute("content");
  await visitor.close();
  return { owner, page, shareUrl, ogImage: ogImage! };
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
}

test("a client's own X-Forwarded-For, -Host and -Proto are ignored: audit rows record the socket's address, links stay on the real host", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const { owner, page, shareUrl, ogImage } = await workflowSubmitShareDownload(browser, baseURL!, FORGED, { ...FORGED, "x-forwarded-for": "198.51.100.99" });

  const addresses = await auditAddresses(page.request);
  for (const action of ACTIONS) {
    expect(addresses.get(action), `an audit row for ${action}`).toBeDefined();
    for (const ip of addresses.get(action)!) expect(LOOPBACK, `${action} recorded ${ip}`).toContain(ip);
  }
  expect([...addresses.values()].flat()).not.toContain("203.0.113.66");
  expect([...addresses.values()].flat()).not.toContain("198.51.100.99");

  // Absolute links are built on the host the browser really reached.
  expect(new URL(shareUrl).origin).toBe(origin);
  expect(new URL(ogImage).origin).toBe(origin);
  await page.goto("/settings/api-tokens");
  await expect(page.getByTestId("api-usage")).toContainText(`${origin}/api/jobs/`);
  // A forged "https" neither makes the session cookie Secure-named nor earns HSTS.
  expect((await sessionCookie(owner))?.name).toBe("authjs.session-token");
  expect((await page.request.get("/login")).headers()["strict-transport-security"]).toBeUndefined();
  await owner.close();
});

test.describe("behind a proxy named in TRUST_PROXY", () => {
  let server: PortalServer;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    server = await startPortalServer({ TRUST_PROXY: "loopback" });
  });
  test.afterAll(async () => server?.stop());

  test("the client the proxy names is recorded, whatever the client wrote to the left of it", async ({ browser }) => {
    test.setTimeout(180_000);
    // The client claimed 203.0.113.5; the proxy (this test, on loopback) appended the address it saw.
    const { owner, page } = await workflowSubmitShareDownload(browser, server.origin, { "x-forwarded-for": "203.0.113.5, 198.51.100.23" }, { "x-forwarded-for": "198.51.100.99" });
    const addresses = await auditAddresses(page.request);
    for (const action of ACTIONS.filter((a) => a !== "batch.downloaded")) {
      expect(addresses.get(action), `an audit row for ${action}`).toBeDefined();
      for (const ip of addresses.get(action)!) expect(ip, action).toBe("198.51.100.23");
    }
    expect(addresses.get("batch.downloaded")).toEqual(["198.51.100.99"]);
    await owner.close();
  });

  test("its X-Forwarded-Proto and -Host are believed: Secure cookies and HSTS over https, links on the host it names", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: server.origin });
    const overHttps = await request.get("/api/auth/csrf", { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers()["set-cookie"]).toMatch(/^__Host-authjs\.csrf-token=[^;]+;.*\bSecure\b/im);
    expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=31536000");
    expect(directives(overHttps.headers()["content-security-policy"]!)).toContain("upgrade-insecure-requests");
    const overHttp = await request.get("/api/auth/csrf");
    expect(overHttp.headers()["set-cookie"]).toMatch(/^authjs\.csrf-token=/im);
    expect(overHttp.headers()["set-cookie"]).not.toMatch(/\bSecure\b/i);
    expect(overHttp.headers()["strict-transport-security"]).toBeUndefined();

    const session = await signInDemo(server.origin, {});
    const snippet = await fetch(`${server.origin}/settings/api-tokens`, { headers: { cookie: session, "x-forwarded-host": "portal.example.test", "x-forwarded-proto": "https" }, redirect: "manual" });
    expect(snippet.status).toBe(200);
    expect(await snippet.text()).toContain("https://portal.example.test/api/jobs/");
    await request.dispose();
  });
});

test.describe("with PUBLIC_ORIGIN", () => {
  let server: PortalServer;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    server = await startPortalServer({ PUBLIC_ORIGIN: "https://portal.example.test" });
  });
  test.afterAll(async () => server?.stop());

  test("https there means Secure cookies, HSTS and links on that origin, even reached over plain http and whatever the client forges", async () => {
    const csrf = await fetch(`${server.origin}/api/auth/csrf`, { headers: FORGED });
    expect(csrf.headers.getSetCookie().join("\n")).toMatch(/^__Host-authjs\.csrf-token=[^;]+;.*\bSecure\b/m);
    expect(csrf.headers.get("strict-transport-security")).toBe("max-age=31536000");

    const session = await signInDemo(server.origin, FORGED);
    expect(session).toMatch(/^__Secure-authjs\.session-token=/);
    const page = await fetch(`${server.origin}/settings/api-tokens`, { headers: { ...FORGED, cookie: session }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("https://portal.example.test/api/jobs/");
    expect(html).not.toContain("evil.example");
  });
});

/** The directive names of a policy. */
function directives(policy: string): string[] {
  return policy.split(";").map((d) => d.trim().split(/\s+/)[0]!);
}

/**
 * Signs the seeded demo user in through Auth.js's own credentials endpoint, as a browser's
 * form would, and returns the session cookie (name=value) it set; checks that cookie's flags.
 */
async function signInDemo(origin: string, headers: Record<string, string>): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`, { headers });
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "demo@infinity.local", password: "infinity-demo", csrfToken, callbackUrl: "/workflows" }),
  });
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => /authjs\.session-token=/.test(c));
  expect(cookie, `a session cookie; answered ${response.headers.get("location")}`).toBeTruthy();
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  if (cookie!.startsWith("__Secure-")) expect(cookie).toMatch(/;\s*Secure/i);
  return cookie!.split(";")[0]!;
}
