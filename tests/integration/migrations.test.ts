import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql, type SQL } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { getDb, type Db } from "@/db";
import { teams } from "@/db/schema";
import { getConfig } from "@/lib/config/env";


const migrationsFolder = path.join(process.cwd(), "db", "migrations");
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
  entries: { idx: number; tag: string; when: number }[];
};

const TABLES = ["users", "teams", "memberships", "invitations", "audit_events", "accounts", "login_throttles"];

/** Rows of a raw query; node-postgres and PGlite both answer with `{ rows }`. */
async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function appliedMigrations(db: Db) {
  return rows<{ id: number; hash: string; created_at: string | number }>(
    db,
    sql`select id, hash, created_at from drizzle.__drizzle_migrations order by id`,
  );
}

/** The migrator of the driver the tests run on, as db/index.ts would call it. */
async function migrateAgain(db: Db): Promise<void> {
  const driver = getConfig().driver;
  if (driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  } else if (driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    throw new Error(`integration tests do not run on the ${driver} driver`);
  }
}

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

describe("migrations", () => {
  it("getDb() leaves every table in place", async () => {
    const found = await rows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const names = found.map((r) => r.table_name);
    for (const table of TABLES) expect(names, `table ${table}`).toContain(table);
  });

  it("records one row per journal entry, with the files' hashes", async () => {
    expect(journal.entries.length).toBeGreaterThan(0);
    const applied = await appliedMigrations(db);
    expect(applied).toHaveLength(journal.entries.length);
    const files = readMigrationFiles({ migrationsFolder });
    expect(applied.map((m) => m.hash)).toEqual(files.map((f) => f.hash));
    expect(applied.map((m) => Number(m.created_at))).toEqual(journal.entries.map((e) => e.when));
  });

  it("running the migrator again changes nothing", async () => {
    const name = `Migration sentinel ${Date.now()}`;
    const [sentinel] = await db.insert(teams).values({ name }).returning({ id: teams.id });
    const before = await appliedMigrations(db);
    const columnsQuery = sql`select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' order by table_name, column_name`;
    const columnsBefore = await rows(db, columnsQuery);

    await migrateAgain(db);
    await migrateAgain(db);

    expect(await appliedMigrations(db)).toEqual(before);
    expect(await rows(db, columnsQuery)).toEqual(columnsBefore);
    const [still] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, sentinel!.id));
    expect(still!.name).toBe(name);
    await db.delete(teams).where(eq(teams.id, sentinel!.id));
  });
});
