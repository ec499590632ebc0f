import "server-only";
import { NextResponse } from "next/server";
import type { PortalError } from "@/lib/errors";

/**
 * A typed error as JSON: its sentence, its code, its status. A refusal for going too fast
 * carries Retry-After, so scripts back off and browsers' forms can say when.
 */
export function portalErrorResponse(error: PortalError, detail: string = error.message): NextResponse {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  return NextResponse.json({ detail, code: error.code }, { status: error.status, headers });
}

/** Characters kept as they are in the plain `filename=` fallback; everything else becomes `_`. */
const PLAIN = /[^A-Za-z0-9._ -]/g;

/**
 * `Content-Disposition` per RFC 6266: a quoted ASCII fallback that cannot break out of its
 * quotes or smuggle a header, plus `filename*` (RFC 8187) with the exact name percent-encoded
 * for browsers that read it. Path separators never survive either form.
 */
export function contentDisposition(kind: "attachment" | "inline", filename: string): string {
  const name = filename.replace(/[/\\]/g, "_").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "download";
  const plain = name.replace(PLAIN, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${plain}"; filename*=UTF-8''${encoded}`;
}
