import { createHash } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { ApiTokensPage } from "./pages/api-tokens-page";
import { MembersPage } from "./pages/members-page";

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("an owner creates a token, sees it once, then only its prefix, and revokes it", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Tara Tokens", uniqueEmail("tokens-owner"));
  await page.goto("/settings/team");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  const tokens = new ApiTokensPage(page);
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  await expect(page.getByTestId("api-usage")).toHaveText(`curl -H "Authorization: Token $TOKEN" ${baseURL}/api/jobs/`);

  // A name is required, and the refusal sits next to the field.
  await tokens.createButton().click();
  await expect(tokens.nameError()).toHaveText("Give the token a name, like “CI pipeline”.");
  await expect(tokens.nameField()).toHaveAttribute("aria-invalid", "true");
  await expect(tokens.nameField()).toHaveAttribute("aria-describedby", /\bfield-name-error\b/);
  await expect(tokens.rows()).toHaveCount(0);

  const token = await tokens.create("CI pipeline");
  expect(token).toMatch(/^inf_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("Copy it now: it will not be shown again")).toBeVisible();
  await expect(tokens.nameError()).toBeEmpty();
  await expect(tokens.nameField()).toHaveValue("");
  await page.getByTestId("new-api-token-panel").getByRole("button", { name: "Copy", exact: true }).click();
  await expect(page.getByTestId("new-api-token-panel").getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const row = tokens.row("CI pipeline");
  await expect(row.getByTestId("api-token-prefix")).toHaveText(`${token.slice(0, 12)}…`);
  await expect(row).toContainText("Tara Tokens");
  await expect(row.getByTestId("api-token-last-used")).toContainText("never");
  await expect(row.getByTestId("api-token-status")).toHaveText("Active");

  // Shown once: after a reload only the prefix is left, in the page and in its payload.
  await page.reload();
  await expect(tokens.row("CI pipeline")).toBeVisible();
  await expect(tokens.newToken()).toHaveCount(0);
  await expect(page.getByText("Copy it now")).toHaveCount(0);
  const html = await (await page.request.get("/settings/api-tokens")).text();
  expect(html).toContain(token.slice(0, 12));
  expect(html).not.toContain(token);
  expect(html).not.toContain(token.slice(0, 16));
  expect(html).not.toContain(createHash("sha256").update(token).digest("hex"));
  expect(html).not.toMatch(/tokenHash|token_hash/);

  // Revoking asks first; dismissing the question changes nothing.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
  await expect(row.getByTestId("api-token-status")).toHaveText("Active");
  await tokens.revoke("CI pipeline");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await page.reload();
  await expect(tokens.row("CI pipeline").getByTestId("api-token-status")).toContainText("Revoked");
});

test("a member sees the tokens read-only; a viewer cannot create and does not see them", async ({ page, browser }) => {
  await signUp(page, "Owen Owner", uniqueEmail("tokens-team"));
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  const token = await tokens.create("Shared CI");
  const members = new MembersPage(page);
  await members.goto();
  const memberInvite = await members.createInvitation("member");
  // A fresh page, so the second link cannot be mistaken for the first one still on screen.
  await members.goto();
  const viewerInvite = await members.createInvitation("viewer");
  expect(viewerInvite).not.toBe(memberInvite);

  const memberPage = await freshPage(browser);
  await signUp(memberPage, "Mia Member", uniqueEmail("tokens-member"), memberInvite);
  await memberPage.getByRole("button", { name: "Join Owen's team" }).click();
  await expect(memberPage).toHaveURL(/\/settings\/members/);
  const seenByMember = new ApiTokensPage(memberPage);
  await seenByMember.goto();
  await expect(seenByMember.readOnlyNotice()).toHaveText(
    "Only owners and admins can create or revoke API tokens, because a token acts for the whole team. You are a member of Owen's team; ask an admin if you need one.",
  );
  await expect(seenByMember.row("Shared CI").getByTestId("api-token-prefix")).toHaveText(`${token.slice(0, 12)}…`);
  await expect(seenByMember.createButton()).toHaveCount(0);
  await expect(seenByMember.nameField()).toHaveCount(0);
  await expect(memberPage.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await memberPage.screenshot({ path: "test-results/screenshots/api-tokens-member.png", fullPage: true });

  const viewerPage = await freshPage(browser);
  await signUp(viewerPage, "Val Viewer", uniqueEmail("tokens-viewer"), viewerInvite);
  await viewerPage.getByRole("button", { name: "Join Owen's team" }).click();
  await expect(viewerPage).toHaveURL(/\/settings\/members/);
  const seenByViewer = new ApiTokensPage(viewerPage);
  await seenByViewer.goto();
  await expect(seenByViewer.readOnlyNotice()).toContainText("You are a viewer of Owen's team");
  await expect(viewerPage.getByText("Viewers cannot see API tokens")).toBeVisible();
  await expect(seenByViewer.createButton()).toHaveCount(0);
  await expect(seenByViewer.rows()).toHaveCount(0);
  expect(await viewerPage.content()).not.toContain(token.slice(0, 12));
  await viewerPage.screenshot({ path: "test-results/screenshots/api-tokens-viewer.png", fullPage: true });
});

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
];

for (const viewport of VIEWPORTS) {
  test(`the API tokens page at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUp(page, "Petra Pixel", uniqueEmail(`tokens-${viewport.name}`));
    const tokens = new ApiTokensPage(page);
    await tokens.goto();
    await tokens.create("Old laptop");
    await tokens.revoke("Old laptop");
    await tokens.create("Nightly export to the data lake");
    await tokens.create("CI pipeline");
    await expect(tokens.rows()).toHaveCount(3);
    // Nothing spills sideways on a phone: the table has become cards.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screenshots/api-tokens-${viewport.name}.png`, fullPage: true });
  });
}
