import { randomBytes, randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { E2E_LIMITS } from "./e2e-limits";
import { LoginPage, PASSWORD, uniqueEmail } from "./pages/auth-pages";

/**
 * The per-address limits through the real server, as a person (or a script) meets them. The
 * e2e server runs them with short windows (e2e-limits.ts): every spec's browser is the same
 * loopback address, so this spec fills each window, checks what is said, and waits the
 * windows out at the end so the specs after it are let in again. A window can end between
 * two steps, so each step tries until it is refused, within two windows' worth of tries.
 */
const { signInPerIp: SIGN_IN_PER_IP, registrationPerIp: REGISTRATION_PER_IP, shareLookupPerIp: SHARE_LOOKUPS_PER_IP } = E2E_LIMITS;
const WINDOW_MS = E2E_LIMITS.windowSeconds * 1000;
const tries = (limit: number) => 2 * limit + 2;

const PAIR_PAUSED = /Too many failed sign-in attempts\. Sign-in for this e-mail from your network is paused; try again in 15 minutes\./;
const IP_PAUSED = /Too many failed sign-in attempts from your network\. Sign-in from here is paused; try again in \d+ seconds\./;
const REGISTRATION_PAUSED = /^Too many accounts were requested from your network\. Try again in \d+ seconds\.$/;
const SHARE_PAUSED = /^Too many share links that do not work were opened from your network\. Wait \d+ seconds, then try your link again\.$/;

// In one worker, in order (workers: 1); not `serial`, so a failing check does not skip the
// rest. Every step goes through the real server on a busy machine: minutes, not seconds.
test.describe.configure({ timeout: 240_000 });

let lastCounted = 0;
const counted = () => {
  lastCounted = Date.now();
};

test.afterAll(async () => {
  const wait = lastCounted + WINDOW_MS + 1_000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
});

/** An address nobody has: what a client forging X-Forwarded-For would send. */
const forgedIp = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const forgedHeaders = () => ({ "x-forwarded-for": forgedIp(), "x-real-ip": forgedIp() });

/** Every request the page makes from now on claims another address. */
async function forgeEveryRequest(target: Page) {
  await target.route("**/*", (route) => route.continue({ headers: { ...route.request().headers(), ...forgedHeaders() } }));
}

/** A share token of the right form that opens nothing. */
const deadToken = () => randomBytes(32).toString("base64url");

interface ActionPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  email: string;
}

/**
 * Signs up through the form in `page` (signed out first, so /register does not send a member
 * away): what the form ended with, "created" or the sentence it shows, and the POST the browser
 * sent (a server action), to be sent again with other e-mails.
 */
async function registerThroughForm(page: Page, email: string): Promise<{ said: string; post: ActionPost }> {
  await page.context().clearCookies();
  await page.goto("/register");
  await page.getByLabel("Name").fill("Burst Person");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/register");
  await page.getByRole("button", { name: "Create account" }).click();
  const request = await posted;
  counted();
  let said = "";
  await expect
    .poll(async () => {
      if (!new URL(page.url()).pathname.startsWith("/register")) return (said = "created");
      return (said = (await page.locator("form").getByRole("status").innerText().catch(() => "")).trim());
    }, { timeout: 60_000 })
    .not.toBe("");
  return { said, post: { url: request.url(), headers: request.headers(), body: request.postData() ?? "", email } };
}

/**
 * The form's POST sent `times` more times at once from the page itself (its address, its
 * cookies), each with a new e-mail: a script filling the address's window in a moment, where
 * a tab per sign-up would take the browser a minute. With `forge`, each claims another address.
 */
async function replaySignUps(page: Page, post: ActionPost, times: number, forge = false): Promise<number[]> {
  const forged = forge ? Array.from({ length: times }, forgedIp) : [];
  return page.evaluate(
    async ({ post, times, forged }) => {
      const headers = Object.fromEntries(Object.entries(post.headers).filter(([name]) => !/^(content-length|host|cookie|origin|referer|connection|accept-encoding|user-agent|sec-)/.test(name)));
      return Promise.all(
        Array.from({ length: times }, async (_, i) => {
          const email = `replay-${crypto.randomUUID().slice(0, 12)}@example.com`;
          const extra: Record<string, string> = forged[i] ? { "x-forwarded-for": forged[i], "x-real-ip": forged[i] } : {};
          const response = await fetch(post.url, { method: "POST", headers: { ...headers, ...extra }, body: post.body.split(post.email).join(email), redirect: "manual" });
          return response.status;
        }),
      );
    },
    { post, times, forged },
  );
}

/**
 * Fills the address's sign-up window (one sign-up through the form, the rest replayed), then
 * signs up through the form once more: what that last form says. A window may end in between,
 * so up to three rounds.
 */
async function signUpPastTheLimit(page: Page, forge = false): Promise<string> {
  const { post } = await registerThroughForm(page, uniqueEmail("first"));
  let said = "";
  for (let round = 0; round < 3 && !REGISTRATION_PAUSED.test(said); round++) {
    await replaySignUps(page, post, REGISTRATION_PER_IP, forge);
    counted();
    said = (await registerThroughForm(page, uniqueEmail("last"))).said;
  }
  return said;
}

test("sign-in: one e-mail is paused for this address after 8 failures, then the whole address; the form says so each time", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  const target = uniqueEmail("target");
  for (let attempt = 1; attempt < 8; attempt++) {
    expect(await login.answer(target, "wrong password!")).toContain("That e-mail and password do not match an account.");
    counted();
  }
  expect(await login.answer(target, "wrong password!")).toMatch(PAIR_PAUSED);
  counted();

  let said = "";
  for (let attempt = 0; attempt < tries(SIGN_IN_PER_IP) && !IP_PAUSED.test(said); attempt++) {
    said = await login.answer(uniqueEmail("spray"), "wrong password!");
    counted();
  }
  expect(said).toMatch(IP_PAUSED);
  await expect(page.locator("form").getByRole("status")).toHaveText(IP_PAUSED);
  await page.screenshot({ path: "test-results/screenshots/login-throttled.png" });
});

test("sign-in: forged X-Forwarded-For headers that change on every request do not escape the address's limit", async ({ page }) => {
  await forgeEveryRequest(page);
  const login = new LoginPage(page);
  await login.goto();
  let said = "";
  for (let attempt = 0; attempt < tries(SIGN_IN_PER_IP) && !IP_PAUSED.test(said); attempt++) {
    said = await login.answer(uniqueEmail("forged"), "wrong password!");
    counted();
  }
  expect(said, "each forged address was counted as a new client").toMatch(IP_PAUSED);
});

test("registration: past the address's limit the form says so", async ({ page }) => {
  const said = await signUpPastTheLimit(page);
  expect(said).toMatch(REGISTRATION_PAUSED);
  await expect(page.locator("form").getByRole("status")).toHaveText(REGISTRATION_PAUSED);
  await page.screenshot({ path: "test-results/screenshots/register-throttled.png" });
});

test("registration: forged X-Forwarded-For headers that change on every request do not escape the address's limit", async ({ page }) => {
  await forgeEveryRequest(page);
  expect(await signUpPastTheLimit(page, true), "each forged address was counted as a new client").toMatch(REGISTRATION_PAUSED);
});

/** In the page, as its own scripts would: dead-link lookups until one is refused; what the refusal said. */
function lookUpDeadLinksInPage(page: Page, maxTries: number, path: "status" | "image") {
  return page.evaluate(
    async ({ maxTries, path }) => {
      const dead = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const statuses: number[] = [];
      for (let i = 0; i < maxTries; i++) {
        const response = await fetch(path === "status" ? `/api/share/${dead()}/status` : `/r/${dead()}/opengraph-image`);
        statuses.push(response.status);
        if (response.status === 429) return { statuses, retryAfter: response.headers.get("retry-after"), detail: ((await response.json()) as { detail: string }).detail };
      }
      return { statuses, retryAfter: null, detail: null };
    },
    { maxTries, path },
  );
}

test("share links: past the address's dead-link limit the routes answer 429 with Retry-After, and the page says so", async ({ page }) => {
  // Everything from the browser itself: its address is the one its page loads come from.
  await page.goto("/login");
  const lookups = await lookUpDeadLinksInPage(page, tries(SHARE_LOOKUPS_PER_IP), "status");
  counted();
  expect(lookups.statuses.at(-1), "no lookup was refused").toBe(429);
  expect(lookups.statuses.slice(0, -1).every((status) => status === 404)).toBe(true);
  expect(Number(lookups.retryAfter)).toBeGreaterThan(0);
  expect(Number(lookups.retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000);
  expect(lookups.detail).toMatch(SHARE_PAUSED);

  // The page: a readable refusal in the shared report's frame, not an error page. Right after
  // a refusal; should the window have ended in between, the address is refused again first.
  const throttled = page.getByTestId("share-throttled");
  for (let round = 0; round < 3 && !(await throttled.isVisible()); round++) {
    if (round > 0) await lookUpDeadLinksInPage(page, tries(SHARE_LOOKUPS_PER_IP), "status");
    await page.goto(`/r/${deadToken()}`);
    counted();
  }
  await expect(throttled).toBeVisible();
  await expect(page.getByRole("heading", { name: "Too many attempts" })).toBeVisible();
  await expect(throttled).toContainText(new RegExp(SHARE_PAUSED.source.slice(1, -1)));
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  await page.screenshot({ path: "test-results/screenshots/share-throttled.png" });

  // Its link preview image as well.
  const images = await lookUpDeadLinksInPage(page, tries(SHARE_LOOKUPS_PER_IP), "image");
  counted();
  expect(images.statuses.at(-1)).toBe(429);
  expect(images.statuses.slice(0, -1).every((status) => status === 404)).toBe(true);
  expect(Number(images.retryAfter)).toBeGreaterThan(0);
});

test("share links: forged X-Forwarded-For headers that change on every request do not escape the address's limit", async ({ page }) => {
  let status = 0;
  for (let attempt = 0; attempt < tries(SHARE_LOOKUPS_PER_IP) && status !== 429; attempt++) {
    status = (await page.request.get(`/api/share/${deadToken()}/status`, { headers: forgedHeaders() })).status();
    counted();
  }
  expect(status, "each forged address was counted as a new client").toBe(429);
});
