import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { ApiTokensPage } from "./pages/api-tokens-page";
import { MembersPage } from "./pages/members-page";

const rows = (page: Page) => page.getByTestId("audit-row");
const row = (page: Page, action: string) => page.locator(`[data-testid="audit-row"][data-action="${action}"]`);

async function renameTeam(page: Page, name: string) {
  await page.goto("/settings/team");
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Team renamed.")).toBeVisible();
}

test("an owner reads what happened in plain words, filters it and exports it as CSV; a member is refused", async ({ page, browser }, testInfo) => {
  // Long: it walks through several pages, two people and a download.
  test.setTimeout(150_000);
  const ownerEmail = uniqueEmail("audit-owner");
  await signUp(page, "Ada Auditor", ownerEmail);
  // A name with a comma and quotes, to see the CSV keep it whole.
  await renameTeam(page, 'Ledger, "North" crew');
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  await tokens.create("Audit bot");
  const members = new MembersPage(page);
  await members.goto();
  const invite = await members.createInvitation("member");

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit" })).toBeVisible();
  await expect(row(page, "team.renamed").getByTestId("audit-summary")).toContainText('renamed the team from “Ada\'s team” to “Ledger, "North" crew”');
  await expect(row(page, "api_token.created").getByTestId("audit-summary")).toContainText("created the API token “Audit bot” (inf_");
  await expect(row(page, "invitation.created").getByTestId("audit-summary")).toContainText("created an invitation link to join as Member");
  await expect(row(page, "user.signed_up").getByTestId("audit-summary")).toContainText("signed up");
  // Who, with their e-mail, and when, with the exact time on hover.
  await expect(row(page, "team.renamed")).toContainText("Ada Auditor");
  await expect(row(page, "team.renamed")).toContainText(ownerEmail);
  await expect(row(page, "team.renamed").locator("time")).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  await expect(row(page, "team.renamed")).toContainText(/Chrome/);
  await page.screenshot({ path: testInfo.outputPath("audit-desktop.png"), fullPage: true });

  // Filter by action: the choice goes into the URL and only that action is left.
  await page.getByLabel("What").selectOption("api_token.created");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]action=api_token\.created/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("data-action", "api_token.created");
  await expect(page.getByTestId("audit-count")).toHaveText(/^1 event · page 1 of 1$/);

  // A date range that ends before today leaves nothing.
  await page.goto("/audit?to=2020-01-01");
  await expect(page.getByText("No event matches these filters.")).toBeVisible();

  // The CSV carries the same filters.
  await page.goto("/audit?action=team.renamed");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(csv.trimEnd(), { skipEmptyLines: false });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data[0]).toEqual(["time", "actor_name", "actor_email", "action", "target_type", "target_id", "summary", "ip", "user_agent", "seq", "hash"]);
  expect(parsed.data).toHaveLength(2);
  const [time, actorName, actorEmail, action, targetType, , summary, , userAgent, seq, hash] = parsed.data[1]!;
  expect(new Date(time!).toISOString()).toBe(time);
  expect([actorName, actorEmail, action, targetType]).toEqual(["Ada Auditor", ownerEmail, "team.renamed", "team"]);
  expect(summary).toBe('renamed the team from “Ada\'s team” to “Ledger, "North" crew”');
  expect(userAgent).toContain("Chrome");
  expect(Number(seq)).toBeGreaterThan(1);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  // The export is itself in the history.
  await page.goto("/audit?action=audit.exported");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByTestId("audit-summary")).toContainText("exported the audit history as CSV (1 event)");

  // On a phone the table becomes cards.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/audit");
  await expect(page.locator("thead")).not.toBeInViewport();
  const card = row(page, "team.renamed");
  const box = (await card.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("audit-phone.png"), fullPage: true });

  // A member who joins through the invitation sees the refusal, and the export answers 403.
  const context = await browser.newContext();
  const second = await context.newPage();
  const memberEmail = uniqueEmail("audit-member");
  await signUp(second, "Milo Member", memberEmail, invite);
  await second.getByRole("button", { name: /^Join / }).click();
  await expect(second).toHaveURL(/\/settings\/members/);
  await second.goto("/audit");
  await expect(second.getByText("Only owners and admins can read the audit history")).toBeVisible();
  await expect(rows(second)).toHaveCount(0);
  const refused = await second.request.get("/api/portal/audit/export");
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ code: "forbidden:audit" });
  await context.close();

  // The owner sees the member join, by name, and the refused export left no trace.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/audit");
  await expect(row(page, "invitation.accepted").getByTestId("audit-summary")).toContainText("joined the team as Member through an invitation");
  await expect(row(page, "invitation.accepted")).toContainText("Milo Member");
  await expect(row(page, "audit.exported")).toHaveCount(1);

  // Filter by person: only what Milo did in this team.
  await page.getByLabel("Who").selectOption({ label: `Milo Member (${memberEmail})` });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]actor=[0-9a-f-]{36}/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("data-action", "invitation.accepted");
});
