import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Sealing small secrets (upstream API tokens) for storage: AES-256-GCM with a random 96-bit
 * IV, the 128-bit tag kept beside the ciphertext, and optional associated data that binds a
 * sealed value to its row (a token copied into another team's row does not open). Pure:
 * the caller supplies the key, so this module knows nothing about configuration.
 */

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised for every way a sealed value can fail to open: wrong key, tampering, bad format. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/**
 * A 256-bit key from a long-lived secret (AUTH_SECRET) with HKDF-SHA256. `info` names the
 * purpose, so keys for different uses of the same secret are independent of each other.
 */
export function deriveKey(secret: string, info: string): Buffer {
  if (!secret) throw new SecretBoxError("A key needs a non-empty secret.");
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), Buffer.from(info, "utf8"), KEY_BYTES));
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`The key must be ${KEY_BYTES} bytes, not ${key.length}.`);
}

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url: one text column holds all of it. */
export function seal(plaintext: string, key: Uint8Array, associatedData = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The plaintext, or a SecretBoxError when the key, the associated data or any byte differs. */
export function open(sealed: string, key: Uint8Array, associatedData = ""): string {
  checkKey(key);
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError("This is not a sealed value of a known version.");
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("The sealed value is damaged.");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("The sealed value does not open with this key: it was altered, or sealed under another key.");
  }
}
