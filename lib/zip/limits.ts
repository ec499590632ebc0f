import { jobEntryPath } from "./entry-name";
import { describeBytes } from "@/lib/format/bytes";
import { ZipRefusal, describeBytesApart, quoteName } from "./refusal";
import type { RawEntry } from "./zip-writer";

/** What one job's zip from a remote Generation API may be; past any of these it is refused. */
export interface ZipLimits {
  /** Every entry must sit in `<folder>/`: the job's id. */
  folder: string;
  /** Bytes read from the response, headers included. */
  maxBytes: number;
  /** Largest inflated size a single entry may declare. */
  maxEntryBytes: number;
  /** Sum of the inflated sizes all entries declare. */
  maxTotalBytes: number;
  /** Entries (files and folders). */
  maxEntries: number;
  /** Where a zip that must be read through its central directory is spooled (default: the OS's temp folder). */
  spoolDir?: string;
}

/** A job's zip holds five files; a thousand entries is far more than any generator writes, and bounds the central directory. */
export const MAX_ENTRIES = 1000;

/** The central directory of a zip within MAX_ENTRIES: a header and a name each (extra fields included). */
export const MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024;

/** An entry as its header describes it, before it is accepted. */
export interface DeclaredEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  modified: Date;
}

/** An accepted entry: the raw entry to copy, and its path inside the job's folder. */
export interface CheckedEntry {
  entry: RawEntry;
  path: string;
  folder: boolean;
}

/**
 * The rules every entry of one zip must pass, whichever way it is read (front to back, through
 * its central directory, in byte ranges): a name inside the job's folder, no encryption, stored
 * or deflated only, sizes within the limits and (stored) equal to each other, no name twice,
 * not too many entries, and a total the download can afford.
 */
export class EntryRules {
  private readonly names = new Set<string>();
  private declaredTotal = 0;

  constructor(readonly limits: ZipLimits) {}

  check(declared: DeclaredEntry): CheckedEntry {
    const { limits } = this;
    const name = quoteName(declared.name);
    const path = jobEntryPath(declared.name, limits.folder);
    if (this.names.has(declared.name)) throw new ZipRefusal(`The zip of job ${limits.folder} holds ${name} twice.`);
    this.names.add(declared.name);
    if (this.names.size > limits.maxEntries) throw new ZipRefusal(`The zip of job ${limits.folder} holds more than ${limits.maxEntries} entries.`);
    if (declared.flags & 0x0001) throw new ZipRefusal(`Entry ${name} is encrypted; results must not be.`);
    if (declared.method !== 0 && declared.method !== 8) throw new ZipRefusal(`Entry ${name} uses compression method ${declared.method}; only stored (0) and deflated (8) entries are read.`);
    if (declared.method === 0 && declared.compressedSize !== declared.size) {
      const [stored, content] = describeBytesApart(declared.compressedSize, declared.size);
      throw new ZipRefusal(`Entry ${name} is stored but declares ${stored} stored for ${content} of content.`);
    }
    if (declared.size > limits.maxEntryBytes) {
      throw new ZipRefusal(`Entry ${name} declares ${describeBytes(declared.size)}, more than the ${describeBytes(limits.maxEntryBytes)} a result file may have here.`);
    }
    if (declared.compressedSize > limits.maxBytes) throw new ZipRefusal(`Entry ${name} is larger than the ${describeBytes(limits.maxBytes)} a job's zip may have.`);
    this.declaredTotal += declared.size;
    if (this.declaredTotal > limits.maxTotalBytes) {
      throw new ZipRefusal(`The zip of job ${limits.folder} declares more than ${describeBytes(limits.maxTotalBytes)} of content in all.`);
    }
    const folder = declared.name.endsWith("/");
    if (folder && declared.size !== 0) throw new ZipRefusal(`Entry ${name} is a folder with content.`);
    return {
      entry: { name: declared.name, method: declared.method, crc32: declared.crc32 >>> 0, compressedSize: declared.compressedSize, size: declared.size, modified: declared.modified },
      path,
      folder,
    };
  }
}

export function dosDate(time: number, date: number): Date {
  return new Date(Date.UTC((date >> 9) + 1980, Math.max(0, ((date >> 5) & 15) - 1), Math.max(1, date & 31), time >> 11, (time >> 5) & 63, (time & 31) * 2));
}
