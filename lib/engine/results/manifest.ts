import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import type { ResultFileRecord } from "@/db/schema";

/**
 * Name, size and CRC-32 of every file in a job's output folder, in name order (the order
 * storage lists them in). Taken once, before the folder is published: a few milliseconds per
 * job next to seconds of rendering, where checksumming on every download cost the server's one
 * thread about 0.7 s per GB. Knowing CRC and size up front also puts them in each zip entry's
 * local header, which streaming readers (Java's ZipInputStream) require for stored entries.
 */
export async function describeFolder(dir: string): Promise<ResultFileRecord[]> {
  const names = (await readdir(dir)).sort();
  const files: ResultFileRecord[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let crc = 0;
    let size = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      crc = crc32(chunk as Buffer, crc);
      size += (chunk as Buffer).length;
    }
    files.push({ name, size, crc32: crc >>> 0 });
  }
  return files;
}
