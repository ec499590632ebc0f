import { describe, expect, it, vi } from "vitest";

/**
 * A production build bundles the outbound guard more than once (each route, the startup code),
 * while the connection pool, and so the connector that refuses addresses, is one per process:
 * whichever copy ran first made it. A refusal must read the same whichever copy asks.
 */
describe("the outbound guard bundled more than once", () => {
  it("says why a name resolving to loopback is refused, when another copy of the guard made the pool", async () => {
    const options = { maxBytes: 1024, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
    const first = await import("@/lib/net/outbound");
    // The first copy makes the process's pool (its request is refused like any other).
    await expect(first.outboundRequest("http://localhost:9/", options)).rejects.toMatchObject({ reason: "refused_address" });

    vi.resetModules();
    const second = await import("@/lib/net/outbound");
    const secondErrors = await import("@/lib/net/errors");
    expect(second.outboundRequest).not.toBe(first.outboundRequest);
    const error = await second.outboundRequest("http://localhost:9/", options).catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: "refused_address",
      message: "The portal does not connect to http://localhost:9: that host was not found, or it is not a public address. A server on a private network must be listed in OUTBOUND_ALLOW by whoever runs the portal.",
    });
    expect(secondErrors.isOutboundError(error)).toBe(true);
    expect(secondErrors.isOutboundError(new Error("refused"))).toBe(false);
  });
});
