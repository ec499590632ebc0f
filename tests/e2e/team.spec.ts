import { expect, test, type Browser } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { MembersPage } from "./pages/members-page";

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("an owner invites a member and a viewer; the viewer cannot invite", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("owner");
  await signUp(page, "Olivia Owner", ownerEmail);
  await expect(page).toHaveURL(/\/workflows/);
  const owner = new MembersPage(page);
  await owner.goto();
  const memberInvite = await owner.createInvitation("member");

  // The invited person has no account yet: they sign up from the link and accept.
  const second = await freshPage(browser);
  await second.goto(memberInvite);
  await expect(second.getByRole("heading", { name: "Join Olivia's team" })).toBeVisible();
  await second.getByRole("link", { name: "Create an account to join" }).click();
  const memberEmail = uniqueEmail("member");
  await second.getByLabel("Name").fill("Max Member");
  await second.getByLabel("E-mail").fill(memberEmail);
  await second.getByLabel("Password").fill("correct horse battery");
  await second.getByRole("button", { name: "Create account" }).click();
  await expect(second).toHaveURL(new RegExp(memberInvite));
  await second.getByRole("button", { name: "Join Olivia's team" }).click();
  await expect(second).toHaveURL(/\/settings\/members/);
  await expect(second.getByText("Welcome to Olivia's team.")).toBeVisible();
  const seenByMember = new MembersPage(second);
  await expect(seenByMember.row(ownerEmail)).toBeVisible();
  await expect(seenByMember.row(memberEmail)).toBeVisible();

  // The link is single use.
  await second.goto(memberInvite);
  await expect(second.getByTestId("invitation-problem")).toHaveText(/already been used/);

  // An unknown link says so.
  await second.goto("/invite/not-a-real-token");
  await expect(second.getByTestId("invitation-problem")).toHaveText(/not valid/);

  // The owner sees the new member appear.
  await owner.goto();
  await expect(owner.row(memberEmail)).toBeVisible();

  const viewerInvite = await owner.createInvitation("viewer");
  const third = await freshPage(browser);
  await signUp(third, "Vera Viewer", uniqueEmail("viewer"), viewerInvite);
  await third.getByRole("button", { name: "Join Olivia's team" }).click();
  await expect(third).toHaveURL(/\/settings\/members/);
  await expect(third.getByTestId("invite-not-allowed")).toContainText("Only owners and admins can invite people");
  await expect(third.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
  await expect(third.getByRole("button", { name: "Remove" })).toHaveCount(0);

  // The owner promotes the member to admin, and the member then sees the invite form.
  await owner.goto();
  await owner.row(memberEmail).getByRole("combobox").selectOption("admin");
  await expect(owner.row(memberEmail).getByText("Role updated.")).toBeVisible();
  await seenByMember.goto();
  await expect(second.getByRole("button", { name: "Create invitation link" })).toBeVisible();
});
