import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type FetchHandler = (request: Request) => Promise<Response>;

export interface TestServer {
  /** `http://127.0.0.1:<port>`: the outbound guard allows it by that exact host and port, once `serveUpstream` says so. */
  url: string;
  port: number;
  server: Server;
  close: () => Promise<void>;
}

/** A plain Node HTTP server on a free loopback port (or on `port`), for tests that write the raw response. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return { server, port: await listenOn(server, port) };
}

async function listenOn(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

/**
 * A real HTTP server on a free loopback port (or on `port`) around a fetch-style handler. The
 * portal's outbound guard refuses it (loopback) unless it is started with `serveUpstream`.
 */
export async function serve(handler: FetchHandler, port = 0): Promise<TestServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = `http://${req.headers.host}${req.url}`;
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      // @ts-expect-error Node's fetch needs this for a streamed request body
      duplex: "half",
    });
    handler(request)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        if (response.body) {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
        }
        res.end();
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: String(error) }));
      });
  });
  const bound = await listenOn(server, port);
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A test's stand-in for a remote Generation API: `serve`, plus its exact `127.0.0.1:<port>` in
 * OUTBOUND_ALLOW until it is closed, as a self-hosted deployment would list its upstream.
 * Nothing else on loopback becomes reachable: not `localhost:<port>`, not another port.
 */
export async function serveUpstream(handler: FetchHandler, port = 0): Promise<TestServer> {
  const served = await serve(handler, port);
  const revoke = allowOutbound(`127.0.0.1:${served.port}`);
  return {
    ...served,
    close: async () => {
      revoke();
      await served.close();
    },
  };
}

/** Adds one entry to OUTBOUND_ALLOW (read by the guard at call time); the returned function takes it out again. */
export function allowOutbound(entry: string): () => void {
  const entries = () => (process.env.OUTBOUND_ALLOW ?? "").split(",").filter(Boolean);
  process.env.OUTBOUND_ALLOW = [...entries(), entry].join(",");
  return () => {
    const rest = entries();
    const at = rest.indexOf(entry);
    if (at >= 0) rest.splice(at, 1);
    process.env.OUTBOUND_ALLOW = rest.join(",");
  };
}
