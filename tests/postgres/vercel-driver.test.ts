import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { teams } from "@/db/schema";
import type { Db } from "@/db";
import { startNeonProxy, type NeonProxy } from "../support/neon-proxy";

/**
 * DATABASE_DRIVER=vercel end to end against a real local Postgres: @vercel/postgres (through
 * the neon proxy in tests/support/neon-proxy.ts) runs the migrations, drizzle reads and writes
 * over HTTP (Pool.query) and WebSocket (transactions), and the `sql` tag goes over HTTP.
 * Every write is also checked with a plain `pg` client so nothing is only seen by the driver.
 */
const databaseUrl = inject("databaseUrl");

let proxy: NeonProxy;
let db: Db;
let closeDb: () => Promise<void>;
let direct: pg.Client;

/**
 * @vercel/postgres only accepts a non-Neon host when it is literally `localhost`, and neon()
 * (the `sql` tag) rejects connection strings without a user and a password. With trust auth
 * the password is ignored, so a placeholder is fine.
 */
function vercelPostgresUrl(url: string): string {
  const parsed = new URL(url);
  const out = new URL(`postgresql://localhost:${parsed.port || "5432"}${parsed.pathname}`);
  out.username = parsed.username || process.env.PGUSER || "postgres";
  out.password = parsed.password || "trust-auth-ignores-this";
  return out.toString();
}

beforeAll(async () => {
  if (!databaseUrl) {
    throw new Error(
      "The postgres project needs a server: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project postgres",
    );
  }
  const postgresUrl = vercelPostgresUrl(databaseUrl);
  proxy = await startNeonProxy({ defaultPostgresPort: Number(new URL(postgresUrl).port) });
  process.env.VERCEL_POSTGRES_PROXY = proxy.url;
  process.env.DATABASE_DRIVER = "vercel";
  process.env.POSTGRES_URL = postgresUrl;

  direct = new pg.Client({ connectionString: databaseUrl });
  await direct.connect();

  // Imported only now: the config is read (and cached) on first use.
  const dbModule = await import("@/db");
  closeDb = dbModule.closeDb;
  db = await dbModule.getDb(); // runs the drizzle migrations through @vercel/postgres
});

afterAll(async () => {
  await closeDb?.();
  const { sql } = await import("@vercel/postgres");
  if (process.env.POSTGRES_URL) await sql.end();
  await direct?.end();
  await proxy?.close();
  delete process.env.VERCEL_POSTGRES_PROXY;
  delete process.env.POSTGRES_URL;
  delete process.env.DATABASE_DRIVER;
});

describe("@vercel/postgres driver against local Postgres", () => {
  it("ran the migrations through the driver", async () => {
    const applied = await direct.query<{ count: string }>("select count(*) from drizzle.__drizzle_migrations");
    expect(Number(applied.rows[0]!.count)).toBeGreaterThanOrEqual(1);
    const table = await direct.query("select to_regclass('public.teams') as t");
    expect(table.rows[0].t).toBe("teams");
  });

  it("inserts a team with drizzle and reads it back", async () => {
    const [created] = await db.insert(teams).values({ name: "Vercel round trip" }).returning();
    expect(created).toBeDefined();
    expect(created!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created!.name).toBe("Vercel round trip");
    expect(created!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(created!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const [read] = await db.select().from(teams).where(eq(teams.id, created!.id));
    expect(read).toEqual(created);

    const stored = await direct.query("select name from teams where id = $1", [created!.id]);
    expect(stored.rows).toEqual([{ name: "Vercel round trip" }]);
  });

  it("runs a named prepared statement with an array parameter, as the portal's batch reads do", async () => {
    const [a] = await db.insert(teams).values({ name: "prepared a" }).returning({ id: teams.id });
    const [b] = await db.insert(teams).values({ name: "prepared b" }).returning({ id: teams.id });
    const byIds = db
      .select({ name: teams.name })
      .from(teams)
      .where(sql`${teams.id} = any(${sql.placeholder("ids")}::uuid[])`)
      .orderBy(teams.name)
      .prepare("vercel_test_teams_by_ids");
    expect(await byIds.execute({ ids: [a!.id, b!.id] })).toEqual([{ name: "prepared a" }, { name: "prepared b" }]);
    expect(await byIds.execute({ ids: [b!.id] })).toEqual([{ name: "prepared b" }]);
    expect(await byIds.execute({ ids: [] })).toEqual([]);
  });

  it("commits a drizzle transaction", async () => {
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.insert(teams).values({ name: "committed in tx" }).returning({ id: teams.id });
      await tx.update(teams).set({ name: "committed in tx (renamed)" }).where(eq(teams.id, row!.id));
      return row!.id;
    });
    const stored = await direct.query("select name from teams where id = $1", [id]);
    expect(stored.rows).toEqual([{ name: "committed in tx (renamed)" }]);
  });

  it("rolls a drizzle transaction back when it throws", async () => {
    const name = "must be rolled back";
    let seenInside = -1;
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(teams).values({ name });
        seenInside = (await tx.select().from(teams).where(eq(teams.name, name))).length;
        throw new Error("abort this transaction");
      }),
    ).rejects.toThrow("abort this transaction");

    expect(seenInside).toBe(1);
    expect(await db.select().from(teams).where(eq(teams.name, name))).toEqual([]);
    const stored = await direct.query("select count(*)::int as n from teams where name = $1", [name]);
    expect(stored.rows[0].n).toBe(0);
  });

  it("queries with the sql tag over HTTP and binds parameters", async () => {
    const { sql, createPool } = await import("@vercel/postgres");
    const [team] = await db.insert(teams).values({ name: "O'Brien; drop table teams --" }).returning();

    const byTag = await sql`select id, name from teams where id = ${team!.id} and name = ${team!.name}`;
    expect(byTag.rows).toEqual([{ id: team!.id, name: "O'Brien; drop table teams --" }]);
    expect(byTag.rowCount).toBe(1);
    expect(byTag.command).toBe("SELECT");
    // Set by @neondatabase/serverless only on results it got from the HTTP endpoint.
    expect((byTag as unknown as { viaNeonFetch?: boolean }).viaNeonFetch).toBe(true);

    // Parameters are bound, not spliced: the quote and the semicolon stay data.
    const bound = await sql`select ${"a'b;c"}::text as s, ${41}::int + 1 as n, ${null}::text as z`;
    expect(bound.rows).toEqual([{ s: "a'b;c", n: 42, z: null }]);
    expect(bound.fields.map((f) => f.name)).toEqual(["s", "n", "z"]);

    const pool = createPool({ connectionString: process.env.POSTGRES_URL });
    try {
      const viaPool = await pool.sql`select count(*)::int as n from teams where name = ${team!.name}`;
      expect(viaPool.rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it("reports SQL errors from the HTTP path with the Postgres error code", async () => {
    const { sql } = await import("@vercel/postgres");
    await expect(sql`select * from no_such_table`).rejects.toMatchObject({
      name: "NeonDbError",
      code: "42P01",
      message: expect.stringContaining("no_such_table"),
    });
  });

  it("runs an HTTP batch as one transaction", async () => {
    const headers = {
      "Neon-Connection-String": process.env.POSTGRES_URL!,
      "Neon-Raw-Text-Output": "true",
      "Neon-Array-Mode": "true",
      "Neon-Batch-Isolation-Level": "Serializable",
    };
    const ok = await fetch(`${proxy.url}/sql`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        queries: [
          { query: "insert into teams (name) values ($1) returning name", params: ["batch team"] },
          { query: "select current_setting('transaction_isolation') as iso, $1::int as n", params: ["7"] },
        ],
      }),
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { results: { command: string; rows: unknown[][]; fields: { name: string }[] }[] };
    expect(body.results.map((r) => r.command)).toEqual(["INSERT", "SELECT"]);
    expect(body.results[0]!.rows).toEqual([["batch team"]]);
    expect(body.results[1]!.rows).toEqual([["serializable", "7"]]);

    // A failing statement rolls back the whole batch.
    const failed = await fetch(`${proxy.url}/sql`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        queries: [
          { query: "insert into teams (name) values ($1)", params: ["batch rolled back"] },
          { query: "select 1/0", params: [] },
        ],
      }),
    });
    expect(failed.status).toBe(400);
    expect(await failed.json()).toMatchObject({ code: "22012", message: "division by zero" });
    const stored = await direct.query("select count(*)::int as n from teams where name = $1", ["batch rolled back"]);
    expect(stored.rows[0].n).toBe(0);
  });
});
