import { config } from "zod/v4/core";

/**
 * Runs in the browser before the app's own code (Next's client instrumentation), to fit two
 * libraries to the Content Security Policy (lib/net/security-headers.ts):
 *
 * - Zod compiles object schemas with `new Function` when it may. It first probes whether it
 *   may, and under a CSP without 'unsafe-eval' the probe, caught or not, is reported as a
 *   violation. jitless: schemas are interpreted, nothing is evaluated.
 * - Radix's dialog locks scrolling with a <style> element (react-style-singleton), which it
 *   gives `__webpack_nonce__` when that is set; style elements need this page's nonce. The
 *   nonce is read from the page's own scripts (Next put it on them), where any script of the
 *   page can read it anyway.
 */
config({ jitless: true });

const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
if (nonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
