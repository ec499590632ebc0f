import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as zips from "../../support/hostile-zips";
import { listen } from "../../support/http-server";
import { SECRET, startInternalServer } from "../../support/internal-server";

/**
 * A whole Generation API that attacks the portal through its results, for a portal started as
 * a separate production process. Its contract endpoints are honest (one generator, batches
 * accepted, every job finished at once), so a batch can be submitted through the editor; each
 * job's `result_url` is one of the attacks below, in order. Next to it runs an "internal"
 * server holding a secret: it records every request, and none may ever reach it.
 */
export const HOSTILE_GENERATOR = "hostile-v1";
export { SECRET };
const HUGE_BYTES = 1.5 * 1000 ** 3;

export const ATTACKS = [
  "a good job, for comparison",
  "a redirect to an internal server",
  "a link to cloud metadata on another host",
  "a DNS name that resolves to 127.0.0.1",
  "a 1.5 GB body",
  "a zip bomb (2 MB inflating to a 2 GiB labels.json)",
  "an entry named ../../x",
  "a body that never ends",
] as const;
export type Attack = (typeof ATTACKS)[number];

export interface HostileApi {
  /** `http://127.0.0.1:<port>`: the address the portal must be told to allow. */
  url: string;
  port: number;
  /** What a result link of `attack` is named on the storage origin the portal is also told to allow. */
  storageOrigin: string;
  /** Every request that reached the hostile server (method and path), and the internal server's. */
  seen: string[];
  internalHits: string[];
  /** Bytes of result bodies written before the portal hung up, per attack. */
  bytesSent: Map<Attack, number>;
  /** While true, a new batch is never answered (nor made): the request just hangs. */
  holdSubmissions: boolean;
  close(): Promise<void>;
}


/** Writes `chunks` only as fast as the reader takes them, and stops when it leaves. */
async function stream(res: ServerResponse, chunks: AsyncIterable<Buffer>, counted: (bytes: number) => void): Promise<void> {
  res.writeHead(200, { "content-type": "application/zip" });
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    counted(chunk.length);
    if (!res.write(chunk)) await new Promise((resolve) => (res.once("drain", resolve), res.once("close", resolve)));
  }
  if (!res.destroyed) res.end();
}

const SPEC = {
  name: HOSTILE_GENERATOR,
  version: "1.0.0",
  params: [{ name: "level", type: "float", default_value: 1, options: { min: 0, max: 10 }, description: "Any number." }],
  options: { preview: true },
};

export async function startHostileApi(): Promise<HostileApi> {
  const internal = await startInternalServer();
  const internalHits = internal.hits;
  const seen: string[] = [];
  const bytesSent = new Map<Attack, number>();
  const stalled = new Set<ServerResponse>();
  /** Each job's attack, by job id, in the order the batch listed them. */
  const jobs = new Map<string, Attack>();
  const batches = new Map<string, { id: string; name: string; created: string; jobIds: string[] }>();
  let api = "";
  let storageOrigin = "";

  const resultLink = (attack: Attack, jobId: string): string => {
    if (attack === "a link to cloud metadata on another host") return `http://169.254.169.254/latest/meta-data/${jobId}.zip`;
    if (attack === "a DNS name that resolves to 127.0.0.1") return `${storageOrigin}/results/${jobId}`;
    return `${api}/results/${jobId}`;
  };

  const serveResult = async (attack: Attack, jobId: string, res: ServerResponse) => {
    const counted = (bytes: number) => bytesSent.set(attack, (bytesSent.get(attack) ?? 0) + bytes);
    if (attack === "a redirect to an internal server") {
      res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/secret.zip` });
      res.end();
    } else if (attack === "a 1.5 GB body") {
      await stream(res, zips.junk(HUGE_BYTES)(), counted);
    } else if (attack === "a zip bomb (2 MB inflating to a 2 GiB labels.json)") {
      await stream(res, zips.zipChunks([await zips.bombEntry(`${jobId}/labels.json`), zips.storedEntry(`${jobId}/video_preview.png`, zips.FAKE_PNG)]), counted);
    } else if (attack === "an entry named ../../x") {
      await stream(res, zips.zipChunks([zips.deflatedEntry(`${jobId}/job.json`, "{}"), zips.storedEntry("../../x", SECRET), ...zips.goodJobEntries(jobId).slice(1)]), counted);
    } else if (attack === "a body that never ends") {
      stalled.add(res);
      res.writeHead(200, { "content-type": "application/zip" });
      res.write(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    } else {
      await stream(res, zips.zipChunks(zips.goodJobEntries(jobId)), counted);
    }
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://hostile").pathname.replace(/\/+$/, "");
    seen.push(`${req.method} ${req.headers.host}${path}`);
    const result = /^\/results\/([^/]+)$/.exec(path);
    if (req.method === "GET" && result && jobs.has(result[1]!)) return serveResult(jobs.get(result[1]!)!, result[1]!, res);
    if (req.method === "GET" && path === "/api/jobs") return json(res, 200, [{ name: HOSTILE_GENERATOR }]);
    if (req.method === "GET" && path === `/api/jobs/${HOSTILE_GENERATOR}`) return json(res, 200, SPEC);
    if (req.method === "POST" && path === "/api/batch" && served.holdSubmissions) {
      stalled.add(res);
      return;
    }
    if (req.method === "POST" && (path === "/api/batch" || path === "/api/batch/estimate")) {
      let raw = "";
      for await (const chunk of req) raw += String(chunk);
      const body = JSON.parse(raw) as { name: string; job_runs: { param_values: Record<string, unknown> }[] };
      if (path.endsWith("estimate")) return json(res, 200, body.job_runs.map(() => 1));
      const batch = { id: randomUUID(), name: body.name, created: new Date().toISOString(), jobIds: body.job_runs.map(() => randomUUID()) };
      batch.jobIds.forEach((id, i) => jobs.set(id, ATTACKS[i % ATTACKS.length]!));
      batches.set(batch.id, batch);
      return json(res, 201, { id: batch.id, name: batch.name, created: batch.created, job_runs: batch.jobIds.map((id, i) => ({ id, param_values: { ...body.job_runs[i]!.param_values, state: i } })) });
    }
    if (req.method === "GET" && path === "/api/batch") return json(res, 200, [...batches.values()].map(({ id, name, created }) => ({ id, name, created })));
    const summary = /^\/api\/batch\/([^/]+)\/summary$/.exec(path);
    if (req.method === "GET" && summary && batches.has(summary[1]!)) {
      const job_runs = batches.get(summary[1]!)!.jobIds.map((id) => ({ id, name: HOSTILE_GENERATOR, in_progress: false, status: "succeeded", result_url: resultLink(jobs.get(id)!, id) }));
      return json(res, 200, { job_runs });
    }
    return json(res, 404, { detail: "Not found." });
  };

  const hostile = await listen((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  api = `http://127.0.0.1:${hostile.port}`;
  storageOrigin = `http://localhost:${hostile.port}`;
  const served: HostileApi = {
    url: api,
    port: hostile.port,
    storageOrigin,
    seen,
    internalHits,
    bytesSent,
    holdSubmissions: false,
    close: async () => {
      for (const res of stalled) res.destroy();
      for (const { server } of [hostile, internal]) server.closeAllConnections();
      await Promise.all([hostile, internal].map(({ server }) => new Promise((resolve) => server.close(resolve))));
    },
  };
  return served;
}
