import { CENTRAL_HEADER, LOCAL_HEADER, assertSameEntry, centralVariableLength, readCentralRecord, type CentralEntry } from "./central-directory";
import { EntryRules, MAX_CENTRAL_DIRECTORY_BYTES, dosDate, type DeclaredEntry, type ZipLimits } from "./limits";
import { describeBytes } from "@/lib/format/bytes";
import { ZipRefusal } from "./refusal";
import { spooledEntries } from "./zip-reader";
import type { RawEntry } from "./zip-writer";

const SIZES_AFTER_DATA = 0x0008;
const MAX32 = 0xffffffff;

/** An accepted entry of a job's zip and its still-compressed bytes (exactly `entry.compressedSize` of them). */
export interface ZipItem {
  entry: RawEntry;
  /** The path inside the job's folder (checked: no `..`, nothing absolute). */
  path: string;
  data: AsyncIterable<Uint8Array>;
}

/**
 * Bytes taken from a web stream as they are needed: a header whole, an entry's data as it
 * comes. Every byte read counts against `maxBytes`; past it the zip is refused, so a response
 * that never ends costs at most that much reading and never more than a chunk of memory.
 */
class StreamBytes {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;
  /** Bytes handed out so far: the offset of the next one in the zip. */
  position = 0;
  private received = 0;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly maxBytes: number,
  ) {
    this.reader = body.getReader();
  }

  /** Reads until `n` bytes are pending or the stream ends; false when it ended short. */
  private async fill(n: number): Promise<boolean> {
    while (this.pendingBytes < n && !this.ended) {
      const { value, done } = await this.reader.read();
      if (done) this.ended = true;
      else if (value.byteLength) {
        this.received += value.byteLength;
        if (this.received > this.maxBytes) throw new ZipRefusal(`The result is larger than the ${describeBytes(this.maxBytes)} a job's zip may have.`);
        this.pending.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        this.pendingBytes += value.byteLength;
      }
    }
    return this.pendingBytes >= n;
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    this.position += taken.length;
    return taken;
  }

  /** Exactly `n` bytes, or null when the stream ends first. */
  async exactly(n: number): Promise<Buffer | null> {
    return (await this.fill(n)) ? this.take(n) : null;
  }

  /** Exactly `n` bytes, or a refusal saying where the zip ended. */
  async required(n: number, where: string): Promise<Buffer> {
    const bytes = await this.exactly(n);
    if (!bytes) throw new ZipRefusal(`The zip ended ${where}.`);
    return bytes;
  }

  /**
   * The next `n` bytes, passed on in the chunks they arrived in; `skip` drops whatever of them
   * the reader left unread, so the stream is at the next header either way.
   */
  span(n: number): { data: AsyncGenerator<Uint8Array>; skip: () => Promise<void> } {
    let left = n;
    const next = async (): Promise<Buffer> => {
      if (!(await this.fill(1))) throw new ZipRefusal(`The zip ended ${left} bytes into an entry.`);
      const chunk = this.take(Math.min(left, this.pending[0]!.length));
      left -= chunk.length;
      return chunk;
    };
    async function* data() {
      while (left > 0) yield await next();
    }
    return {
      data: data(),
      skip: async () => {
        while (left > 0) await next();
      },
    };
  }

  /** Everything left, chunk by chunk (still counted against the limit). */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.pendingBytes) yield this.take(this.pendingBytes);
    while (await this.fill(1)) yield this.take(this.pendingBytes);
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

/** The local header's fixed 30 bytes (signature included) and its name and extra field. */
function readLocalHeader(header: Buffer, variable: Buffer): DeclaredEntry {
  return {
    name: variable.toString("utf8", 0, header.readUInt16LE(26)),
    flags: header.readUInt16LE(6),
    method: header.readUInt16LE(8),
    modified: dosDate(header.readUInt16LE(10), header.readUInt16LE(12)),
    crc32: header.readUInt32LE(14),
    compressedSize: header.readUInt32LE(18),
    size: header.readUInt32LE(22),
  };
}

/**
 * The central directory that follows the entries, read as it arrives (its signature already
 * taken), checked against the entries seen: the same names, methods, sizes and CRCs at the same
 * offsets, and no entry it lists that the headers did not bring.
 */
async function checkCentralDirectory(bytes: StreamBytes, seen: Map<number, DeclaredEntry>): Promise<void> {
  const listed = new Map<number, CentralEntry>();
  let signature = CENTRAL_HEADER;
  let read = 0;
  while (signature === CENTRAL_HEADER) {
    const fixed = Buffer.concat([Buffer.alloc(4), await bytes.required(42, "inside its central directory")]);
    fixed.writeUInt32LE(CENTRAL_HEADER, 0);
    const length = centralVariableLength(fixed);
    read += 46 + length;
    if (read > MAX_CENTRAL_DIRECTORY_BYTES || listed.size >= seen.size) throw new ZipRefusal("The zip's central directory lists entries that are not in the zip.");
    const central = readCentralRecord(fixed, await bytes.required(length, "inside its central directory"));
    listed.set(central.localOffset, central);
    signature = (await bytes.required(4, "inside its central directory")).readUInt32LE(0);
  }
  for (const [offset, local] of seen) assertSameEntry(local, listed.get(offset));
}

/**
 * The entries of a job's zip read front to back as it arrives, each accepted by the limits'
 * rules (see `EntryRules`) and given with its still-compressed bytes, for `ZipWriter.entry` to
 * copy on or for `entryContent` to inflate: a zip from a remote Generation API passes through
 * with only a chunk in memory at a time. That needs every entry's sizes in its local header.
 * From the first entry whose sizes come after its data (or need Zip64) the rest of the zip is
 * spooled to a temporary file, within the same byte limit, and its remaining entries read
 * through the central directory. Each entry's data is good only until the next entry is asked
 * for. Anything that breaks a rule ends the iteration with a `ZipRefusal`; a zip ends with a
 * central directory that agrees with what was read, or it is refused.
 */
export async function* streamedEntries(body: ReadableStream<Uint8Array>, limits: ZipLimits): AsyncGenerator<ZipItem> {
  const bytes = new StreamBytes(body, limits.maxBytes);
  const rules = new EntryRules(limits);
  const seen = new Map<number, DeclaredEntry>();
  try {
    for (;;) {
      const offset = bytes.position;
      const signature = await bytes.exactly(4);
      if (!signature) throw new ZipRefusal(offset === 0 ? "The result is empty: not a zip." : "The zip ended before its central directory.");
      const kind = signature.readUInt32LE(0);
      if (kind === CENTRAL_HEADER) return await checkCentralDirectory(bytes, seen);
      if (kind === 0x06054b50 && offset === 0) return; // an empty zip: only its end record
      if (kind !== LOCAL_HEADER) throw new ZipRefusal(offset === 0 ? "The result is not a zip." : "The zip has unexpected bytes between its entries.");
      const header = Buffer.concat([signature, await bytes.required(26, "inside an entry's header")]);
      const variable = await bytes.required(header.readUInt16LE(26) + header.readUInt16LE(28), "inside an entry's header");
      const declared = readLocalHeader(header, variable);
      if (declared.flags & SIZES_AFTER_DATA || declared.compressedSize === MAX32 || declared.size === MAX32) {
        const spooled = (async function* () {
          yield Buffer.concat([header, variable]);
          yield* bytes.rest();
        })();
        yield* spooledEntries(spooled, offset, rules, seen, limits.spoolDir);
        return;
      }
      const checked = rules.check(declared);
      seen.set(offset, declared);
      const { data, skip } = bytes.span(declared.compressedSize);
      if (!checked.folder) yield { entry: checked.entry, path: checked.path, data };
      await skip(); // a folder entry, or data the caller left unread
    }
  } finally {
    await bytes.cancel();
  }
}
