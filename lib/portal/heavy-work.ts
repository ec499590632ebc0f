import "server-only";
import { getDownloadConfig } from "@/lib/config/downloads";
import { PortalError } from "@/lib/errors";
import { isShareAccess, type BatchReader } from "./share-access";

/**
 * Heavy work: building a batch or job zip, the merged COCO file, and reading a gallery file out
 * of a remote upstream's job zip. Each holds an upstream response, a zip reader and a few MB of
 * buffers for as long as it runs, so a process does only a few at once, and one share link (an
 * anonymous visitor) or one signed-in person holds only some of those. A request beyond that
 * waits a little in line (a page of thumbnails arrives all at once), then is refused with
 * Retry-After: 429 when it is that visitor who has too many, 503 when the whole process is busy.
 */

/** A counting semaphore with a bounded line: who waits longer than `waitMs`, or finds the line full, is refused. */
class Line {
  running = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0;
  }

  /** Resolves true once a place is held, false when refused (line full, or waited `waitMs`). */
  enter(waitMs: number): Promise<boolean> {
    if (this.running < this.max) {
      this.running++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.maxWaiting || waitMs <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(true);
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(false);
        }, waitMs),
      };
      this.waiting.push(waiter);
    });
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next.grant(); // the place passes on; `running` stays
    else this.running--;
  }
}

/** On globalThis: Next bundles route modules separately, and the limit is the process's. */
const slot = globalThis as unknown as { __heavyWork?: { process: Line; visitors: Map<string, Line>; size: number } };

function lines() {
  const config = getDownloadConfig();
  // Rebuilt only if the limits changed (tests change them); running work keeps its old line.
  if (slot.__heavyWork?.size !== config.perProcess * 1000 + config.perVisitor) {
    slot.__heavyWork = { process: new Line(config.perProcess, config.perProcess * 8), visitors: new Map(), size: config.perProcess * 1000 + config.perVisitor };
  }
  return slot.__heavyWork;
}

function visitorKey(reader: BatchReader): string {
  return isShareAccess(reader) ? `link:${reader.linkId}` : `user:${reader.userId}`;
}

/** Seconds to suggest in Retry-After: about how long a slot takes to come free. */
const RETRY_AFTER_SECONDS = 10;

export function tooManyForVisitor(reader: BatchReader, limit: number): PortalError {
  const who = isShareAccess(reader) ? "This link" : "You";
  const has = isShareAccess(reader) ? "has" : "have";
  const work = limit === 1 ? "a download or preview being prepared; wait for it" : `${limit} downloads or previews being prepared; wait for them`;
  return new PortalError("rate_limited:heavy_downloads", `${who} already ${has} ${work} to finish, then try again.`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

export function processBusy(): PortalError {
  return new PortalError("unavailable:heavy_downloads", "The portal is preparing as many downloads as it can right now; try again in a few seconds.", { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/** A held slot: `release` gives it back (once; further calls do nothing). */
export interface HeavySlot {
  release(): void;
}

/**
 * A slot for one piece of heavy work by this reader: first the visitor's own line, then the
 * process's, within the configured wait. Refused with a `PortalError` (429 or 503, Retry-After).
 */
export async function acquireHeavySlot(reader: BatchReader): Promise<HeavySlot> {
  const config = getDownloadConfig();
  const { process: shared, visitors } = lines();
  const key = visitorKey(reader);
  let own = visitors.get(key);
  if (!own) visitors.set(key, (own = new Line(config.perVisitor, config.perVisitor * 8)));
  const visitorLine = own;
  const started = Date.now();
  const forget = () => {
    if (visitorLine.idle && visitors.get(key) === visitorLine) visitors.delete(key);
  };
  if (!(await visitorLine.enter(config.queueMs))) {
    forget();
    throw tooManyForVisitor(reader, config.perVisitor);
  }
  if (!(await shared.enter(config.queueMs - (Date.now() - started)))) {
    visitorLine.leave();
    forget();
    throw processBusy();
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      shared.leave();
      visitorLine.leave();
      forget();
    },
  };
}

/** Runs `work` in a heavy slot, released when it settles. */
export async function withHeavySlot<T>(reader: BatchReader, work: () => Promise<T>): Promise<T> {
  const held = await acquireHeavySlot(reader);
  try {
    return await work();
  } finally {
    held.release();
  }
}

/**
 * A reader that stops pulling for this long (a client that opened a download and reads
 * nothing) gives its slot back: the download is ended. Two minutes is far longer than any
 * pause of a browser that is still reading, even on a slow link (each pull takes one chunk).
 */
const STALLED_MS = 120_000;

/**
 * `body`, passed on as the client reads it, holding `held` until it ends, fails, is cancelled
 * (the client left) or stalls; then the slot is released, exactly once.
 */
export function holdWhileStreaming(body: ReadableStream<Uint8Array>, held: HeavySlot, stalledMs = STALLED_MS): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  let stream: ReadableStreamDefaultController<Uint8Array>;
  const finish = () => {
    clearTimeout(timer);
    held.release();
  };
  /** Waits for the client's next read; a stall ends the download. */
  const awaitRead = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      finish();
      stream.error(new Error("the client stopped reading the download"));
      reader.cancel("stalled").catch(() => undefined);
    }, stalledMs);
    timer.unref();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream = controller;
        awaitRead();
      },
      async pull(controller) {
        clearTimeout(timer);
        try {
          const { value, done } = await reader.read();
          if (done) {
            finish();
            controller.close();
            return;
          }
          controller.enqueue(value);
          awaitRead();
        } catch (error) {
          finish();
          throw error;
        }
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
