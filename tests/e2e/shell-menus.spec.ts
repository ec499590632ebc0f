import { expect, test } from "@playwright/test";
import { signOut, signUp, uniqueEmail } from "./pages/auth-pages";
import { MembersPage } from "./pages/members-page";

// The shell's team switcher and account menu, by keyboard and by pointer, on desktop and on a phone.
for (const viewport of [
  { name: "desktop", size: { width: 1280, height: 800 } },
  { name: "phone", size: { width: 390, height: 844 } },
]) {
  test(`switches teams and signs out through the shell's menus (${viewport.name})`, async ({ page, browser }) => {
    await page.setViewportSize(viewport.size);
    await signUp(page, "Tara Teamlead", uniqueEmail("menus-owner"));
    const invitation = await (async () => {
      const members = new MembersPage(page);
      await members.goto();
      return members.createInvitation("member");
    })();

    const context = await browser.newContext({ viewport: viewport.size });
    const joiner = await context.newPage();
    await signUp(joiner, "Jo Joiner", uniqueEmail("menus-joiner"), invitation);
    await joiner.getByRole("button", { name: "Join Tara's team" }).click();
    await expect(joiner).toHaveURL(/\/settings\/members/);

    const switcher = joiner.locator('[data-testid="team-switcher"]:visible');
    await expect(switcher).toContainText("Tara's team");
    await expect(switcher).toContainText("Member");

    // Keyboard: ArrowDown opens the menu on its first item, ArrowDown moves, Escape closes and
    // gives focus back to the button.
    await switcher.focus();
    await joiner.keyboard.press("ArrowDown");
    const menu = joiner.getByRole("menu", { name: "Switch team" });
    await expect(menu).toBeVisible();
    await expect(switcher).toHaveAttribute("aria-expanded", "true");
    const items = menu.getByRole("menuitem");
    await expect(items).toHaveCount(2);
    await expect(items.first()).toBeFocused();
    await joiner.keyboard.press("ArrowDown");
    await expect(items.nth(1)).toBeFocused();
    await joiner.keyboard.press("ArrowDown"); // wraps round
    await expect(items.first()).toBeFocused();
    await joiner.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(switcher).toBeFocused();

    // Pointer: a click outside closes it; choosing the other team switches to it.
    await switcher.click();
    await expect(menu).toBeVisible();
    await joiner.locator("main").click({ position: { x: 5, y: 5 } });
    await expect(menu).toHaveCount(0);
    await switcher.click();
    await menu.getByRole("menuitem", { name: /Jo's team/ }).click();
    await expect(switcher).toContainText("Jo's team");
    await expect(switcher).toContainText("Owner");
    await joiner.reload();
    await expect(switcher).toContainText("Jo's team");

    // The account menu names who is signed in, and signs out.
    await joiner.getByTestId("user-menu").click();
    await expect(joiner.getByRole("menu", { name: "Account" })).toContainText("Jo Joiner");
    await joiner.getByTestId("user-menu").click();
    await expect(joiner.getByRole("menu", { name: "Account" })).toHaveCount(0);
    await signOut(joiner);
    await context.close();
  });
}
