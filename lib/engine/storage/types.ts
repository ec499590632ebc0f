import type { Readable } from "node:stream";

/**
 * Where published job outputs live. A job renders into a local staging folder; `publish`
 * makes the whole folder visible under a key at once (or the engine never points at it).
 */
export interface BlobStorage {
  readonly kind: "local" | "s3";
  publish(localDir: string, key: string): Promise<void>;
  list(key: string): Promise<{ name: string; size: number }[]>;
  read(key: string, name: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}
