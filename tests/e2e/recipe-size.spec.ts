import { expect, test } from "@playwright/test";
import { largestRecipe } from "../support/largest-recipe";
import { signUp, uniqueEmail } from "./pages/auth-pages";

/**
 * The server actions' body limits are cut to what each needs: the recipe actions carry 10 MB,
 * so the largest legitimate recipe (10,000 pasted jobs with every parameter, 8.9 MB of JSON)
 * must still go through the browser's real action call. Its editor page then carries it once:
 * the recipe is no longer rendered into a hidden input beside the editor's own data.
 */
test("the largest legitimate recipe is saved from the browser, and its editor page holds it once", async ({ page }) => {
  test.setTimeout(300_000);
  const recipe = largestRecipe();
  const jobs = recipe.jobs as Record<string, unknown>[];
  const file = Buffer.from(JSON.stringify(jobs));
  await signUp(page, "Lara Largest", uniqueEmail("largest"));
  await page.goto("/workflows/new");
  const panel = page.getByTestId("jobs-import");
  await panel.getByText("Paste or upload jobs").click();
  await panel.getByLabel("Upload .json or .csv").setInputFiles({ name: "jobs.json", mimeType: "application/json", buffer: file });
  await expect(page.getByTestId("jobs-import-banner")).toContainText("Using 10,000 jobs from jobs.json", { timeout: 60_000 });
  const name = String(recipe.name);
  await page.getByLabel("Batch name").fill(name);

  await page.getByRole("button", { name: "Save as workflow" }).click();
  await expect(page.getByText("Workflow saved.")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("recipe-size-problem")).toHaveCount(0);

  await page.goto("/workflows");
  const row = page.locator(`[data-testid="workflow-row"][data-name="${name}"]`);
  await expect(row).toContainText("10000 jobs");
  const href = await row.getByRole("link", { name }).getAttribute("href");
  const html = await (await page.request.get(href!)).text();
  // A job far from the first few the editor previews: its seed is in the page only as part of the recipe.
  const marker = String(jobs[5_000]!.state);
  const copies = html.split(marker).length - 1;
  console.log(`recipe size: ${(file.length / 1024 / 1024).toFixed(2)} MB of pasted jobs; the saved workflow's editor page is ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MB of HTML, the recipe in it ${copies} time(s)`);
  expect(copies).toBe(1);
});
