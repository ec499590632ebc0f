const BASE = "http://portal.invalid";

/**
 * Only same-site paths: a callbackUrl must never send someone to another host. Browsers
 * drop tabs and newlines and read backslashes as slashes, so "/\t/evil.com" would escape a
 * plain prefix check; resolving against a fixed origin catches every such form.
 */
export function safeRedirectPath(value: unknown, fallback = "/workflows"): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\x00-\x1f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
