import net from "node:net";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages/auth-pages";
import { ApiTokensPage } from "./pages/api-tokens-page";
import { GenerationApiPage } from "./pages/generation-api-page";
import { E2E_UPSTREAM_PORT } from "./ports";

/**
 * A TCP forwarder on `port` to the portal's own built-in Generation API: the "remote"
 * upstream. Closing it also cuts open connections, so kept-alive sockets cannot outlive it.
 */
async function forwarder(port: number, target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

test("upstream down during submission: failed to submit with the reason, Retry succeeds once it is back, one upstream batch", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const portal = new URL(baseURL!);
  await signUp(page, "Uma Upstream", uniqueEmail("upstream"));
  const tokens = new ApiTokensPage(page);
  await tokens.goto();
  const token = await tokens.create("portal as its own upstream");

  // The portal's own API is the upstream here; let it answer once directly (a dev server compiles on first use).
  for (const path of ["/api/jobs/", "/api/batch/"]) {
    expect((await page.request.get(path, { headers: { authorization: `Token ${token}` } })).status(), path).toBe(200);
  }

  // The portal allows exactly this loopback address and port (OUTBOUND_ALLOW in playwright.config.ts).
  const port = E2E_UPSTREAM_PORT;
  const address = `http://127.0.0.1:${port}`;
  let relay = await forwarder(port, { host: portal.hostname, port: Number(portal.port) });
  try {
    // Settings → Generation API: the upstream answers the test, then becomes the team's.
    const settings = new GenerationApiPage(page);
    await settings.goto();
    await expect(settings.source()).toContainText("The built-in engine serves this team");
    await settings.fill(address, token);
    await settings.testConnection();
    await expect(settings.testResult()).toHaveText(/^Connected — 1 generator: visionfit-flagship-v0\.1\.0 \(in \d+ ms\)$/);
    await settings.save();
    await expect(settings.source()).toContainText(`A remote Generation API: ${address}/`);
    await expect(settings.source()).toContainText(`ends with …${token.slice(-4)}`);
    expect(await page.content()).not.toContain(token);
    // The stored token stays with its address: another address asks for its own token.
    await page.getByLabel("Address").fill("https://engine.example.com/");
    await expect(page.getByText(`The stored token is only ever sent to ${address}/. Enter the token of this address to test or save it.`)).toBeVisible();

    // The editor reads the generator's schema through the upstream while it is up.
    await page.goto("/workflows/new");
    await page.getByLabel("Batch name").fill("outage batch");
    await page.getByRole("spinbutton", { name: "Jobs" }).fill("2");

    // The upstream goes down: nothing listens on its port any more.
    await relay.close();
    await page.getByRole("button", { name: "Review and submit" }).click();
    await expect(page.getByTestId("frame-estimate")).toContainText("Could not get an estimate");
    await page.getByRole("button", { name: "Confirm and submit" }).click();
    // The batch is kept even though it could not be sent; the list shows why, with a Retry.
    await page.waitForURL(/\/batches/, { timeout: 60_000 });
    await page.goto("/batches");
    const row = page.locator('[data-testid="batch-row"][data-name="outage batch"]');
    await expect(row).toContainText("failed to submit");
    await expect(row.getByTestId("failure-reason")).toHaveText(`Could not reach the Generation API at ${address} (ECONNREFUSED).`);

    // Back up on the same port: Retry submits it.
    relay = await forwarder(port, { host: portal.hostname, port: Number(portal.port) });
    await row.getByRole("button", { name: "Retry" }).click();
    await expect(row).toContainText(/submitted|\d+ \/ \d+ done/, { timeout: 60_000 });
    await expect(row).not.toContainText("failed to submit");
    await expect(row.getByTestId("failure-reason")).toHaveCount(0);

    // Exactly one batch of that name reached the Generation API.
    const listed = await page.request.get("/api/batch/", { headers: { authorization: `Token ${token}` } });
    expect(listed.status()).toBe(200);
    const names = ((await listed.json()) as { name: string }[]).map((b) => b.name);
    expect(names.filter((n) => n.startsWith("outage batch · "))).toHaveLength(1);
  } finally {
    await relay.close();
  }
});
