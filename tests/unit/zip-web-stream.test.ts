import { describe, expect, it } from "vitest";
import { webStreamOf } from "@/lib/zip/web-stream";

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
