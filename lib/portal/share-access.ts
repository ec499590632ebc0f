import "server-only";
import type { ActingMember, RequestMeta } from "./member";

declare const resolved: unique symbol;

/**
 * What a share link opens: one batch of one team, read-only, for whoever holds the token.
 * Only `resolveShareToken` / `peekShareToken` (share-links.ts) make one, so holding one means
 * the token was valid (known, not revoked, not expired) when the request began. Functions that
 * accept it open `batchId` and nothing else: every other id is "not found".
 */
export interface ShareAccess {
  readonly via: "share-link";
  readonly linkId: string;
  readonly teamId: string;
  readonly batchId: string;
  readonly request?: RequestMeta;
  readonly [resolved]: true;
}

/** Who may read a batch report: a member of its team, or a share link to that very batch. */
export type BatchReader = ActingMember | ShareAccess;

export function isShareAccess(reader: BatchReader): reader is ShareAccess {
  return "via" in reader && reader.via === "share-link";
}
