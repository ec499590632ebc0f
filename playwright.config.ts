import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT as PORT, E2E_UPSTREAM_PORT } from "./tests/e2e/ports";
import { E2E_LIMIT_ENV } from "./tests/e2e/e2e-limits";

const baseURL = `http://localhost:${PORT}`; // Next rewrites 127.0.0.1 to localhost; stay on one host.

/** Specs that run on portal servers they start themselves (tests/e2e/support/portal-server.ts). */
const OWN_SERVERS = /(forwarded-headers|hostile-upstream|interrupted-submission|route-matrix)\.spec\.ts$/;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results/e2e",
  fullyParallel: false,
  // Two lanes: the specs that share the portal below, one at a time (they share its per-address
  // limits), and beside them the specs that start portal servers of their own.
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
  },
  projects: [
    { name: "chromium", testIgnore: OWN_SERVERS, workers: 1, use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "own-servers", testMatch: OWN_SERVERS, workers: 1, use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    // A production build on a fresh embedded database, exactly what a user would run.
    command: `rm -rf data/e2e && npx next build && npx next start -p ${PORT}`,
    url: `${baseURL}/login`,
    timeout: 400_000,
    reuseExistingServer: !process.env.CI && process.env.E2E_REUSE === "1",
    // The one loopback address a spec may use as a team's Generation API (upstream-down.spec).
    // Abuse limits with short windows, so the one loopback client can reach them and be let in again.
    env: { DATA_DIR: "data/e2e", SEED_DEMO: "true", NEXT_TELEMETRY_DISABLED: "1", OUTBOUND_ALLOW: `127.0.0.1:${E2E_UPSTREAM_PORT}`, ...E2E_LIMIT_ENV },
    stdout: "pipe",
  },
});
