import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";

/**
 * A second portal process from the production build the end-to-end run already made
 * (`next start` on `.next`), with its own embedded database and environment: for what only
 * a differently configured deployment can show (behind a trusted proxy, on a public origin).
 */
export interface PortalServer {
  origin: string;
  port: number;
  /** The server process's id, for reading its memory from /proc. */
  pid: () => number;
  /** Everything the server printed, for a failing test's message. */
  output: () => string;
  /**
   * Stops the process, runs `meanwhile` on its embedded database directory (nothing has it
   * open then), and starts it again on the same port and data: sessions and secrets survive.
   */
  restart: (meanwhile: (pgliteDir: string) => Promise<void>) => Promise<void>;
  /** `kill -9` the process, as a crash or an out-of-memory kill would, and start it again on the same port and data. */
  crashAndRestart: () => Promise<void>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startPortalServer(env: Record<string, string>): Promise<PortalServer> {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: the end-to-end web server builds it first`);
  const dataDir = await mkdtemp(path.join("data", "e2e-extra-"));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  let output = "";
  // Only what this test sets: nothing of the runner's own proxy or origin settings.
  const inherited = { ...process.env };
  for (const name of ["TRUST_PROXY", "PUBLIC_ORIGIN", "AUTH_URL", "NEXTAUTH_URL", "DATABASE_URL", "DATABASE_DRIVER", "PGLITE_DATA_DIR"]) delete inherited[name];
  let child: ChildProcess;

  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  const stop = async () => {
    await halt();
    await rm(dataDir, { recursive: true, force: true });
  };

  const launch = async () => {
    const printedBefore = output.length;
    child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
      env: { ...inherited, ...env, NODE_ENV: "production", DATA_DIR: dataDir, SEED_DEMO: "true", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        await stop();
        throw new Error(`the extra portal server exited (${child.exitCode}):\n${output.slice(-3000)}`);
      }
      // The demo login is seeded last at start: once /login answers and it is printed, the server is ready.
      const answered = await fetch(`${origin}/login`).then((r) => r.ok, () => false);
      if (answered && output.slice(printedBefore).includes("demo login")) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await stop();
    throw new Error(`the extra portal server did not start within 120 s:\n${output.slice(-3000)}`);
  };

  const restart = async (meanwhile: (pgliteDir: string) => Promise<void>) => {
    await halt();
    await meanwhile(path.join(dataDir, "pglite"));
    await launch();
  };

  await launch();
  const crashAndRestart = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await launch();
  };

  return { origin, port, pid: () => child.pid!, output: () => output, restart, crashAndRestart, stop };
}
