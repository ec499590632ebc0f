import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "./env";

/**
 * The secret that signs sessions. In embedded mode it is generated on first start and kept
 * in DATA_DIR, so a laptop install needs no setup yet sessions survive restarts.
 */
export function getAuthSecret(): string {
  const config = getConfig();
  if (config.authSecret) return config.authSecret;
  const file = path.join(config.dataDir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // "wx" fails if another process won the race; then we read what it wrote.
    try {
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
