import { randomUUID } from "node:crypto";
import { actionFails, actionRedirects, actionRefuses, acts, either, signedOut, type CheckContext, type Outcome } from "../outcomes";
import type { Fixtures, PrincipalName, PrincipalView } from "../principals";
import { actionProbe } from "../requests";
import { apiTokens, batches, both, generationSource, invitations, members, shareLinks, teamName, workflows } from "../state";
import { bySession, everyone, teamA, type Cells, type Row, type StateRead } from "../table";

type Fields = (p: PrincipalView, fx: Fixtures) => Record<string, string> | null;

/**
 * One server action, posted from `page` with `fields` as the browser's form would. Refused
 * cells aim at real objects of team A (the `fields` below pick them per principal); allowed
 * cells either do harmless work or aim at an id that names nothing.
 */
function action(file: string, name: string, spec: { page: (p: PrincipalView, fx: Fixtures) => string; fields: Fields; cells: Cells; state?: StateRead; phase?: number; verify?: Row["verify"] }): Row {
  return {
    key: `action lib/actions/${file}#${name}`,
    page: spec.page,
    state: spec.state,
    phase: spec.phase,
    verify: spec.verify,
    variants: [{ probe: (p, fx, env) => actionProbe(env.actionId!, spec.page(p, fx), spec.fields(p, fx), env.origin), cells: spec.cells }],
  };
}

/** The usual shape of a team action: no session → "session ended"; the six session columns declared. */
const members_ = (sessions: Parameters<typeof bySession>[1]) => bySession(signedOut, sessions);

/** Team A's id for the refused and for the outsider with team A's ids; `allowed` (an id naming nothing, or the team's own) for the others. */
function pick(p: PrincipalView, allowedFor: readonly PrincipalName[], real: string, allowed: string): string {
  return allowedFor.includes(p.name) ? allowed : real;
}

const NOT_FOUND = {
  batch: "That batch does not exist, or it belongs to another team.",
  workflow: "That workflow does not exist or was deleted.",
  member: "That person is not a member of this team.",
  token: "That API token does not exist or was already revoked.",
  invitation: "That invitation does not exist or was already used or revoked.",
  link: "That share link does not exist or was already revoked.",
  team: "That team does not exist or you are not a member of it.",
};
const GENERATION_DENIED = "Only owners and admins can change the team's Generation API.";
const ENTER_TOKEN = "Enter the API token that Generation API gave you.";
const teamNamed = (c: CheckContext) => `You are already a member of ${c.fx.teamA.teamName}.`;

const batchPage = (p: PrincipalView) => `/batches/${p.batchId}`;

/** Every exported server action in lib/actions. */
export const actionRows: Row[] = [
  action("accept-invitation.ts", "acceptInvitationAction", {
    page: (_p, fx) => `/invite/${fx.teamA.invitationToken}`,
    // The open invitation of team A for everyone who may not or need not use it; the outsider (who
    // would join by it, as designed) gets team A's withdrawn one, its own column an unknown token.
    fields: (p, fx) => ({ token: p.name === "outsider" ? fx.teamA.revokedInvitationToken : p.name === "outsiderOwn" ? `unknown-${fx.run}` : fx.teamA.invitationToken }),
    state: both(invitations, members),
    cells: members_({
      ...teamA(actionFails(teamNamed)),
      outsider: actionFails("This invitation was withdrawn by the team. Ask a team admin for a new one."),
      outsiderOwn: actionFails("This invitation link is not valid. Check that you copied the whole link, or ask for a new one."),
    }),
  }),
  action("cancel-batch.ts", "cancelBatchAction", {
    page: batchPage,
    fields: (p) => ({ batchId: p.batchId }),
    state: batches,
    cells: members_({ viewer: actionRefuses("Viewers cannot cancel batches."), member: acts("Nothing left to cancel."), admin: acts("Nothing left to cancel."), owner: acts("Nothing left to cancel."), outsider: actionRefuses(NOT_FOUND.batch), outsiderOwn: acts("Nothing left to cancel.") }),
  }),
  action("change-member-role.ts", "changeMemberRoleAction", {
    page: () => "/settings/members",
    // Refused: making team A's member an admin. The admin tries the owner (only owners may); the
    // owner sets the member to the role they already have; team B's owner keeps its own role.
    fields: (p, fx) =>
      p.name === "admin" ? { userId: fx.teamA.ownerUserId, role: "admin" } : p.name === "owner" ? { userId: fx.teamA.memberUserId, role: "member" } : p.name === "outsiderOwn" ? { userId: fx.teamB.ownerUserId, role: "owner" } : { userId: fx.teamA.memberUserId, role: "admin" },
    state: members,
    cells: members_({
      viewer: actionRefuses("Only owners and admins can change roles."),
      member: actionRefuses("Only owners and admins can change roles."),
      admin: actionRefuses("Only an owner can change another owner's role."),
      owner: acts("Role updated."),
      outsider: actionRefuses(NOT_FOUND.member),
      outsiderOwn: acts("Role updated."),
    }),
  }),
  action("clear-generation-connection.ts", "clearGenerationConnectionAction", {
    page: () => "/settings/generation-api",
    fields: () => ({}),
    state: generationSource,
    cells: members_({ viewer: actionRefuses(GENERATION_DENIED), member: actionRefuses(GENERATION_DENIED), ...configurers(actionFails("The team has no Generation API of its own to clear.")) }),
  }),
  action("create-api-token.ts", "createApiTokenAction", {
    page: () => "/settings/api-tokens",
    fields: (p, fx) => ({ name: `Made by ${p.name} ${fx.run}`, expiresInDays: "30" }),
    state: apiTokens,
    cells: members_({ viewer: actionRefuses("Only owners and admins can create API tokens."), member: actionRefuses("Only owners and admins can create API tokens."), ...configurers(acts(/^Token “Made by \w+ \w+” created\.$/)) }),
  }),
  action("create-invitation.ts", "createInvitationAction", {
    page: () => "/settings/members",
    // The admin asks for an owner's invitation, which only an owner may hand out.
    fields: (p) => ({ role: p.name === "admin" ? "owner" : "viewer" }),
    state: invitations,
    cells: members_({
      viewer: actionRefuses("Only owners and admins can invite people."),
      member: actionRefuses("Only owners and admins can invite people."),
      admin: actionRefuses("An admin cannot invite someone as owner."),
      owner: acts("Invitation link created. Copy it now: it is shown only once."),
      outsider: acts("Invitation link created. Copy it now: it is shown only once."),
      outsiderOwn: acts("Invitation link created. Copy it now: it is shown only once."),
    }),
  }),
  action("create-share-link.ts", "createShareLinkAction", {
    page: batchPage,
    fields: (p, fx) => ({ batchId: pick(p, ["member", "admin", "owner"], p.batchId, fx.nothing), expiresInDays: "1" }),
    state: shareLinks,
    cells: members_({
      viewer: actionRefuses("Viewers cannot share reports; ask a member, an admin or an owner."),
      member: actionFails(NOT_FOUND.batch),
      admin: actionFails(NOT_FOUND.batch),
      owner: actionFails(NOT_FOUND.batch),
      outsider: actionRefuses(NOT_FOUND.batch),
      outsiderOwn: acts("Share link created."),
    }),
  }),
  action("delete-workflow.ts", "deleteWorkflowAction", {
    page: () => "/workflows",
    fields: (p, fx) => ({ workflowId: pick(p, ["member", "admin", "owner", "outsiderOwn"], p.ids.workflowId, fx.nothing) }),
    state: workflows,
    cells: members_({ viewer: actionRefuses("Viewers cannot delete workflows."), member: actionFails(NOT_FOUND.workflow), admin: actionFails(NOT_FOUND.workflow), owner: actionFails(NOT_FOUND.workflow), outsider: actionRefuses(NOT_FOUND.workflow), outsiderOwn: actionFails(NOT_FOUND.workflow) }),
  }),
  action("estimate-batch.ts", "estimateBatchAction", {
    page: () => "/workflows/new",
    fields: (p) => ({ recipe: p.ids.recipe }),
    cells: members_({ viewer: actionRefuses("Viewers cannot submit batches."), member: estimated(), admin: estimated(), owner: estimated(), outsider: estimated(), outsiderOwn: estimated() }),
  }),
  action("change-password.ts", "changePasswordAction", {
    page: () => "/settings/account",
    // Anyone signed in may change their own password; a wrong current password changes nothing
    // (one wrong try per person and run, far below its limit of five).
    fields: () => ({ currentPassword: "not the current password", newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" }),
    state: members,
    cells: members_({
      ...teamA(actionFails("That is not your current password.")),
      outsider: actionFails("That is not your current password."),
      outsiderOwn: actionFails("That is not your current password."),
    }),
  }),
  action("leave-team.ts", "leaveTeamAction", {
    page: () => "/settings/team",
    fields: () => ({}),
    state: members,
    // Last: the viewer, the member and the admin really leave team A (each has a team of their own from signing up).
    phase: 9,
    cells: members_({
      viewer: actionRedirects("/settings/team?left=1"),
      member: actionRedirects("/settings/team?left=1"),
      admin: actionRedirects("/settings/team?left=1"),
      owner: actionFails("You are the team's only owner. Make someone else owner before you leave."),
      outsider: actionFails("You are the team's only owner. Make someone else owner before you leave."),
      outsiderOwn: actionFails("You are the team's only owner. Make someone else owner before you leave."),
    }),
    verify: async (o) => {
      const left = ((await members(o)) as string[]).filter((m) => [o.fx.emails.viewer, o.fx.emails.member, o.fx.emails.admin].some((e) => m.startsWith(`${e}:`)));
      return left.length ? [`still members of team A after leaving: ${left.join(", ")}`] : [];
    },
  }),
  action("promote-batch.ts", "promoteBatchAction", {
    page: batchPage,
    fields: (p, fx) => ({ batchId: pick(p, ["member", "admin", "owner", "outsiderOwn"], p.batchId, fx.nothing) }),
    state: batches,
    cells: members_({ viewer: actionRefuses("Viewers cannot submit batches."), member: actionFails(NOT_FOUND.batch), admin: actionFails(NOT_FOUND.batch), owner: actionFails(NOT_FOUND.batch), outsider: actionRefuses(NOT_FOUND.batch), outsiderOwn: actionFails(NOT_FOUND.batch) }),
  }),
  action("register-user.ts", "registerUserAction", {
    page: () => "/register",
    // Open to all; an e-mail that has an account is refused after the form is read, so none is made.
    fields: (_p, fx) => ({ name: "Matrix Again", email: fx.emails.owner, password: "correct horse battery", callbackUrl: "" }),
    state: members,
    cells: everyone(actionFails("An account with this e-mail already exists. Sign in instead.")),
  }),
  action("remove-member.ts", "removeMemberAction", {
    page: () => "/settings/members",
    fields: (p, fx) => ({ userId: p.name === "admin" ? fx.teamA.ownerUserId : pick(p, ["owner", "outsiderOwn"], fx.teamA.memberUserId, fx.nothing) }),
    state: members,
    cells: members_({
      viewer: actionRefuses("Only owners and admins can remove members."),
      member: actionRefuses("Only owners and admins can remove members."),
      admin: actionRefuses("Only an owner can remove another owner."),
      owner: actionFails(NOT_FOUND.member),
      outsider: actionRefuses(NOT_FOUND.member),
      outsiderOwn: actionFails(NOT_FOUND.member),
    }),
  }),
  action("rename-team.ts", "renameTeamAction", {
    page: () => "/settings/team",
    // Allowed renames keep the name as it is, so the marker names stay valid.
    fields: (p, fx) => ({ name: p.name === "outsider" || p.name === "outsiderOwn" ? fx.teamB.teamName : ["admin", "owner"].includes(p.name) ? fx.teamA.teamName : `Renamed by ${p.name}` }),
    state: teamName,
    cells: members_({ viewer: actionRefuses("Only owners and admins can rename the team."), member: actionRefuses("Only owners and admins can rename the team."), ...configurers(acts("Team renamed.")) }),
  }),
  action("retry-failed-jobs.ts", "retryFailedJobsAction", {
    page: batchPage,
    fields: (p) => ({ batchId: p.batchId }),
    state: batches,
    cells: members_({ viewer: actionRefuses("Viewers cannot retry jobs."), member: acts("No failed jobs to retry."), admin: acts("No failed jobs to retry."), owner: acts("No failed jobs to retry."), outsider: actionRefuses(NOT_FOUND.batch), outsiderOwn: acts("No failed jobs to retry.") }),
  }),
  action("retry-submission.ts", "retrySubmissionAction", {
    page: batchPage,
    fields: (p) => ({ batchId: p.batchId }),
    state: batches,
    cells: members_({
      viewer: actionRefuses("Viewers cannot submit batches."),
      member: actionFails("This batch was already submitted."),
      admin: actionFails("This batch was already submitted."),
      owner: actionFails("This batch was already submitted."),
      outsider: actionRefuses("That batch does not exist."),
      outsiderOwn: actionFails("This batch was already submitted."),
    }),
  }),
  action("revoke-api-token.ts", "revokeApiTokenAction", {
    page: () => "/settings/api-tokens",
    fields: (p, fx) => ({ tokenId: pick(p, ["admin", "owner", "outsiderOwn"], fx.teamA.apiTokenId, fx.nothing) }),
    state: apiTokens,
    cells: members_({
      viewer: actionRefuses("Only owners and admins can revoke API tokens."),
      member: actionRefuses("Only owners and admins can revoke API tokens."),
      admin: actionFails(NOT_FOUND.token),
      owner: actionFails(NOT_FOUND.token),
      outsider: actionRefuses(NOT_FOUND.token),
      outsiderOwn: actionFails(NOT_FOUND.token),
    }),
  }),
  action("revoke-invitation.ts", "revokeInvitationAction", {
    page: () => "/settings/members",
    fields: (p, fx) => ({ invitationId: pick(p, ["admin", "owner", "outsiderOwn"], fx.teamA.invitationId, fx.nothing) }),
    state: invitations,
    cells: members_({
      viewer: actionRefuses("Your role does not allow this action."),
      member: actionRefuses("Your role does not allow this action."),
      admin: actionFails(NOT_FOUND.invitation),
      owner: actionFails(NOT_FOUND.invitation),
      outsider: actionRefuses(NOT_FOUND.invitation),
      outsiderOwn: actionFails(NOT_FOUND.invitation),
    }),
  }),
  action("revoke-share-link.ts", "revokeShareLinkAction", {
    page: batchPage,
    // The member aims at the owner's link: members may revoke only their own.
    fields: (p, fx) => ({ linkId: pick(p, ["admin", "owner", "outsiderOwn"], fx.teamA.shareLinkId, fx.nothing) }),
    state: shareLinks,
    cells: members_({
      viewer: actionRefuses("Viewers cannot revoke share links."),
      member: actionRefuses("Only the person who created this link, an admin or an owner can revoke it."),
      admin: actionFails(NOT_FOUND.link),
      owner: actionFails(NOT_FOUND.link),
      outsider: actionRefuses(NOT_FOUND.link),
      outsiderOwn: actionFails(NOT_FOUND.link),
    }),
  }),
  action("save-generation-connection.ts", "saveGenerationConnectionAction", {
    page: () => "/settings/generation-api",
    // Refused cells send a whole connection (it would be saved); the allowed ones leave the token out, which is refused after the role check.
    fields: (p) => ({ url: "https://generation.invalid/", token: ["viewer", "member"].includes(p.name) || !isSession(p.name) ? "matrix-token-0123456789" : "" }),
    state: generationSource,
    cells: members_({ viewer: actionRefuses(GENERATION_DENIED), member: actionRefuses(GENERATION_DENIED), ...configurers(actionFails(ENTER_TOKEN)) }),
  }),
  action("save-workflow.ts", "saveWorkflowAction", {
    page: () => "/workflows/new",
    // Refused: overwriting team A's workflow with another recipe. Allowed: an update of a workflow that does not exist.
    fields: (p, fx) => ({ recipe: p.name === "outsider" ? fx.teamB.recipe : p.ids.recipe, workflowId: pick(p, ["member", "admin", "owner", "outsiderOwn"], fx.teamA.workflowId, fx.nothing) }),
    state: workflows,
    cells: members_({ viewer: actionRefuses("Viewers cannot save workflows."), member: actionFails(NOT_FOUND.workflow), admin: actionFails(NOT_FOUND.workflow), owner: actionFails(NOT_FOUND.workflow), outsider: actionRefuses(NOT_FOUND.workflow), outsiderOwn: actionFails(NOT_FOUND.workflow) }),
  }),
  action("sign-in-with-github.ts", "signInWithGithubAction", {
    page: () => "/login",
    fields: () => null,
    // GitHub is not configured here: Auth.js sends everyone to its own sign-in page, which lists no GitHub.
    cells: everyone(actionRedirects(/^\/api\/auth\/signin\?/)),
  }),
  action("sign-in.ts", "signInAction", {
    page: () => "/login",
    fields: (p, fx) => ({ email: `nobody-${p.name.toLowerCase()}-${fx.run}@example.com`, password: "not the password", callbackUrl: "" }),
    cells: everyone(actionFails("That e-mail and password do not match an account.")),
  }),
  action("sign-out-everywhere.ts", "signOutEverywhereAction", {
    page: () => "/settings/account",
    fields: () => ({}),
    // After everything else: it really ends every session of each person who sends it, the
    // observers' (team A's and team B's owners) included.
    phase: 10,
    cells: members_({
      ...teamA(actionRedirects("/login")),
      outsider: either(actionRedirects("/login"), signedOut),
      outsiderOwn: either(actionRedirects("/login"), signedOut),
    }),
  }),
  action("sign-out.ts", "signOutAction", {
    page: () => "/workflows",
    fields: () => null,
    cells: everyone(actionRedirects("/login")),
  }),
  action("submit-batch.ts", "submitBatchAction", {
    page: () => "/workflows/new",
    // Team A's members replay the form of team A's batch: the idempotency key answers with that batch, nothing new.
    // Refused: a fresh submit. The outsider links its own batch to team A's workflow.
    fields: (p, fx) => {
      if (p.name === "outsider") return { recipe: fx.teamB.recipe, idempotencyKey: randomUUID(), workflowId: fx.teamA.workflowId };
      if (["member", "admin", "owner", "outsiderOwn"].includes(p.name)) return { recipe: p.ids.recipe, idempotencyKey: p.ids.idempotencyKey, workflowId: p.ids.workflowId };
      return { recipe: fx.teamA.recipe, idempotencyKey: randomUUID(), workflowId: fx.teamA.workflowId };
    },
    state: batches,
    cells: members_({
      viewer: actionRefuses("Viewers cannot submit batches."),
      member: actionRedirects((c) => `/batches/${c.fx.teamA.batchId}`),
      admin: actionRedirects((c) => `/batches/${c.fx.teamA.batchId}`),
      owner: actionRedirects((c) => `/batches/${c.fx.teamA.batchId}`),
      outsider: actionRefuses(NOT_FOUND.workflow),
      outsiderOwn: actionRedirects((c) => `/batches/${c.fx.teamB.batchId}`),
    }),
  }),
  action("switch-team.ts", "switchTeamAction", {
    page: () => "/workflows",
    fields: (p) => ({ teamId: p.ids.teamId }),
    cells: members_({ ...teamA(acts("Switched team.")), outsider: actionRefuses(NOT_FOUND.team), outsiderOwn: acts("Switched team.") }),
  }),
  action("test-generation-connection.ts", "testGenerationConnectionAction", {
    page: () => "/settings/generation-api",
    fields: (p) => ({ url: "https://generation.invalid/", token: ["viewer", "member"].includes(p.name) || !isSession(p.name) ? "matrix-token-0123456789" : "" }),
    cells: members_({ viewer: actionRefuses("Only owners and admins can test the team's Generation API."), member: actionRefuses("Only owners and admins can test the team's Generation API."), ...configurers(actionFails(ENTER_TOKEN)) }),
  }),
];

function isSession(name: PrincipalName): boolean {
  return ["viewer", "member", "admin", "owner", "outsider", "outsiderOwn"].includes(name);
}

/** Team A's admin and owner, and team B's owner acting on its own team, alike. */
function configurers(outcome: Outcome) {
  return { admin: outcome, owner: outcome, outsider: outcome, outsiderOwn: outcome };
}

/** The confirm step's frame estimate for a one-job recipe. */
function estimated(): Outcome {
  return {
    label: "action done",
    refused: false,
    check(a) {
      const data = a.action?.data as { jobs?: number; frames?: number } | undefined;
      return a.action?.ok === true && data?.jobs === 1 && (data.frames ?? 0) > 0 ? [] : [`no estimate for one job: ${JSON.stringify(a.action)}`];
    },
  };
}
