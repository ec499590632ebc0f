import { expect, test, type Browser, type Page } from "@playwright/test";
import { AccountPage } from "./pages/account-page";
import { ApiTokensPage } from "./pages/api-tokens-page";
import { LoginPage, PASSWORD, signUp, uniqueEmail } from "./pages/auth-pages";
import { MembersPage } from "./pages/members-page";

// Two or three browsers, several argon2 sign-ins each: well over a minute on a busy machine.
test.describe.configure({ timeout: 150_000 });

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).toHaveURL(/\/workflows/);
}

/** A JSON route the status views poll: 200 for a live session, 401 for none. */
async function pollStatus(page: Page): Promise<number> {
  return (await page.request.get("/api/portal/members")).status();
}

test("changing the password signs out the other browser at its next request and keeps this one in", async ({ page, browser }) => {
  const email = uniqueEmail("pw-two-browsers");
  await signUp(page, "Pia Password", email);
  const other = await freshPage(browser);
  await signIn(other, email, PASSWORD);
  expect(await pollStatus(other)).toBe(200);

  // Reached from the account menu.
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Account and sessions" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");
  const account = new AccountPage(page);

  // Refusals sit next to their field, are announced, and change nothing.
  await account.changePassword("not my password", "a brand new passphrase");
  await expect(account.fieldError("currentPassword")).toHaveText("That is not your current password.");
  await expect(account.currentPassword()).toHaveAttribute("aria-invalid", "true");
  await expect(account.currentPassword()).toHaveAttribute("aria-describedby", "field-currentPassword-error");
  await expect(account.fieldError("currentPassword")).toHaveAttribute("aria-live", "polite");
  await account.changePassword(PASSWORD, "a brand new passphrase", "a different passphrase");
  await expect(account.fieldError("confirmPassword")).toHaveText("The two new passwords do not match.");
  await expect(account.confirmPassword()).toHaveAttribute("aria-describedby", "field-confirmPassword-error");
  await account.changePassword(PASSWORD, "short");
  await expect(account.fieldError("newPassword")).toHaveText("Use at least 10 characters for your password.");
  expect(await pollStatus(other)).toBe(200);

  await account.changePassword(PASSWORD, "a brand new passphrase");
  await expect(account.formMessage()).toHaveText("Password changed. You are still signed in here; every other session has been signed out.");
  await expect(account.formMessage()).toHaveAttribute("aria-live", "polite");

  // The other browser: its polls are refused and its next navigation goes to sign-in.
  expect(await pollStatus(other)).toBe(401);
  await other.goto("/workflows");
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // This browser stays in, on pages and polls alike.
  await page.goto("/workflows");
  await expect(page).toHaveURL(/\/workflows$/);
  expect(await pollStatus(page)).toBe(200);

  // The old password no longer works; the new one does.
  const login = new LoginPage(other);
  await login.signIn(email, PASSWORD);
  await expect(login.fieldError("password")).toHaveText("That e-mail and password do not match an account.");
  await signIn(other, email, "a brand new passphrase");
});

test("sign out everywhere ends this session and every other one", async ({ page, browser }) => {
  const email = uniqueEmail("everywhere");
  await signUp(page, "Eve Everywhere", email);
  const other = await freshPage(browser);
  await signIn(other, email, PASSWORD);

  const account = new AccountPage(page);
  await account.goto();
  // Dismissing the question changes nothing.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  expect(await pollStatus(other)).toBe(200);

  await account.signOutEverywhere();
  await page.goto("/workflows");
  await expect(page).toHaveURL(/\/login/);
  expect(await pollStatus(other)).toBe(401);
  await other.goto("/settings/team");
  await expect(other).toHaveURL(/\/login/);

  // Signing in again starts a fresh session that works.
  await signIn(other, email, PASSWORD);
  expect(await pollStatus(other)).toBe(200);
});

test("a removed member's open page goes to sign-in at their next request", async ({ page, browser }) => {
  await signUp(page, "Rhea Remover", uniqueEmail("remover"));
  const members = new MembersPage(page);
  await members.goto();
  const invite = await members.createInvitation("member");

  const removed = await freshPage(browser);
  const removedEmail = uniqueEmail("removed");
  await signUp(removed, "Remy Removed", removedEmail, invite);
  await removed.getByRole("button", { name: "Join Rhea's team" }).click();
  await expect(removed).toHaveURL(/\/settings\/members/);
  await removed.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
  await expect(removed).toHaveURL(/\/settings\/team$/);

  await members.goto();
  page.once("dialog", (dialog) => void dialog.accept());
  await members.row(removedEmail).getByRole("button", { name: "Remove" }).click();
  await expect(members.row(removedEmail)).toHaveCount(0);

  // The page they had open: the next click (a client-side navigation) lands on sign-in.
  await removed.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API tokens" }).click();
  await expect(removed).toHaveURL(/\/login/);
  expect(await pollStatus(removed)).toBe(401);

  // Signing in again, they act in a team of their own.
  await signIn(removed, removedEmail, PASSWORD);
  await removed.goto("/settings/team");
  await expect(removed.getByText("Rhea's team")).toHaveCount(0);
});

test("a token created with an expiry shows it in the list; one without says never", async ({ page }) => {
  await signUp(page, "Ezra Expiry", uniqueEmail("token-expiry"));
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  const expires = page.getByLabel("Expires");
  await expect(expires).toHaveValue("90");
  await expect(expires).toHaveAttribute("aria-describedby", "field-expiresInDays-hint");

  const before = Date.now();
  await expires.selectOption("30");
  await tokens.create("Month-long CI");
  await expires.selectOption("never");
  await tokens.create("Forever script");
  const after = Date.now();

  const days = [before, after].map((t) => new Date(t + 30 * 86_400_000).toISOString().slice(0, 10));
  const monthLong = tokens.row("Month-long CI");
  await expect(monthLong.getByTestId("api-token-expires")).toHaveText(new RegExp(`^Expires?\\s*(${days.join("|")})$`));
  await expect(monthLong.getByTestId("api-token-status")).toHaveText("Active");
  await expect(tokens.row("Forever script").getByTestId("api-token-expires")).toHaveText(/never$/);
  await expect(page.getByRole("heading", { name: /Tokens of/ })).toContainText("(2 active)");
});
