/**
 * Runs in the browser before the app's own code (Next's client instrumentation), to fit two
 * libraries to the Content Security Policy (lib/net/security-headers.ts):
 *
 * - Zod compiles object schemas with `new Function` when it may. It first probes whether it
 *   may, and under a CSP without 'unsafe-eval' the probe, caught or not, is reported as a
 *   violation. jitless: schemas are interpreted, nothing is evaluated. Set on the object
 *   zod's `config()` writes to (`globalThis.__zod_globalConfig`, zod/v4/core/core.js) rather
 *   than through `config()`: importing zod/v4/core here would add ~5 kB to every page's first
 *   load. tests/unit/client-instrumentation.test.ts checks zod still reads that object.
 * - Radix's dialog locks scrolling with a <style> element (react-style-singleton), which it
 *   gives `__webpack_nonce__` when that is set; style elements need this page's nonce. The
 *   nonce is read from the page's own scripts (Next put it on them), where any script of the
 *   page can read it anyway.
 */
const slots = globalThis as { __zod_globalConfig?: { jitless?: boolean }; __webpack_nonce__?: string };
(slots.__zod_globalConfig ??= {}).jitless = true;

const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
if (nonce) slots.__webpack_nonce__ = nonce;
