import { expect, type Page } from "@playwright/test";

/** Settings → API tokens, as a person uses it. */
export class ApiTokensPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/api-tokens");
  }

  nameField() {
    return this.page.getByLabel("Token name");
  }

  createButton() {
    return this.page.getByRole("button", { name: "Create token" });
  }

  nameError() {
    return this.page.getByTestId("field-name-error");
  }

  /** The token shown once after creating, in its read-only field. */
  newToken() {
    return this.page.getByTestId("new-api-token");
  }

  /** Creates a token named `name` and returns it as shown (the only time it is shown). */
  async create(name: string): Promise<string> {
    await this.nameField().fill(name);
    await this.createButton().click();
    // Wait for this token's answer: the panel may still show the previous token meanwhile.
    const panel = this.page.getByTestId("new-api-token-panel");
    await expect(panel.getByRole("status")).toHaveText(`Token “${name}” created.`);
    await expect(this.newToken()).toHaveValue(/^inf_/);
    return this.newToken().inputValue();
  }

  rows() {
    return this.page.getByTestId("api-token-row");
  }

  row(name: string) {
    return this.page.locator(`[data-testid="api-token-row"][data-name="${name}"]`);
  }

  /** Clicks Revoke on the row and accepts the confirmation. */
  async revoke(name: string) {
    this.page.once("dialog", (dialog) => void dialog.accept());
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(this.row(name).getByTestId("api-token-status")).toContainText("Revoked");
  }

  readOnlyNotice() {
    return this.page.getByTestId("api-tokens-read-only");
  }
}
