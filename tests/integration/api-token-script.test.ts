import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, auditEvents } from "@/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { run } from "@/scripts/api-token";
import { pgliteHolder } from "@/scripts/pglite-in-use";
import { joinTeam, signUp } from "../support/factories";
import { countRows } from "../support/db-counts";

/** Runs the CLI in this process and keeps what it printed. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err: err.join("\n") };
}

beforeAll(async () => {
  await getDb();
});

describe("npm run api-token", () => {
  it("prints a new token for the owner's active team on stdout, alone, and stores only its hash", async () => {
    const owner = await signUp("cli-owner");
    const { code, out, err } = await cli("--email", owner.email.toUpperCase(), "--name", "Nightly export");
    expect(code, err).toBe(0);
    expect(out).toHaveLength(1);
    const token = out[0]!;
    expect(token).toMatch(/^inf_[A-Za-z0-9_-]{43}$/);
    expect(err).toContain(`Created API token “Nightly export” (${token.slice(0, 12)}…) for team “${owner.teamName}”; it does not expire.`);
    expect(err).toContain("Copy it now: it will not be shown again.");

    const db = await getDb();
    const rows = await db.select().from(apiTokens).where(eq(apiTokens.teamId, owner.teamId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Nightly export", createdBy: owner.userId, prefix: token.slice(0, 12), tokenHash: hashToken(token) });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.teamId, owner.teamId), eq(auditEvents.action, "api_token.created")));
    expect(event).toMatchObject({ actorId: owner.userId, targetId: rows[0]!.id, userAgent: "scripts/api-token" });
  });

  it("names the token after the command line and the date when --name is left out; admins may run it too", async () => {
    const owner = await signUp("cli-default");
    const admin = await joinTeam(owner, "cli-admin", "admin");
    const { code, err } = await cli("--email", admin.email);
    expect(code, err).toBe(0);
    const db = await getDb();
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.teamId, owner.teamId));
    expect(row).toMatchObject({ name: `Command line, ${new Date().toISOString().slice(0, 10)}`, createdBy: admin.userId });
  });

  it.each(["member", "viewer"] as const)("refuses a %s with a sentence and exit code 1, writing nothing", async (role) => {
    const owner = await signUp(`cli-${role}-owner`);
    const person = await joinTeam(owner, `cli-${role}`, role);
    const { code, out, err } = await cli("--email", person.email);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toBe(
      `${person.email} is a ${role} of “${owner.teamName}” (their active team); only owners and admins can create API tokens.\n` +
        "Ask an owner to make them an admin, or run this with an owner's or admin's e-mail.",
    );
    expect(await countRows(apiTokens, eq(apiTokens.teamId, owner.teamId))).toBe(0);
  });

  it("refuses an unknown e-mail, a bad e-mail, a missing --email, an unknown option and a bad name", async () => {
    const owner = await signUp("cli-bad");
    const cases: [string[], string | RegExp][] = [
      [["--email", "nobody-here@example.com"], "No account uses the e-mail nobody-here@example.com. Check the spelling, or sign up in the portal first."],
      [["--email", "not-an-email"], "--email not-an-email: Enter a valid e-mail address, like name@example.com."],
      [[], /^Say whose team the token is for with --email\.\n\nUsage: npm run api-token/],
      [["--email", owner.email, "--team", "x"], /Unknown option '--team'[\s\S]*Usage:/],
      [["--email", owner.email, "--name", "  "], "Give the token a name, like “CI pipeline”."],
      [["--email", owner.email, "--name", "z".repeat(61)], "Keep the token name to 60 characters or fewer."],
      [["--email", owner.email, "--expires-in-days", "400"], "--expires-in-days 400: Choose when the token expires: never, or after 1 to 365 days."],
      [["--email", owner.email, "--expires-in-days", "soon"], "--expires-in-days soon: Choose when the token expires: never, or after 1 to 365 days."],
    ];
    for (const [argv, message] of cases) {
      const { code, out, err } = await cli(...argv);
      expect(code, argv.join(" ")).toBe(1);
      expect(out).toEqual([]);
      if (typeof message === "string") expect(err).toBe(message);
      else expect(err).toMatch(message);
    }
    expect(await countRows(apiTokens, eq(apiTokens.teamId, owner.teamId))).toBe(0);
  });

  it("--expires-in-days sets the token's expiry, and says when", async () => {
    const owner = await signUp("cli-expiry");
    const before = Date.now();
    const { code, out, err } = await cli("--email", owner.email, "--name", "Quarterly", "--expires-in-days", "90");
    expect(code, err).toBe(0);
    const db = await getDb();
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(out[0]!)));
    const days = (row!.expiresAt!.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
    expect(err).toContain(`it expires ${row!.expiresAt!.toISOString().replace("T", " ").slice(0, 16)} UTC.`);

    expect((await cli("--email", owner.email, "--name", "Forever", "--expires-in-days", "never")).err).toContain("; it does not expire.");
  });

  it("--help prints the usage and succeeds", async () => {
    const { code, out, err } = await cli("--help");
    expect(code).toBe(0);
    expect(out).toEqual([]);
    expect(err).toMatch(/^Usage: npm run api-token -- --email <user e-mail> \[--name <token name>\] \[--expires-in-days <1-365\|never>\]/);
  });
});

describe("seeing that a server holds the embedded database", () => {
  let holder: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(() => {
    holder?.kill();
    holder = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("names the process that has a file of the data folder open, and nobody once it lets go", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pglite-held-"));
    expect(pgliteHolder(path.join(dir, "missing"))).toBeNull();
    // A data folder looks like this to the check: PG_VERSION, and relation files a server keeps open.
    writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
    mkdirSync(path.join(dir, "base"));
    const relation = path.join(dir, "base", "1259");
    writeFileSync(relation, "");
    expect(pgliteHolder(dir)).toBeNull();

    // A stand-in for the dev server: another process with a file in the folder open.
    holder = spawn(process.execPath, ["-e", `require("fs").openSync(${JSON.stringify(relation)}, "r+"); console.log("open"); setInterval(() => {}, 1000);`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => holder!.stdout!.once("data", () => resolve()));
    expect(pgliteHolder(dir)).toMatch(new RegExp(`^process ${holder.pid} \\(.*node`));

    holder.kill();
    await new Promise((resolve) => holder!.once("exit", resolve));
    holder = undefined;
    expect(pgliteHolder(dir)).toBeNull();
  });
});
