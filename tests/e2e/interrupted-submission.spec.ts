import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createScratchDatabase } from "../support/scratch-database";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage } from "./pages/batch-report-page";
import { GenerationApiPage } from "./pages/generation-api-page";
import { startHostileApi, HOSTILE_GENERATOR, type HostileApi } from "./support/hostile-api";
import { startPortalServer, type PortalServer } from "./support/portal-server";

/**
 * The portal killed (kill -9) while it sends a batch, and started again: the batch must not
 * stay "submitting" forever. The Generation API here holds the submission without answering,
 * so the process dies mid-way with the batch written and nothing sent; after the restart the
 * report says what happened and offers Retry, which sends the batch once. On the real Postgres
 * when TEST_DATABASE_URL names one (as in CI).
 */
const TIMEOUT_SECONDS = 30;

let upstream: HostileApi;
let portal: PortalServer;
let database: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;

test.beforeAll(async () => {
  upstream = await startHostileApi();
  database = process.env.TEST_DATABASE_URL ? await createScratchDatabase(process.env.TEST_DATABASE_URL, "portal_interrupted") : undefined;
  portal = await startPortalServer({
    ...(database ? { DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64url") } : {}),
    OUTBOUND_ALLOW: `127.0.0.1:${upstream.port}`,
    SUBMISSION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
  });
});

test.afterAll(async () => {
  await portal?.stop();
  await upstream?.close();
  await database?.drop();
});

test("killed mid-submission and restarted: the batch ends as failed to submit with the reason, and Retry sends it once", async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ baseURL: portal.origin });
  const page = await context.newPage();
  await signUp(page, "Kim Killed", uniqueEmail("killed"));
  const settings = new GenerationApiPage(page);
  await settings.goto();
  await settings.fill(`${upstream.url}/`, "inf_held_token_0123456789");
  await settings.save();

  await page.goto("/workflows/new");
  await expect(page.getByText(HOSTILE_GENERATOR).first()).toBeVisible();
  await page.getByLabel("Batch name").fill("Cut off");
  await page.getByLabel("Jobs", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  upstream.holdSubmissions = true;
  await page.getByRole("button", { name: "Confirm and submit" }).click();
  // The portal has written the batch and is waiting on the Generation API: now it dies.
  await expect.poll(() => upstream.seen.filter((r) => r.startsWith("POST") && r.endsWith("/api/batch")).length, { timeout: 30_000 }).toBe(1);
  await portal.crashAndRestart();
  upstream.holdSubmissions = false;

  // Right after the restart the batch is still being sent, as far as anyone can tell: the
  // report says so, and says how it ends.
  await page.goto("/batches");
  await page.getByRole("link", { name: "Cut off" }).click();
  const report = new BatchReportPage(page);
  await report.expectLoaded("Cut off");
  const status = page.getByTestId("live-status");
  // Once the attempt is older than the timeout, a sweep settles it; the open report follows.
  await expect(page.getByText(/The portal stopped while sending this batch to the Generation API \(it was restarted or crashed\)/)).toBeVisible({ timeout: (TIMEOUT_SECONDS + 60) * 1000 });
  await expect(status).not.toContainText("Sending the batch");

  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(report.count("succeeded")).toHaveAttribute("data-count", "3", { timeout: 30_000 });
  expect(upstream.seen.filter((r) => r.startsWith("POST") && r.endsWith("/api/batch"))).toHaveLength(2);
  expect(portal.output()).toContain("interrupted submissions settled: 0 found at the Generation API, 1 marked failed to submit");
  await context.close();
});
