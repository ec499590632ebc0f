import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A local stand-in for Neon's edge, so @vercel/postgres (which wraps @neondatabase/serverless
 * 0.9.5) can talk to an ordinary Postgres. It speaks the two protocols that client uses:
 *
 * - WebSocket tunnel (Client, Pool.connect, transactions): the client opens
 *   `ws://<wsProxy>?address=<pg host>:<pg port>` (db/vercel-postgres-config.ts sets wsProxy to
 *   `<this proxy>/v2`) and sends raw Postgres wire-protocol bytes in binary frames. We open a
 *   TCP connection to that address and pipe bytes both ways.
 * - HTTP queries (`sql` tag, `neon()`, Pool.query with poolQueryViaFetch): `POST /sql` with
 *   headers `Neon-Connection-String`, `Neon-Raw-Text-Output`, `Neon-Array-Mode` and, for
 *   batches, `Neon-Batch-Isolation-Level` / `-Read-Only` / `-Deferrable`; the body is
 *   `{query, params}` or `{queries: [{query, params}, ...]}` (one transaction). The answer is
 *   `{command, rowCount, fields, rows, rowAsArray}` or `{results: [...]}`; values stay text
 *   (the client parses them by `fields[].dataTypeID`). SQL errors are 400 with
 *   `{message, code, severity, detail, ...}`, which the client rethrows as NeonDbError.
 *
 * Test-only: it listens on 127.0.0.1 and will connect to whatever address a client names.
 */
export interface NeonProxy {
  /** `http://localhost:<port>`: the value for VERCEL_POSTGRES_PROXY. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface NeonProxyOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Port used when an HTTP query's connection string names none. The 0.9.5 client drops the
   * port when Pool.query goes over HTTP, so set this when Postgres is not on 5432.
   */
  defaultPostgresPort?: number;
}

interface HttpQuery {
  query: string;
  params?: unknown[];
}

// Every value comes back exactly as Postgres sent it (text); the neon client parses it.
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const ISOLATION_LEVELS: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

// Fields the neon client copies from a 400 answer onto its NeonDbError.
const ERROR_FIELDS = [
  "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where",
  "schema", "table", "column", "dataType", "constraint", "file", "line", "routine",
] as const;

class BadRequest extends Error {}

export async function startNeonProxy(options: NeonProxyOptions = {}): Promise<NeonProxy> {
  const pools = new Map<string, pg.Pool>();
  const tunnels = new Set<{ ws: WebSocket; tcp: net.Socket }>();

  function poolFor(connectionString: string): pg.Pool {
    const url = new URL(connectionString);
    if (!url.port && options.defaultPostgresPort) url.port = String(options.defaultPostgresPort);
    const key = url.toString();
    let pool = pools.get(key);
    if (!pool) {
      pool = new pg.Pool({ connectionString: key, max: 5 });
      pool.on("error", () => {}); // an idle client dropped by the server; the pool replaces it
      pools.set(key, pool);
    }
    return pool;
  }

  async function runOne(client: pg.PoolClient, q: HttpQuery, arrayMode: boolean, rawTextOutput: boolean) {
    if (typeof q?.query !== "string") throw new BadRequest("each query needs a `query` string");
    const config: pg.QueryConfig & { rowMode?: "array" } = {
      text: q.query,
      values: q.params ?? [],
      types: rawTextOutput ? rawText : undefined,
    };
    if (arrayMode) config.rowMode = "array";
    const result = (await client.query(config)) as unknown as pg.QueryResult | pg.QueryResult[];
    // Several statements without parameters yield one result each; report the last, like psql.
    const last = Array.isArray(result) ? result[result.length - 1]! : result;
    return {
      command: last.command,
      rowCount: last.rowCount,
      rows: last.rows,
      fields: last.fields.map((f) => ({
        name: f.name,
        tableID: f.tableID,
        columnID: f.columnID,
        dataTypeID: f.dataTypeID,
        dataTypeSize: f.dataTypeSize,
        dataTypeModifier: f.dataTypeModifier,
        format: f.format,
      })),
      rowAsArray: arrayMode,
    };
  }

  async function handleSql(req: http.IncomingMessage, body: string): Promise<unknown> {
    const connectionString = req.headers["neon-connection-string"];
    if (typeof connectionString !== "string" || !connectionString) {
      throw new BadRequest("missing Neon-Connection-String header");
    }
    const arrayMode = req.headers["neon-array-mode"] === "true";
    const rawTextOutput = req.headers["neon-raw-text-output"] === "true";
    let payload: HttpQuery & { queries?: HttpQuery[] };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      throw new BadRequest("request body is not valid JSON");
    }

    const client = await poolFor(connectionString).connect();
    let broken = false;
    try {
      if (!Array.isArray(payload.queries)) return await runOne(client, payload, arrayMode, rawTextOutput);

      const isolationHeader = req.headers["neon-batch-isolation-level"];
      const modes: string[] = [];
      if (typeof isolationHeader === "string") {
        const level = ISOLATION_LEVELS[isolationHeader];
        if (!level) throw new BadRequest(`unknown Neon-Batch-Isolation-Level: ${isolationHeader}`);
        modes.push(`ISOLATION LEVEL ${level}`);
      }
      if (req.headers["neon-batch-read-only"] === "true") modes.push("READ ONLY");
      if (req.headers["neon-batch-deferrable"] === "true") modes.push("DEFERRABLE");
      await client.query(`BEGIN${modes.length ? ` ${modes.join(", ")}` : ""}`);
      try {
        const results = [];
        for (const q of payload.queries) results.push(await runOne(client, q, arrayMode, rawTextOutput));
        await client.query("COMMIT");
        return { results };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw error;
      }
    } catch (error) {
      if (!(error instanceof pg.DatabaseError) && !(error instanceof BadRequest)) broken = true;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== "/sql") {
      send(404, { message: `not found: ${req.method} ${path} (this proxy serves POST /sql and WebSockets)` });
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      handleSql(req, Buffer.concat(chunks).toString("utf8")).then(
        (result) => send(200, result),
        (error: unknown) => {
          const err = error as Error & Record<string, unknown>;
          const payload: Record<string, unknown> = { message: err?.message ?? String(error) };
          for (const field of ERROR_FIELDS) if (err?.[field] !== undefined) payload[field] = err[field];
          // SQL errors and malformed requests are the caller's; anything else (e.g. Postgres
          // unreachable) is ours.
          const clientFault = error instanceof pg.DatabaseError || error instanceof BadRequest;
          send(clientFault ? 400 : 500, payload);
        },
      );
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const address = new URL(req.url ?? "/", "http://localhost").searchParams.get("address") ?? "";
    const match = /^\[?(.+?)\]?:(\d+)$/.exec(address);
    if (!match) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nexpected ?address=host:port\r\n");
      return;
    }
    const [, host, port] = match;
    wss.handleUpgrade(req, socket, head, (ws) => tunnel(ws, host!, Number(port)));
  });

  function tunnel(ws: WebSocket, host: string, port: number) {
    const tcp = net.connect({ host, port });
    const entry = { ws, tcp };
    tunnels.add(entry);
    // Bytes can arrive before the TCP connection is up; net.Socket buffers writes until then.
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      tcp.write(bytes);
    });
    tcp.on("data", (bytes) => {
      if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true });
    });
    const shutDown = () => {
      tunnels.delete(entry);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    ws.on("close", shutDown);
    ws.on("error", shutDown);
    tcp.on("close", shutDown);
    tcp.on("error", shutDown);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://localhost:${port}`,
    port,
    async close() {
      for (const { ws, tcp } of tunnels) {
        ws.terminate();
        tcp.destroy();
      }
      tunnels.clear();
      wss.close();
      const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      server.closeAllConnections(); // fetch keeps connections alive; don't wait for them
      await closed;
      await Promise.all([...pools.values()].map((pool) => pool.end()));
      pools.clear();
    },
  };
}
