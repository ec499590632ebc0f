import { expect, type Page } from "@playwright/test";

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/members");
  }

  /** Creates an invitation link for `role` and returns its path (/invite/…). */
  async createInvitation(role: "admin" | "member" | "viewer"): Promise<string> {
    const link = this.page.getByTestId("invitation-link");
    const previous = (await link.count()) > 0 ? await link.inputValue() : "";
    await this.page.locator("#invite-role").selectOption(role);
    await this.page.getByRole("button", { name: "Create invitation link" }).click();
    // A link from an earlier call may still be on screen until this one arrives.
    await expect(link).toHaveValue(/\/invite\//);
    await expect(link).not.toHaveValue(previous);
    return new URL(await link.inputValue()).pathname;
  }

  rows() {
    return this.page.getByTestId("member-row");
  }

  row(email: string) {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }
}
