import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "@/lib/config/secrets";

/** How long a result_url works after it was handed out. */
export const RESULT_URL_TTL_SECONDS = 24 * 60 * 60;

let key: Buffer | undefined;
function signingKey(): Buffer {
  // A key of its own, derived from the deployment secret: a leaked result signature says
  // nothing about session tokens, and rotating AUTH_SECRET invalidates both.
  key ??= Buffer.from(hkdfSync("sha256", getAuthSecret(), "infinity-engine", "result-url-v1", 32));
  return key;
}

function signature(jobId: string, expires: number): string {
  return createHmac("sha256", signingKey()).update(`${jobId}.${expires}`).digest("base64url");
}

/** A capability URL for one job's zip: no auth header needed, expires, covers that job only. */
export function signedResultUrl(origin: string, jobId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + RESULT_URL_TTL_SECONDS;
  return `${origin}/api/results/${jobId}/?expires=${expires}&signature=${signature(jobId, expires)}`;
}

export type SignatureCheck = "ok" | "expired" | "invalid";

export function checkResultSignature(jobId: string, expiresParam: string | null, signatureParam: string | null, now = Date.now()): SignatureCheck {
  const expires = Number(expiresParam);
  if (!Number.isInteger(expires) || !signatureParam) return "invalid";
  const expected = Buffer.from(signature(jobId, expires));
  const given = Buffer.from(signatureParam);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return expires * 1000 < now ? "expired" : "ok";
}
