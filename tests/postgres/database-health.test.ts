import net from "node:net";
import { afterAll, expect, inject, it } from "vitest";

// The app's database behind a TCP relay this test can cut: while it is cut, nothing answers
// on the database's address (as when Postgres is down or unreachable); then it comes back.
const databaseUrl = inject("databaseUrl");
if (!databaseUrl) throw new Error("The postgres project needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).");
const target = new URL(databaseUrl);
const sockets = new Set<net.Socket>();
let relay: net.Server | undefined;

async function openRelay(port: number) {
  relay = net.createServer((client) => {
    const server = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => relay!.listen(port, "127.0.0.1", resolve));
  return (relay.address() as net.AddressInfo).port;
}

async function cutRelay() {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => relay!.close(() => resolve()));
}

const port = await openRelay(0);
const viaRelay = new URL(databaseUrl);
viaRelay.port = String(port);
process.env.DATABASE_URL = viaRelay.toString();

const { GET } = await import("@/app/api/health/route");
const { closeDb } = await import("@/db");

afterAll(async () => {
  await closeDb();
  await cutRelay().catch(() => undefined);
});

async function health() {
  const response = await GET();
  return { status: response.status, body: (await response.json()) as { ok: boolean; database: string; detail?: string } };
}

/** Health is asked at most once a second; wait for a fresh answer that matches. */
async function healthBecomes(status: number) {
  for (let i = 0; i < 40; i++) {
    const answer = await health();
    if (answer.status === status) return answer;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/api/health never answered ${status}`);
}

it("answers 503 with the reason while the database is unreachable, and 200 again once it is back, with no restart", async () => {
  expect(await healthBecomes(200)).toEqual({ status: 200, body: { ok: true, database: "reachable" } });
  await cutRelay();
  const down = await healthBecomes(503);
  expect(down.body).toMatchObject({ ok: false, database: "unreachable" });
  // The kind of failure, never the database's address: anyone may ask.
  expect(down.body.detail).toBe("The database is unreachable (ECONNREFUSED); the portal keeps retrying and recovers by itself once it answers.");
  console.log(`[health] while down: ${down.body.detail}`);
  await openRelay(port);
  expect(await healthBecomes(200)).toEqual({ status: 200, body: { ok: true, database: "reachable" } });
}, 60_000);
