import "server-only";
import path from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RenderProgress, RenderRequest, RenderResult } from "./generators/types";
import { getEngineConfig } from "./config";

const slot = globalThis as unknown as { __renderPool?: Piscina };

function pool(): Piscina {
  slot.__renderPool ??= new Piscina({
    filename: path.join(process.cwd(), "lib", "engine", "render-worker.mjs"),
    minThreads: 1,
    maxThreads: getEngineConfig().concurrency,
    idleTimeout: 60_000,
  });
  return slot.__renderPool;
}

/** How long a renderer asked to stop may take before its thread is terminated. */
const STOP_GRACE_MS = 2_000;

/**
 * Renders one job on a worker thread, so the web server's event loop stays free. Aborting
 * (a cancel, the time limit) asks the renderer to stop, which it does between frames and by
 * killing its ffmpeg; one that has not stopped `STOP_GRACE_MS` later (stuck in a frame) has its
 * thread terminated by the pool, so a stopped job never keeps a render thread busy.
 */
export async function renderInPool(
  renderModule: string,
  request: RenderRequest,
  onProgress: (progress: RenderProgress) => void,
  signal: AbortSignal,
): Promise<RenderResult> {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", (message: { type: string } & RenderProgress) => {
    if (message.type === "progress") onProgress({ framesDone: message.framesDone, framesTotal: message.framesTotal });
  });
  const terminate = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const abort = () => {
    port1.postMessage({ type: "abort" });
    grace = setTimeout(() => terminate.abort(signal.reason), STOP_GRACE_MS);
  };
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  try {
    return (await pool().run({ renderModule, request, port: port2 }, { transferList: [port2], signal: terminate.signal })) as RenderResult;
  } finally {
    clearTimeout(grace);
    signal.removeEventListener("abort", abort);
    port1.close();
  }
}

export async function closeRenderPool(): Promise<void> {
  const p = slot.__renderPool;
  slot.__renderPool = undefined;
  await p?.destroy();
}
