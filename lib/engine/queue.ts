import "server-only";
import PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import { getDriverHandle, type DriverHandle, type Queryable } from "@/db";
import { getEngineConfig, MAX_ATTEMPTS } from "./config";

export const RENDER_QUEUE = "engine-render";

export interface RenderJobData {
  jobId: string;
}

const slot = globalThis as unknown as { __engineBoss?: Promise<PgBoss> };

/** pg-boss over whichever database the app uses; PGlite needs a small adapter. */
function bossOptions(handle: DriverHandle): PgBoss.ConstructorOptions {
  const common = { schema: "pgboss", application_name: "infinity-engine" };
  if (handle.driver === "pglite") {
    const client = handle.client;
    return {
      ...common,
      db: {
        // pg-boss sends its schema as one multi-statement text without parameters; PGlite's
        // query() runs one statement only, exec() runs many.
        async executeSql(text: string, values: unknown[]) {
          if (values && values.length > 0) return client.query(text, values);
          const results = await client.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        },
      },
    };
  }
  return { ...common, connectionString: handle.connectionString, max: 4 };
}

export function getBoss(): Promise<PgBoss> {
  slot.__engineBoss ??= (async () => {
    const config = getEngineConfig();
    // Maintenance is what notices a job whose worker died (its delivery expires); every 10 s
    // keeps that wait short.
    const boss = new PgBoss({ ...bossOptions(await getDriverHandle()), supervise: true, schedule: false, maintenanceIntervalSeconds: 10 });
    // pg-boss retries by itself (its next poll reconnects); one line per error is enough.
    boss.on("error", (error) => console.warn(`[engine] queue error (pg-boss retries): ${error.message}`));
    await boss.start();
    const queue: PgBoss.Queue = {
      name: RENDER_QUEUE,
      // The engine counts attempts itself (MAX_ATTEMPTS); pg-boss gets headroom for
      // deliveries lost to a dead worker, which the engine also counts.
      retryLimit: MAX_ATTEMPTS + 2,
      retryDelay: config.retryDelaySeconds,
      retryBackoff: true,
      // The runner's own time limit fires first; expiry only catches a worker that vanished.
      expireInSeconds: config.jobTimeoutSeconds + 10,
    };
    // Settings follow the configuration on every start, also for an existing queue.
    if (await boss.getQueue(RENDER_QUEUE)) await boss.updateQueue(RENDER_QUEUE, queue);
    else await boss.createQueue(RENDER_QUEUE, queue).catch(() => boss.updateQueue(RENDER_QUEUE, queue)); // another process won the race
    return boss;
  })().catch((error: unknown) => {
    slot.__engineBoss = undefined;
    throw error;
  });
  return slot.__engineBoss;
}

export interface RenderQueue {
  /**
   * Queues render jobs in the caller's transaction (`tx`), so they are queued exactly when
   * the jobs they render are committed: a crash, or a failure to queue, can never leave a
   * committed job that no worker will take (the whole write is undone instead). pg-boss
   * writes its rows through whichever connection it is handed; here the transaction's own.
   */
  enqueue(tx: Queryable, jobIds: string[]): Promise<void>;
}

/**
 * The render queue, started: get it before opening the transaction to queue in. On PGlite
 * (one connection) starting pg-boss inside a transaction would wait for that transaction.
 */
export async function renderQueue(): Promise<RenderQueue> {
  const boss = await getBoss();
  return {
    async enqueue(tx, jobIds) {
      const db = inTransaction(tx);
      const CHUNK = 2_000;
      for (let i = 0; i < jobIds.length; i += CHUNK) {
        await boss.insert(
          jobIds.slice(i, i + CHUNK).map((jobId) => ({ name: RENDER_QUEUE, data: { jobId } satisfies RenderJobData })),
          { db },
        );
      }
    },
  };
}

/** pg-boss's `executeSql(text, $n values)` over a drizzle transaction: each `$n` becomes a bound parameter. */
function inTransaction(tx: Queryable): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    async executeSql(text, values = []) {
      const pieces = text.split(/\$(\d+)/);
      const query = sql.join(
        pieces.map((piece, i) => (i % 2 === 0 ? sql.raw(piece) : sql`${values[Number(piece) - 1] ?? null}`)),
        sql.raw(""),
      );
      const result = await tx.execute(query);
      return { rows: (result as unknown as { rows: unknown[] }).rows };
    },
  };
}

export async function stopQueue(): Promise<void> {
  const pending = slot.__engineBoss;
  slot.__engineBoss = undefined;
  if (pending) await (await pending).stop({ graceful: false, wait: true }).catch(() => undefined);
}
