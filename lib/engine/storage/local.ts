import { closeSync, createReadStream, open, openSync, read, readdirSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { BlobStorage } from "./types";

/**
 * Opening, closing and listing local files are metadata calls of a few microseconds; sent
 * through libuv's thread pool, each cost about half a millisecond of a busy 2-core machine (a
 * hand-off to a worker thread and back), more than reading a 300 kB file, and a batch zip makes
 * thousands. So they are made in place; the files' bytes are still read on the pool, where a
 * cold disk's wait belongs. The stream still closes its file however it ends.
 */
const closingInPlace = {
  open,
  read,
  close: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    try {
      closeSync(fd);
      callback(null);
    } catch (error) {
      callback(error as NodeJS.ErrnoException);
    }
  },
};

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

  /** Metadata calls, made in place (see `closingInPlace`). */
  async list(key: string): Promise<{ name: string; size: number }[]> {
    const dir = this.dir(key);
    const names = readdirSync(dir).sort();
    return names.map((name) => ({ name, size: statSync(path.join(dir, name)).size }));
  }

  async read(key: string, name: string, options: { chunkBytes?: number; size?: number; range?: { start: number; end: number } } = {}): Promise<Readable> {
    const file = path.join(this.dir(key), path.basename(name));
    // Every read is a round trip through libuv's thread pool: big chunks, and no read past the end.
    return createReadStream(file, {
      fd: openSync(file, "r"),
      fs: closingInPlace,
      ...(options.chunkBytes ? { highWaterMark: options.chunkBytes } : {}),
      ...(options.range ? { start: options.range.start, end: options.range.end } : options.size ? { start: 0, end: options.size - 1 } : {}),
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.dir(key), { recursive: true, force: true });
  }
}
