import { GENERATOR } from "../fixtures";
import { page, pageNotFound, redirect, refusedPage, toLogin, file } from "../outcomes";
import type { Fixtures, PrincipalView } from "../principals";
import type { Probe } from "../requests";
import { bySession, byShareToken, mine, target, teamA, teamAText, type Row } from "../table";

const get = (path: (p: PrincipalView, fx: Fixtures) => string) => (p: PrincipalView, fx: Fixtures): Probe => ({ method: "GET", path: path(p, fx) });

/** A page of the signed-in portal that every role of a team may open, showing `shows` of their own team. */
function portalPage(key: string, path: string, ...shows: Parameters<typeof page>) {
  return { key, variants: [{ probe: get(() => path), cells: bySession(toLogin, { ...teamA(page(...shows)), outsider: page(...shows), outsiderOwn: page(...shows) }) }] } satisfies Row;
}

/** Every page in app/ (pages are GET only). */
export const pageRows: Row[] = [
  {
    key: "page /",
    variants: [{ probe: get(() => "/"), cells: bySession(toLogin, { ...teamA(redirect("/workflows")), outsider: redirect("/workflows"), outsiderOwn: redirect("/workflows") }) }],
  },
  {
    key: "page /login",
    variants: [{ probe: get(() => "/login"), cells: bySession(page("Sign in"), { ...teamA(redirect("/workflows")), outsider: redirect("/workflows"), outsiderOwn: redirect("/workflows") }) }],
  },
  {
    key: "page /register",
    variants: [{ probe: get(() => "/register"), cells: bySession(page("Create an account"), { ...teamA(redirect("/workflows")), outsider: redirect("/workflows"), outsiderOwn: redirect("/workflows") }) }],
  },
  {
    // The link is the capability: whoever holds an open invitation sees which team it is for.
    key: "page /invite/[token]",
    variants: [
      {
        probe: get((_p, fx) => `/invite/${fx.teamA.invitationToken}`),
        cells: bySession(page(teamAText((fx) => fx.teamA.teamName), "Create an account to join"), {
          ...teamA(page(teamAText((fx) => fx.teamA.teamName), "Signed in as")),
          outsider: page(teamAText((fx) => fx.teamA.teamName), "Signed in as"),
          outsiderOwn: page(teamAText((fx) => fx.teamA.teamName), "Signed in as"),
        }),
        reveals: (fx) => [fx.teamA.teamName],
      },
    ],
  },
  {
    key: "page /audit",
    variants: [
      {
        probe: get(() => "/audit"),
        cells: bySession(toLogin, {
          viewer: refusedPage("Only owners and admins can read the audit history"),
          member: refusedPage("Only owners and admins can read the audit history"),
          admin: page('data-testid="audit-count"', "team.renamed"),
          owner: page('data-testid="audit-count"', "team.renamed"),
          outsider: page('data-testid="audit-count"'),
          outsiderOwn: page('data-testid="audit-count"'),
        }),
      },
    ],
  },
  {
    key: "page /batches",
    variants: [
      {
        probe: get(() => "/batches"),
        cells: bySession(toLogin, {
          ...teamA(page(mine("batchName"), teamAText((fx) => fx.teamA.sharedBatchName))),
          outsider: page(mine("batchName")),
          outsiderOwn: page(mine("batchName")),
        }),
      },
    ],
  },
  {
    key: "page /batches/[id]",
    variants: [
      {
        probe: get((p) => `/batches/${p.batchId}`),
        cells: bySession(toLogin, { ...teamA(page(target("batchName"))), outsider: pageNotFound(), outsiderOwn: page(target("batchName")) }),
      },
    ],
  },
  portalPage("page /generators", "/generators", GENERATOR),
  portalPage("page /generators/[name]", `/generators/${GENERATOR}`, GENERATOR, "New batch"),
  {
    key: "page /settings",
    variants: [{ probe: get(() => "/settings"), cells: bySession(toLogin, { ...teamA(redirect("/settings/team")), outsider: redirect("/settings/team"), outsiderOwn: redirect("/settings/team") }) }],
  },
  {
    key: "page /settings/api-tokens",
    variants: [
      {
        probe: get(() => "/settings/api-tokens"),
        cells: bySession(toLogin, {
          viewer: refusedPage("Viewers cannot see API tokens"),
          member: page(mine("apiTokenName"), "Only owners and admins can create or revoke API tokens"),
          admin: page(mine("apiTokenName"), "Create a token"),
          owner: page(mine("apiTokenName"), "Create a token"),
          outsider: page(mine("apiTokenName"), "Create a token"),
          outsiderOwn: page(mine("apiTokenName"), "Create a token"),
        }),
      },
    ],
  },
  {
    key: "page /settings/generation-api",
    variants: [
      {
        probe: get(() => "/settings/generation-api"),
        cells: bySession(toLogin, {
          viewer: refusedPage("The built-in engine serves this team", "Only owners and admins can change where the team"),
          member: refusedPage("The built-in engine serves this team", "Only owners and admins can change where the team"),
          admin: page("The built-in engine serves this team", "Use a remote Generation API"),
          owner: page("The built-in engine serves this team", "Use a remote Generation API"),
          outsider: page("The built-in engine serves this team", "Use a remote Generation API"),
          outsiderOwn: page("The built-in engine serves this team", "Use a remote Generation API"),
        }),
      },
    ],
  },
  {
    key: "page /settings/members",
    variants: [
      {
        probe: get(() => "/settings/members"),
        cells: bySession(toLogin, {
          viewer: refusedPage(mine("emails"), "Only owners and admins can invite people."),
          member: refusedPage(mine("emails"), "Only owners and admins can invite people."),
          admin: page(mine("emails"), "Create a link for one person."),
          owner: page(mine("emails"), "Create a link for one person."),
          outsider: page(mine("emails"), "Create a link for one person."),
          outsiderOwn: page(mine("emails"), "Create a link for one person."),
        }),
      },
    ],
  },
  {
    key: "page /settings/team",
    variants: [
      {
        probe: get(() => "/settings/team"),
        cells: bySession(toLogin, {
          viewer: refusedPage(mine("teamName"), "Only owners and admins can rename the team."),
          member: refusedPage(mine("teamName"), "Only owners and admins can rename the team."),
          admin: page(mine("teamName"), "Leave team"),
          owner: page(mine("teamName"), "Leave team"),
          outsider: page(mine("teamName"), "Leave team"),
          outsiderOwn: page(mine("teamName"), "Leave team"),
        }),
      },
    ],
  },
  portalPage("page /settings/account", "/settings/account", "Changing it signs you out on every other device"),
  portalPage("page /settings/usage", "/settings/usage", "/settings/usage?days=7"),
  portalPage("page /workflows", "/workflows", mine("workflowName")),
  {
    key: "page /workflows/[id]",
    variants: [
      {
        probe: get((p) => `/workflows/${p.ids.workflowId}`),
        cells: bySession(toLogin, { ...teamA(page(target("workflowName"))), outsider: pageNotFound(), outsiderOwn: page(target("workflowName")) }),
      },
    ],
  },
  {
    key: "page /workflows/new",
    variants: [
      { probe: get(() => "/workflows/new"), cells: bySession(toLogin, { ...teamA(page("Pick a generator")), outsider: page("Pick a generator"), outsiderOwn: page("Pick a generator") }) },
      {
        // "Duplicate and modify": ?from= names a batch whose recipe is copied into the editor.
        label: "?from=<batch>",
        probe: get((p) => `/workflows/new?from=${p.batchId}`),
        cells: bySession(toLogin, {
          ...teamA(page("Duplicate and modify", (c) => `${c.p.ids.batchName} (copy)`)),
          outsider: pageNotFound(),
          outsiderOwn: page("Duplicate and modify", (c) => `${c.p.ids.batchName} (copy)`),
        }),
      },
    ],
  },
  {
    key: "page /r/[token]",
    variants: [{ probe: get((p) => `/r/${p.pathToken}`), cells: byShareToken(pageNotFound(), page(teamAText((fx) => fx.teamA.sharedBatchName), "read-only-badge")) }],
  },
  {
    key: "GET /r/[token]/opengraph-image",
    variants: [{ probe: get((p) => `/r/${p.pathToken}/opengraph-image`), cells: byShareToken(pageNotFound(), file(/^image\/png/)) }],
  },
];
