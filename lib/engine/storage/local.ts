import { closeSync, createReadStream, open, openSync, read } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { BlobStorage } from "./types";

/**
 * Opening and closing a local file are metadata calls of a few microseconds; sent through
 * libuv's thread pool, each cost about half a millisecond of a busy 2-core machine (a hand-off
 * to a worker thread and back), more than reading a 300 kB file, and a batch zip opens
 * thousands. So files are opened and closed in place; their bytes are still read on the pool,
 * where a cold disk's wait belongs. The stream still closes its file however it ends.
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

  async list(key: string): Promise<{ name: string; size: number }[]> {
    const dir = this.dir(key);
    const names = (await readdir(dir)).sort();
    return Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size })));
  }

  async read(key: string, name: string, options: { chunkBytes?: number; size?: number } = {}): Promise<Readable> {
    const file = path.join(this.dir(key), path.basename(name));
    // Every read is a round trip through libuv's thread pool: big chunks, and no read past the end.
    return createReadStream(file, {
      fd: openSync(file, "r"),
      fs: closingInPlace,
      ...(options.chunkBytes ? { highWaterMark: options.chunkBytes } : {}),
      ...(options.size ? { start: 0, end: options.size - 1 } : {}),
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.dir(key), { recursive: true, force: true });
  }
}
