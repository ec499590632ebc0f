import type { APIRequestContext } from "@playwright/test";
import type { Outcome, Text } from "./outcomes";
import type { Fixtures, PrincipalName, PrincipalView, TeamIds } from "./principals";
import type { Probe } from "./requests";

/** One declared outcome per principal: the compiler refuses a row that forgets one. */
export type Cells = Record<PrincipalName, Outcome>;

export interface ProbeEnv {
  origin: string;
  /** The server action's id from the build, for action rows. */
  actionId?: string;
}

export interface Variant {
  /** What distinguishes it within its row: "?what=zip", "/summary". */
  label?: string;
  probe(p: PrincipalView, fx: Fixtures, env: ProbeEnv): Probe;
  cells: Cells;
  /** Private texts of team A this answer may show to those outside it, by design (an invitation names its team). */
  reveals?: (fx: Fixtures) => string[];
}

/** Reads as team A's owner (and team B's), to see that refused requests changed nothing. */
export interface Observer {
  a: APIRequestContext;
  b: APIRequestContext;
  fx: Fixtures;
}

export type StateRead = (o: Observer) => Promise<unknown>;

export interface Row {
  key: string;
  variants: Variant[];
  /** The state this row's refused cells must leave alone (actions also get team A's audit count). */
  state?: StateRead;
  /** For actions: the page the browser posts it from (checked against the build's manifest). */
  page?: (p: PrincipalView, fx: Fixtures) => string;
  /** Rows run by phase, then in table order: a row that takes people out of team A runs last. */
  phase?: number;
  /** Checked after the row's allowed cells, as team A's owner. */
  verify?: (o: Observer) => Promise<string[]>;
}

type SessionColumns = Record<"viewer" | "member" | "admin" | "owner" | "outsider" | "outsiderOwn", Outcome>;

/** Everyone gets the same answer. */
export function everyone(outcome: Outcome): Cells {
  return bySession(outcome, { viewer: outcome, member: outcome, admin: outcome, owner: outcome, outsider: outcome, outsiderOwn: outcome });
}

/** The portal's own pages, routes and actions: those without a session get `noSession`; each session column is declared. */
export function bySession(noSession: Outcome, sessions: SessionColumns): Cells {
  return { anonymous: noSession, shareToken: noSession, revokedShareToken: noSession, revokedApiToken: noSession, expiredApiToken: noSession, apiToken: noSession, outsiderApiToken: noSession, ...sessions };
}

/** The four roles of team A alike. */
export function teamA(outcome: Outcome): Pick<SessionColumns, "viewer" | "member" | "admin" | "owner"> {
  return { viewer: outcome, member: outcome, admin: outcome, owner: outcome };
}

/** The Generation API: only a working API token is let in; sessions, share tokens and dead tokens are refused alike. */
export function byApiToken(refusal: Outcome, tokens: { apiToken: Outcome; outsiderApiToken: Outcome }): Cells {
  return { ...everyone(refusal), ...tokens };
}

/** A share route: only the valid token opens it; a revoked one and a batch id in its place are one and the same 404. */
export function byShareToken(refusal: Outcome, valid: Outcome): Cells {
  return { ...everyone(refusal), shareToken: valid };
}

// --- texts taken from the fixtures, for the principal asking ---

const isOutsider = (name: PrincipalName) => name === "outsider" || name === "outsiderOwn";

/** The principal's own team's value: team B's for the outsider, else team A's. */
export const mine =
  (key: keyof TeamIds): Text =>
  (c) => {
    const value = (isOutsider(c.p.name) ? c.fx.teamB : c.fx.teamA)[key];
    return Array.isArray(value) ? value[0]! : value;
  };

/** The value of the team whose ids the principal uses (team A's for the outsider with team A's ids). */
export const target =
  (key: keyof TeamIds): Text =>
  (c) => {
    const value = c.p.ids[key];
    return Array.isArray(value) ? value[0]! : value;
  };

export const teamAText =
  (pick: (fx: Fixtures) => string): Text =>
  (c) =>
    pick(c.fx);

// --- the sentences the portal answers with ---

export const SIGN_IN = "Sign in to continue.";
export const NO_BATCH = "That batch does not exist, or it belongs to another team.";
export const NO_TOKEN = 'Send a valid API token: "Authorization: Token <token>". Create one in Settings → API tokens.';
export const LINK_GONE = "This link does not exist, has expired or was revoked.";
