import { expect, test } from "@playwright/test";
import { LoginPage, PASSWORD, RegisterPage, signOut, signUp, uniqueEmail } from "./pages/auth-pages";

test.describe("sign up, sign out, sign in", () => {
  test("bad input is answered next to the field", async ({ page }) => {
    const register = new RegisterPage(page);
    await register.goto();
    await register.fill("Bad Email", "not-an-email", PASSWORD);
    await expect(register.fieldError("email")).toHaveText(/valid e-mail address/);
    await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");

    await register.fill("Short Password", uniqueEmail("short"), "short");
    await expect(register.fieldError("password")).toHaveText(/at least 10 characters/);

    // The demo account exists, so its e-mail is taken.
    await register.fill("Copycat", "demo@infinity.local", PASSWORD);
    await expect(register.fieldError("email")).toHaveText(/already exists/);
    await expect(page).toHaveURL(/\/register/);
  });

  test("a new user signs up, lands in their team, signs out and back in", async ({ page }) => {
    const email = uniqueEmail("grace");
    await signUp(page, "Grace Hopper", email);
    await expect(page).toHaveURL(/\/workflows/);
    await expect(page.getByRole("heading", { level: 1, name: "Workflows" })).toBeVisible();
    await expect(page.getByTestId("team-switcher").first()).toContainText("Grace's team");

    await signOut(page);

    const login = new LoginPage(page);
    await login.signIn(email, "wrong password!");
    await expect(login.fieldError("password")).toHaveText(/do not match/);

    await login.signIn(email, PASSWORD);
    await expect(page).toHaveURL(/\/workflows/);
  });

  test("the demo login printed at start works", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expect(page.getByText("Demo login:")).toBeVisible();
    await login.signIn("demo@infinity.local", "infinity-demo");
    await expect(page).toHaveURL(/\/workflows/);
  });

  test("pages of the portal need a login", async ({ page }) => {
    for (const path of ["/workflows", "/batches", "/audit", "/settings/members"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
    }
    const response = await page.request.get("/api/portal/members");
    expect(response.status()).toBe(401);
  });
});
