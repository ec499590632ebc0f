import type { Readable } from "node:stream";

/**
 * Where published job outputs live. A job renders into a local staging folder; `publish`
 * makes the whole folder visible under a key at once (or the engine never points at it).
 */
export interface BlobStorage {
  readonly kind: "local" | "s3";
  publish(localDir: string, key: string): Promise<void>;
  list(key: string): Promise<{ name: string; size: number }[]>;
  /**
   * `chunkBytes`: how much to read at a time, and `size`: the size `list` gave, so a local file
   * is read in exactly that many bytes without one more read to find its end (backends that
   * cannot choose ignore both). `range`: only bytes `start`–`end` inclusive (a video's seek).
   */
  read(key: string, name: string, options?: { chunkBytes?: number; size?: number; range?: { start: number; end: number } }): Promise<Readable>;
  remove(key: string): Promise<void>;
}
