import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "../pages/auth-pages";
import { ApiTokensPage } from "../pages/api-tokens-page";
import { BatchReportPage, confirmAndSubmit } from "../pages/batch-report-page";
import { MembersPage } from "../pages/members-page";
import type { Fixtures, StorageState, TeamIds } from "./principals";

export const GENERATOR = "visionfit-flagship-v0.1.0";
/** Sign-up, joining and saving wait on the server's argon2 and its database; on a busy machine that takes a while. */
const SLOW = { timeout: 60_000 };

/**
 * Builds both teams the way people do: sign-up forms, invitation links, the batch editor, the
 * share card, the API tokens page, and the Generation API called with a token. Nothing is
 * written to the database behind the server's back.
 */
export async function buildFixtures(browser: Browser, baseURL: string): Promise<Fixtures> {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // Every page on the server under test (the matrix has one of its own, see route-matrix.spec.ts).
  const open: OpenPage = async () => (await browser.newContext({ baseURL })).newPage();
  const [a, b] = await Promise.all([buildTeamA(open, run), buildTeamB(open, run)]);
  return {
    baseURL,
    run,
    nothing: randomUUID(),
    teamA: a.ids,
    teamB: b.ids,
    storage: { ...a.storage, outsider: b.storage },
    emails: { ...a.emails, outsider: b.email },
    shareToken: a.shareToken,
    revokedShareToken: a.revokedShareToken,
    apiToken: a.apiToken,
    revokedApiToken: a.revokedApiToken,
    expiredApiToken: a.expiringApiToken,
    outsiderApiToken: b.apiToken,
  };
}

/** A page in a browser context of its own: one person's cookies. */
type OpenPage = () => Promise<Page>;

async function storageOf(page: Page): Promise<StorageState> {
  return (await page.context().storageState()) as StorageState;
}

async function renameTeam(page: Page, name: string) {
  await page.goto("/settings/team");
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Team renamed.")).toBeVisible(SLOW);
}

/**
 * One finished one-job preview batch through the editor, saved first as a workflow of its own
 * name. Returns what the editor posted with it (recipe, idempotency key, workflow id), read off
 * the submission as it went out, so a replay can be made.
 */
async function submitPreview(page: Page, workflowName: string, batchName: string) {
  await page.goto("/workflows/new");
  await page.getByLabel("Batch name").fill(workflowName);
  await page.getByLabel("Jobs", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Save as workflow" }).click();
  await expect(page.getByText("Workflow saved.")).toBeVisible(SLOW);
  await page.getByLabel("Batch name").fill(batchName);
  const submission = page.waitForRequest((request) => request.method() === "POST" && /name="[^"]*idempotencyKey"/.test(request.postData() ?? ""));
  await confirmAndSubmit(page);
  const posted = formFields((await submission).postData()!);
  const { recipe, idempotencyKey, workflowId } = posted;
  expect(JSON.parse(recipe ?? "null")).toMatchObject({ name: batchName, jobCount: 1 });
  expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);
  const report = new BatchReportPage(page);
  await report.expectLoaded(batchName);
  const batchId = new URL(page.url()).pathname.split("/").pop()!;
  return { batchId, workflowId: workflowId!, recipe: recipe!, idempotencyKey: idempotencyKey!, report };
}

/**
 * The fields of a server action's multipart body, by their own names: React sends a FormData
 * argument's fields under a prefix naming the argument (`_1_recipe`).
 */
function formFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of body.split(/\r?\n--/)) {
    const match = /name="(?:_\d+_)?([^"]+)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*)$/.exec(part);
    if (match) fields[match[1]!] = match[2]!.replace(/\r?\n$/, "");
  }
  return fields;
}

async function waitFinal(report: BatchReportPage) {
  await expect(report.liveStatus()).toHaveAttribute("data-final", "true", { timeout: 180_000 });
  expect((await report.counts()).succeeded).toBe(1);
}

/** The team id, from the team.renamed row of the owner's audit export (the one place a page names it). */
async function teamIdOf(api: APIRequestContext): Promise<string> {
  const csv = await (await api.get("/api/portal/audit/export?action=team.renamed")).text();
  const row = csv.split("\r\n").find((line) => line.includes(",team.renamed,team,"));
  const id = row?.match(/,team\.renamed,team,([0-9a-f-]{36}),/)?.[1];
  if (!id) throw new Error(`No team.renamed row with a team id in the audit export:\n${csv.slice(0, 500)}`);
  return id;
}

async function userIds(api: APIRequestContext): Promise<Map<string, string>> {
  const { members } = (await (await api.get("/api/portal/members")).json()) as { members: { userId: string; email: string }[] };
  return new Map(members.map((m) => [m.email, m.userId]));
}

/** Someone without an account follows an invitation link, signs up from it and joins. */
async function join(open: OpenPage, invitation: string, name: string, email: string, teamName: string): Promise<Page> {
  const page = await open();
  await signUp(page, name, email, invitation);
  await page.getByRole("button", { name: `Join ${teamName}` }).click();
  await expect(page).toHaveURL(/\/settings\/members/, SLOW);
  return page;
}

/** A team token through Settings → API tokens: its value (shown once) and its id. */
async function createToken(page: Page, name: string): Promise<{ token: string; id: string }> {
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  const token = await tokens.create(name);
  await page.reload();
  const id = await tokens.row(name).locator('input[name="tokenId"]').inputValue();
  return { token, id };
}

/** The only active share link's id on an open report: each link's Revoke form carries it. */
async function activeShareLinkId(page: Page): Promise<string> {
  const rows = page.locator('[data-testid="share-link-row"][data-state="active"]');
  await expect(rows).toHaveCount(1);
  return rows.locator('input[name="linkId"]').inputValue();
}

async function createShareLink(page: Page): Promise<string> {
  const card = page.getByTestId("share-links");
  const shown = page.getByTestId("new-share-link");
  const previous = (await shown.count()) > 0 ? await shown.inputValue() : "";
  await card.getByRole("button", { name: "Create share link" }).click();
  await expect(shown).toHaveValue(/\/r\/[A-Za-z0-9_-]{43}$/, SLOW);
  await expect(shown).not.toHaveValue(previous);
  return (await shown.inputValue()).split("/r/")[1]!;
}

async function buildTeamA(open: OpenPage, run: string) {
  const teamName = `Matrix A ${run}`;
  const emails = { owner: uniqueEmail("matrix-owner"), admin: uniqueEmail("matrix-admin"), member: uniqueEmail("matrix-member"), viewer: uniqueEmail("matrix-viewer") };
  const owner = await open();
  await signUp(owner, "Olive Matrix", emails.owner);
  await renameTeam(owner, teamName);

  // Three things at once, each on a page of its own: the people, the tokens (and a batch made
  // with one), and the owner's batch that will be shared.
  const [people, tokens, sharedBatch] = await Promise.all([
    invitePeople(open, owner, emails, teamName),
    makeTokens(await owner.context().newPage(), run),
    submitPreview(await owner.context().newPage(), `Shared workflow ${run} A`, `Shared ${run} A`),
  ]);
  const privateBatch = await submitPreview(people.member, `Workflow ${run} A`, `Private ${run} A`);
  await Promise.all([waitFinal(privateBatch.report), waitFinal(sharedBatch.report)]);

  // On the shared batch: a link made and revoked, then the link that stays valid.
  await owner.goto(`/batches/${sharedBatch.batchId}`);
  const revokedShareToken = await createShareLink(owner);
  owner.once("dialog", (dialog) => void dialog.accept());
  await owner.getByTestId("share-links").getByRole("button", { name: /^Revoke/ }).click();
  await expect(owner.locator('[data-testid="share-link-row"][data-state="revoked"]')).toHaveCount(1, SLOW);
  const shareToken = await createShareLink(owner);
  await owner.reload();
  const shareLinkId = await activeShareLinkId(owner);

  const ids = await userIds(owner.request);
  const teamId = await teamIdOf(owner.request);

  const teamA = {
    teamId,
    teamName,
    emails: Object.values(emails),
    batchId: privateBatch.batchId,
    batchName: `Private ${run} A`,
    idempotencyKey: privateBatch.idempotencyKey,
    recipe: privateBatch.recipe,
    workflowId: privateBatch.workflowId,
    workflowName: `Workflow ${run} A`,
    ownerUserId: ids.get(emails.owner)!,
    memberUserId: ids.get(emails.member)!,
    sharedBatchId: sharedBatch.batchId,
    sharedBatchName: `Shared ${run} A`,
    invitationId: people.invitationId,
    invitationToken: people.invitationToken,
    revokedInvitationToken: people.revokedInvitationToken,
    shareLinkId,
    apiTokenId: tokens.apiTokenId,
    apiTokenName: tokens.apiTokenName,
    ...tokens.engine,
  };
  const storage = { owner: await storageOf(owner), admin: await storageOf(people.admin), member: await storageOf(people.member), viewer: await storageOf(people.viewer) };
  for (const page of [owner, people.admin, people.member, people.viewer]) await page.context().close();
  return { ids: teamA, storage, emails, shareToken, revokedShareToken, apiToken: tokens.apiToken, revokedApiToken: tokens.revokedApiToken, expiringApiToken: tokens.expiring };
}

/** An admin, a member and a viewer join by invitation links; then one invitation is withdrawn and one left open. */
async function invitePeople(open: OpenPage, owner: Page, emails: Record<"admin" | "member" | "viewer", string>, teamName: string) {
  const members = new MembersPage(owner);
  await members.goto();
  const invitations = { admin: await members.createInvitation("admin"), member: await members.createInvitation("member"), viewer: await members.createInvitation("viewer") };
  const [admin, member, viewer] = await Promise.all([
    join(open, invitations.admin, "Ada Matrix", emails.admin, teamName),
    join(open, invitations.member, "Max Matrix", emails.member, teamName),
    join(open, invitations.viewer, "Vera Matrix", emails.viewer, teamName),
  ]);
  // The accepted ones are no longer open, so the one made next is the only one listed.
  await members.goto();
  const withdrawn = await members.createInvitation("member");
  await members.goto();
  await owner.locator("form", { has: owner.locator('input[name="invitationId"]') }).first().getByRole("button", { name: "Revoke" }).click();
  await expect(owner.locator('input[name="invitationId"]')).toHaveCount(0, SLOW);
  const stillOpen = await members.createInvitation("viewer");
  await members.goto();
  await expect(owner.locator('input[name="invitationId"]')).toHaveCount(1);
  const invitationId = await owner.locator('input[name="invitationId"]').inputValue();
  return { admin, member, viewer, invitationId, invitationToken: stillOpen.split("/invite/")[1]!, revokedInvitationToken: withdrawn.split("/invite/")[1]! };
}

/**
 * A working API token, a revoked one and one with the page's default expiry (90 days, made to
 * lapse by the spec), and a batch made through the Generation API with the working one.
 */
async function makeTokens(page: Page, run: string) {
  const apiTokenName = `Token ${run} A`;
  const api = await createToken(page, apiTokenName);
  const revoked = await createToken(page, `Revoked ${run} A`);
  await new ApiTokensPage(page).revoke(`Revoked ${run} A`);
  const expiring = await createToken(page, `Expiring ${run} A`);
  const engine = await engineBatch(page.request, api.token, `Engine ${run} A`);
  return { apiToken: api.token, apiTokenId: api.id, apiTokenName, revokedApiToken: revoked.token, expiring, engine };
}

async function buildTeamB(open: OpenPage, run: string) {
  const teamName = `Matrix B ${run}`;
  const email = uniqueEmail("matrix-outsider");
  const outsider = await open();
  await signUp(outsider, "Otto Outsider", email);
  await renameTeam(outsider, teamName);
  const batch = await submitPreview(outsider, `Workflow ${run} B`, `Batch ${run} B`);
  await waitFinal(batch.report);
  const api = await createToken(outsider, `Token ${run} B`);
  const ids = await userIds(outsider.request);
  const teamB: TeamIds = {
    teamId: await teamIdOf(outsider.request),
    teamName,
    emails: [email],
    apiTokenName: `Token ${run} B`,
    batchId: batch.batchId,
    batchName: `Batch ${run} B`,
    idempotencyKey: batch.idempotencyKey,
    recipe: batch.recipe,
    workflowId: batch.workflowId,
    workflowName: `Workflow ${run} B`,
    ownerUserId: ids.get(email)!,
    memberUserId: ids.get(email)!,
  };
  const storage = await storageOf(outsider);
  await outsider.context().close();
  return { ids: teamB, storage, email, apiToken: api.token };
}

/** A one-job preview batch made with the team's token, waited for until its result is signed. */
async function engineBatch(api: APIRequestContext, token: string, name: string) {
  const headers = { authorization: `Token ${token}` };
  const created = await api.post("/api/batch/", { headers, data: { name, job_runs: [{ name: GENERATOR, is_preview: true, param_values: {} }] } });
  expect(created.status(), await created.text()).toBe(201);
  const batch = (await created.json()) as { id: string; job_runs: { id: string }[] };
  let resultUrl: string | null = null;
  await expect
    .poll(
      async () => {
        const summary = (await (await api.get(`/api/batch/${batch.id}/summary`, { headers })).json()) as { job_runs: { status?: string; result_url: string | null }[] };
        resultUrl = summary.job_runs[0]?.result_url ?? null;
        return summary.job_runs[0]?.status;
      },
      { timeout: 180_000, message: "the Generation API batch finishes" },
    )
    .toBe("succeeded");
  const url = new URL(resultUrl!);
  return { engineBatchId: batch.id, engineBatchName: name, engineJobId: batch.job_runs[0]!.id, resultPath: `${url.pathname}${url.search}` };
}
