import { crc32, deflateRawSync } from "node:zlib";

/**
 * Zips as a hostile Generation API could send them, written byte by byte so that every field
 * can lie: names outside the job's folder, sizes that do not match the data, a central
 * directory that disagrees with the local headers, bombs, and bodies of 1.5 GB produced as
 * they are sent (never held). Each zip is an async iterable of chunks, so a test server can
 * stream it with backpressure and count how much it actually sent.
 */

export type Chunks = () => AsyncIterable<Buffer>;

export interface HostileEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** The bytes as they sit in the zip (deflated already for method 8): in hand, or produced lazily. */
  data: Buffer | Chunks;
  /** Declared in the local header (and, unless `central` says otherwise, the central directory). */
  crc32: number;
  compressedSize: number;
  size: number;
  /** General-purpose bit 3: zeros in the local header, the real values in a data descriptor after the data. */
  sizesAfterData?: boolean;
  /** Central directory fields that differ from the local header's. */
  central?: Partial<Pick<HostileEntry, "name" | "crc32" | "compressedSize" | "size">>;
}

const MIB = 1024 * 1024;

export function storedEntry(name: string, content: Buffer | string): HostileEntry {
  const bytes = Buffer.from(content);
  return { name, method: 0, data: bytes, crc32: crc32(bytes), compressedSize: bytes.length, size: bytes.length };
}

export function deflatedEntry(name: string, content: Buffer | string): HostileEntry {
  const bytes = Buffer.from(content);
  const data = deflateRawSync(bytes);
  return { name, method: 8, data, crc32: crc32(bytes), compressedSize: data.length, size: bytes.length };
}

function localHeader(entry: HostileEntry): Buffer {
  const name = Buffer.from(entry.name, "utf8");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800 | (entry.sizesAfterData ? 0x0008 : 0), 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE((44 << 9) | (1 << 5) | 1, 12); // 2024-01-01
  if (!entry.sizesAfterData) {
    header.writeUInt32LE(entry.crc32 >>> 0, 14);
    header.writeUInt32LE(Math.min(entry.compressedSize, 0xffffffff), 18);
    header.writeUInt32LE(Math.min(entry.size, 0xffffffff), 22);
  }
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralRecord(entry: HostileEntry, offset: number): Buffer {
  const fields = { ...entry, ...entry.central };
  const name = Buffer.from(fields.name, "utf8");
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE((3 << 8) | 20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(0x0800 | (entry.sizesAfterData ? 0x0008 : 0), 8);
  record.writeUInt16LE(entry.method, 10);
  record.writeUInt16LE((44 << 9) | (1 << 5) | 1, 14);
  record.writeUInt32LE(fields.crc32 >>> 0, 16);
  record.writeUInt32LE(Math.min(fields.compressedSize, 0xffffffff), 20);
  record.writeUInt32LE(Math.min(fields.size, 0xffffffff), 24);
  record.writeUInt16LE(name.length, 28);
  record.writeUInt32LE(offset, 42);
  return Buffer.concat([record, name]);
}

/**
 * The zip of `entries`, chunk by chunk: each local header, its data (as many bytes as the data
 * really has, whatever was declared), a data descriptor for `sizesAfterData`, then the central
 * directory with the offsets where the headers really are, and the end record.
 */
export async function* zipChunks(entries: HostileEntry[], options: { centralDirectory?: boolean } = {}): AsyncGenerator<Buffer> {
  let offset = 0;
  const records: Buffer[] = [];
  for (const entry of entries) {
    const header = localHeader(entry);
    records.push(centralRecord(entry, offset));
    yield header;
    offset += header.length;
    for await (const chunk of typeof entry.data === "function" ? entry.data() : [entry.data]) {
      offset += chunk.length;
      yield chunk;
    }
    if (entry.sizesAfterData) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(entry.crc32 >>> 0, 4);
      descriptor.writeUInt32LE(Math.min(entry.compressedSize, 0xffffffff), 8);
      descriptor.writeUInt32LE(Math.min(entry.size, 0xffffffff), 12);
      offset += descriptor.length;
      yield descriptor;
    }
  }
  if (options.centralDirectory === false) return;
  const directory = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([directory, end]);
}

export async function zipBytes(entries: HostileEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipChunks(entries)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** `total` bytes of `byte`, produced a MiB at a time. */
export function repeated(byte: number, total: number): Chunks {
  return async function* () {
    const block = Buffer.alloc(MIB, byte);
    for (let sent = 0; sent < total; sent += MIB) yield total - sent >= MIB ? block : block.subarray(0, total - sent);
  };
}

/** A labels.json that is valid COCO followed by whitespace: what a naive reader would inflate, decode and parse whole. */
const BOMB_PREFIX = Buffer.from('{"images":[],"annotations":[],"categories":[]}');

/** Writes bits into a zero-filled buffer, LSB first as deflate packs them; zero bits are only skipped. */
class BitWriter {
  position = 0;
  constructor(readonly bytes: Buffer) {}
  /** A header field or extra bits: least significant bit first. */
  field(value: number, count: number) {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }
  /** A Huffman code: most significant bit first. */
  code(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }
  bit(value: number) {
    if (value) this.bytes[this.position >> 3]! |= 1 << (this.position & 7);
    this.position++;
  }
}

/** CRC-32 of A‖B from crc(A), crc(B) and B's length (zlib's crc32_combine, over GF(2)). */
function crc32Combine(crc1: number, crc2: number, length2: number): number {
  const times = (matrix: number[], vector: number) => {
    let sum = 0;
    for (let i = 0; vector; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
    return sum >>> 0;
  };
  const square = (matrix: number[]) => matrix.map((row) => times(matrix, row));
  let odd = [0xedb88320, ...Array.from({ length: 31 }, (_, n) => (1 << n) >>> 0)];
  let even = square(odd);
  odd = square(even);
  let left = length2;
  let crc = crc1 >>> 0;
  while (left > 0) {
    even = square(odd);
    if (left % 2) crc = times(even, crc);
    left = Math.floor(left / 2);
    if (left === 0) break;
    odd = square(even);
    if (left % 2) crc = times(odd, crc);
    left = Math.floor(left / 2);
  }
  return (crc ^ crc2) >>> 0;
}

/** CRC-32 of `count` copies of one byte, by doubling: microseconds for 2 GiB. */
function crc32OfRun(byte: number, count: number): number {
  let block = crc32(Buffer.from([byte]));
  let blockLength = 1;
  let result = 0;
  for (let left = count; left > 0; left = Math.floor(left / 2)) {
    if (left % 2) result = crc32Combine(result, block, blockLength);
    block = crc32Combine(block, block, blockLength);
    blockLength *= 2;
  }
  return result;
}

/**
 * A raw deflate stream for `prefix` followed by `1 + 258 × repeats` spaces, written by hand as
 * the classic bombs are: a stored block with the prefix, then one dynamic-Huffman block whose
 * only codes are the space, end-of-block, "length 258" (1 bit) and "distance 1" (1 bit). Each
 * further 258 bytes cost 2 bits, all zeros: 2 GiB of spaces deflate to 2 MB, made instantly.
 */
export function spacesBomb(prefix: Buffer, repeats: number): { deflated: Buffer; size: number; crc32: number } {
  const stored = Buffer.alloc(5);
  stored.writeUInt8(0, 0); // not final, stored, padded to the byte
  stored.writeUInt16LE(prefix.length, 1);
  stored.writeUInt16LE(~prefix.length & 0xffff, 3);
  const headerBits = 3 + 5 + 5 + 4 + 18 * 3 + 8 * 4 + 4 * 7 + 2;
  const bits = new BitWriter(Buffer.alloc(Math.ceil((headerBits + 2 + 2 * repeats + 2) / 8)));
  bits.field(1, 1); // final
  bits.field(2, 2); // dynamic Huffman
  bits.field(286 - 257, 5); // literal/length codes up to 285
  bits.field(0, 5); // one distance code
  bits.field(18 - 4, 4); // code length codes, in their order, up to symbol 1
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) bits.field(length, 3); // 18 → 1 bit; 2, 1 → 2 bits
  const zeros = (n: number) => (bits.code(0, 1), bits.field(n - 11, 7)); // symbol 18: 11–138 zero lengths
  const length = (n: 1 | 2) => bits.code(n === 1 ? 0b10 : 0b11, 2);
  zeros(32); // literals 0–31
  length(2); // 32, the space
  zeros(138);
  zeros(85); // 33–255
  length(2); // 256, end of block
  zeros(28); // 257–284
  length(1); // 285: length 258
  length(1); // distance code 0: distance 1
  bits.code(0b10, 2); // a space
  bits.position += 2 * repeats; // (length 258, distance 1), each "0" "0"
  bits.code(0b11, 2); // end of block
  const size = prefix.length + 1 + 258 * repeats;
  return { deflated: Buffer.concat([stored, prefix, bits.bytes]), size, crc32: crc32Combine(crc32(prefix), crc32OfRun(0x20, 1 + 258 * repeats), 1 + 258 * repeats) };
}

/**
 * A deflated labels.json of 2 GiB (valid JSON: an empty COCO file and 2 GiB of spaces) that
 * deflates to about 2 MB.
 */
export async function twoGibLabels(): Promise<{ deflated: Buffer; size: number; crc32: number }> {
  return spacesBomb(BOMB_PREFIX, Math.floor((2 * 1024 * MIB - BOMB_PREFIX.length - 1) / 258));
}

/** The 2 GiB labels.json bomb as an entry: declaring its real size, or (`declaredSize`) a small one. */
export async function bombEntry(name: string, declaredSize?: number): Promise<HostileEntry> {
  const { deflated, size, crc32: crc } = await twoGibLabels();
  return { name, method: 8, data: deflated, crc32: crc, compressedSize: deflated.length, size: declaredSize ?? size };
}

/** A stored entry of `size` bytes (zeros) produced as it is sent, declaring its real size. */
export function hugeStoredEntry(name: string, size: number): HostileEntry {
  return { name, method: 0, data: repeated(0, size), crc32: 0, compressedSize: size, size };
}

/** Bytes that are not a zip at all, as many as asked, produced as they are sent. */
export function junk(total: number): Chunks {
  return async function* () {
    const block = Buffer.alloc(MIB);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7919) & 0xff;
    for (let sent = 0; sent < total; sent += MIB) yield block;
  };
}

/** A small PNG's worth of bytes (its signature and padding): the gallery passes it on as it is. */
export const FAKE_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);

/** A COCO labels.json with `frames` images and one annotation each. */
export function cocoLabels(frames: number, pad = 0): string {
  const images = Array.from({ length: frames }, (_, i) => ({ id: i + 1, file_name: `frame_${i}.png`, frame_number: i, width: 64, height: 64 }));
  const annotations = Array.from({ length: frames }, (_, i) => ({ id: i + 1, image_id: i + 1, category_id: 1, bbox: [1, 2, 3, 4], keypoints: Array.from({ length: 51 }, (_, k) => k + pad) }));
  return JSON.stringify({ info: { exercise: "SQUAT" }, images, annotations, categories: [{ id: 1, name: "person", keypoints: ["nose"] }] });
}

/** A well-formed job zip: labels, a preview frame, and optionally a video of `videoBytes`. */
export function goodJobEntries(jobId: string, options: { labels?: string; videoBytes?: number } = {}): HostileEntry[] {
  const entries = [deflatedEntry(`${jobId}/job.json`, "{}"), deflatedEntry(`${jobId}/labels.json`, options.labels ?? cocoLabels(1))];
  if (options.videoBytes) {
    const video = Buffer.alloc(options.videoBytes);
    for (let i = 0; i < video.length; i += 4096) video[i] = i & 0xff;
    entries.push(storedEntry(`${jobId}/video.mp4`, video));
  }
  entries.push(storedEntry(`${jobId}/video_preview.png`, FAKE_PNG));
  return entries;
}

/** How a result path answers. */
export interface ResultRoute {
  /** The body, produced as it is sent. */
  chunks: Chunks;
  /** The whole zip in hand: with `ranges`, Range requests are answered 206 from it. */
  bytes?: Buffer;
  ranges?: boolean;
  /** Answer a range with a Content-Range for other bytes than asked (a lying server). */
  wrongRange?: boolean;
  /** Wait this long before answering (a slow upstream). */
  delayMs?: number;
}

export interface ResultServer {
  /** `http://127.0.0.1:<port>/`: an address the portal's outbound guard must be told to allow. */
  base: string;
  port: number;
  routes: Map<string, ResultRoute>;
  /** Answers for JSON paths (a Generation API's summary), by path. */
  json: Map<string, unknown>;
  /** Per result path: requests made, bytes sent (before the client hung up). */
  stats: Map<string, { hits: number; bytesSent: number }>;
  /** Result responses open at once, now and at most. */
  open: { now: number; max: number };
  close(): Promise<void>;
}

/**
 * A Generation API's result links served for real over loopback, answering JSON for the
 * summary paths and zips for result paths: streamed with backpressure (a 1.5 GB body is
 * produced only as fast as the portal reads it, and stops when it hangs up), optionally in
 * byte ranges, optionally slowly. It counts what it sent, so a test can show the portal
 * stopped reading early.
 */
export async function serveResults(): Promise<ResultServer> {
  const { createServer } = await import("node:http");
  const routes = new Map<string, ResultRoute>();
  const json = new Map<string, unknown>();
  const stats = new Map<string, { hits: number; bytesSent: number }>();
  const open = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://upstream").pathname;
      if (json.has(path)) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(json.get(path)));
        return;
      }
      const route = routes.get(path);
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: "Not found." }));
        return;
      }
      const stat = stats.get(path) ?? { hits: 0, bytesSent: 0 };
      stats.set(path, stat);
      stat.hits++;
      open.now++;
      open.max = Math.max(open.max, open.now);
      let closed = false;
      res.on("close", () => {
        closed = true;
        open.now--;
      });
      if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
      if (closed) return;
      let source: AsyncIterable<Buffer> | Iterable<Buffer> = route.chunks();
      const range = route.ranges && route.bytes ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "") : null;
      if (range && route.bytes) {
        const total = route.bytes.length;
        const start = range[1] === "" ? Math.max(0, total - Number(range[2])) : Number(range[1]);
        const end = range[1] === "" ? total - 1 : Math.min(total - 1, range[2] === "" ? total - 1 : Number(range[2]));
        const shown = route.wrongRange ? `bytes ${start + 1}-${end}/${total}` : `bytes ${start}-${end}/${total}`;
        res.writeHead(206, { "content-type": "application/zip", "accept-ranges": "bytes", "content-range": shown, "content-length": String(end - start + 1) });
        source = [route.bytes.subarray(start, end + 1)];
      } else {
        res.writeHead(200, { "content-type": "application/zip", ...(route.ranges ? { "accept-ranges": "bytes" } : {}) });
      }
      for await (const chunk of source) {
        if (closed) break;
        stat.bytesSent += chunk.length;
        if (!res.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off("drain", done);
              res.off("close", done);
              resolve();
            };
            res.on("drain", done);
            res.on("close", done);
          });
        }
      }
      if (!closed) res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}/`,
    port,
    routes,
    json,
    stats,
    open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
