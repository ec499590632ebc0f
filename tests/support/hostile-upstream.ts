import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { listen } from "./http-server";
import { startInternalServer } from "./internal-server";

/**
 * A Generation API that attacks the portal, on a real socket. Its contract endpoints are the
 * built-in engine's, except that the summary calls every job finished and hands out result
 * links of the test's choosing (`resultLink`); `api` turns every /api/ call into one of the
 * attacks below. Next to it runs an "internal" server (another loopback port, never allowed)
 * holding a secret: every request that reaches it is recorded, and none ever should.
 *
 * Attack paths on the hostile server itself:
 * - `/redirect-to-internal`: 302 to the internal server's secret
 * - `/huge?bytes=N[&declared]`: N bytes made on the fly (never held), chunked or with Content-Length
 * - `/never-starts`: accepts the request and never answers
 * - `/never-ends`: sends headers and a first chunk, then nothing, forever
 */
export type ApiMode = "contract" | "redirect-to-internal" | "huge" | "huge-declared" | "never-starts" | "never-ends";

export { SECRET } from "./internal-server";
export const HUGE_BYTES = 1.5 * 1024 ** 3;

export interface HostileUpstream {
  url: string;
  port: number;
  internal: { url: string; port: number; hits: string[] };
  /** Every request that reached the hostile server: method, path and whether it carried a token. */
  seen: { method: string; path: string; authorization: string | null }[];
  api: ApiMode;
  /** The result link the summary gives a job; `own` is the engine's signed link on this server. */
  resultLink: (jobId: string, own: string) => string;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(1024 * 1024, "A");

/** `bytes` of filler, written only as fast as the reader takes them, and stopped when it leaves. */
function writeHuge(res: ServerResponse, bytes: number, declared: boolean): void {
  res.writeHead(200, { "content-type": "application/zip", ...(declared ? { "content-length": String(bytes) } : {}) });
  let left = bytes;
  const more = () => {
    while (left > 0 && !res.destroyed) {
      const part = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= part.length;
      if (!res.write(part)) return void res.once("drain", more);
    }
    if (!res.destroyed) res.end();
  };
  more();
}


/** The engine's answer, with every job finished and its result link replaced. */
async function contractAnswer(req: IncomingMessage, res: ServerResponse, upstream: HostileUpstream): Promise<void> {
  const url = `http://${req.headers.host}${req.url}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const response = await handleGenerationApi(
    new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      // @ts-expect-error Node's fetch needs this for a streamed request body
      duplex: "half",
    }),
  );
  let text = await response.text();
  if (response.ok && /\/summary\/$/.test(new URL(url).pathname)) {
    const summary = JSON.parse(text) as { job_runs: { id: string; in_progress: boolean; status?: string; result_url: string | null }[] };
    for (const job of summary.job_runs) {
      const own = `http://${req.headers.host}/api/results/${job.id}/`;
      Object.assign(job, { in_progress: false, status: "succeeded", result_url: upstream.resultLink(job.id, job.result_url ?? own) });
    }
    text = JSON.stringify(summary);
  }
  res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
  res.end(text);
}

export async function startHostileUpstream(): Promise<HostileUpstream> {
  const internal = await startInternalServer();
  const { hits, url: internalUrl } = internal;

  const stalled = new Set<ServerResponse>();
  const upstream: HostileUpstream = {
    url: "",
    port: 0,
    internal: { url: internalUrl, port: internal.port, hits },
    seen: [],
    api: "contract",
    resultLink: (_jobId, own) => own,
    close: async () => {
      for (const res of stalled) res.destroy();
      hostile.server.closeAllConnections();
      internal.server.closeAllConnections();
      await Promise.all([new Promise((r) => hostile.server.close(r)), new Promise((r) => internal.server.close(r))]);
    },
  };

  const attack = (path: string, query: URLSearchParams, res: ServerResponse): boolean => {
    if (path.endsWith("redirect-to-internal")) {
      res.writeHead(302, { location: `${internalUrl}/secret.zip` });
      res.end();
    } else if (path.endsWith("huge") || path.endsWith("huge-declared")) {
      writeHuge(res, Number(query.get("bytes") ?? HUGE_BYTES), path.endsWith("huge-declared") || query.has("declared"));
    } else if (path.endsWith("never-starts")) {
      stalled.add(res);
    } else if (path.endsWith("never-ends")) {
      stalled.add(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
    } else {
      return false;
    }
    return true;
  };

  const hostile = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://hostile");
    upstream.seen.push({ method: req.method ?? "GET", path: url.pathname, authorization: req.headers.authorization ?? null });
    if (url.pathname.startsWith("/api/") && upstream.api !== "contract") {
      attack(upstream.api, url.searchParams, res);
      return;
    }
    if (attack(url.pathname, url.searchParams, res)) return;
    contractAnswer(req, res, upstream).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: String(error) }));
    });
  });
  upstream.url = `http://127.0.0.1:${hostile.port}`;
  upstream.port = hostile.port;
  return upstream;
}
