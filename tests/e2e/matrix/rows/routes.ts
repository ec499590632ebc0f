import { GENERATOR } from "../fixtures";
import { badSignature, file, forbidden, invalidInput, methodNotAllowed, notFound, ok, redirect, unauthorized, type Outcome } from "../outcomes";
import type { Fixtures, PrincipalView } from "../principals";
import type { Probe } from "../requests";
import { engineBatches } from "../state";
import { LINK_GONE, NO_BATCH, NO_TOKEN, SIGN_IN, byApiToken, byShareToken, bySession, everyone, mine, target, teamA, teamAText, type Row, type Variant } from "../table";

const get = (path: (p: PrincipalView, fx: Fixtures) => string) => (p: PrincipalView, fx: Fixtures): Probe => ({ method: "GET", path: path(p, fx) });
const post = (path: (p: PrincipalView, fx: Fixtures) => string, json?: unknown) => (p: PrincipalView, fx: Fixtures): Probe => ({ method: "POST", path: path(p, fx), json });

/** A read of one batch of the member's team: another team's id is "not found", never data and never a 403. */
function batchRead(label: string | undefined, path: (batch: string) => string, allowed: Outcome): Variant {
  return { label, probe: get((p) => path(p.batchId)), cells: bySession(unauthorized(SIGN_IN), { ...teamA(allowed), outsider: notFound(NO_BATCH), outsiderOwn: allowed }) };
}

/** The same file through a share link: only a valid token opens it. */
function shareRead(label: string | undefined, path: (token: string) => string, allowed: Outcome): Variant {
  return { label, probe: get((p) => path(p.pathToken)), cells: byShareToken(notFound(LINK_GONE), allowed) };
}

const zip = file(/^application\/zip$/);
const csv = file(/^text\/csv/);
const jsonFile = file(/^application\/json/);
const png = file(/^image\/png$/);
const noEndpoint = notFound("No such endpoint. See /api/openapi.json.");
const useGet = methodNotAllowed();

/** The Generation API's answers for a team's own token; another team's token gets "not found" for this team's ids. */
const apiRead = (allowed: Outcome, foreign: Outcome = allowed) => byApiToken(unauthorized(NO_TOKEN), { apiToken: allowed, outsiderApiToken: foreign });

/** Every route handler in app/, per exported method. */
export const routeRows: Row[] = [
  {
    key: "GET /api/auth/[...nextauth]",
    variants: [
      {
        // The session of whoever asks, never anyone else's.
        label: "/session",
        probe: get(() => "/api/auth/session"),
        cells: bySession(ok("null"), {
          viewer: ok((c) => c.fx.emails.viewer),
          member: ok((c) => c.fx.emails.member),
          admin: ok((c) => c.fx.emails.admin),
          owner: ok((c) => c.fx.emails.owner),
          outsider: ok((c) => c.fx.emails.outsider),
          outsiderOwn: ok((c) => c.fx.emails.outsider),
        }),
      },
      { label: "/csrf", probe: get(() => "/api/auth/csrf"), cells: everyone(ok("csrfToken")) },
      { label: "/providers", probe: get(() => "/api/auth/providers"), cells: everyone(ok('"credentials"')) },
    ],
  },
  {
    // Without Auth.js's CSRF token nothing happens: no sign-in with the owner's own password, no sign-out.
    key: "POST /api/auth/[...nextauth]",
    variants: [
      { label: "/signout", probe: post(() => "/api/auth/signout"), cells: everyone({ ...redirect("/login?error=MissingCSRF", 302), refused: true }) },
      {
        label: "/callback/credentials",
        probe: (_p, fx) => ({ method: "POST", path: "/api/auth/callback/credentials", body: { contentType: "application/x-www-form-urlencoded", text: new URLSearchParams({ email: fx.emails.owner, password: "correct horse battery" }).toString() } }),
        cells: everyone({ ...redirect("/login?error=MissingCSRF", 302), refused: true }),
      },
    ],
  },
  {
    key: "GET /api/batch/[[...path]]",
    variants: [
      { label: "(list)", probe: get(() => "/api/batch/"), cells: apiRead(ok(teamAText((fx) => fx.teamA.engineBatchName)), ok()) },
      { label: "/<id>", probe: get((_p, fx) => `/api/batch/${fx.teamA.engineBatchId}`), cells: apiRead(ok(teamAText((fx) => fx.teamA.engineJobId)), notFound("No batch with that id.")) },
      { label: "/<id>/summary", probe: get((_p, fx) => `/api/batch/${fx.teamA.engineBatchId}/summary`), cells: apiRead(ok('"status":"succeeded"'), notFound("No batch with that id.")) },
    ],
  },
  {
    key: "POST /api/batch/[[...path]]",
    state: engineBatches,
    variants: [
      // An empty batch is refused after the token is accepted, so nothing is created either way.
      { label: "(create)", probe: post(() => "/api/batch/", { name: "matrix probe", job_runs: [] }), cells: apiRead(invalidInput(400, /job/i)) },
      { label: "/estimate", probe: post(() => "/api/batch/estimate", { name: "matrix estimate", job_runs: [{ name: GENERATOR, is_preview: true, param_values: {} }] }), cells: apiRead(ok("[1]")) },
      { label: "/<id>/cancel", probe: post((_p, fx) => `/api/batch/${fx.teamA.engineBatchId}/cancel`), cells: apiRead(ok('"canceled":0'), notFound("No batch with that id.")) },
      { label: "/<id>/retry", probe: post((_p, fx) => `/api/batch/${fx.teamA.engineBatchId}/retry`), cells: apiRead(ok('"retried":0'), notFound("No batch with that id.")) },
    ],
  },
  {
    key: "GET /api/jobs/[[...path]]",
    variants: [
      { label: "(list)", probe: get(() => "/api/jobs/"), cells: apiRead(ok(GENERATOR)) },
      { label: "/<name>", probe: get(() => `/api/jobs/${GENERATOR}`), cells: apiRead(ok('"params"')) },
    ],
  },
  { key: "POST /api/jobs/[[...path]]", variants: [{ probe: post(() => "/api/jobs/"), cells: everyone(useGet) }] },
  {
    key: "GET /api/job_runs/[[...path]]",
    variants: [
      { label: "(list)", probe: get(() => "/api/job_runs/"), cells: apiRead(ok("[")) },
      { label: "/counts", probe: get(() => "/api/job_runs/counts"), cells: apiRead(ok("counts_by_generator")) },
      // The team's one job is a preview: as a video job it is "not found" to its own token as to any other.
      { label: "/<preview id>", probe: get((_p, fx) => `/api/job_runs/${fx.teamA.engineJobId}`), cells: apiRead(notFound("No video job with that id.")) },
    ],
  },
  { key: "POST /api/job_runs/[[...path]]", variants: [{ probe: post(() => "/api/job_runs/"), cells: everyone(useGet) }] },
  {
    key: "GET /api/job_previews/[[...path]]",
    variants: [
      { label: "(list)", probe: get(() => "/api/job_previews/"), cells: apiRead(ok(teamAText((fx) => fx.teamA.engineJobId)), ok()) },
      { label: "/<id>", probe: get((_p, fx) => `/api/job_previews/${fx.teamA.engineJobId}`), cells: apiRead(ok(teamAText((fx) => fx.teamA.engineJobId)), notFound("No preview with that id.")) },
    ],
  },
  { key: "POST /api/job_previews/[[...path]]", variants: [{ probe: post(() => "/api/job_previews/"), cells: everyone(useGet) }] },
  {
    // A result_url is a capability: signed, it opens that one job's zip for whoever holds it; unsigned, nothing.
    key: "GET /api/results/[[...path]]",
    variants: [
      { label: "(signed)", probe: get((_p, fx) => fx.teamA.resultPath), cells: everyone(zip) },
      { label: "(unsigned)", probe: get((_p, fx) => `/api/results/${fx.teamA.engineJobId}/`), cells: everyone(badSignature("This result link is not valid. Ask the API for a fresh result_url.")) },
    ],
  },
  { key: "POST /api/results/[[...path]]", variants: [{ probe: post((_p, fx) => `/api/results/${fx.teamA.engineJobId}/`), cells: everyone(noEndpoint) }] },
  { key: "GET /api/openapi.json", variants: [{ probe: get(() => "/api/openapi.json"), cells: everyone(ok('"openapi"')) }] },
  { key: "GET /api/health", variants: [{ probe: get(() => "/api/health"), cells: everyone(ok('"ok":true')) }] },
  {
    key: "GET /api/portal/audit/export",
    variants: [
      {
        probe: get(() => "/api/portal/audit/export"),
        cells: bySession(unauthorized(SIGN_IN), {
          viewer: forbidden("Only owners and admins can read the audit history."),
          member: forbidden("Only owners and admins can read the audit history."),
          admin: csv,
          owner: csv,
          outsider: csv,
          outsiderOwn: csv,
        }),
      },
    ],
  },
  {
    key: "GET /api/portal/batches/[id]/download",
    variants: [
      batchRead("?what=zip", (id) => `/api/portal/batches/${id}/download?what=zip`, zip),
      batchRead("?what=parameters.csv", (id) => `/api/portal/batches/${id}/download?what=parameters.csv`, csv),
      batchRead("?what=parameters.json", (id) => `/api/portal/batches/${id}/download?what=parameters.json`, jsonFile),
      batchRead("?what=coco", (id) => `/api/portal/batches/${id}/download?what=coco`, jsonFile),
      batchRead("?what=notebook", (id) => `/api/portal/batches/${id}/download?what=notebook`, file(/^application\/x-ipynb\+json$/)),
    ],
  },
  { key: "GET /api/portal/batches/[id]/jobs/[position]/download", variants: [batchRead(undefined, (id) => `/api/portal/batches/${id}/jobs/1/download`, zip)] },
  {
    key: "GET /api/portal/batches/[id]/jobs/[position]/media",
    variants: [
      batchRead("?file=video_preview.png", (id) => `/api/portal/batches/${id}/jobs/1/media?file=video_preview.png`, png),
      batchRead("?file=labels.json", (id) => `/api/portal/batches/${id}/jobs/1/media?file=labels.json`, jsonFile),
    ],
  },
  { key: "GET /api/portal/batches/[id]/jobs", variants: [batchRead(undefined, (id) => `/api/portal/batches/${id}/jobs?offset=0&limit=10`, ok('"total":1'))] },
  { key: "GET /api/portal/batches/[id]/params", variants: [batchRead(undefined, (id) => `/api/portal/batches/${id}/params`, ok('"jobs"'))] },
  { key: "GET /api/portal/batches/[id]/status", variants: [batchRead(undefined, (id) => `/api/portal/batches/${id}/status`, ok('"final":true'))] },
  { key: "GET /api/portal/batches/progress", variants: [batchRead(undefined, (id) => `/api/portal/batches/progress?ids=${id}`, ok(target("batchId")))] },
  {
    // Generators are the deployment's, not a team's: any member of any team may see their examples.
    key: "GET /api/portal/generators/[name]/examples",
    variants: [{ probe: get(() => `/api/portal/generators/${GENERATOR}/examples?sample=0`), cells: bySession(unauthorized(SIGN_IN), { ...teamA(png), outsider: png, outsiderOwn: png }) }],
  },
  {
    key: "GET /api/portal/members",
    variants: [{ probe: get(() => "/api/portal/members"), cells: bySession(unauthorized(SIGN_IN), { ...teamA(ok(mine("emails"))), outsider: ok(mine("emails")), outsiderOwn: ok(mine("emails")) }) }],
  },
  {
    key: "GET /api/share/[token]/download",
    variants: [
      shareRead("?what=zip", (t) => `/api/share/${t}/download?what=zip`, zip),
      shareRead("?what=parameters.csv", (t) => `/api/share/${t}/download?what=parameters.csv`, csv),
      shareRead("?what=parameters.json", (t) => `/api/share/${t}/download?what=parameters.json`, jsonFile),
      shareRead("?what=coco", (t) => `/api/share/${t}/download?what=coco`, jsonFile),
      // A shared report has no notebook: it is for re-submitting with the team's API token.
      shareRead("?what=notebook", (t) => `/api/share/${t}/download?what=notebook`, invalidInput(400, /what/)),
    ],
  },
  { key: "GET /api/share/[token]/jobs/[position]/download", variants: [shareRead(undefined, (t) => `/api/share/${t}/jobs/1/download`, zip)] },
  {
    key: "GET /api/share/[token]/jobs/[position]/media",
    variants: [
      shareRead("?file=video_preview.png", (t) => `/api/share/${t}/jobs/1/media?file=video_preview.png`, png),
      shareRead("?file=labels.json", (t) => `/api/share/${t}/jobs/1/media?file=labels.json`, jsonFile),
    ],
  },
  { key: "GET /api/share/[token]/jobs", variants: [shareRead(undefined, (t) => `/api/share/${t}/jobs?offset=0&limit=10`, ok('"total":1'))] },
  { key: "GET /api/share/[token]/status", variants: [shareRead(undefined, (t) => `/api/share/${t}/status`, ok('"final":true'))] },
];
