import { expect, type Page } from "@playwright/test";

/** Settings → Account: the password and "sign out everywhere", as a person uses them. */
export class AccountPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/account");
  }

  currentPassword() {
    return this.page.getByLabel("Current password");
  }

  newPassword() {
    return this.page.getByLabel("New password", { exact: true });
  }

  confirmPassword() {
    return this.page.getByLabel("New password again");
  }

  fieldError(field: "currentPassword" | "newPassword" | "confirmPassword") {
    return this.page.getByTestId(`field-${field}-error`);
  }

  formMessage() {
    return this.page.getByRole("region", { name: "Password" }).getByRole("status");
  }

  async changePassword(current: string, next: string, again = next) {
    await this.currentPassword().fill(current);
    await this.newPassword().fill(next);
    await this.confirmPassword().fill(again);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }

  /** Clicks "Sign out everywhere" and accepts the question; ends on the sign-in page. */
  async signOutEverywhere() {
    this.page.once("dialog", (dialog) => void dialog.accept());
    await this.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(this.page).toHaveURL(/\/login$/);
  }
}
