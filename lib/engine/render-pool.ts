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

/**
 * Renders one job on a worker thread, so the web server's event loop stays free. Aborting
 * asks the renderer to stop (it kills its ffmpeg); the thread is also torn down as a backstop.
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
  const abort = () => port1.postMessage({ type: "abort" });
  signal.addEventListener("abort", abort, { once: true });
  try {
    return (await pool().run({ renderModule, request, port: port2 }, { transferList: [port2] })) as RenderResult;
  } finally {
    signal.removeEventListener("abort", abort);
    port1.close();
  }
}

export async function closeRenderPool(): Promise<void> {
  const p = slot.__renderPool;
  slot.__renderPool = undefined;
  await p?.destroy();
}
