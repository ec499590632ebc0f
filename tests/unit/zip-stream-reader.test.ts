import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { streamedEntries } from "@/lib/zip/zip-stream-reader";
import { localHeaders, unzip } from "../support/zip";

async function collect(chunks: AsyncIterable<Uint8Array>, tail?: () => Uint8Array): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  if (tail) parts.push(tail());
  return Buffer.concat(parts);
}

/** The archive as a response body would bring it: in chunks of `size` bytes, counting how far it was read. */
function arriving(archive: Buffer, size: number) {
  const seen = { bytes: 0 };
  let at = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= archive.length) return controller.close();
        const chunk = archive.subarray(at, at + size);
        at += chunk.length;
        seen.bytes = at;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, seen };
}

async function* chunksOf(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The limits a job's zip is read with, for a job whose id is "job". */
const LIMITS = { folder: "job", maxBytes: 16 * 1024 * 1024, maxEntryBytes: 16 * 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024, maxEntries: 1000 };

const video = Buffer.from(Array.from({ length: 400_000 }, (_, i) => (i * 131) % 256));
const labels = Buffer.from(JSON.stringify({ images: Array.from({ length: 500 }, (_, id) => ({ id, file_name: `frame_${id}.png` })) }));
const stored = (name: string, bytes: Buffer) => ({ name, size: bytes.length, compress: false, crc32: crc32(bytes), open: async () => chunksOf(bytes, 65_536) });

/** A job's zip as this engine writes one now: every entry's sizes in its local header. */
async function sizedZip(): Promise<Buffer> {
  const zip = new ZipWriter();
  async function* entries() {
    yield* zip.file("job/job.json", '{"exercise":"SQUAT"}', { compress: true });
    yield* zip.file("job/labels.json", labels, { compress: true });
    yield* zip.add(stored("job/video.mp4", video));
  }
  return collect(entries(), () => zip.finish());
}

async function copied(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const zip = new ZipWriter();
  async function* entries() {
    for await (const { entry, data } of streamedEntries(body, LIMITS)) yield* zip.entry(entry, data);
  }
  return collect(entries(), () => zip.finish());
}

describe("streamedEntries", () => {
  it("passes a zip's entries on as they arrive, still compressed, when every header has the sizes", async () => {
    const archive = await sizedZip();
    expect(localHeaders(archive).every((h) => !h.sizesAfterData)).toBe(true);
    const { body, seen } = arriving(archive, 4_099);
    const names: string[] = [];
    const readWhenYielded: number[] = [];
    const zip = new ZipWriter();
    async function* entries() {
      for await (const { entry, data } of streamedEntries(body, LIMITS)) {
        names.push(entry.name);
        readWhenYielded.push(seen.bytes);
        yield* zip.entry(entry, data);
      }
    }
    const copy = await collect(entries(), () => zip.finish());
    expect(names).toEqual(["job/job.json", "job/labels.json", "job/video.mp4"]);
    // The video's entry came before its 400 kB did: nothing was read whole.
    expect(readWhenYielded[2]).toBeLessThan(archive.length - 300_000);
    const files = await unzip(copy);
    expect(files.get("job/video.mp4")!.equals(video)).toBe(true);
    expect(files.get("job/labels.json")!.equals(labels)).toBe(true);
    expect(files.get("job/job.json")!.toString()).toBe('{"exercise":"SQUAT"}');
    expect(localHeaders(copy).find((h) => h.name === "job/labels.json")).toMatchObject({ method: 8 });
  });

  it("skips what the reader does not read and still finds the next entry", async () => {
    const names: string[] = [];
    let labelsRead: Buffer | undefined;
    for await (const { entry, data } of streamedEntries(arriving(await sizedZip(), 1_000).body, LIMITS)) {
      names.push(entry.name);
      if (entry.name === "job/labels.json") labelsRead = await collect(data);
    }
    expect(names).toEqual(["job/job.json", "job/labels.json", "job/video.mp4"]);
    expect(labelsRead!.length).toBeLessThan(labels.length); // still deflated
  });

  it("from an entry whose sizes follow its data, spools the rest to a file and copies it through the central directory", async () => {
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.file("job/job.json", "{}");
      yield* zip.streamed("job/video.mp4", chunksOf(video, 50_000), { compress: false });
      yield* zip.file("job/labels.json", labels, { compress: true });
    }
    const archive = await collect(entries(), () => zip.finish());
    expect(localHeaders(archive).map((h) => h.sizesAfterData)).toEqual([false, true]);
    const files = await unzip(await copied(arriving(archive, 777).body));
    expect([...files.keys()]).toEqual(["job/job.json", "job/video.mp4", "job/labels.json"]);
    expect(files.get("job/video.mp4")!.equals(video)).toBe(true);
    expect(files.get("job/labels.json")!.equals(labels)).toBe(true);
  });

  it("reads a short rest through the central directory too, though the end record's search reaches back past it", async () => {
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.add(stored("job/video.mp4", video));
      yield* zip.streamed("job/preview.png", chunksOf(Buffer.from("a small frame"), 5), { compress: false });
    }
    const archive = await collect(entries(), () => zip.finish());
    expect(localHeaders(archive).map((h) => h.sizesAfterData)).toEqual([false, true]);
    const files = await unzip(await copied(arriving(archive, 4_096).body));
    expect([...files.keys()]).toEqual(["job/video.mp4", "job/preview.png"]);
    expect(files.get("job/preview.png")!.toString()).toBe("a small frame");
  });

  it("refuses a zip cut off inside an entry", async () => {
    const archive = await sizedZip();
    await expect(copied(arriving(archive.subarray(0, archive.length - 300_000), 8_192).body)).rejects.toThrow(/ended/);
  });
});
