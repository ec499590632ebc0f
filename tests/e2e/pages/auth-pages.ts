import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** The sign-up page, as a person fills it in. */
export class RegisterPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/register?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/register");
  }

  async fill(name: string, email: string, password: string) {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("E-mail").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  fieldError(field: "name" | "email" | "password") {
    return this.page.getByTestId(`field-${field}-error`);
  }
}

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("E-mail").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  fieldError(field: "email" | "password") {
    return this.page.getByTestId(`field-${field}-error`);
  }

  /** Signs in and waits for the form's answer; returns what the form says (field error or message). */
  async answer(email: string, password: string): Promise<string> {
    // The action's POST answers while the button is still pending; once it is enabled again,
    // the form shows the answer.
    const posted = this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await this.signIn(email, password);
    await posted;
    await expect(this.page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    return (await this.page.locator("form").innerText()).trim();
  }
}

export async function signUp(page: Page, name: string, email: string, callbackUrl?: string) {
  const register = new RegisterPage(page);
  await register.goto(callbackUrl);
  await register.fill(name, email, PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/register"));
}

export async function signOut(page: Page) {
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}
