import { readFile, writeFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage, confirmAndSubmit } from "./pages/batch-report-page";
import { GalleryPanel, blankLike, expectToggleRedraws, pixels } from "./pages/gallery-panel";

async function submitPreviews(page: Page, name: string, jobs: number): Promise<string> {
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill(name);
  await page.getByLabel("Jobs", { exact: true }).fill(String(jobs));
  await page.locator('[data-testid="param-row"][data-param="exercise"]').getByLabel("exercise mode").selectOption("random");
  await confirmAndSubmit(page);
  await new BatchReportPage(page).expectLoaded(name);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("a read-only share link opens one report without a login, with its gallery, downloads through it, and stops when revoked", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("sharer");
  await signUp(page, "Sam Sharewell", email);
  const privateBatchId = await submitPreviews(page, "not for sharing", 1);
  const batchId = await submitPreviews(page, "shared previews", 3);
  const report = new BatchReportPage(page);
  await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 120_000 });

  // Create the link: it is shown once, as a full URL.
  const card = page.getByTestId("share-links");
  await card.getByLabel("Link expires after").selectOption("30");
  await card.getByRole("button", { name: "Create share link" }).click();
  const shown = page.getByTestId("new-share-link");
  await expect(shown).toHaveValue(/\/r\/[A-Za-z0-9_-]{43}$/);
  const url = await shown.inputValue();
  const token = url.split("/r/")[1]!;
  await expect(card.getByTestId("share-link-row")).toHaveCount(1);
  await expect(card.getByTestId("share-link-row")).toHaveAttribute("data-state", "active");
  await expect(card.getByTestId("share-link-views")).toHaveText("Not opened yet");
  await card.screenshot({ path: "test-results/screenshots/share-links-created-desktop.png" });

  // A stranger: a fresh browser context with no session.
  for (const viewport of [
    { label: "desktop", width: 1280, height: 800 },
    { label: "phone", width: 390, height: 844 },
  ]) {
    // The phone in dark mode, so both colour schemes get looked at.
    const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme: viewport.label === "phone" ? "dark" : "light" });
    const stranger = await context.newPage();
    const memberApiCalls: string[] = [];
    stranger.on("request", (request) => new URL(request.url()).pathname.startsWith("/api/portal") && memberApiCalls.push(request.url()));
    const response = await stranger.goto(new URL(url).pathname);
    expect(response!.status()).toBe(200);
    await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("shared previews");
    await expect(stranger.getByTestId("read-only-badge")).toBeVisible();
    await expect(stranger.getByTestId("batch-header")).toContainText("visionfit-flagship-v0.1.0");
    await expect(stranger.getByTestId("batch-header")).toContainText("Sam,");
    await expect(stranger.getByTestId("live-status")).toHaveAttribute("data-final", "true");
    await expect(stranger.getByTestId("state-counts").locator('[data-state="succeeded"]')).toHaveAttribute("data-count", "3");
    await expect(stranger.getByTestId("job-row")).toHaveCount(3);
    // No navigation, no account, no team, no e-mail, no notebook (it needs the team's API token).
    await expect(stranger.getByRole("navigation")).toHaveCount(0);
    await expect(stranger.getByTestId("user-menu")).toHaveCount(0);
    await expect(stranger.locator('a[href^="/batches"], a[href^="/workflows"], a[href^="/settings"]')).toHaveCount(0);
    await expect(stranger.getByRole("link", { name: /Notebook/ })).toHaveCount(0);
    const html = await stranger.content();
    expect(html).not.toContain(email);
    expect(html).not.toContain("Sharewell");
    expect(html).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);

    // The gallery: every frame with its labels drawn over it, read through the link, no login.
    const gallery = new GalleryPanel(stranger);
    await gallery.card().scrollIntoViewIfNeeded();
    await gallery.expectFramesLoaded(3);
    const first = gallery.frames().first();
    await expect(first.locator("img")).toHaveAttribute("src", `/api/share/${token}/jobs/1/media?file=video_preview.png`);
    const canvas = first.getByTestId("overlay");
    await first.scrollIntoViewIfNeeded();
    expect(await pixels(canvas), "boxes and skeleton are drawn by default").not.toBe(await blankLike(canvas));
    for (const label of ["Boxes", "Skeleton", "Mask"]) await expectToggleRedraws(gallery.card(), canvas, label);
    await gallery.card().screenshot({ path: `test-results/screenshots/share-gallery-${viewport.label}.png` });
    // A click shows the job large with its parameters and seed; its zip comes through the link too.
    await first.click();
    const dialog = gallery.dialog();
    await expect(dialog.getByRole("heading", { name: "Job 1" })).toBeVisible();
    await expect(dialog.getByTestId("frame-seed")).toHaveText(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect(dialog.getByTestId("frame-params")).toContainText("exercise");
    await expect.poll(() => dialog.getByTestId("dialog-frame").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const big = dialog.getByTestId("overlay");
    await expect(big).toHaveAttribute("data-ready", "true");
    await expectToggleRedraws(dialog, big, "Skeleton");
    await expect(dialog.getByRole("link", { name: "Job zip" })).toHaveAttribute("href", `/api/share/${token}/jobs/1/download`);
    await stranger.screenshot({ path: `test-results/screenshots/share-gallery-dialog-${viewport.label}.png` });
    await stranger.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect(memberApiCalls, "the shared page reads nothing through the members' API").toEqual([]);
    expect(await stranger.content()).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    await stranger.screenshot({ path: `test-results/screenshots/share-report-${viewport.label}.png`, fullPage: true });

    if (viewport.label === "desktop") {
      // The parameters CSV, through the share link.
      const [download] = await Promise.all([stranger.waitForEvent("download"), stranger.getByRole("link", { name: /Job parameters \(\.csv\)/ }).click()]);
      const csv = (await readFile((await download.path())!)).toString().trim().split("\n");
      expect(csv).toHaveLength(4);
      expect(csv[0]!.split(",")).toContain("exercise");

      // The link preview for chat apps.
      const ogImage = await stranger.locator('meta[property="og:image"]').getAttribute("content");
      expect(ogImage).toContain(`/r/${token}/opengraph-image`);
      const image = await context.request.get(new URL(ogImage!).pathname + new URL(ogImage!).search);
      expect(image.status()).toBe(200);
      expect(image.headers()["content-type"]).toBe("image/png");
      await writeFile("test-results/screenshots/share-og-image.png", await image.body());
      // Kept out of search engines, and the token out of Referer headers.
      await expect(stranger.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
      await expect(stranger.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
      await expect(stranger.locator('meta[property="og:title"]')).toHaveAttribute("content", "shared previews — shared report");
      await expect(stranger.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
      await expect(stranger.locator('meta[property="og:description"]')).toHaveAttribute("content", /3 preview jobs of visionfit-flagship-v0\.1\.0 · 100% done, 3 succeeded/);

      // The token opens its own batch and nothing else.
      expect((await context.request.get(`/api/share/${token}/status`)).status()).toBe(200);
      expect((await context.request.get(`/api/share/${token}/jobs?offset=0&limit=10`)).status()).toBe(200);
      // One job's zip, from the expanded row of the job table.
      await stranger.getByTestId("job-row").first().click();
      const jobLink = stranger.getByRole("link", { name: "Download this job (.zip)" });
      await expect(jobLink).toHaveAttribute("href", `/api/share/${token}/jobs/1/download`);
      const jobZip = await context.request.get(`/api/share/${token}/jobs/1/download`);
      expect(jobZip.status()).toBe(200);
      expect(jobZip.headers()["content-type"]).toBe("application/zip");
      const frame = await context.request.get(`/api/share/${token}/jobs/1/media?file=video_preview.png`);
      expect(frame.status()).toBe(200);
      expect(frame.headers()["content-type"]).toBe("image/png");
      expect((await context.request.get(`/api/share/${token}/jobs/4/media?file=labels.json`)).status()).toBe(404);
      expect((await context.request.get(`/api/share/${privateBatchId}/jobs/1/media?file=video_preview.png`)).status()).toBe(404);
      expect((await context.request.get(`/api/portal/batches/${batchId}/jobs/1/media?file=video_preview.png`)).status()).toBe(401);
      expect((await context.request.get(`/api/share/${privateBatchId}/status`)).status()).toBe(404);
      expect((await context.request.get(`/api/share/${batchId}/download?what=parameters.csv`)).status()).toBe(404);
      expect((await context.request.get(`/api/portal/batches/${privateBatchId}/status`)).status()).toBe(401);
      expect((await context.request.get(`/api/portal/batches/${batchId}/download?what=parameters.csv`)).status()).toBe(401);
      expect((await stranger.goto(`/r/${privateBatchId}`))!.status()).toBe(404);
      expect((await stranger.goto(`/batches/${batchId}`))!.url()).toContain("/login");
    }
    await context.close();
  }

  // The member sees the visits, then revokes the link.
  await page.reload();
  await expect(card.getByTestId("share-link-views")).toHaveText(/Opened 2 times, last/);
  page.once("dialog", (dialog) => dialog.accept());
  await card.getByRole("button", { name: /Revoke/ }).click();
  await expect(card.getByTestId("share-link-row")).toHaveAttribute("data-state", "revoked");
  await expect(card.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  const context = await browser.newContext();
  const stranger = await context.newPage();
  const gone = await stranger.goto(new URL(url).pathname);
  expect(gone!.status()).toBe(404);
  await expect(stranger.getByText("This link does not open a report")).toBeVisible();
  expect((await context.request.get(`/api/share/${token}/status`)).status()).toBe(404);
  expect((await context.request.get(`/api/share/${token}/download?what=parameters.csv`)).status()).toBe(404);
  expect((await context.request.get(`/api/share/${token}/jobs/1/media?file=video_preview.png`)).status()).toBe(404);
  await context.close();
  await card.screenshot({ path: "test-results/screenshots/share-links-card-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: "test-results/screenshots/share-links-card-phone.png" });
});
