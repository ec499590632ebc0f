import { describe, expect, it } from "vitest";
import { afterFirstChunk, webStreamOf } from "@/lib/zip/web-stream";

const MiB = 1024 * 1024;

describe("webStreamOf", () => {
  it("reads ahead of the reader by its byte budget only, and ends the generator when cancelled", async () => {
    let produced = 0;
    let closed = false;
    async function* chunks() {
      try {
        for (let i = 0; i < 1000; i++) {
          produced += 1;
          yield new Uint8Array(MiB);
        }
      } finally {
        closed = true;
      }
    }
    const reader = webStreamOf(chunks(), 2 * MiB).getReader();
    await new Promise((r) => setTimeout(r, 50));
    // Nobody has read yet: two 1 MiB chunks fill the budget, the generator waits.
    expect(produced).toBe(2);
    for (let i = 0; i < 3; i++) expect((await reader.read()).value!.byteLength).toBe(MiB);
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBe(5);
    await reader.cancel();
    expect(closed).toBe(true);
  });

  it("passes every chunk through in order and reports the generator's failure", async () => {
    async function* ok() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array([3]);
    }
    expect([...new Uint8Array(await new Response(webStreamOf(ok())).arrayBuffer())]).toEqual([1, 2, 3]);
    async function* broken() {
      yield new Uint8Array([1]);
      throw new Error("disk gone");
    }
    await expect(new Response(webStreamOf(broken())).arrayBuffer()).rejects.toThrow("disk gone");
  });
});

describe("webStreamOf, small pieces", () => {
  it("joins consecutive small pieces into one chunk and sends large ones as they are", async () => {
    async function* pieces() {
      yield new Uint8Array([1]);
      yield new Uint8Array([2, 3]);
      yield new Uint8Array(MiB).fill(4);
      yield new Uint8Array([5]);
    }
    const sizes: number[] = [];
    const reader = webStreamOf(pieces()).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) sizes.push(next.value.byteLength);
    expect(sizes).toEqual([3, MiB, 1]);
  });
});

describe("afterFirstChunk", () => {
  const text = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer()).toString();

  it("rejects when the first chunk fails, so the download can still be answered with a status", async () => {
    async function* refused(): AsyncGenerator<Uint8Array> {
      throw new Error("The result is not a zip.");
    }
    await expect(afterFirstChunk(webStreamOf(refused()))).rejects.toThrow("The result is not a zip.");
  });

  it("passes every chunk on, the first included; a later failure still ends the stream", async () => {
    async function* two(): AsyncGenerator<Uint8Array> {
      yield Buffer.from("PK");
      yield Buffer.alloc(70 * 1024, "a");
    }
    expect(await text(await afterFirstChunk(webStreamOf(two())))).toBe(`PK${"a".repeat(70 * 1024)}`);
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(70 * 1024, "a");
      throw new Error("entry 2 refused");
    }
    await expect(text(await afterFirstChunk(webStreamOf(broken())))).rejects.toThrow("entry 2 refused");
    expect(await text(await afterFirstChunk(webStreamOf((async function* () {})())))).toBe("");
  });

  it("ends the source when the client leaves", async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield new Uint8Array(MiB);
      } finally {
        closed = true;
      }
    }
    const stream = await afterFirstChunk(webStreamOf(endless()));
    await stream.cancel("the client left");
    expect(closed).toBe(true);
  });
});
