import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { unzip } from "../support/zip";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage, confirmAndSubmit } from "./pages/batch-report-page";

async function submitPreviews(page: Page, name: string, jobs: number) {
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill(name);
  await page.getByLabel("Jobs", { exact: true }).fill(String(jobs));
  const exercise = page.locator('[data-testid="param-row"][data-param="exercise"]');
  await exercise.getByLabel("exercise mode").selectOption("random");
  await confirmAndSubmit(page);
}

for (const viewport of [
  { label: "desktop", width: 1280, height: 800 },
  { label: "phone", width: 390, height: 844 },
]) {
  test(`on a ${viewport.label}, the report's counts change without a reload, and polling stops when all is done`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    await signUp(page, "Rita Report", uniqueEmail(`report-${viewport.label}`));
    const name = `live ${viewport.label}`;
    await submitPreviews(page, name, 40);
    const report = new BatchReportPage(page);
    await report.expectLoaded(name);
    await expect(report.header()).toContainText("visionfit-flagship-v0.1.0");
    await expect(report.header()).toContainText("40");

    const navigations: string[] = [];
    page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    const first = await report.counts();
    expect(first.succeeded).toBeLessThan(40);
    await expect(report.liveStatus()).toHaveAttribute("data-final", "false");
    // The counts move on their own while the engine renders.
    await expect.poll(async () => (await report.counts()).succeeded, { timeout: 60_000 }).toBeGreaterThan(first.succeeded);
    await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 120_000 });
    expect(await report.counts()).toMatchObject({ succeeded: 40, queued: 0, running: 0 });
    await expect(page.getByTestId("polling")).toHaveText("Final — no longer updating");
    expect(navigations).toEqual([]);

    // Once final, nothing polls any more.
    let statusCalls = 0;
    page.on("request", (request) => request.url().includes("/status") && statusCalls++);
    await page.waitForTimeout(7_000);
    expect(statusCalls).toBe(0);

    await expect(page.getByTestId("job-row")).toHaveCount(40);

    // The whole batch downloads as one zip with a folder per job.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Whole batch/ }).click()]);
    const files = await unzip(await readFile((await download.path())!));
    expect(files.has("batch_id.txt")).toBe(true);
    const folders = new Set([...files.keys()].filter((n) => n.includes("/")).map((n) => n.split("/")[0]));
    expect(folders.size).toBe(40);
    for (const folder of folders) expect(files.has(`${folder}/labels.json`)).toBe(true);
    await page.screenshot({ path: `test-results/screenshots/batch-report-${viewport.label}.png`, fullPage: true });
  });
}

test("duplicate and modify: a batch of previews becomes 5 videos with the same recipe", async ({ page }) => {
  await signUp(page, "Dora Duplicate", uniqueEmail("duplicate"));
  await submitPreviews(page, "to duplicate", 8);
  const report = new BatchReportPage(page);
  await report.expectLoaded("to duplicate");

  await page.getByRole("link", { name: "Duplicate and modify" }).click();
  await expect(page).toHaveURL(/\/workflows\/new\?from=/);
  await expect(page.getByLabel("Batch name")).toHaveValue("to duplicate (copy)");
  await expect(page.getByLabel("Jobs", { exact: true })).toHaveValue("8");
  await expect(page.locator('[data-param="exercise"]').getByLabel("exercise mode")).toHaveValue("random");

  await page.getByLabel("Batch name").fill("duplicated videos");
  await page.getByLabel("Jobs", { exact: true }).fill("5");
  await page.getByLabel("Videos").check();
  await confirmAndSubmit(page);
  await report.expectLoaded("duplicated videos");
  await expect(report.header()).toContainText("Videos");
  await expect(report.liveStatus()).toContainText("of 5 jobs");
});

test("another team's batch id and a malformed id answer 404", async ({ page, browser }) => {
  await signUp(page, "Owen Owner", uniqueEmail("owner-404"));
  await submitPreviews(page, "private batch", 2);
  await new BatchReportPage(page).expectLoaded("private batch");
  const url = page.url();
  const id = url.split("/").pop()!;

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, "Ivy Intruder", uniqueEmail("intruder"));
  for (const path of [`/batches/${id}`, `/workflows/new?from=${id}`, "/batches/not-a-uuid"]) {
    const response = await otherPage.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  for (const path of [`/api/portal/batches/${id}/status`, `/api/portal/batches/${id}/jobs`]) {
    const response = await otherPage.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain("private batch");
  }
  await other.close();
});
