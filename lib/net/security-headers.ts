/**
 * The security headers every response carries, as one pure function of the request (proxy.ts
 * sets them; tests/unit/security-headers.test.ts pins them down). No Node or Next imports:
 * the proxy bundle includes this file.
 */
export interface SecurityHeaderInput {
  /** The request's path, e.g. `/r/<token>`. */
  path: string;
  /** This response's nonce (base64), for Next's scripts and our own. */
  nonce: string;
  /** `next dev`: React Refresh and the error overlay evaluate code and inject styles. */
  development: boolean;
  /** Served over https (PUBLIC_ORIGIN, or a trusted proxy's X-Forwarded-Proto): HSTS applies. */
  https: boolean;
  /** Whether "Continue with GitHub" posts to a form that ends on github.com. */
  githubSignIn: boolean;
}

/**
 * Sensor and device features the portal never uses, off for it and for anything it could
 * ever embed. Only names Chromium knows: an unknown one is logged as a console error.
 * Fullscreen and picture-in-picture stay on for the gallery's videos.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Pages whose URL is a secret (a share token): the next site must not learn it from Referer. */
function isTokenPath(path: string): boolean {
  return path.startsWith("/r/") || path.startsWith("/api/share/");
}

/**
 * The Content Security Policy:
 * - Scripts only with this response's nonce; `strict-dynamic` lets those load the chunks
 *   they import (Next's runtime does), and nothing else runs: no inline handlers, no eval
 *   (only `next dev` needs eval, for React's debugging).
 * - Styles, decided deliberately. `<style>` elements need the nonce too: an injected style
 *   sheet can read the page out with attribute selectors. Style *attributes* are allowed
 *   (`style-src-attr 'unsafe-inline'`): React writes bar widths and chart sizes into the
 *   server-rendered HTML that way (progress bars, the usage page, recharts, the frame
 *   dialog's aspect ratio), and a style attribute can neither run script nor select anything;
 *   what it could load is held by img-src/font-src. Browsers without the -elem/-attr split
 *   fall back to `style-src`, with inline allowed so those pages still lay out. `next dev`
 *   injects style elements without a nonce, so there styles are simply inline-allowed.
 * - Everything else from this origin only; images also as data: URLs (CSS icons). Nothing
 *   may frame the portal, no plugins, no <base> rewriting, forms post only here (and to
 *   GitHub when its login is on), and https pages upgrade any stray http subresource.
 */
export function contentSecurityPolicy(input: Omit<SecurityHeaderInput, "path">): string {
  const nonce = `'nonce-${input.nonce}'`;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", nonce, "'strict-dynamic'", ...(input.development ? ["'unsafe-eval'"] : [])],
    ...(input.development
      ? ([["style-src", "'self'", "'unsafe-inline'"]] as [string, ...string[]][])
      : ([
          ["style-src", "'self'", "'unsafe-inline'"],
          ["style-src-elem", "'self'", nonce],
          ["style-src-attr", "'unsafe-inline'"],
        ] as [string, ...string[]][])),
    ["img-src", "'self'", "data:"],
    ["media-src", "'self'"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(input.development ? ["ws:", "wss:"] : [])],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
    ["frame-src", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...(input.githubSignIn ? ["https://github.com"] : [])],
    ["frame-ancestors", "'none'"],
    ...(input.https ? ([["upgrade-insecure-requests"]] as [string, ...string[]][]) : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Every security header for one response. */
export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(input),
    "x-content-type-options": "nosniff",
    // For browsers that predate frame-ancestors.
    "x-frame-options": "DENY",
    "referrer-policy": isTokenPath(input.path) ? "no-referrer" : "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    // A window this portal opens, or that opens it, gets no handle on the other.
    "cross-origin-opener-policy": "same-origin",
    // A year, this host only: subdomains may be other people's services still on http.
    ...(input.https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** A fresh nonce: 128 random bits, base64 (the alphabet CSP's nonce-source allows). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
