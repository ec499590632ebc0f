/**
 * A web stream that pulls from an async generator only while its queue holds less than
 * `highWaterMark` bytes. `Readable.toWeb(Readable.from(generator))` counts chunks, not bytes
 * (its default queue holds 16,384 of them), so a fast disk behind a slow client would fill the
 * server's memory; here a byte budget keeps a few chunks read ahead of the socket and no more.
 * Cancelling the stream (the client went away) ends the generator, which closes its files.
 */
export function webStreamOf(chunks: AsyncIterable<Uint8Array>, highWaterMark = 4 * 1024 * 1024): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
}
