import { randomUUID } from "node:crypto";
import type { GeneratorSpec } from "@/lib/generation/contract";
import { GenerationClient } from "@/lib/generation/client";
import { HttpTransport } from "@/lib/generation/transports/http";
import { serveUpstream } from "./http-server";

/**
 * A small Generation API of another vendor, on a real HTTP server, for what the built-in engine
 * never does: a generator with free-text parameters (and parameter names of its own choosing),
 * and jobs that fail with the raw internal text an upstream may put in `error`. Jobs whose
 * `note` starts with "fail" fail with `INTERNAL_ERROR`; the others succeed (without a result).
 */
export const SCRIPTED_GENERATOR = "notes-v1";

/** Looks like what a crashed worker leaks: a traceback, a path on the server, a connection string. */
export const INTERNAL_ERROR =
  'Traceback (most recent call last):\n  File "/srv/render/worker.py", line 88, in run\nKeyError: DATABASE_URL=postgres://render:s3cret@10.0.4.7/jobs';

export const SCRIPTED_SPEC: GeneratorSpec = {
  name: SCRIPTED_GENERATOR,
  version: "1.0.0",
  params: [
    { name: "note", type: "str", default_value: "", options: null, description: "Free text." },
    { name: "offset", type: "float", default_value: 0, options: { min: -100, max: 100 }, description: "A signed number." },
    { name: "count", type: "int", default_value: 1, options: { min: -5, max: 50 }, description: "A signed whole number." },
    { name: "@label", type: "str", default_value: "plain", options: null, description: "A parameter whose name a spreadsheet would evaluate." },
  ],
  options: { preview: true },
};

type Job = { id: string; param_values: Record<string, unknown> };

export async function startScriptedUpstream() {
  const batches = new Map<string, { id: string; name: string; created: string; jobs: Job[] }>();
  const json = (body: unknown, status = 200) => Response.json(body, { status });
  const server = await serveUpstream(async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    if (request.method === "GET" && path === "/api/jobs") return json([{ name: SCRIPTED_GENERATOR }]);
    if (request.method === "GET" && path === `/api/jobs/${SCRIPTED_GENERATOR}`) return json(SCRIPTED_SPEC);
    if (request.method === "POST" && path === "/api/batch") {
      const body = (await request.json()) as { name: string; job_runs: { param_values: Record<string, unknown> }[] };
      const batch = { id: randomUUID(), name: body.name, created: new Date().toISOString(), jobs: body.job_runs.map((j) => ({ id: randomUUID(), param_values: j.param_values })) };
      batches.set(batch.id, batch);
      return json({ id: batch.id, name: batch.name, created: batch.created, job_runs: batch.jobs }, 201);
    }
    if (request.method === "GET" && path === "/api/batch") return json([...batches.values()].map(({ id, name, created }) => ({ id, name, created })));
    const summary = /^\/api\/batch\/([^/]+)\/summary$/.exec(path);
    if (request.method === "GET" && summary && batches.has(summary[1]!)) {
      const batch = batches.get(summary[1]!)!;
      return json({
        job_runs: batch.jobs.map((job) => {
          const fails = String(job.param_values.note ?? "").startsWith("fail");
          return { id: job.id, name: SCRIPTED_GENERATOR, in_progress: false, result_url: null, status: fails ? "failed" : "succeeded", attempts: 1, error: fails ? INTERNAL_ERROR : null };
        }),
      });
    }
    return json({ detail: "Not found." }, 404);
  });
  return { ...server, client: new GenerationClient(new HttpTransport({ baseUrl: server.url, token: "scripted-token", retries: 0 })) };
}
