import path from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The part of @neondatabase/serverless's `neonConfig` this module sets. */
interface NeonConfig {
  wsProxy: string | ((host: string, port: number | string) => string);
  useSecureWebSocket: boolean;
  pipelineTLS: boolean;
  pipelineConnect: "password" | false;
  fetchEndpoint: string | ((host: string, port: number | string) => string);
  poolQueryViaFetch: boolean;
}

/**
 * Points @vercel/postgres at a local Postgres when VERCEL_POSTGRES_PROXY is set (for example
 * `http://localhost:4444`, see tests/support/neon-proxy.ts); without it this does nothing and
 * the driver talks to real Vercel/Neon.
 *
 * Why: @vercel/postgres is a thin wrapper over @neondatabase/serverless, which never opens a
 * TCP socket. It reaches Postgres through a WebSocket proxy (`wss://<host>/v2`, TLS) and sends
 * `sql` / pooled queries as HTTPS POSTs to `https://api.<host>/sql`. A plain local Postgres
 * speaks neither, so we route both through a local proxy over plain ws:// and http://.
 *
 * The config must land on the copy of @neondatabase/serverless bundled inside
 * @vercel/postgres (node_modules/@vercel/postgres/node_modules/...): each copy keeps its own
 * static config, so configuring any other copy has no effect. That copy is resolved from
 * @vercel/postgres's own location, and both its module formats are configured because the
 * ESM build (index.mjs) and the CommonJS build (index.js) are separate instances, and which
 * one is loaded depends on whether @vercel/postgres was imported or required.
 */
export async function configureVercelPostgres(): Promise<void> {
  const proxy = process.env.VERCEL_POSTGRES_PROXY?.trim();
  if (!proxy) return;

  const proxyUrl = new URL(proxy);
  if (proxyUrl.protocol !== "http:") {
    throw new Error(`VERCEL_POSTGRES_PROXY must be an http:// URL (got ${proxy})`);
  }
  const proxyHost = proxyUrl.host; // host:port, no protocol: neon adds ws:// itself.

  for (const neonConfig of await loadBundledNeonConfigs()) {
    // Neon appends the database's host:port; the proxy opens a TCP connection there.
    neonConfig.wsProxy = (host, port) => `${proxyHost}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false; // ws://, not wss://
    neonConfig.pipelineTLS = false; // local Postgres: no TLS inside the tunnel
    neonConfig.pipelineConnect = false; // pipelining assumes cleartext-password auth
    neonConfig.fetchEndpoint = `${proxyUrl.origin}/sql`;
    // Pool.query (what drizzle uses outside transactions) and the `sql` tag go over HTTP.
    neonConfig.poolQueryViaFetch = true;
  }
}

async function loadBundledNeonConfigs(): Promise<NeonConfig[]> {
  // Resolve from the project root rather than import.meta.url, which bundlers rewrite.
  const fromRoot = createRequire(path.join(process.cwd(), "package.json"));
  const fromVercel = createRequire(fromRoot.resolve("@vercel/postgres"));
  const cjsEntry = fromVercel.resolve("@neondatabase/serverless");
  const cjs = fromVercel("@neondatabase/serverless") as { neonConfig: NeonConfig };

  const packageDir = path.dirname(cjsEntry);
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    exports?: { import?: string };
  };
  const configs = [cjs.neonConfig];
  if (manifest.exports?.import) {
    const esmUrl = pathToFileURL(path.join(packageDir, manifest.exports.import)).href;
    const esm = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ esmUrl)) as {
      neonConfig: NeonConfig;
    };
    configs.push(esm.neonConfig);
  }
  return configs;
}
