/** Pieces smaller than this (a zip entry's header, its data descriptor) are sent together. */
const SMALL_CHUNK_BYTES = 64 * 1024;

/**
 * A web stream that pulls from an async generator only while its queue holds less than
 * `highWaterMark` bytes. `Readable.toWeb(Readable.from(generator))` counts chunks, not bytes
 * (its default queue holds 16,384 of them), so a fast disk behind a slow client would fill the
 * server's memory; here a byte budget keeps a few chunks read ahead of the socket and no more.
 * Consecutive small pieces are joined into one chunk: each chunk becomes its own write to the
 * socket (and its own HTTP chunk), which costs the same for 46 bytes as for 64 kB.
 * Cancelling the stream (the client went away) ends the generator, which closes its files.
 */
export function webStreamOf(chunks: AsyncIterable<Uint8Array>, highWaterMark = 4 * 1024 * 1024): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const small: Uint8Array[] = [];
        let smallBytes = 0;
        const flushSmall = () => {
          if (small.length) controller.enqueue(small.length === 1 ? small[0]! : Buffer.concat(small));
        };
        for (;;) {
          const { value, done } = await iterator.next();
          if (done) {
            flushSmall();
            controller.close();
            return;
          }
          if (value.byteLength >= SMALL_CHUNK_BYTES) {
            flushSmall();
            controller.enqueue(value);
            return;
          }
          small.push(value);
          smallBytes += value.byteLength;
          if (smallBytes >= SMALL_CHUNK_BYTES) return flushSmall();
        }
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
}

/**
 * The same stream, once its first chunk has been read. A download whose very first bytes fail
 * (a result that is not a zip, a refused first entry, an upstream that stops before sending
 * anything) then rejects here, while it can still be answered with a status and a sentence,
 * instead of sending headers and breaking the connection. Later failures still end the stream.
 */
export async function afterFirstChunk(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  let first: ReadableStreamReadResult<Uint8Array> | undefined = await reader.read();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = first ?? (await reader.read());
        first = undefined;
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
