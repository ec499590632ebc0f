/**
 * `npm test`: type-check, lint, unit, integration (PGlite, and real Postgres when
 * TEST_DATABASE_URL is set), end-to-end in Chromium. Ends with one line of totals.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { describeMissing, missingPrerequisites } from "./prerequisites";

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
const started = Date.now();

const missing = missingPrerequisites();
if (missing.length > 0) {
  console.error(describeMissing(missing));
  process.exit(1);
}

mkdirSync("test-results", { recursive: true });

function run(title: string, command: string, args: string[], env: Record<string, string | undefined> = {}): boolean {
  console.log(`\n━━ ${title} ━━`);
  const t0 = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`━━ ${title}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(title);
  return ok;
}

function vitest(title: string, projects: string[], env: Record<string, string | undefined> = {}) {
  const report = `test-results/vitest-${title.replace(/\W+/g, "-")}.json`;
  rmSync(report, { force: true });
  const projectArgs = projects.flatMap((p) => ["--project", p]);
  run(title, "npx", ["vitest", "run", ...projectArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  if (!existsSync(report)) return;
  const json = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
}

function playwright() {
  const report = "test-results/e2e-report.json";
  rmSync(report, { force: true });
  run("end-to-end (Chromium, production build)", "npx", ["playwright", "test"]);
  if (!existsSync(report)) return;
  const json = JSON.parse(readFileSync(report, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  totals.passed += json.stats.expected + json.stats.flaky;
  totals.failed += json.stats.unexpected;
  totals.skipped += json.stats.skipped;
}

run("type-check", "npx", ["tsc", "--noEmit"]);
run("dependency audit (production, high and critical)", "npx", ["tsx", "scripts/audit-dependencies.ts"]);
run("lint", "npx", ["eslint", ".", "--max-warnings=0"]);
vitest("unit", ["unit"]);
vitest("integration on PGlite", ["integration"], { TEST_DATABASE_URL: "" });
if (process.env.TEST_DATABASE_URL) {
  vitest("integration on Postgres", ["integration"]);
  vitest("@vercel/postgres driver on Postgres", ["postgres"]);
} else {
  console.log("\nTEST_DATABASE_URL is not set: the suite ran on PGlite only (set it to also run on a real Postgres).");
}
playwright();

if (totals.skipped > 0) failedSteps.push(`${totals.skipped} skipped test(s): a skipped test is not a passing one`);
console.log(`\n${failedSteps.length ? `Failed steps: ${failedSteps.join(", ")}` : "All steps passed"} (${((Date.now() - started) / 60000).toFixed(1)} min)`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSteps.length ? 1 : 0);
