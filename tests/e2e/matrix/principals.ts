/**
 * Who knocks. Team A is the team under test (an owner, and an admin, a member and a viewer who
 * joined by invitation); team B is another team, whose owner is "outsider". Every principal is
 * given the ids it would know: team A's for team A, team A's again for the outsider (ids seen in
 * a link, a log or a screenshot), team B's for the outsider acting on its own team.
 */
export const PRINCIPALS = [
  "anonymous",
  "viewer",
  "member",
  "admin",
  "owner",
  "outsider",
  "outsiderOwn",
  "shareToken",
  "revokedShareToken",
  "revokedApiToken",
  "expiredApiToken",
  "apiToken",
  "outsiderApiToken",
] as const;

export type PrincipalName = (typeof PRINCIPALS)[number];

export const PRINCIPAL_LABELS: Record<PrincipalName, string> = {
  anonymous: "anonymous visitor",
  viewer: "team A viewer",
  member: "team A member",
  admin: "team A admin",
  owner: "team A owner",
  outsider: "team B owner with team A's ids",
  outsiderOwn: "team B owner with team B's ids",
  shareToken: "holder of a valid share link to a team A batch (no session)",
  revokedShareToken: "holder of a revoked share link (no session)",
  revokedApiToken: "team A API token that was revoked",
  expiredApiToken: "team A API token past its expiry",
  apiToken: "team A API token",
  outsiderApiToken: "team B API token with team A's ids",
};

/** Principals that hold no session cookie; they never act as a portal user. */
export const WITHOUT_SESSION: readonly PrincipalName[] = ["anonymous", "shareToken", "revokedShareToken", "revokedApiToken", "expiredApiToken", "apiToken", "outsiderApiToken"];

/** Principals outside team A: nothing private of team A may appear in any answer they get. */
export const OUTSIDE_TEAM_A: readonly PrincipalName[] = ["anonymous", "outsider", "outsiderOwn", "shareToken", "revokedShareToken", "revokedApiToken", "expiredApiToken", "outsiderApiToken"];

/** The ids of one team, as its members know them. */
export interface TeamIds {
  teamId: string;
  teamName: string;
  emails: string[];
  apiTokenName: string;
  /** A finished one-job preview batch that no share link opens. */
  batchId: string;
  batchName: string;
  /** The idempotency key and recipe the editor posted for that batch: a replay answers with the same batch. */
  idempotencyKey: string;
  recipe: string;
  workflowId: string;
  workflowName: string;
  ownerUserId: string;
  /** Someone of the team other than its owner (team B has no one else: its owner stands in). */
  memberUserId: string;
}

/** Team A, the team under test, has every kind of object a route or action can name. */
export interface TeamA extends TeamIds {
  /** A second finished batch, the one the share links open. */
  sharedBatchId: string;
  sharedBatchName: string;
  /** An open invitation (its id and the token of its link), and the token of a revoked one. */
  invitationId: string;
  invitationToken: string;
  revokedInvitationToken: string;
  /** The owner's valid share link to the shared batch. */
  shareLinkId: string;
  apiTokenId: string;
  /** A batch made through the Generation API with the team's token, and its one job. */
  engineBatchId: string;
  engineBatchName: string;
  engineJobId: string;
  /** The job's signed result_url (path and query), as the Generation API handed it out. */
  resultPath: string;
}

export interface Fixtures {
  baseURL: string;
  /** Unique to this run; every name above contains it. */
  run: string;
  /** A well-formed id that names nothing: allowed mutations aim at it and fail harmlessly. */
  nothing: string;
  teamA: TeamA;
  teamB: TeamIds;
  /** Session cookies and e-mail per person. */
  storage: Record<Person, StorageState>;
  emails: Record<Person, string>;
  shareToken: string;
  revokedShareToken: string;
  apiToken: string;
  revokedApiToken: string;
  /** Made through the settings page with an expiry, which the spec then moves into the past. */
  expiredApiToken: { token: string; id: string };
  outsiderApiToken: string;
}

export type Person = "viewer" | "member" | "admin" | "owner" | "outsider";

export type StorageState = { cookies: { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: "Strict" | "Lax" | "None" }[]; origins: [] };

/** What a principal sends with every request, and which ids it uses. */
export interface PrincipalView {
  name: PrincipalName;
  ids: TeamIds;
  /** The token put where a route takes one in its path (/r/<token>, /api/share/<token>/…); the batch id for those who hold none. */
  pathToken: string;
  /** The batch a path names for this principal: the shared batch for share-link holders, else `ids.batchId`. */
  batchId: string;
  storageState?: StorageState;
  authorization?: string;
}

export function viewOf(name: PrincipalName, fx: Fixtures): PrincipalView {
  const a = fx.teamA;
  const base = { name, ids: a as TeamIds, pathToken: a.batchId, batchId: a.batchId };
  switch (name) {
    case "anonymous":
      return base;
    case "viewer":
    case "member":
    case "admin":
    case "owner":
      return { ...base, storageState: fx.storage[name] };
    case "outsider":
      return { ...base, storageState: fx.storage.outsider };
    case "outsiderOwn":
      return { ...base, ids: fx.teamB, pathToken: fx.teamB.batchId, batchId: fx.teamB.batchId, storageState: fx.storage.outsider };
    case "shareToken":
      // A share token is not an API token: it is also offered where the Generation API wants one.
      return { ...base, pathToken: fx.shareToken, batchId: a.sharedBatchId, authorization: `Token ${fx.shareToken}` };
    case "revokedShareToken":
      return { ...base, pathToken: fx.revokedShareToken, batchId: a.sharedBatchId, authorization: `Token ${fx.revokedShareToken}` };
    case "revokedApiToken":
      return { ...base, authorization: `Token ${fx.revokedApiToken}` };
    case "expiredApiToken":
      return { ...base, authorization: `Token ${fx.expiredApiToken.token}` };
    case "apiToken":
      return { ...base, authorization: `Token ${fx.apiToken}` };
    case "outsiderApiToken":
      return { ...base, authorization: `Token ${fx.outsiderApiToken}` };
  }
}
