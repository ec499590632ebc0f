import { expect, test, type APIResponse, type BrowserContext, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage } from "./pages/batch-report-page";
import { GalleryPanel } from "./pages/gallery-panel";
import { createShareLink, submitPreviewBatch } from "./pages/shared-batch";
import { serve } from "../support/http-server";

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

function nonceOf(policy: string): string {
  const nonce = directives(policy).get("script-src")?.map((s) => /^'nonce-(.+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, `a nonce in script-src of: ${policy}`).toBeTruthy();
  return nonce!;
}

/** Every security header of one response; a message names the response when one is missing. */
function expectSecurityHeaders(what: string, response: APIResponse, referrerPolicy = "strict-origin-when-cross-origin") {
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  const policy = directives(csp!);
  expect(policy.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect(policy.get("base-uri"), `${what}: base-uri`).toEqual(["'none'"]);
  expect(policy.get("script-src"), `${what}: script-src`).toEqual(["'self'", `'nonce-${nonceOf(csp!)}'`, "'strict-dynamic'"]);
  expect(csp, `${what}: no eval in production`).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(headers["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toBe(referrerPolicy);
  expect(headers["permissions-policy"], `${what}: Permissions-Policy`).toMatch(/(^|, )camera=\(\)(,|$)/);
  expect(headers["permissions-policy"]).toMatch(/(^|, )microphone=\(\)(,|$)/);
  expect(headers["permissions-policy"]).toMatch(/(^|, )geolocation=\(\)(,|$)/);
  // Plain http here: a browser ignores HSTS over http, and the portal does not send it.
  expect(headers["strict-transport-security"], `${what}: no HSTS over http`).toBeUndefined();
  // The request-side stamp and Next's proxy plumbing never reach the client.
  expect(Object.keys(headers).filter((name) => name.startsWith("x-middleware") || name === "x-infinity-forwarded-check" || name === "x-nonce"), what).toEqual([]);
}

/** Every <script> in a server-rendered page carries the response's nonce. */
function expectScriptsCarryNonce(what: string, html: string, nonce: string) {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${what}: has scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${what}: ${tag}`).toContain(`nonce="${nonce}"`);
}

test("every kind of response carries the security headers, and every page's scripts carry that response's nonce", async ({ page, playwright, baseURL }) => {
  test.setTimeout(180_000);
  await signUp(page, "Hedy Headers", uniqueEmail("headers"));
  const batchId = await submitPreviewBatch(page, "headers probe", 1);
  const shareUrl = await createShareLink(page);
  const token = shareUrl.split("/r/")[1]!;

  // The sign-in pages send a signed-in member on; a stranger reads them, and the shared report.
  const stranger = await playwright.request.newContext({ baseURL });
  const pages: { what: string; path: string; status?: number; referrer?: string; member?: boolean }[] = [
    { what: "sign-in page", path: "/login" },
    { what: "sign-up page", path: "/register" },
    { what: "portal page", path: "/workflows", member: true },
    { what: "report", path: `/batches/${batchId}`, member: true },
    { what: "shared report", path: `/r/${token}`, referrer: "no-referrer" },
    { what: "missing page", path: "/no-such-page", status: 404 },
  ];
  let staticAsset: string | undefined;
  for (const { what, path, status = 200, referrer, member } of pages) {
    const client = member ? page.request : stranger;
    const first = await client.get(path, { maxRedirects: 0 });
    expect(first.status(), what).toBe(status);
    expectSecurityHeaders(what, first, referrer);
    const html = await first.text();
    const nonce = nonceOf(first.headers()["content-security-policy"]!);
    expectScriptsCarryNonce(what, html, nonce);
    // A fresh nonce for every response: one seen once is worth nothing later.
    const again = await client.get(path, { maxRedirects: 0 });
    expect(nonceOf(again.headers()["content-security-policy"]!), `${what}: a new nonce`).not.toBe(nonce);
    staticAsset ??= /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  }

  const others: { what: string; path: string; status: number; referrer?: string }[] = [
    { what: "JSON route", path: "/api/portal/members", status: 200 },
    { what: "shared report's JSON route", path: `/api/share/${token}/status`, status: 200, referrer: "no-referrer" },
    { what: "Generation API without a token", path: "/api/jobs/", status: 401 },
    { what: "Generation API document", path: "/api/openapi.json", status: 200 },
    { what: "download", path: `/api/portal/batches/${batchId}/download?what=parameters.csv`, status: 200 },
    { what: "shared download", path: `/api/share/${token}/download?what=parameters.csv`, status: 200, referrer: "no-referrer" },
    { what: "Auth.js route", path: "/api/auth/session", status: 200 },
    { what: "health", path: "/api/health", status: 200 },
    { what: "static asset", path: staticAsset!, status: 200 },
  ];
  expect(staticAsset, "a script under /_next/static in the pages").toBeTruthy();
  for (const { what, path, status, referrer } of others) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), what).toBe(status);
    expectSecurityHeaders(what, response, referrer);
  }
  await stranger.dispose();
});

/** Collects every CSP violation and console error of every page of `context`. */
async function watchConsole(context: BrowserContext) {
  const problems: string[] = [];
  await context.exposeBinding("__reportViolation", (_source, text: string) => problems.push(`CSP violation: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" || (message.type() === "warning" && /Content.Security.Policy|Permissions-Policy/i.test(message.text()))) {
        problems.push(`console ${message.type()} on ${page.url()}: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return problems;
}

test("Chromium reports no CSP violation and no console error while a member and a visitor use the main pages", async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const problems = await watchConsole(context);
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await signUp(page, "Csaba Policy", uniqueEmail("csp"));

  // The editor with its live preview and distributions, then a batch through to its report.
  const batchId = await submitPreviewBatch(page, "csp probe", 2, { saveFirst: true });
  const report = new BatchReportPage(page);
  await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 120_000 });
  const gallery = new GalleryPanel(page);
  await gallery.card().scrollIntoViewIfNeeded();
  await gallery.expectFramesLoaded(2);
  // The frame dialog (Radix: a scroll lock that injects a style element) and the charts (recharts).
  await gallery.frames().first().click();
  await expect(gallery.dialog().getByRole("heading", { name: "Job 1" })).toBeVisible();
  await expect(gallery.dialog().getByTestId("overlay")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("Escape");
  await expect(gallery.dialog()).toBeHidden();
  await page.getByRole("button", { name: /Show distributions/ }).click();
  await expect(page.getByTestId("distributions-grid")).toBeVisible();
  const shareUrl = await createShareLink(page);

  for (const path of ["/workflows", "/batches", "/generators", "/audit", "/settings/team", "/settings/members", "/settings/api-tokens", "/settings/generation-api", "/settings/usage", `/batches/${batchId}`]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
  }
  await page.goto("/generators");
  await page.getByRole("link", { name: /visionfit/ }).first().click();
  await page.waitForLoadState("networkidle");

  // A visitor of the share link, in a browser of their own.
  const visitorContext = await browser.newContext();
  const visitorProblems = await watchConsole(visitorContext);
  const visitor = await visitorContext.newPage();
  await visitor.goto(new URL(shareUrl).pathname);
  const shared = new GalleryPanel(visitor);
  await shared.card().scrollIntoViewIfNeeded();
  await shared.expectFramesLoaded(2);
  await shared.frames().first().click();
  await expect(shared.dialog().getByRole("heading", { name: "Job 1" })).toBeVisible();
  await visitor.keyboard.press("Escape");
  await visitor.waitForLoadState("networkidle");

  expect(problems, "member's pages").toEqual([]);
  expect(visitorProblems, "visitor's pages").toEqual([]);
  await context.close();
  await visitorContext.close();
});

test("no other site can frame the portal", async ({ page, baseURL }) => {
  // Another site's page (a server of the test's own, on 127.0.0.1) showing the portal's sign-in
  // page in an iframe, and, as a control, a page of its own that lets itself be framed.
  const framing = await serve(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/own") return new Response("<!doctype html><p>framed fine</p>", { headers: { "content-type": "text/html" } });
    return new Response(`<!doctype html><h1>Win a prize</h1><iframe id="own" src="/own"></iframe><iframe id="victim" src="${baseURL}/login"></iframe>`, {
      headers: { "content-type": "text/html" },
    });
  });
  const refusals: string[] = [];
  page.on("console", (message) => /frame-ancestors|X-Frame-Options/.test(message.text()) && refusals.push(message.text()));
  try {
    await page.goto(`http://127.0.0.1:${framing.port}/`);
    await expect(page.frameLocator("#own").getByText("framed fine")).toBeVisible();
    await expect.poll(() => page.frames().map((f) => f.url())).toContain("chrome-error://chromewebdata/");
    await expect(page.frameLocator("#victim").getByLabel("E-mail")).toHaveCount(0);
    expect(refusals.join("\n")).toContain("frame-ancestors 'none'");
  } finally {
    await framing.close();
  }
});
