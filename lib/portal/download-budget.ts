import "server-only";
import { describeBytes } from "@/lib/format/bytes";
import { ZipRefusal } from "@/lib/zip/refusal";

/**
 * The bytes one download may read from the Generation API in all (DOWNLOAD_MAX_MIB): every
 * job's zip or file counts against it as it is read, so a batch whose results together
 * are beyond it ends there, however the bytes are spread over its jobs.
 */
export class DownloadBudget {
  private used = 0;

  constructor(readonly max: number) {}

  get left(): number {
    return Math.max(0, this.max - this.used);
  }

  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) throw new ZipRefusal(`This download would read more than ${describeBytes(this.max)} from the Generation API, the most one download may.`);
  }

  /** `body`, counted against the budget as it is read. */
  meter(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.take(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
  }
}
