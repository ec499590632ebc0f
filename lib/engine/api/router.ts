import "server-only";
import { requestOriginFrom } from "@/lib/net/request-client";
import { authenticateRequest, type EngineCaller } from "../auth";
import { findGenerator, listGenerators } from "../generators/registry";
import { resultZip } from "../results/download";
import { createBatch, estimateBatch } from "../service/create-batch";
import { cancelBatch, retryBatch } from "../service/control-batch";
import { batchSummary, getBatch, getJob, listBatches, listJobs, renderCounts } from "../service/read-batches";
import { ApiError, errorResponse, isUuid, json, notFound, parseTime, readJson } from "./http";
import { openApiDocument } from "./openapi";
import { shownValue } from "@/lib/untrusted-values";

type Handler = (ctx: { request: Request; url: URL; caller: EngineCaller; params: string[]; origin: string }) => Promise<Response>;

interface Route {
  method: "GET" | "POST";
  /** Path segments after /api; ":id" matches a UUID, ":name" any segment. */
  pattern: string[];
  handler: Handler;
}

const route = (method: Route["method"], path: string, handler: Handler): Route => ({ method, pattern: path.split("/").filter(Boolean), handler });

function uuidParam(value: string, what: string): string {
  // A malformed id cannot name anything of this team: same 404 as another team's id.
  if (!isUuid(value)) throw notFound(`No ${what} with that id.`);
  return value.toLowerCase();
}

/** Far past any team's job count, and inside Postgres's bigint (1e20 or Infinity failed the query: a 500). */
const MAX_OFFSET = 2 ** 31 - 1;

function page(url: URL) {
  // Whole numbers only: "1.5" or "1e400" reached the query as a non-integer LIMIT/OFFSET.
  const limit = Math.min(Math.max(Math.trunc(Number(url.searchParams.get("limit") ?? 1000)) || 1000, 1), 10_000);
  const offset = Math.min(Math.max(Math.trunc(Number(url.searchParams.get("offset") ?? 0)) || 0, 0), MAX_OFFSET);
  const batchId = url.searchParams.get("batch_id") ?? undefined;
  if (batchId && !isUuid(batchId)) throw new ApiError(400, "batch_id must be a UUID.");
  return { limit, offset, batchId };
}

const window = (url: URL) => ({ start: parseTime(url.searchParams.get("start_time"), "start_time"), end: parseTime(url.searchParams.get("end_time"), "end_time") });

const ROUTES: Route[] = [
  route("GET", "jobs", async () => json(listGenerators().map((g) => ({ name: g.spec.name, version: g.spec.version, description: g.spec.description })))),
  route("GET", "jobs/:name", async ({ params }) => {
    const generator = findGenerator(params[0]!);
    if (!generator) throw notFound(`No generator named ${shownValue(params[0])}. GET /api/jobs/ lists the available ones.`);
    const { name, version, params: specs, options } = generator.spec;
    return json({ name, version, params: specs, options });
  }),
  route("POST", "batch", async ({ request, caller }) => json(await createBatch(caller, await readJson(request)), 201)),
  route("GET", "batch", async ({ url, caller }) => json(await listBatches(caller, window(url)))),
  route("POST", "batch/estimate", async ({ request }) => json(estimateBatch(await readJson(request)))),
  route("GET", "batch/:id", async ({ caller, params }) => json(await getBatch(caller, uuidParam(params[0]!, "batch")))),
  route("GET", "batch/:id/summary", async ({ caller, params, origin }) => json(await batchSummary(caller, uuidParam(params[0]!, "batch"), origin))),
  route("POST", "batch/:id/cancel", async ({ caller, params }) => json(await cancelBatch(caller, uuidParam(params[0]!, "batch")))),
  route("POST", "batch/:id/retry", async ({ caller, params }) => json(await retryBatch(caller, uuidParam(params[0]!, "batch")))),
  route("GET", "job_runs/counts", async ({ url, caller }) => json(await renderCounts(caller, window(url)))),
  route("GET", "job_runs", async ({ url, caller }) => json(await listJobs(caller, false, page(url)))),
  route("GET", "job_runs/:id", async ({ caller, params }) => json(await getJob(caller, uuidParam(params[0]!, "video job"), false))),
  route("GET", "job_previews", async ({ url, caller }) => json(await listJobs(caller, true, page(url)))),
  route("GET", "job_previews/:id", async ({ caller, params }) => json(await getJob(caller, uuidParam(params[0]!, "preview"), true))),
];

/** Every (method, path) the router answers, for checking the OpenAPI document against it. */
export const ROUTE_TABLE = ROUTES.map((r) => ({ method: r.method, path: `/api/${r.pattern.join("/")}/` }));

/** A path segment as text; a malformed %-escape (`%E0%A4%A`) threw a URIError, answered as a 500. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, "The path has a malformed %-escape: encode each byte of a name as %XX (UTF-8).");
  }
}

function match(pattern: string[], segments: string[]): string[] | null {
  if (pattern.length !== segments.length) return null;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(":")) params.push(decodedSegment(segments[i]!));
    else if (p !== segments[i]) return null;
  }
  return params;
}

/**
 * The whole Generation API as one function from Request to Response: Next's route handlers
 * call it, and so does the portal's in-process transport. Paths work with and without the
 * trailing slash and never redirect.
 */
export async function handleGenerationApi(request: Request, options: { caller?: EngineCaller } = {}): Promise<Response> {
  const url = new URL(request.url);
  const segments = url.pathname.replace(/^\/api\/?/, "").split("/").filter(Boolean);
  try {
    if (segments[0] === "openapi.json" && segments.length === 1) return json(openApiDocument());
    if (segments[0] === "results" && segments.length === 2 && request.method === "GET") {
      return await resultZip(uuidParam(segments[1]!, "result"), url);
    }
    const candidates = ROUTES.map((r) => ({ r, params: match(r.pattern, segments) })).filter((c) => c.params);
    if (candidates.length === 0) throw notFound("No such endpoint. See /api/openapi.json.");
    const chosen = candidates.find((c) => c.r.method === request.method);
    if (!chosen) {
      const allow = [...new Set(candidates.map((c) => c.r.method))].join(", ");
      return new Response(JSON.stringify({ detail: `Use ${allow} on this path.` }), { status: 405, headers: { allow, "content-type": "application/json" } });
    }
    const caller = options.caller ?? (await authenticateRequest(request));
    // The origin result links are signed on. In process, the portal built the URL on its public
    // origin itself. Over HTTP, request.url is Next's own listening address (localhost), so
    // the origin is PUBLIC_ORIGIN or the Host the caller reached (lib/net/public-origin.ts).
    const origin = options.caller ? url.origin : requestOriginFrom(request.headers);
    return await chosen.r.handler({ request, url, caller, params: chosen.params!, origin });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    console.error("[engine] unexpected error", error);
    return json({ detail: "The Generation API failed on its side. Nothing was created; try again." }, 500);
  }
}
