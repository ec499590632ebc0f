import { mkdirSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "@playwright/test";
import { readActionManifest } from "./matrix/discover";
import { buildFixtures } from "./matrix/fixtures";
import { inventoryProblems } from "./matrix/inventory";
import { PRINCIPALS, PRINCIPAL_LABELS, type Fixtures } from "./matrix/principals";
import { actionRows } from "./matrix/rows/actions";
import { pageRows } from "./matrix/rows/pages";
import { routeRows } from "./matrix/rows/routes";
import { runMatrix } from "./matrix/runner";
import { E2E_UPSTREAM_PORT } from "./ports";
import { startPortalServer, type PortalServer } from "./support/portal-server";

/**
 * Issue 12's route × role matrix: every page, route handler method and server action of the
 * app, read from app/ and lib/actions at test time, against every kind of caller, each cell
 * with its declared answer. Through the production server, as a browser or script sends it.
 */
const rows = [...pageRows, ...routeRows, ...actionRows];
/** `MATRIX_ROWS=<regex>` runs only the rows whose key matches (while working on one); the inventory still covers all. */
const only = process.env.MATRIX_ROWS ? new RegExp(process.env.MATRIX_ROWS) : null;
const runRows = only ? rows.filter((row) => only.test(row.key)) : rows;

test("every page, route handler and server action has a row in the route matrix", () => {
  const { problems, surfaces } = inventoryProblems(rows);
  expect(problems, problems.join("\n")).toEqual([]);
  expect([...surfaces.values()].filter((s) => s.kind === "action").length).toBeGreaterThan(20);
});

/**
 * Its own server, whose per-address limits stay out of the way: every cell comes from the one
 * loopback address, hundreds of them with revoked tokens and dead share links within a minute.
 * The limits themselves are throttles.spec.ts's subject.
 */
const UNTHROTTLED = "100000/1m";

test.describe("route × role matrix", () => {
  let fx: Fixtures;
  let server: PortalServer;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(600_000);
    server = await startPortalServer({
      OUTBOUND_ALLOW: `127.0.0.1:${E2E_UPSTREAM_PORT}`,
      SIGN_IN_LIMIT_PER_IP: UNTHROTTLED,
      REGISTRATION_LIMIT_PER_IP: UNTHROTTLED,
      SHARE_LOOKUP_LIMIT_PER_IP: UNTHROTTLED,
      API_TOKEN_FAILURE_LIMIT_PER_IP: UNTHROTTLED,
    });
    fx = await buildFixtures(browser, server.origin);
    // Ninety days pass for one token: its expiry is moved into the past while the server is down.
    await server.restart(async (pgliteDir) => {
      const db = await PGlite.create(pgliteDir);
      const moved = await db.query("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1 AND expires_at > now()", [fx.expiredApiToken.id]);
      await db.close();
      if (moved.affectedRows !== 1) throw new Error(`the expiring token ${fx.expiredApiToken.id} was not found with an expiry ahead`);
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("every cell answers as declared", async ({ playwright }) => {
    test.setTimeout(600_000);
    const { problems, surfaces } = inventoryProblems(rows);
    expect(problems, problems.join("\n")).toEqual([]);
    const context = (storageState?: Fixtures["storage"]["owner"], authorization?: string) =>
      playwright.request.newContext({ baseURL: fx.baseURL, storageState, extraHTTPHeaders: authorization ? { authorization } : undefined });
    const observer = { a: await context(fx.storage.owner), b: await context(fx.storage.outsider), fx };

    const started = Date.now();
    const result = await runMatrix({
      rows: runRows,
      surfaces,
      actions: readActionManifest(),
      fx,
      observer,
      // A fresh client per cell: nothing one cell's answer sets (a cookie) reaches the next.
      open: (p) => context(p.storageState, p.authorization),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const counts = `${result.byKind.page} page, ${result.byKind.route} route-handler and ${result.byKind.action} server-action cells`;
    console.log(`route matrix: ${result.cells} cells checked (${counts}; ${PRINCIPALS.length} principals, ${seconds} s)`);

    mkdirSync("test-results", { recursive: true });
    const legend = PRINCIPALS.map((p) => `- ${p}: ${PRINCIPAL_LABELS[p]}`).join("\n");
    writeFileSync("test-results/route-matrix.md", `route matrix: ${result.cells} cells checked\n\n${legend}\n\n${result.table.join("\n")}\n`);
    await observer.a.dispose();
    await observer.b.dispose();
    expect(result.failures, `${result.failures.length} cells did not answer as declared:\n${result.failures.join("\n")}`).toEqual([]);
    expect(result.cells).toBe(runRows.reduce((n, row) => n + row.variants.length, 0) * PRINCIPALS.length);
  });
});
