import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { BlobStorage } from "./types";

/** Files under one folder. Publishing is a rename of the staging folder: atomic on one disk. */
export class LocalStorage implements BlobStorage {
  readonly kind = "local" as const;

  constructor(private readonly root: string) {}

  private dir(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return resolved;
  }

  async publish(localDir: string, key: string): Promise<void> {
    const target = this.dir(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(localDir, target);
  }

  async list(key: string): Promise<{ name: string; size: number }[]> {
    const dir = this.dir(key);
    const names = (await readdir(dir)).sort();
    return Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })));
  }

  async read(key: string, name: string, options: { chunkBytes?: number; size?: number } = {}): Promise<Readable> {
    // Every read is a round trip through libuv's thread pool: big chunks, and no read past the end.
    return createReadStream(path.join(this.dir(key), path.basename(name)), {
      ...(options.chunkBytes ? { highWaterMark: options.chunkBytes } : {}),
      ...(options.size ? { start: 0, end: options.size - 1 } : {}),
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.dir(key), { recursive: true, force: true });
  }
}
