/**
 * `npm run audit:verify`: walks every team's audit chain and names the first row that does
 * not hold. Exit code 0 when every chain is whole, 1 when one is broken, 2 when the database
 * could not be read. Uses the same database settings as the portal (DATABASE_URL, or the
 * embedded PGlite under DATA_DIR, which must not be open in a running server).
 */
import { pathToFileURL } from "node:url";
import { closeDb, getDb } from "@/db";
import { getConfig } from "@/lib/config/env";
import { verifyAuditChain } from "@/lib/portal/audit-chain";
import { pgliteHolder } from "./pglite-in-use";

export async function run(io: { out: (l: string) => void; err: (l: string) => void } = { out: console.log, err: console.error }): Promise<number> {
  try {
    const config = getConfig();
    if (config.driver === "pglite" && !config.pgliteDataDir.startsWith("memory://")) {
      const holder = pgliteHolder(config.pgliteDataDir);
      if (holder) {
        io.err(`The embedded database in ${config.pgliteDataDir} is open in another process (${holder}). Stop the portal, then run this again.`);
        return 2;
      }
    }
    const report = await verifyAuditChain(await getDb());
    if (report.firstBreak) {
      const b = report.firstBreak;
      io.err(`Audit chain BROKEN at audit_events row id=${b.id} (team ${b.teamId ?? "none"}, position ${b.seq ?? "?"}): ${b.reason}.`);
      io.err(`Checked ${report.rows.toLocaleString("en")} rows before the break.`);
      return 1;
    }
    io.out(`Audit chain intact: ${report.rows.toLocaleString("en")} events in ${report.chains} chain${report.chains === 1 ? "" : "s"}.`);
    return 0;
  } catch (error) {
    io.err(`Could not verify the audit chain: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const code = await run();
  await closeDb();
  process.exit(code);
}
