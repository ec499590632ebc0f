import type { BlobStorage } from "./types";

/** S3-compatible storage is configured by S3_BUCKET; its client is not wired up yet. */
export class S3Storage {
  static fromEnv(): BlobStorage {
    throw new Error("S3_BUCKET is set, but S3 storage is not available in this build yet. Unset S3_BUCKET to use local storage.");
  }
}
