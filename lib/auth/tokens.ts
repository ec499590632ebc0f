import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: for invitation links and other capabilities. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as this hash; a database leak does not leak working links. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
