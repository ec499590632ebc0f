import { expect, type Page } from "@playwright/test";

/** A batch's report, as a person reads it. */
export class BatchReportPage {
  constructor(private readonly page: Page) {}

  async expectLoaded(name: string) {
    await expect(this.page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(name);
  }

  count(state: "queued" | "running" | "succeeded" | "failed" | "canceled") {
    return this.page.getByTestId("state-counts").locator(`[data-state="${state}"]`);
  }

  async counts(): Promise<Record<"queued" | "running" | "succeeded" | "failed" | "canceled", number>> {
    const cells = await this.page.getByTestId("state-counts").locator("[data-state]").all();
    const entries = await Promise.all(cells.map(async (c) => [await c.getAttribute("data-state"), Number(await c.getAttribute("data-count"))] as const));
    return Object.fromEntries(entries) as Record<"queued" | "running" | "succeeded" | "failed" | "canceled", number>;
  }

  liveStatus() {
    return this.page.getByTestId("live-status");
  }

  header() {
    return this.page.getByTestId("batch-header");
  }
}

/** Submits the open editor through its confirm step. */
export async function confirmAndSubmit(page: Page) {
  await page.getByRole("button", { name: "Review and submit" }).click();
  await expect(page.getByTestId("frame-estimate")).toContainText("frames in all");
  await page.getByRole("button", { name: "Confirm and submit" }).click();
}
