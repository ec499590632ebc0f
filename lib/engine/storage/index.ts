import "server-only";
import { getEngineConfig } from "../config";
import { LocalStorage } from "./local";
import type { BlobStorage } from "./types";

let storage: BlobStorage | undefined;

/** Local files under DATA_DIR/blobs by default; S3-compatible when S3_BUCKET is set. */
export async function getStorage(): Promise<BlobStorage> {
  if (storage) return storage;
  if (process.env.S3_BUCKET) {
    const { S3Storage } = await import("./s3");
    storage = S3Storage.fromEnv();
  } else {
    storage = new LocalStorage(getEngineConfig().blobsDir);
  }
  return storage;
}

export type { BlobStorage };
