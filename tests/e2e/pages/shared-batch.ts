import { expect, type Page } from "@playwright/test";
import { BatchReportPage, confirmAndSubmit } from "./batch-report-page";

/** Submits a preview batch of `jobs` from a new workflow; returns the batch's id from the report's URL. */
export async function submitPreviewBatch(page: Page, name: string, jobs: number, options: { saveFirst?: boolean } = {}): Promise<string> {
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill(name);
  await page.getByLabel("Jobs", { exact: true }).fill(String(jobs));
  if (options.saveFirst) {
    await page.getByRole("button", { name: "Save as workflow" }).click();
    await expect(page.getByText("Workflow saved.")).toBeVisible();
  }
  await confirmAndSubmit(page);
  await new BatchReportPage(page).expectLoaded(name);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** On an open report: creates a share link and returns its full URL as shown once. */
export async function createShareLink(page: Page): Promise<string> {
  const card = page.getByTestId("share-links");
  await card.getByRole("button", { name: "Create share link" }).click();
  const shown = page.getByTestId("new-share-link");
  await expect(shown).toHaveValue(/\/r\/[A-Za-z0-9_-]{43}$/);
  return shown.inputValue();
}
