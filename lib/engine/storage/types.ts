import type { Readable } from "node:stream";

/**
 * Where published job outputs live. A job renders into a local staging folder; `publish`
 * makes the whole folder visible under a key at once (or the engine never points at it).
 */
export interface BlobStorage {
  readonly kind: "local" | "s3";
  publish(localDir: string, key: string): Promise<void>;
  list(key: string): Promise<{ name: string; size: number }[]>;
  /** `chunkBytes`: how much to read at a time, where the backend lets us choose (local files). */
  read(key: string, name: string, options?: { chunkBytes?: number }): Promise<Readable>;
  remove(key: string): Promise<void>;
}
