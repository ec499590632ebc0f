import fc from "fast-check";
import { VISIONFIT_NAME } from "@/lib/engine/generators/visionfit/params";
import { MAX_BODY_BYTES } from "@/lib/engine/api/http";
import { deepJson, hostileText, mutated } from "./fuzz";
import { jsonText, plannedJob, VISIONFIT } from "./fuzz-params";
import { ORIGIN } from "./engine-api";

/**
 * Requests for the Generation API fuzzer (tests/integration/fuzz-generation-api.test.ts): every
 * endpoint, with ids, paths, methods, queries, Authorization headers and bodies that are mostly
 * right with one thing wrong, and an oracle of the status class a correct API answers with.
 */

/** What the fuzzer knows of the world it runs in: tokens and ids made in its setup. */
export interface ApiWorld {
  tokenA: string;
  tokenB: string;
  revokedToken: string;
  /** Team A's batch, its preview job and its video job. */
  batchA: string;
  previewA: string;
  videoA: string;
  /** Team B's batch: "not found" to team A, and the reverse. */
  batchB: string;
}

type IdSlot = "name" | "batch" | "video" | "preview" | "result";
type Method = "GET" | "POST";

/** Every endpoint, as the router's table spells it (`:id` placeholders named by what they take). */
export const ENDPOINTS: { method: Method; path: string; auth: boolean }[] = [
  { method: "GET", path: "jobs", auth: true },
  { method: "GET", path: "jobs/:name", auth: true },
  { method: "POST", path: "batch", auth: true },
  { method: "GET", path: "batch", auth: true },
  { method: "POST", path: "batch/estimate", auth: true },
  { method: "GET", path: "batch/:batch", auth: true },
  { method: "GET", path: "batch/:batch/summary", auth: true },
  { method: "POST", path: "batch/:batch/cancel", auth: true },
  { method: "POST", path: "batch/:batch/retry", auth: true },
  { method: "GET", path: "job_runs/counts", auth: true },
  { method: "GET", path: "job_runs", auth: true },
  { method: "GET", path: "job_runs/:video", auth: true },
  { method: "GET", path: "job_previews", auth: true },
  { method: "GET", path: "job_previews/:preview", auth: true },
  // Signed links and the contract itself need no token.
  { method: "GET", path: "results/:result", auth: false },
  { method: "GET", path: "openapi.json", auth: false },
];

/**
 * The endpoints whose pattern fits these path segments, in the router's order: a placeholder
 * takes any segment, so `GET /api/batch/estimate/` is `GET batch/:batch` with a bad id.
 */
function candidatesFor(segments: string[]) {
  return ENDPOINTS.filter((e) => {
    const pattern = e.path.split("/");
    return pattern.length === segments.length && pattern.every((p, i) => p.startsWith(":") || p === segments[i]);
  });
}

/** The status a correct API answers with: an exact code, any 2xx, any 4xx, or either (the input's meaning is not ours to decide). */
export type Expected = number | "2xx" | "4xx" | "2xx or 4xx";

export interface PlannedRequest {
  /** The endpoint aimed at (whatever the method sent), for the tally. */
  label: string;
  method: string;
  /** Path and query, appended to the test origin. */
  target: string;
  headers: [string, string][];
  body?: string | Uint8Array;
  expected: Expected;
  /** Which team's token is sent, if a valid one. */
  team: "A" | "B" | null;
  /** A well-formed batch body with this many jobs (a created batch must have them all). */
  jobs?: number;
}

// ---------------------------------------------------------------------------------------------
// Ids

type IdPlan = { text: string; kind: "own" | "other-team" | "unknown" | "malformed" | "valid" };

/** A path segment that is no id of ours: near-misses of a UUID, escapes, traversal, unicode. */
const malformedSegment = fc.oneof(
  fc.uuid().chain((u) => mutated(u, 2)),
  fc.constantFrom("..", ".", "%2e%2e", "%2F", "%00", "%E0%A4%A", "%", "%ZZ", "é", "👩‍👩‍👧", "__proto__", "null", "0", "-1", "x".repeat(5_000), "%uD800", "a%2Fb"),
  hostileText(30).map((t) => encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, ""))),
);

function idFor(slot: IdSlot, world: ApiWorld, team: "A" | "B" | null): fc.Arbitrary<IdPlan> {
  if (slot === "name") {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant<IdPlan>({ text: VISIONFIT_NAME, kind: "valid" }) },
      {
        weight: 2,
        arbitrary: mutated(VISIONFIT_NAME, 2).map((mutant): IdPlan => {
          // Lone surrogates cannot travel in a URL; what is left of the name is what is sent.
          const name = mutant.replace(/[\uD800-\uDFFF]/g, "");
          const text = encodeURIComponent(name);
          // "", "." and ".." are no segment at all once the URL is normalised: the path changes.
          return { text, kind: ["", ".", ".."].includes(text) ? "malformed" : name === VISIONFIT_NAME ? "valid" : "unknown" };
        }),
      },
      { weight: 1, arbitrary: malformedSegment.map((text): IdPlan => ({ text, kind: "malformed" })) },
    );
  }
  const own = slot === "batch" ? world.batchA : slot === "preview" ? world.previewA : world.videoA;
  // The result link is a job id: the signature is what decides, and the fuzzer never has one.
  const mine = team === "B" ? "other-team" : "own";
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<IdPlan>({ text: own, kind: mine }, { text: own.toUpperCase(), kind: mine }) },
    { weight: 1, arbitrary: fc.constant<IdPlan>({ text: world.batchB, kind: team === "B" && slot === "batch" ? "own" : "other-team" }) },
    { weight: 1, arbitrary: fc.uuid().map((text): IdPlan => ({ text, kind: "unknown" })) },
    { weight: 2, arbitrary: malformedSegment.map((text): IdPlan => ({ text, kind: "malformed" })) },
  );
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenPlan = { header: string | null; team: "A" | "B" | null; label: string };

function tokenFor(world: ApiWorld): fc.Arbitrary<TokenPlan> {
  const valid = (token: string, team: "A" | "B") =>
    fc.constantFrom(`Token ${token}`, `token ${token}`, `TOKEN  ${token}`, `Token\t${token} `).map((header): TokenPlan => ({ header, team, label: `token ${team}` }));
  return fc.oneof(
    { weight: 8, arbitrary: valid(world.tokenA, "A") },
    { weight: 2, arbitrary: valid(world.tokenB, "B") },
    { weight: 1, arbitrary: fc.constant<TokenPlan>({ header: null, team: null, label: "no token" }) },
    { weight: 1, arbitrary: fc.constant<TokenPlan>({ header: `Token ${world.revokedToken}`, team: null, label: "revoked token" }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          mutated(world.tokenA, 2).map((t) => `Token ${t}`),
          fc.constantFrom(`Bearer ${world.tokenA}`, `Token`, "Token ", `Basic ${Buffer.from(`x:${world.tokenA}`).toString("base64")}`, `Token ${world.tokenA} extra`, `${world.tokenA}`, `Token ${"A".repeat(8_000)}`, "Token inf_", `Token ${world.tokenA.toUpperCase()}`),
          hostileText(40).map((t) => `Token ${t}`),
        )
        // Header values are bytes: what a client cannot send is not an input.
        .map((header) => header.replace(/[^\u0020-\u007e\u0080-\u00ff\t]/g, ""))
        .filter((header) => !/^token[ \t]+\S+[ \t]*$/i.test(header) || !header.includes(world.tokenA))
        .map((header): TokenPlan => ({ header, team: null, label: "bad token" })),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Queries

type QueryPlan = { text: string; clean: boolean };

const GARBAGE_TIMES = ["yesterday", "0000-01-01", "-000001-01-01", "+275760-09-13T00:00:00Z", "275760-09-13", "10000-01-01", "2026-13-45", "1e309", "NaN", "", " ", "2026-01-31T12:00:00Z", "1", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z"];
const GARBAGE_NUMBERS = ["-1", "0", "1.5", "1e400", "1e20", "Infinity", "NaN", "abc", "", "99999999999999999999", "0x10", " 5", "-0"];

function queryFor(world: ApiWorld): fc.Arbitrary<QueryPlan> {
  const timeValue = fc.oneof(fc.constantFrom(...GARBAGE_TIMES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileText(20));
  const numberValue = fc.oneof(fc.constantFrom(...GARBAGE_NUMBERS), fc.integer({ min: -5, max: 20_000 }).map(String));
  const pairs: fc.Arbitrary<[string, string]>[] = [
    fc.tuple(fc.constantFrom("start_time", "end_time"), timeValue),
    fc.tuple(fc.constantFrom("limit", "offset"), numberValue),
    fc.tuple(fc.constant("batch_id"), fc.oneof(fc.constantFrom(world.batchA, world.batchB, "not-a-uuid", ""), fc.uuid())),
    fc.tuple(fc.constantFrom("expires", "signature"), fc.oneof(fc.constantFrom(...GARBAGE_NUMBERS), hostileText(20))),
    fc.tuple(hostileText(10), hostileText(10)),
  ];
  const query = fc.array(fc.oneof(...pairs), { maxLength: 4 }).map((list) => list.map(([k, v]) => `${encodeURIComponent(k.replace(/[\uD800-\uDFFF]/g, ""))}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ""))}`).join("&"));
  return fc.oneof({ weight: 3, arbitrary: fc.constant<QueryPlan>({ text: "", clean: true }) }, { weight: 2, arbitrary: query.map((text): QueryPlan => ({ text: text ? `?${text}` : "", clean: text === "" })) });
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** `maybe`: a valid body after a few random edits, which may have left it valid. */
type BodyPlan = { body?: string | Uint8Array; headers: [string, string][]; kind: "valid" | "invalid" | "maybe" | "none"; label: string; jobs?: number };

const HUGE_BODY = new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20);
const DEEP_BODY = deepJson(200_000);

function jobRun(isPreview: boolean, values: Record<string, unknown>) {
  return { name: VISIONFIT_NAME, is_preview: isPreview, param_values: values };
}

const ENGINE_NULLABLE = new Set(VISIONFIT.params.filter((p) => p.type === "uuid").map((p) => p.name));

/** A batch body: valid (one or two fitting jobs), or one of many ways to be wrong. */
const bodyArbitrary: fc.Arbitrary<BodyPlan> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(fc.boolean(), plannedJob(VISIONFIT, false)), { minLength: 1, maxLength: 2 }), fc.constantFrom("batch", " padded ", "é 👩‍👩‍👧", "x".repeat(200)))
      .map(([jobs, name]): BodyPlan => {
        // null is "no value" to the portal; the engine takes it only for UUIDs.
        const runs = jobs.map(([preview, job]) => jobRun(preview, Object.fromEntries(Object.entries(job.values).filter(([k, v]) => v !== null || ENGINE_NULLABLE.has(k)))));
        return { body: JSON.stringify({ name, job_runs: runs }), headers: [["content-type", "application/json"]], kind: "valid", label: "valid body", jobs: runs.length };
      }),
  },
  {
    weight: 30,
    arbitrary: fc
      .array(plannedJob(VISIONFIT, true), { minLength: 1, maxLength: 3 })
      .filter((jobs) => jobs.some((j) => j.invalid.length + j.unknown.length > 0))
      .map((jobs): BodyPlan => ({ body: jsonText({ name: "mistakes", job_runs: jobs.map((j) => jobRun(true, j.values)) }), headers: [["content-type", "application/json"]], kind: "invalid", label: "jobs with mistakes" })),
  },
  {
    weight: 20,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom<unknown>(
          { name: "a\u0000b", job_runs: [jobRun(true, {})] },
          { name: "\uD800", job_runs: [jobRun(true, {})] },
          { name: 7, job_runs: [jobRun(true, {})] },
          { name: "x".repeat(201), job_runs: [jobRun(true, {})] },
          { name: "no jobs", job_runs: [] },
          { name: "not a list", job_runs: {} },
          { name: "bad job", job_runs: [1, null, "x", [], { name: 7 }, { name: VISIONFIT_NAME, is_preview: "yes" }] },
          { name: "unknown generator", job_runs: [{ name: "x".repeat(5_000), param_values: {} }] },
          { name: "proto", job_runs: [JSON.parse(`{"name": "${VISIONFIT_NAME}", "param_values": {"__proto__": {"num_reps": 3}}}`)] },
          { name: "too many", job_runs: Array.from({ length: 10_001 }, () => jobRun(true, {})) },
          [],
          "batch",
          null,
        ),
      )
      .map((value): BodyPlan => ({ body: JSON.stringify(value), headers: [["content-type", "application/json"]], kind: "invalid", label: "wrong JSON" })),
  },
  {
    weight: 20,
    arbitrary: fc
      .oneof(
        hostileText(200),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(DEEP_BODY, `{"name": "deep", "job_runs": [{"name": "${VISIONFIT_NAME}", "param_values": {"num_reps": ${deepJson(50_000)}}}]}`, "", " \n", "{", "\uFEFF{}", "null"),
      )
      .chain((body) => fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x").map((type): BodyPlan => ({ body, headers: [["content-type", type]], kind: "invalid", label: "not JSON" }))),
  },
  {
    weight: 10,
    arbitrary: fc
      .constant(JSON.stringify({ name: "b", job_runs: [jobRun(true, {})] }))
      .chain((text) => mutated(text, 2))
      .map((body): BodyPlan => ({ body, headers: [["content-type", "application/json"]], kind: "maybe", label: "edited body" })),
  },
  // 32 MB each: a few per run are enough to show the cap holds.
  { weight: 1, arbitrary: fc.constant<BodyPlan>({ body: HUGE_BODY, headers: [], kind: "invalid", label: "huge body" }) },
  { weight: 5, arbitrary: fc.constant<BodyPlan>({ body: "{}", headers: [["content-length", "99999999999"]], kind: "invalid", label: "declared huge" }) },
  { weight: 10, arbitrary: fc.constant<BodyPlan>({ headers: [], kind: "none", label: "no body" }) },
);

// ---------------------------------------------------------------------------------------------
// Paths

type PathStyle = "clean" | "no-slash" | "odd";

/** The path with its ids, written as a client would, or bent: doubled slashes, traversal, case, extra segments. */
function pathFor(path: string, ids: Partial<Record<IdSlot, string>>): fc.Arbitrary<{ text: string; style: PathStyle }> {
  const filled = path.replace(/:(\w+)/g, (_, slot: IdSlot) => ids[slot]!);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ text: `/api/${filled}/`, style: "clean" as const }) },
    { weight: 3, arbitrary: fc.constant({ text: `/api/${filled}`, style: "no-slash" as const }) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom(`/api//${filled}/`, `/api/${filled}//`, `/API/${filled}/`, `/api/../api/${filled}/`, `/api/${filled}/extra/`, `/api/${filled}/../`, `/${filled}/`, `/api/${filled}%2F`, `/api/${filled}/%2e%2e/`),
          mutated(`/api/${filled}/`, 2).map((t) => t.replace(/[\uD800-\uDFFF]/g, "")).map((t) => (t.startsWith("/") ? t : `/${t}`)),
        )
        .map((text) => ({ text, style: "odd" as const })),
    },
  );
}

const OTHER_METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "get", "post"];

/** One request to one endpoint with its oracle. */
export function plannedRequest(world: ApiWorld): fc.Arbitrary<PlannedRequest> {
  return fc
    .constantFrom(...ENDPOINTS)
    .chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        token: tokenFor(world),
        method: fc.oneof({ weight: 6, arbitrary: fc.constant(endpoint.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
        query: queryFor(world),
        body: bodyArbitrary,
        // Each request from its own address (198.18.0.0/15, for benchmarks): thousands of bad
        // tokens from one address would rightly be throttled, and the oracle would not know when.
        // Unbiased: fast-check otherwise favours small integers, and one address would repeat.
        client: fc.noBias(fc.integer({ min: 0, max: 2 ** 17 - 1 })).map((n) => `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`),
      }),
    )
    .chain(({ endpoint, token, method, query, body, client }) => {
      const slots = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1] as IdSlot);
      const ids = fc.tuple(...slots.map((slot) => idFor(slot, world, token.team)));
      return ids.chain((idPlans) =>
        pathFor(endpoint.path, Object.fromEntries(slots.map((slot, i) => [slot, idPlans[i]!.text]))).map((path): PlannedRequest => {
          const id = idPlans[0];
          const upper = method.toUpperCase();
          const sendsBody = upper !== "GET" && upper !== "HEAD" && body.body !== undefined;
          const headers: [string, string][] = [["x-forwarded-for", client], ...(token.header === null ? [] : [["authorization", token.header] as [string, string]]), ...(sendsBody ? body.headers : [])];
          const expected = oracle({ endpoint, method: upper, token, query, body, id, style: path.style, sendsBody });
          return {
            label: `${endpoint.method} ${endpoint.path}`,
            method,
            target: path.text + query.text,
            headers,
            body: sendsBody ? body.body : undefined,
            expected,
            team: token.team,
            jobs: sendsBody && body.kind === "valid" ? body.jobs : undefined,
          };
        }),
      );
    });
}

function oracle(r: {
  endpoint: (typeof ENDPOINTS)[number];
  method: string;
  token: TokenPlan;
  query: QueryPlan;
  body: BodyPlan;
  id: IdPlan | undefined;
  style: PathStyle;
  sendsBody: boolean;
}): Expected {
  // A bent path or a malformed id may land on another endpoint or none: any answer but a 5xx.
  if (r.style === "odd" || r.id?.kind === "malformed") return "2xx or 4xx";
  const { path } = r.endpoint;
  if (path === "openapi.json") return 200;
  if (path === "results/:result") return r.method === "GET" ? 403 : 404;
  const segments = path.replace(/:(\w+)/g, (_, slot: string) => (slot === "name" ? "name" : "id")).split("/");
  const chosen = candidatesFor(segments).find((e) => e.method === r.method);
  if (!chosen) return 405;
  if (r.token.team === null) return 401;
  // Another endpoint took the request (the method chose it): a word of this path may stand where it wants an id.
  const aimed = r.endpoint.path.split("/");
  if (chosen.path.split("/").some((p, i) => p.startsWith(":") && !aimed[i]!.startsWith(":"))) return 404;
  if (r.id && r.id.kind !== "own" && r.id.kind !== "valid") return 404;
  // Garbage times are refused, garbage paging falls back to defaults, a bad batch_id is refused.
  if (!r.query.clean) return "2xx or 4xx";
  if (chosen.path === "batch" || chosen.path === "batch/estimate") {
    if (r.method === "GET") return 200;
    if (!r.sendsBody || r.body.kind === "invalid" || r.body.kind === "none") return "4xx";
    if (r.body.kind === "maybe") return "2xx or 4xx";
    return chosen.path === "batch" ? 201 : 200;
  }
  return 200;
}

/** The request as Next hands it to the route handler. */
export function toRequest(planned: PlannedRequest): Request {
  return new Request(`${ORIGIN}${planned.target}`, { method: planned.method, headers: planned.headers, body: planned.body as BodyInit | undefined });
}
