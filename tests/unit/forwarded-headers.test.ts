import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forwardedHeadersVerified, installForwardedHeaderNormaliser } from "@/lib/net/forwarded-headers";
import { parseTrustedProxies } from "@/lib/net/trusted-proxies";

/** A real HTTP server whose 'request' listener answers with the headers it was handed. */
let port = 0;
const server = createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(req.headers));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends from 127.0.0.1 with the given headers; returns what the server's listener saw. */
function seen(headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve(JSON.parse(body) as IncomingHttpHeaders));
    });
    req.on("error", reject);
    req.end();
  });
}

const toHeaders = (seenHeaders: IncomingHttpHeaders) => new Headers(Object.entries(seenHeaders).map(([k, v]): [string, string] => [k, String(v)]));
const forged = { "x-forwarded-for": "203.0.113.66", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-real-ip": "203.0.113.66", forwarded: "for=203.0.113.66" };

describe("the forwarded-header check on Node's HTTP server", () => {
  it("before it is installed, nothing is verified (fails closed) and that is said once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const before = await seen(forged);
    expect(before["x-forwarded-for"]).toBe("203.0.113.66");
    expect(forwardedHeadersVerified(toHeaders(before))).toBe(false);
    expect(forwardedHeadersVerified(toHeaders(before))).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("not checked in this process");
    warn.mockRestore();
  });

  it("once installed, an untrusted peer's forged headers are gone before the request listener runs", async () => {
    installForwardedHeaderNormaliser(parseTrustedProxies(undefined));
    const headers = await seen({ ...forged, "x-infinity-forwarded-check": "guessed" });
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(headers["x-real-ip"]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "forwarded"]) expect(headers[name]).toBeUndefined();
    // The stamp is this process's, not the one the client sent, and readers believe it.
    expect(headers["x-infinity-forwarded-check"]).not.toBe("guessed");
    expect(forwardedHeadersVerified(toHeaders(headers))).toBe(true);
    // A client that copies a stamp it never saw gets nothing: any other value is refused.
    expect(forwardedHeadersVerified(new Headers({ "x-infinity-forwarded-check": "A".repeat(32) }))).toBe(false);
  });

  it("with the peer configured as a proxy, its client, host and scheme are kept", async () => {
    installForwardedHeaderNormaliser(parseTrustedProxies("loopback"));
    const headers = await seen({ ...forged, "x-forwarded-for": "6.6.6.6, 198.51.100.23" });
    expect(headers["x-forwarded-for"]).toBe("198.51.100.23");
    expect(headers["x-forwarded-host"]).toBe("evil.example");
    expect(headers["x-forwarded-proto"]).toBe("https");
    expect(headers.forwarded).toBeUndefined();
    expect(forwardedHeadersVerified(toHeaders(headers))).toBe(true);
    installForwardedHeaderNormaliser(parseTrustedProxies(undefined));
  });
});
