import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { BatchReportPage, confirmAndSubmit } from "./pages/batch-report-page";
import { MembersPage } from "./pages/members-page";

type Role = "owner" | "admin" | "member" | "viewer";

/** Someone with no account follows an invitation link: signs up from it and joins. */
async function joinByInvitation(browser: Browser, invitation: string, name: string, label: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, name, uniqueEmail(`roles-${label}`), invitation);
  await page.getByRole("button", { name: "Join Olga's team" }).click();
  await expect(page).toHaveURL(/\/settings\/members/);
  return page;
}

/**
 * Runs a report action as `page`'s person while the very same request (the same server action,
 * batch and form) is first posted with `other`'s session, as a person would who forged it
 * with the buttons hidden. Returns what the server answered `other`.
 */
async function postAlsoAs(page: Page, other: APIRequestContext, act: () => Promise<void>): Promise<string> {
  let answer: string | undefined;
  await page.route("**/batches/*", async (route) => {
    const request = route.request();
    const headers = await request.allHeaders();
    if (request.method() !== "POST" || !headers["next-action"] || answer !== undefined) return route.fallback();
    const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !["cookie", "host", "content-length"].includes(name)));
    answer = await (await other.post(new URL(request.url()).pathname, { headers: forwarded, data: request.postDataBuffer()! })).text();
    await route.fallback();
  });
  await act();
  await expect.poll(() => answer !== undefined, { message: "the action was posted" }).toBe(true);
  await page.unrouteAll({ behavior: "wait" });
  return answer!;
}

/** The report's controls one person sees, by what they do. */
function controls(page: Page) {
  const share = page.getByTestId("share-links");
  return {
    actions: page.getByTestId("batch-actions"),
    duplicate: page.getByRole("link", { name: "Duplicate and modify" }),
    promote: page.getByRole("button", { name: "Render as videos" }),
    cancel: page.getByRole("button", { name: "Cancel", exact: true }),
    retry: page.getByRole("button", { name: /^Retry/ }),
    createLink: share.getByRole("button", { name: "Create share link" }),
    revoke: share.getByRole("button", { name: /^Revoke/ }),
    linkRows: share.getByTestId("share-link-row"),
    downloads: page.getByTestId("downloads"),
  };
}

test("on one report, the owner, an admin, a member and a viewer each see exactly their actions; the server refuses the viewer's forged ones; another team gets 404", async ({ page, browser }) => {
  test.setTimeout(360_000);

  // The owner builds the team: an admin, a member and a viewer, each by invitation.
  await signUp(page, "Olga Owner", uniqueEmail("roles-owner"));
  const members = new MembersPage(page);
  await members.goto();
  const invitations = { admin: await members.createInvitation("admin"), member: await members.createInvitation("member"), viewer: await members.createInvitation("viewer") };
  const people: Record<Role, Page> = {
    owner: page,
    admin: await joinByInvitation(browser, invitations.admin, "Ada Admin", "admin"),
    member: await joinByInvitation(browser, invitations.member, "Max Member", "member"),
    viewer: await joinByInvitation(browser, invitations.viewer, "Vera Viewer", "viewer"),
  };
  // Each joined with the role they were invited as.
  await members.goto();
  for (const [role, name] of [["admin", "Ada Admin"], ["member", "Max Member"], ["viewer", "Vera Viewer"]] as const) {
    await expect(members.rows().filter({ hasText: name }).getByRole("combobox")).toHaveValue(role);
  }

  // The member submits two previews and waits for them.
  const member = people.member;
  await member.goto("/workflows/new");
  await member.getByLabel("Batch name").fill("roles previews");
  await member.getByLabel("Jobs", { exact: true }).fill("2");
  await confirmAndSubmit(member);
  const memberReport = new BatchReportPage(member);
  await memberReport.expectLoaded("roles previews");
  await expect(memberReport.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 120_000 });
  const previewsPath = new URL(member.url()).pathname;
  const previewsId = previewsPath.split("/").pop()!;

  // The member and the admin each share it; the viewer's forged share is refused.
  const viewerApi = people.viewer.request;
  await member.getByTestId("share-links").getByRole("button", { name: "Create share link" }).click();
  await expect(member.getByTestId("new-share-link")).toHaveValue(/\/r\//);
  await people.admin.goto(previewsPath);
  const forgedShare = await postAlsoAs(people.admin, viewerApi, () => people.admin.getByTestId("share-links").getByRole("button", { name: "Create share link" }).click());
  await expect(people.admin.getByTestId("new-share-link")).toHaveValue(/\/r\//);
  expect(forgedShare).toContain("Viewers cannot share reports");

  // A finished preview batch: duplicate, render as videos and share for members and up; nothing to cancel or retry.
  const expected: Record<Role, { act: boolean; revoke: number }> = {
    owner: { act: true, revoke: 2 },
    admin: { act: true, revoke: 2 },
    member: { act: true, revoke: 1 },
    viewer: { act: false, revoke: 0 },
  };
  for (const role of ["viewer", "member", "admin", "owner"] as const) {
    const who = people[role];
    await who.goto(previewsPath);
    await new BatchReportPage(who).expectLoaded("roles previews");
    const c = controls(who);
    const can = expected[role];
    await expect(c.linkRows, `${role} sees the links`).toHaveCount(2);
    await expect(c.downloads, `${role} may download`).toBeVisible();
    await expect(c.actions, role).toHaveCount(can.act ? 1 : 0);
    await expect(c.duplicate, role).toHaveCount(can.act ? 1 : 0);
    await expect(c.promote, role).toHaveCount(can.act ? 1 : 0);
    await expect(c.createLink, role).toHaveCount(can.act ? 1 : 0);
    await expect(c.cancel, `${role}: a finished batch has nothing to cancel`).toHaveCount(0);
    await expect(c.retry, `${role}: no job failed`).toHaveCount(0);
    // Their own link for a member; everyone's for admins and owners.
    await expect(c.revoke, role).toHaveCount(can.revoke);
    if (role === "member") await expect(c.linkRows.filter({ has: who.getByRole("button", { name: /^Revoke/ }) })).toContainText("By Max Member");
    if (role === "viewer") await expect(who.getByTestId("share-links")).toContainText("Viewers cannot create share links.");
    await who.screenshot({ path: `test-results/screenshots/report-roles-${role}.png`, fullPage: true });
  }
  await expect(controls(member).duplicate).toHaveAttribute("href", `/workflows/new?from=${previewsId}`);

  // The admin revokes the member's link (anyone's, as admins may).
  const adminControls = controls(people.admin);
  people.admin.once("dialog", (dialog) => dialog.accept());
  await adminControls.linkRows.filter({ hasText: "By Max Member" }).getByRole("button", { name: /^Revoke/ }).click();
  await expect(adminControls.linkRows.filter({ hasText: "By Max Member" })).toHaveAttribute("data-state", "revoked");

  // The member renders the previews as videos; the viewer's forged copy of that post is refused.
  const forgedPromote = await postAlsoAs(member, viewerApi, () => controls(member).promote.click());
  expect(forgedPromote).toContain("Viewers cannot submit batches.");
  await memberReport.expectLoaded("roles previews (videos)");
  const videosPath = new URL(member.url()).pathname;
  expect(videosPath).not.toBe(previewsPath);
  await expect(memberReport.header()).toContainText("Videos");
  await expect(controls(member).promote, "videos are not promoted again").toHaveCount(0);

  // A batch long enough to still be running: members and up may cancel it, the viewer may not,
  // not even by a forged post.
  await member.goto("/workflows/new");
  await member.getByLabel("Batch name").fill("roles long run");
  await member.getByLabel("Jobs", { exact: true }).fill("300");
  await confirmAndSubmit(member);
  await memberReport.expectLoaded("roles long run");
  const runningPath = new URL(member.url()).pathname;
  for (const role of ["viewer", "admin", "owner"] as const) {
    await people[role].goto(runningPath);
    await expect(new BatchReportPage(people[role]).liveStatus(), role).toHaveAttribute("data-final", "false");
    await expect(controls(people[role]).cancel, role).toHaveCount(role === "viewer" ? 0 : 1);
  }
  await expect(controls(member).cancel).toBeVisible();
  const forgedCancel = await postAlsoAs(member, viewerApi, () => controls(member).cancel.click());
  expect(forgedCancel).toContain("Viewers cannot cancel batches.");
  // The member's own cancel goes through (its button leaves with the batch's last unfinished job).
  await expect(memberReport.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 30_000 });
  expect((await memberReport.counts()).canceled).toBeGreaterThan(0);
  await expect(controls(member).cancel).toHaveCount(0);

  // The refused posts changed nothing: the member's three batches, and only the two links the member and admin made.
  await people.viewer.goto("/batches");
  await expect(people.viewer.getByTestId("batch-row")).toHaveCount(3);
  await people.viewer.goto(previewsPath);
  await expect(controls(people.viewer).linkRows).toHaveCount(2);

  // Someone of another team gets a 404 for either report, and for its data.
  const outsider = await (await browser.newContext()).newPage();
  await signUp(outsider, "Otto Outsider", uniqueEmail("roles-outsider"));
  for (const path of [previewsPath, videosPath, runningPath]) {
    expect((await outsider.goto(path))?.status(), path).toBe(404);
    await expect(outsider.getByText(/roles (previews|long run)/)).toHaveCount(0);
    expect((await outsider.request.get(`/api/portal${path}/status`)).status()).toBe(404);
  }
  for (const who of [...Object.values(people).slice(1), outsider]) await who.context().close();
});
