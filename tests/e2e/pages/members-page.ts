import { expect, type Page } from "@playwright/test";

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/members");
  }

  /** Creates an invitation link for `role` and returns its path (/invite/…). */
  async createInvitation(role: "admin" | "member" | "viewer"): Promise<string> {
    await this.page.locator("#invite-role").selectOption(role);
    await this.page.getByRole("button", { name: "Create invitation link" }).click();
    const link = this.page.getByTestId("invitation-link");
    await expect(link).toHaveValue(/\/invite\//);
    return new URL(await link.inputValue()).pathname;
  }

  rows() {
    return this.page.getByTestId("member-row");
  }

  row(email: string) {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }
}
