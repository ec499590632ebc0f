/**
 * `npm run api-token -- --email <user> [--name <name>] [--expires-in-days <days|never>]`: creates a Generation API token for
 * the active team of that user, through the same data layer (role check, audit event) as the
 * settings page. The token alone goes to stdout, so `TOKEN=$(npm run -s api-token -- …)` works;
 * everything else goes to stderr.
 *
 * Runs under `tsx --conditions=react-server` so that `import "server-only"` in lib/portal
 * resolves to its empty server build instead of throwing.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { users } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { ConfigError, getConfig } from "@/lib/config/env";
import { isPortalError } from "@/lib/errors";
import { apiTokenExpirySchema } from "@/lib/api-token-expiry";
import { createApiToken } from "@/lib/portal/api-tokens";
import { loadActingMember } from "@/lib/portal/member";
import { emailSchema } from "@/lib/validation";
import { pgliteHolder } from "./pglite-in-use";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const USAGE = `Usage: npm run api-token -- --email <user e-mail> [--name <token name>] [--expires-in-days <1-365|never>]

Creates an API token for the user's active team (the user must be its owner or admin)
and prints it once. Without --expires-in-days it never expires; it stops working anyway
when it is revoked or when that user leaves the team.`;

/** Thrown for anything the person running the command can fix; printed without a stack. */
class CliError extends Error {}

/** The CLI, minus process handling: returns the exit code. Tests call it directly. */
export async function run(argv: string[], io: Io = consoleIo): Promise<number> {
  try {
    const { email, name, expiresInDays, help } = parseArguments(argv);
    if (help) {
      io.err(USAGE);
      return 0;
    }
    await openDatabase();
    const member = await memberFor(email);
    const created = await createApiToken(member, name, expiresInDays);
    io.out(created.token);
    const lifetime = created.expiresAt ? `expires ${created.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : "does not expire";
    io.err(`Created API token “${name}” (${created.prefix}…) for team “${member.teamName}”; it ${lifetime}.`);
    io.err("Copy it now: it will not be shown again. Use it as: Authorization: Token <token>");
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError || isPortalError(error)) {
      io.err(error.message);
    } else {
      io.err(`Could not create the token: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
}

function parseArguments(argv: string[]): { email: string; name: string; expiresInDays: number | null; help: boolean } {
  let values: { email?: string; name?: string; "expires-in-days"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: "string" }, name: { type: "string" }, "expires-in-days": { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return { email: "", name: "", expiresInDays: null, help: true };
  if (!values.email) throw new CliError(`Say whose team the token is for with --email.\n\n${USAGE}`);
  const email = emailSchema.safeParse(values.email);
  if (!email.success) throw new CliError(`--email ${values.email}: ${email.error.issues[0]!.message}`);
  // The name is checked by the data layer, with the same words the settings page shows.
  const name = values.name ?? `Command line, ${new Date().toISOString().slice(0, 10)}`;
  const expiry = apiTokenExpirySchema.safeParse(values["expires-in-days"] ?? "never");
  if (!expiry.success) throw new CliError(`--expires-in-days ${values["expires-in-days"]}: ${expiry.error.issues[0]!.message}`);
  return { email: email.data, name, expiresInDays: expiry.data, help: false };
}

/** Refuses to open an embedded database that a running server has open (see pglite-in-use). */
async function openDatabase(): Promise<void> {
  const config = getConfig();
  if (config.driver === "pglite" && !config.pgliteDataDir.startsWith("memory://")) {
    const holder = pgliteHolder(config.pgliteDataDir);
    if (holder) {
      throw new CliError(
        `The embedded database in ${config.pgliteDataDir} is open in another process` +
          `${holder === "unknown" ? "" : `: ${holder}`}, most likely the portal's server (npm run dev or npm start).\n` +
          "PGlite can be opened by one process at a time. Stop the server, run this command again, then start the server;\n" +
          "or create the token in the portal under Settings → API tokens.",
      );
    }
  }
  try {
    await getDb();
  } catch (error) {
    const where = config.driver === "pglite" ? `the embedded database in ${config.pgliteDataDir}` : `the ${config.driver} database`;
    throw new CliError(`Could not open ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function memberFor(email: string) {
  const db = await getDb();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new CliError(`No account uses the e-mail ${email}. Check the spelling, or sign up in the portal first.`);
  // Marked in the audit history, so the team can tell a token made here from one made on the page.
  const member = await loadActingMember(user.id, { userAgent: "scripts/api-token" });
  if (!member) throw new CliError(`${email} is not a member of any team yet.`);
  if (!can(member.role, "api-tokens:manage")) {
    throw new CliError(
      `${email} is a ${member.role} of “${member.teamName}” (their active team); only owners and admins can create API tokens.\n` +
        "Ask an owner to make them an admin, or run this with an owner's or admin's e-mail.",
    );
  }
  return member;
}

/** Next reads these files too; the earlier ones win, and a variable already set beats them all. */
function loadEnvFiles(): void {
  const mode = process.env.NODE_ENV === "production" ? "production" : "development";
  for (const file of [`.env.${mode}.local`, ".env.local", `.env.${mode}`, ".env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  loadEnvFiles();
  const code = await run(process.argv.slice(2));
  // A clean shutdown: PGlite checkpoints and removes its postmaster.pid; a pg pool lets the process end.
  await closeDb().catch(() => undefined);
  process.exit(code);
}
