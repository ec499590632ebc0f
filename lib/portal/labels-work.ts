import "server-only";
import path from "node:path";
import { Piscina } from "piscina";
import { PortalError } from "@/lib/errors";
import { cocoPart, cutToFrame, LabelsRefusal, type CocoPart, type CocoSlice, type FrameCut } from "./coco-labels";

/**
 * Up to this size labels.json is parsed here: about 10 ms of the event loop. Larger files (a
 * long video's runs to ~26 MB; JSON.parse of that holds a thread for a few hundred ms and
 * several times its size in heap) go to a worker thread, so no request waits behind another's
 * parse and a file that would exhaust memory takes down only that worker.
 */
const INLINE_BYTES = 1024 * 1024;

/** The worker's heap: ample for the 64 MiB labels.json the gallery accepts, and the process's limit on what one parse may take. */
const WORKER_HEAP_MB = 768;

const slot = globalThis as unknown as { __labelsPool?: Piscina };

function pool(): Piscina {
  slot.__labelsPool ??= new Piscina({
    filename: path.join(process.cwd(), "lib", "portal", "labels-worker.mjs"),
    minThreads: 0,
    // One at a time: parses queue rather than add their memory up.
    maxThreads: 1,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return slot.__labelsPool;
}

function refused(jobLabel: string, message: string): PortalError {
  return new PortalError("conflict:generation_api", `The labels of ${jobLabel} cannot be used: ${message}`);
}

async function run<T>(task: "frame" | "coco", bytes: Uint8Array, options: FrameCut | CocoSlice, jobLabel: string): Promise<T> {
  if (bytes.byteLength <= INLINE_BYTES) {
    try {
      return (task === "frame" ? cutToFrame(bytes, options as FrameCut) : cocoPart(bytes, options as CocoSlice)) as T;
    } catch (error) {
      if (error instanceof LabelsRefusal) throw refused(jobLabel, error.message);
      throw error;
    }
  }
  // A copy is moved to the worker (the caller may keep its bytes in a cache); one memcpy, not a structured clone.
  const copy = new Uint8Array(bytes);
  let answer: { ok?: T; refused?: string };
  try {
    answer = await pool().run({ task, bytes: copy.buffer, options }, { transferList: [copy.buffer] });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") throw refused(jobLabel, "reading it took more memory than a labels file may.");
    throw error;
  }
  if (answer.refused !== undefined) throw refused(jobLabel, answer.refused);
  return answer.ok as T;
}

/** labels.json of one frame only, parsed off the event loop when large. */
export async function labelsOfFrame(bytes: Uint8Array, frame: number, jobLabel: string): Promise<Uint8Array> {
  return Buffer.from(await run<Uint8Array>("frame", bytes, { frame }, jobLabel));
}

/** One job's share of the merged COCO file, built off the event loop when its labels are large. */
export function cocoPartOf(bytes: Uint8Array, slice: CocoSlice, jobLabel: string): Promise<CocoPart> {
  return run<CocoPart>("coco", bytes, slice, jobLabel);
}

export async function closeLabelsPool(): Promise<void> {
  const p = slot.__labelsPool;
  slot.__labelsPool = undefined;
  await p?.destroy();
}
