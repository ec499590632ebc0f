import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage, confirmAndSubmit } from "./pages/batch-report-page";
import { GalleryPanel, blankLike, expectToggleRedraws, pixels } from "./pages/gallery-panel";

const JOBS = 4;

async function submitPreviews(page: Page, name: string) {
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill(name);
  await page.getByLabel("Jobs", { exact: true }).fill(String(JOBS));
  await page.locator('[data-testid="param-row"][data-param="exercise"]').getByLabel("exercise mode").selectOption("random");
  await confirmAndSubmit(page);
}

for (const viewport of [
  { label: "desktop", width: 1280, height: 800 },
  { label: "phone", width: 390, height: 844 },
]) {
  test(`on a ${viewport.label}, the gallery shows the frames with toggled labels and a job's parameters and seed`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    await signUp(page, "Gail Gallery", uniqueEmail(`gallery-${viewport.label}`));
    const name = `gallery ${viewport.label}`;
    await submitPreviews(page, name);
    const report = new BatchReportPage(page);
    await report.expectLoaded(name);
    await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 120_000 });

    const panel = new GalleryPanel(page);
    const gallery = panel.card();
    const frames = panel.frames();
    await panel.expectFramesLoaded(JOBS);
    // Members read the gallery's files through their own API.
    expect(await frames.first().locator("img").getAttribute("src")).toMatch(/^\/api\/portal\/batches\/[0-9a-f-]{36}\/jobs\/1\/media\?file=video_preview\.png$/);

    const first = frames.first();
    const canvas = first.getByTestId("overlay");
    await first.scrollIntoViewIfNeeded();
    const initial = await pixels(canvas);
    const blank = await blankLike(canvas);
    expect(initial, "boxes and skeleton are on by default").not.toBe(blank);
    for (const label of ["Boxes", "Skeleton", "Mask"]) await expectToggleRedraws(gallery, canvas, label);

    // With every layer off nothing is drawn.
    for (const label of ["Boxes", "Skeleton"]) await gallery.getByTestId("layer-toggles").getByLabel(label).uncheck();
    await expect.poll(() => pixels(canvas)).toBe(blank);
    for (const label of ["Boxes", "Skeleton", "Mask"]) await gallery.getByTestId("layer-toggles").getByLabel(label).check();

    await page.screenshot({ path: `test-results/screenshots/gallery-${viewport.label}.png`, fullPage: true });

    // A click shows the job large, with its parameters and seed.
    await first.click();
    const dialog = page.getByTestId("frame-dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("heading", { name: "Job 1" })).toBeVisible();
    await expect(dialog.getByTestId("frame-seed")).toHaveText(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect(dialog.getByTestId("frame-params")).toContainText("exercise");
    await expect(dialog.getByTestId("frame-params")).toContainText("image_width");
    await expect.poll(() => dialog.getByTestId("dialog-frame").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const big = dialog.getByTestId("overlay");
    await expect(big).toHaveAttribute("data-ready", "true");
    await expectToggleRedraws(dialog, big, "Mask");
    await page.screenshot({ path: `test-results/screenshots/gallery-dialog-${viewport.label}.png` });

    // The seed shown is the job's own: the next job has another one.
    const seed = await dialog.getByTestId("frame-seed").textContent();
    await dialog.getByRole("button", { name: "Next job" }).click();
    await expect(dialog.getByRole("heading", { name: "Job 2" })).toBeVisible();
    await expect(dialog.getByTestId("frame-seed")).not.toHaveText(seed!);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });
}

test("a video job plays in the dialog with the labels of the frame on screen, and the video seeks by byte ranges", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, "Vic Video", uniqueEmail("gallery-video"));
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill("gallery video");
  await page.getByLabel("Jobs", { exact: true }).fill("1");
  await page.getByLabel("Videos").check();
  await confirmAndSubmit(page);
  const report = new BatchReportPage(page);
  await report.expectLoaded("gallery video");
  await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 180_000 });

  const frame = page.getByTestId("gallery-frame");
  await expect(frame).toHaveCount(1, { timeout: 30_000 });
  await frame.click();
  const dialog = page.getByTestId("frame-dialog");
  const video = dialog.getByTestId("gallery-video");
  await expect(video).toHaveAttribute("preload", "none");
  const canvas = dialog.getByTestId("overlay");
  await expect(canvas).toHaveAttribute("data-ready", "true");
  await expect(dialog.getByTestId("video-frame-number")).toHaveText("frame 0");
  const atStart = await pixels(canvas);

  // Seek to one second: the overlay follows to that frame's labels.
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.load();
    await new Promise((resolve) => v.addEventListener("loadedmetadata", resolve, { once: true }));
    v.currentTime = 1;
  });
  await expect(dialog.getByTestId("video-frame-number")).not.toHaveText("frame 0", { timeout: 15_000 });
  await expect.poll(() => pixels(canvas)).not.toBe(atStart);

  const src = (await video.getAttribute("src"))!;
  const whole = await page.request.get(src);
  expect(whole.status()).toBe(200);
  expect(whole.headers()["content-type"]).toBe("video/mp4");
  expect(whole.headers()["cache-control"]).toContain("immutable");
  const part = await page.request.get(src, { headers: { range: "bytes=0-99" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 0-99/${(await whole.body()).byteLength}`);
  expect((await part.body()).equals((await whole.body()).subarray(0, 100))).toBe(true);
  const past = await page.request.get(src, { headers: { range: "bytes=999999999-" } });
  expect(past.status()).toBe(416);
  expect((await page.request.get(src.replace("video.mp4", "job.json"))).status()).toBe(404);
  await page.screenshot({ path: "test-results/screenshots/gallery-video-dialog.png" });

  // Results are for members only.
  await page.context().clearCookies();
  expect((await page.request.get(src)).status()).toBe(401);
});
