/**
 * `npm audit --omit=dev`: fails on a high or critical advisory in what the portal ships. When
 * the registry's advisory service cannot be reached (some mirrors and closed networks answer
 * 405 or nothing), it says so in one line and does not fail: no answer is not a finding, and
 * the line keeps the gap visible in every test run.
 */
import { spawnSync } from "node:child_process";

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  statusCode?: number;
  message?: string;
  error?: { summary?: string };
}

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout || "{}") as AuditReport;
} catch {
  console.log(`npm audit: not checked, its answer was not JSON (${(run.stderr || run.stdout).trim().split("\n")[0]}).`);
  process.exit(0);
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = report.message ?? report.error?.summary ?? (run.stderr.trim().split("\n")[0] || "no answer");
  console.log(`npm audit: not checked, the registry's advisory service did not answer (${why}).`);
  process.exit(0);
}

const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === "high" || v.severity === "critical");
console.log(`npm audit (production dependencies): ${Object.entries(counts).map(([level, n]) => `${n} ${level}`).join(", ")}`);
for (const [name, v] of serious) console.log(`  ${v.severity}: ${name}`);
process.exit(serious.length ? 1 : 0);
