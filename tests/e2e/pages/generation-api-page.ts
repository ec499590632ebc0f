import { expect, type Page } from "@playwright/test";

/** Settings → Generation API, as an admin uses it. */
export class GenerationApiPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/generation-api");
  }

  source() {
    return this.page.getByTestId("generation-source");
  }

  testResult() {
    return this.page.getByTestId("connection-test-result");
  }

  async fill(url: string, token: string) {
    await this.page.getByLabel("Address").fill(url);
    await this.page.getByLabel("API token").fill(token);
  }

  async testConnection() {
    await this.page.getByRole("button", { name: "Test connection" }).click();
  }

  async save() {
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(this.page.getByText(/^Saved\./)).toBeVisible();
  }

  /** Clicks Clear connection and accepts the confirmation. */
  async clear() {
    this.page.once("dialog", (dialog) => void dialog.accept());
    await this.page.getByRole("button", { name: "Clear connection" }).click();
    await expect(this.page.getByText(/^Cleared\./)).toBeVisible();
  }
}
