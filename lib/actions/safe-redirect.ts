/** Only same-site paths: a callbackUrl must never send someone to another host. */
export function safeRedirectPath(value: unknown, fallback = "/workflows"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
