import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
];

for (const viewport of VIEWPORTS) {
  test(`login and shell at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/login-${viewport.name}.png`, fullPage: true });

    await signUp(page, "Shelly Shell", uniqueEmail(`shell-${viewport.name}`));
    await page.goto("/batches");
    await expect(page.getByText("No batches yet — create a workflow")).toBeVisible();
    // Every section is reachable from the navigation that is visible at this width.
    const nav = page.getByRole("navigation", { name: "Main" }).locator("visible=true");
    await expect(nav).toHaveCount(1);
    for (const section of ["Workflows", "Audit", "Settings", "Batches"]) {
      await nav.getByRole("link", { name: section }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section);
    }
    // Nothing spills sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screenshots/shell-${viewport.name}.png`, fullPage: true });
  });
}
