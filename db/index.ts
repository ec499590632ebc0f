import "server-only";
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { getConfig, type PortalConfig } from "@/lib/config/env";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

/** What the few callers that need the driver itself (the pg-boss queue) get. */
export type DriverHandle =
  | { driver: "pglite"; client: import("@electric-sql/pglite").PGlite }
  | { driver: "pg" | "vercel"; connectionString: string };

interface Connection {
  db: Db;
  handle: DriverHandle;
  close: () => Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// The one place a database connection is created. Kept on globalThis because Next bundles
// this module separately for instrumentation, route handlers and server actions; two PGlite
// instances on one data folder would corrupt it.
const slot = globalThis as unknown as { __portalDb?: Promise<Connection> };

export function getDb(): Promise<Db> {
  slot.__portalDb ??= connect(getConfig()).catch((error: unknown) => {
    slot.__portalDb = undefined;
    throw error;
  });
  return slot.__portalDb.then((c) => c.db);
}

export async function getDriverHandle(): Promise<DriverHandle> {
  await getDb();
  return (await slot.__portalDb!).handle;
}

export async function closeDb(): Promise<void> {
  const pending = slot.__portalDb;
  slot.__portalDb = undefined;
  if (pending) await (await pending).close();
}

async function connect(config: PortalConfig): Promise<Connection> {
  switch (config.driver) {
    case "pglite":
      return connectPglite(config.pgliteDataDir);
    case "pg":
      return connectNodePostgres(config.databaseUrl!);
    case "vercel":
      return connectVercel(config.postgresUrl!);
  }
}

async function connectPglite(dataDir: string): Promise<Connection> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // PGlite does not create parent folders of its data directory.
  if (!dataDir.startsWith("memory://")) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, handle: { driver: "pglite", client }, close: () => client.close() };
}

interface LockableClient {
  query: (text: string) => Promise<unknown>;
  release: () => void;
}

/** Any key shared by every process of this app; only migrations take it. */
const MIGRATION_LOCK_KEY = 7_240_113;

/**
 * Several processes (app instances, workers, test files) may start at once against one
 * server; an advisory lock makes them apply migrations one after another, so the second
 * finds the work done instead of failing on a duplicate type or table.
 */
async function migrateUnderLock(client: LockableClient, run: () => Promise<void>): Promise<void> {
  await client.query(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await run();
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    client.release();
  }
}

/** Migrates on one client of the pool under the lock; a pool that fails here is closed. */
async function migratePool<C extends LockableClient>(pool: { connect(): Promise<C>; end(): Promise<void> }, run: (client: C) => Promise<void>): Promise<void> {
  try {
    const client = await pool.connect();
    await migrateUnderLock(client, () => run(client));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/**
 * A pooled connection that the server ends while idle (a restart, a failover, an
 * administrator's terminate) makes the pool emit "error"; with nobody listening that is an
 * uncaught exception and the process dies. The pool drops that connection by itself and opens
 * a new one for the next query, so a line in the log is all it takes.
 */
function keptThroughOutages<P extends { on(event: "error", listener: (error: Error) => void): unknown }>(pool: P): P {
  pool.on("error", (error) => console.warn(`[db] a pooled connection was lost (${error.message}); the next query opens a new one`));
  return pool;
}

async function connectNodePostgres(url: string): Promise<Connection> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = keptThroughOutages(new Pool({ connectionString: url, max: 10 }));
  await migratePool<import("pg").PoolClient>(pool, (client) => migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER }));
  const db = drizzle({ client: pool, schema });
  return { db: db as unknown as Db, handle: { driver: "pg", connectionString: url }, close: () => pool.end() };
}

async function connectVercel(url: string): Promise<Connection> {
  const { configureVercelPostgres } = await import("./vercel-postgres-config");
  await configureVercelPostgres();
  const { createPool } = await import("@vercel/postgres");
  const { drizzle } = await import("drizzle-orm/vercel-postgres");
  const { migrate } = await import("drizzle-orm/vercel-postgres/migrator");
  const pool = keptThroughOutages(createPool({ connectionString: url }));
  await migratePool<import("@vercel/postgres").VercelPoolClient>(pool, (client) => migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER }));
  const db = drizzle({ client: pool, schema });
  return { db: db as unknown as Db, handle: { driver: "vercel", connectionString: url }, close: () => pool.end() };
}
