import { describe, expect, it } from "vitest";

process.env.HEAVY_DOWNLOADS_PER_PROCESS = "2";
process.env.HEAVY_DOWNLOADS_PER_VISITOR = "1";
process.env.HEAVY_DOWNLOAD_QUEUE_SECONDS = "1";

const { acquireHeavySlot, holdWhileStreaming, withHeavySlot } = await import("@/lib/portal/heavy-work");
type Reader = Parameters<typeof acquireHeavySlot>[0];

const person = (userId: string) => ({ userId, teamId: "team" }) as unknown as Reader;
const link = (linkId: string) => ({ via: "share-link", linkId, teamId: "team", batchId: "batch" }) as unknown as Reader;

/** A stream of `n` chunks, pulled one at a time, that says when it was cancelled. */
function source(n: number) {
  const state = { cancelled: false };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent++ >= n) controller.close();
        else controller.enqueue(new Uint8Array(8));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

describe("heavy work slots", () => {
  it("lets a visitor wait in line for their own slot, then refuses with 429 and Retry-After", async () => {
    const first = await acquireHeavySlot(link("a"));
    const started = Date.now();
    const waiting = acquireHeavySlot(link("a"));
    setTimeout(() => first.release(), 200);
    (await waiting).release();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const held = await acquireHeavySlot(link("a"));
    await expect(acquireHeavySlot(link("a"))).rejects.toMatchObject({ code: "rate_limited:heavy_downloads", status: 429, retryAfterSeconds: 10, message: expect.stringMatching(/^This link already has a download or preview being prepared; wait for it to finish/) });
    // Someone else is not held up by that link's line.
    (await acquireHeavySlot(person("p"))).release();
    held.release();
  });

  it("refuses with 503 when the process's slots are taken, and frees them when work settles", async () => {
    const a = await acquireHeavySlot(person("one"));
    const b = await acquireHeavySlot(person("two"));
    const refused = await acquireHeavySlot(person("three")).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "unavailable:heavy_downloads", status: 503, retryAfterSeconds: 10 });
    a.release();
    a.release(); // a second release gives nothing back twice
    b.release();
    await expect(withHeavySlot(person("three"), async () => "done")).resolves.toBe("done");
    await expect(withHeavySlot(person("three"), async () => Promise.reject(new Error("failed")))).rejects.toThrow("failed");
    const again = [await acquireHeavySlot(person("x")), await acquireHeavySlot(person("y"))];
    for (const slot of again) slot.release();
  });

  it("holds a slot while a download streams: released at its end, when the client leaves, or when it stops reading", async () => {
    const whole = source(3);
    const read = holdWhileStreaming(whole.body, await acquireHeavySlot(person("s1")));
    expect((await new Response(read).arrayBuffer()).byteLength).toBe(24);

    const left = source(100);
    const reader = holdWhileStreaming(left.body, await acquireHeavySlot(person("s2"))).getReader();
    await reader.read();
    await reader.cancel();
    expect(left.state.cancelled).toBe(true);

    const stalled = source(100);
    const slow = holdWhileStreaming(stalled.body, await acquireHeavySlot(person("s3")), 100).getReader();
    await slow.read();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(slow.read()).rejects.toThrow(/stopped reading/);
    expect(stalled.state.cancelled).toBe(true);

    // All three gave their slots back: the process's two are free.
    const free = [await acquireHeavySlot(person("t1")), await acquireHeavySlot(person("t2"))];
    for (const slot of free) slot.release();
  });
});
