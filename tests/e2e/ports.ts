/** The portal's port in end-to-end runs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

/**
 * Where upstream-down.spec's stand-in Generation API listens. Fixed, because the portal under
 * test is started with OUTBOUND_ALLOW=127.0.0.1:<this port> (playwright.config.ts): the
 * outbound guard refuses every other loopback address, as it would in production.
 */
export const E2E_UPSTREAM_PORT = Number(process.env.E2E_UPSTREAM_PORT ?? E2E_PORT + 2000);
